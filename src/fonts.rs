//! The fonts a document is set in, bar the layout's own files: the ones
//! quire vendors (fonts/, with their licences), compiled into the binary,
//! which the PDF typesetter shapes with and text inside an SVG image is set
//! with; and the system's fonts, for the characters those lack.
//!
//! System fonts are found once
//! per process with `fontdb` (fontconfig's folders on Linux, the usual
//! folders on macOS and Windows) and only when a character is missing, so a
//! document its layout's fonts cover never scans the system. A character is
//! given a face for its script first (a CJK face for Han, with the
//! document's language choosing SC, TC, JP or KR), then any face that has
//! it, in a fixed order; bold follows the text where the family has a bold.

use crate::files;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

pub const INTER_REGULAR: &[u8] = include_bytes!("../fonts/Inter-Regular.otf");
pub const INTER_BOLD: &[u8] = include_bytes!("../fonts/Inter-Bold.otf");
pub const INTER_ITALIC: &[u8] = include_bytes!("../fonts/Inter-Italic.otf");
pub const INTER_BOLD_ITALIC: &[u8] = include_bytes!("../fonts/Inter-BoldItalic.otf");
pub const DEJAVU_MONO: &[u8] = include_bytes!("../fonts/DejaVuSansMono.ttf");
pub const DEJAVU_SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// Every vendored face: Inter regular, bold, italic, bold italic; DejaVu
/// Sans Mono; DejaVu Sans (the last fallback).
pub const VENDORED: [&[u8]; 6] = [
    INTER_REGULAR,
    INTER_BOLD,
    INTER_ITALIC,
    INTER_BOLD_ITALIC,
    DEJAVU_MONO,
    DEJAVU_SANS,
];

/// The vendored fonts as a usvg font database, built once: text in an SVG
/// is set in Inter (sans-serif, and any family not here), DejaVu Sans
/// (serif, the fallback) and DejaVu Sans Mono (monospace).
pub fn vendored_database() -> Arc<fontdb::Database> {
    static FONTS: std::sync::OnceLock<Arc<fontdb::Database>> = std::sync::OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            for face in VENDORED {
                db.load_font_source(fontdb::Source::Binary(Arc::new(face)));
            }
            db.set_sans_serif_family("Inter");
            db.set_serif_family("DejaVu Sans");
            db.set_monospace_family("DejaVu Sans Mono");
            db.set_cursive_family("Inter");
            db.set_fantasy_family("Inter");
            Arc::new(db)
        })
        .clone()
}

/// One face of a system font file: the file's bytes (kept for the life of
/// the process) and the face's number in it (a `.ttc` holds several).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemFace {
    pub data: &'static [u8],
    pub index: u32,
}

/// One face of a font file in the project's `fonts/` folder.
#[derive(Clone)]
pub struct ProjectFace {
    /// Its family as a layout names it (the typographic family, else the
    /// family: `Source Serif 4`, not `Source Serif 4 Semibold`).
    pub family: String,
    pub bold: bool,
    pub italic: bool,
    /// Its weight class (OpenType's usWeightClass: 400 regular, 700 bold).
    pub weight: u16,
    /// The file's name in the folder (`SourceSerif4-Bold.otf`).
    pub file: String,
    pub data: FaceBytes,
    /// The face's number in the file (a `.ttc` holds several).
    pub index: u32,
}

impl std::fmt::Debug for ProjectFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}, face {})", self.family, self.file, self.index)
    }
}

/// Of each family's faces, per variant (regular, bold, italic, bold
/// italic), the one whose weight is nearest the variant's (400 or 700), as
/// CSS's font matching picks, so a full family's ExtraLight and Black are
/// not taken for its regular and bold; in the folder's order.
pub fn nearest_faces(faces: &[ProjectFace]) -> Vec<&ProjectFace> {
    let slot = |face: &ProjectFace| (face.bold as usize) + 2 * (face.italic as usize);
    let distance = |face: &ProjectFace| {
        let target: u16 = if face.bold { 700 } else { 400 };
        face.weight.abs_diff(target)
    };
    let mut chosen: Vec<&ProjectFace> = Vec::new();
    for face in faces {
        let same = chosen
            .iter()
            .position(|c| c.family.eq_ignore_ascii_case(&face.family) && slot(c) == slot(face));
        match same {
            Some(n) if distance(face) < distance(chosen[n]) => chosen[n] = face,
            Some(_) => {}
            None => chosen.push(face),
        }
    }
    chosen
}

/// A project face's bytes: a vendored face's (the file is a copy of it,
/// not read), or the file's.
#[derive(Clone)]
pub enum FaceBytes {
    /// The place in `VENDORED`.
    Vendored(usize),
    File(Arc<[u8]>),
}

impl std::ops::Deref for FaceBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FaceBytes::Vendored(n) => VENDORED[*n],
            FaceBytes::File(bytes) => bytes,
        }
    }
}

/// Weight from which a face counts as bold (OpenType's usWeightClass:
/// 600 is semibold, the lightest weight set as `bold` by CSS's `bolder`).
const BOLD_WEIGHT: u16 = 600;

/// The vendored faces by the file names they have in `fonts/`: a project
/// folder holding a file of that name and size holds that face (this
/// repository's own `fonts/` is the vendored set), which is then not read.
/// In `VENDORED`'s order.
const VENDORED_FILES: [(&str, &[u8]); 6] = [
    ("Inter-Regular.otf", INTER_REGULAR),
    ("Inter-Bold.otf", INTER_BOLD),
    ("Inter-Italic.otf", INTER_ITALIC),
    ("Inter-BoldItalic.otf", INTER_BOLD_ITALIC),
    ("DejaVuSansMono.ttf", DEJAVU_MONO),
    ("DejaVuSans.ttf", DEJAVU_SANS),
];

/// The project's `fonts/` folder, read when a writer first asks for its
/// faces (a text or JSON build never does), once for every document and
/// record of a build.
#[derive(Default)]
pub struct ProjectFonts {
    dir: PathBuf,
    read: OnceLock<FontFolder>,
}

impl std::fmt::Debug for ProjectFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProjectFonts({})", self.dir.display())
    }
}

/// The fonts of a folder.
struct FontFolder {
    /// Every face of its font files, in file-name order.
    faces: Vec<ProjectFace>,
    /// Each file that looks like a font but cannot be used, and why.
    refused: Vec<(String, &'static str)>,
}

impl ProjectFonts {
    pub fn new(dir: PathBuf) -> ProjectFonts {
        ProjectFonts {
            dir,
            read: OnceLock::new(),
        }
    }

    /// The folder's faces, reading it on the first call.
    pub fn faces(&self) -> &[ProjectFace] {
        &self.read.get_or_init(|| folder(&self.dir)).faces
    }

    /// Each file of the folder that looks like a font but cannot be used,
    /// and why: none when no writer has read the folder.
    pub fn refused(&self) -> Vec<(PathBuf, &'static str)> {
        self.read.get().map_or_else(Vec::new, |read| {
            read.refused
                .iter()
                .map(|(file, reason)| (self.dir.join(file), *reason))
                .collect()
        })
    }
}

/// The fonts directly in `dir` (none when it does not exist). Other
/// files (licences, specimens) are not read.
fn folder(dir: &Path) -> FontFolder {
    use rustybuzz::ttf_parser::{fonts_in_collection, name_id, Face};
    let mut faces = Vec::new();
    let mut refused = Vec::new();
    for file in files::file_names(dir) {
        let extension = file.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        match extension.as_str() {
            "ttf" | "otf" | "ttc" | "otc" => {}
            "woff" | "woff2" => {
                refused.push((file, "WOFF is made for browsers; give the .ttf or .otf"));
                continue;
            }
            _ => continue,
        }
        let path = dir.join(&file);
        let vendored = VENDORED_FILES.iter().position(|(name, bytes)| {
            *name == file && files::size(&path) == Some(bytes.len() as u64)
        });
        let data = match vendored {
            Some(n) => FaceBytes::Vendored(n),
            None => match files::read(&path) {
                Ok(bytes) => FaceBytes::File(bytes.into()),
                Err(_) => {
                    refused.push((file, "cannot be read"));
                    continue;
                }
            },
        };
        let count = fonts_in_collection(&data).unwrap_or(1);
        let before = faces.len();
        for index in 0..count {
            let Ok(face) = Face::parse(&data, index) else {
                continue;
            };
            let name = |id: u16| {
                face.names()
                    .into_iter()
                    .filter(|n| n.name_id == id && n.is_unicode())
                    .find_map(|n| n.to_string())
            };
            let Some(family) = name(name_id::TYPOGRAPHIC_FAMILY).or_else(|| name(name_id::FAMILY))
            else {
                continue;
            };
            faces.push(ProjectFace {
                family,
                bold: face.is_bold() || face.weight().to_number() >= BOLD_WEIGHT,
                weight: face.weight().to_number(),
                italic: face.is_italic() || face.is_oblique(),
                file: file.clone(),
                data: data.clone(),
                index,
            });
        }
        if faces.len() == before {
            refused.push((file, "not a TrueType or OpenType font that can be read"));
        }
    }
    FontFolder { faces, refused }
}

/// The writing systems that choose a fallback family, and the package that
/// supplies them on Debian and Homebrew.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Han,
    Kana,
    Hangul,
    Arabic,
    Hebrew,
    Devanagari,
    Thai,
    Greek,
    Cyrillic,
    Emoji,
    Other,
}

/// The script of a character, by its Unicode block.
pub fn script(ch: char) -> Script {
    match ch as u32 {
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => Script::Han,
        0x3000..=0x303F | 0xFF00..=0xFFEF => Script::Han,
        0x3040..=0x30FF | 0x31F0..=0x31FF => Script::Kana,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x0900..=0x097F | 0xA8E0..=0xA8FF => Script::Devanagari,
        0x0E00..=0x0E7F => Script::Thai,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F => Script::Cyrillic,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF => Script::Emoji,
        _ => Script::Other,
    }
}

/// Whether a character is better set in a system face made for its script
/// than in the built-in DejaVu Sans, whose Arabic and Hebrew are basic.
pub fn wants_own_face(ch: char) -> bool {
    matches!(script(ch), Script::Arabic | Script::Hebrew)
}

/// The Debian (and Homebrew cask) package with a face for the character.
pub fn package_for(ch: char) -> &'static str {
    match script(ch) {
        Script::Han | Script::Kana | Script::Hangul => {
            "fonts-noto-cjk (Homebrew: font-noto-sans-cjk)"
        }
        Script::Emoji => "fonts-noto-color-emoji (Homebrew: font-noto-color-emoji)",
        _ => "fonts-noto-core (Homebrew: font-noto-sans)",
    }
}

/// The CJK face a language asks for: the collection's SC, TC, JP or KR.
fn cjk_family(script: Script, lang: &str) -> &'static str {
    let lang = lang.to_ascii_lowercase();
    match script {
        Script::Kana => "Noto Sans CJK JP",
        Script::Hangul => "Noto Sans CJK KR",
        _ if lang.starts_with("ja") => "Noto Sans CJK JP",
        _ if lang.starts_with("ko") => "Noto Sans CJK KR",
        _ if lang.starts_with("zh")
            && (lang.contains("hant")
                || lang.ends_with("tw")
                || lang.ends_with("hk")
                || lang.ends_with("mo")) =>
        {
            "Noto Sans CJK TC"
        }
        _ => "Noto Sans CJK SC",
    }
}

/// Families to try first for a script, best first.
fn preferred(script: Script, lang: &str) -> Vec<&'static str> {
    match script {
        Script::Han | Script::Kana | Script::Hangul => {
            vec![
                cjk_family(script, lang),
                "Noto Sans CJK SC",
                "Noto Serif CJK SC",
            ]
        }
        Script::Arabic => vec![
            "Noto Sans Arabic",
            "Noto Naskh Arabic",
            "Noto Sans Arabic UI",
        ],
        Script::Hebrew => vec!["Noto Sans Hebrew", "Noto Serif Hebrew"],
        Script::Devanagari => vec!["Noto Sans Devanagari", "Noto Serif Devanagari"],
        Script::Thai => vec!["Noto Sans Thai", "Noto Sans Thai UI", "Noto Serif Thai"],
        Script::Greek | Script::Cyrillic | Script::Other => vec!["Noto Sans", "DejaVu Sans"],
        Script::Emoji => vec!["Noto Color Emoji", "Noto Emoji"],
    }
}

fn database() -> &'static fontdb::Database {
    static DB: OnceLock<fontdb::Database> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

/// Every face of the system in a fixed order (file, then face number), so
/// the face chosen for a character does not depend on the scan's order.
fn ordered_faces() -> &'static [fontdb::ID] {
    static ORDER: OnceLock<Vec<fontdb::ID>> = OnceLock::new();
    ORDER.get_or_init(|| {
        let mut faces: Vec<(PathBuf, u32, bool, fontdb::ID)> = database()
            .faces()
            .filter_map(|f| match &f.source {
                fontdb::Source::File(path) => Some((
                    path.clone(),
                    f.index,
                    f.style != fontdb::Style::Normal,
                    f.id,
                )),
                _ => None,
            })
            .collect();
        // Upright faces before italic ones.
        faces.sort_by(|a, b| (a.2, &a.0, a.1).cmp(&(b.2, &b.0, b.1)));
        faces.into_iter().map(|f| f.3).collect()
    })
}

fn covers(id: fontdb::ID, ch: char) -> bool {
    database()
        .with_face_data(id, |data, index| {
            rustybuzz::ttf_parser::Face::parse(data, index)
                .ok()
                .and_then(|face| face.glyph_index(ch))
                .is_some()
        })
        .unwrap_or(false)
}

/// The bytes of a face's file, read once per process.
fn face_bytes(id: fontdb::ID) -> Option<SystemFace> {
    static READ: Mutex<Vec<(PathBuf, &'static [u8])>> = Mutex::new(Vec::new());
    let (source, index) = database().face_source(id)?;
    let fontdb::Source::File(path) = source else {
        return None;
    };
    let mut read = READ.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, data)) = read.iter().find(|(p, _)| *p == path) {
        return Some(SystemFace { data, index });
    }
    let data: &'static [u8] = Box::leak(files::read(&path).ok()?.into_boxed_slice());
    read.push((path, data));
    Some(SystemFace { data, index })
}

/// A system face that draws `ch`, bold and italic as asked where the
/// family has them; `lang` is the text's language (BCP 47). `None` when no
/// face of the system has the character.
pub fn fallback(ch: char, bold: bool, italic: bool, lang: &str) -> Option<SystemFace> {
    type Key = (char, bool, bool, &'static str);
    static CHOSEN: Mutex<Option<HashMap<Key, Option<fontdb::ID>>>> = Mutex::new(None);
    let script = script(ch);
    // The language matters only to CJK, and only as the family it picks.
    let lang_key = match script {
        Script::Han => cjk_family(script, lang),
        _ => "",
    };
    let key = (ch, bold, italic, lang_key);
    let cached = CHOSEN
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get_or_insert_with(HashMap::new)
        .get(&key)
        .copied();
    let id = match cached {
        Some(id) => id,
        None => {
            let id = choose(ch, script, bold, italic, lang);
            CHOSEN
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get_or_insert_with(HashMap::new)
                .insert(key, id);
            id
        }
    };
    face_bytes(id?)
}

fn choose(ch: char, script: Script, bold: bool, italic: bool, lang: &str) -> Option<fontdb::ID> {
    let db = database();
    let weight = if bold {
        fontdb::Weight::BOLD
    } else {
        fontdb::Weight::NORMAL
    };
    let style = if italic {
        fontdb::Style::Italic
    } else {
        fontdb::Style::Normal
    };
    for family in preferred(script, lang) {
        let query = fontdb::Query {
            families: &[fontdb::Family::Name(family)],
            weight,
            style,
            stretch: fontdb::Stretch::Normal,
        };
        if let Some(id) = db.query(&query).filter(|&id| covers(id, ch)) {
            return Some(id);
        }
    }
    // Any face that has it: the text's weight first, then any weight.
    let faces = ordered_faces();
    let weight_of = |id: fontdb::ID| db.face(id).map(|f| f.weight);
    faces
        .iter()
        .copied()
        .find(|&id| weight_of(id) == Some(weight) && covers(id, ch))
        .or_else(|| faces.iter().copied().find(|&id| covers(id, ch)))
}

/// A face cut to `chars` for a screen (the EPUB's and HTML page's
/// `@font-face`): only their glyphs, renumbered, with a `cmap` for them and
/// the face's own `OS/2` (browsers and reading systems refuse a face that
/// lacks either). The outlines are cut by the subsetter krilla uses for the
/// PDF, which writes no OpenType layout tables (a PDF needs none), so the
/// screen sets the cut face without kerning or ligatures. `None` when the
/// face cannot be cut.
pub fn subset_for_screen(
    data: Cow<'static, [u8]>,
    index: u32,
    chars: &BTreeSet<char>,
) -> Option<Vec<u8>> {
    // Text that needs the layout tables to be set at all (joining forms,
    // marks placed on their letters) is given the whole face.
    if chars.iter().any(|&ch| needs_shaping(ch)) {
        return None;
    }
    // The HTML page and the EPUB of one document ask for the same cut: the
    // last few are kept, known by the face's bytes (a layout's own files
    // are read afresh for each; a vendored face is never copied) and the
    // characters.
    struct Cut {
        face: Cow<'static, [u8]>,
        index: u32,
        chars: BTreeSet<char>,
        cut: Vec<u8>,
    }
    const KEPT: usize = 8;
    static CUTS: Mutex<Vec<Cut>> = Mutex::new(Vec::new());
    let same = |cut: &&Cut| cut.index == index && cut.chars == *chars && *cut.face == *data;
    if let Some(cut) = CUTS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(same)
    {
        return Some(cut.cut.clone());
    }
    let cut = cut_face(&data, index, chars)?;
    let mut cuts = CUTS.lock().unwrap_or_else(PoisonError::into_inner);
    if cuts.len() == KEPT {
        cuts.remove(0);
    }
    cuts.push(Cut {
        face: data,
        index,
        chars: chars.clone(),
        cut: cut.clone(),
    });
    Some(cut)
}

/// Whether a character is set right only through a face's OpenType layout
/// tables, which a screen cut does not keep: combining marks, and every
/// script from Hebrew on (joining, reordering, stacking), bar the blocks of
/// punctuation, symbols, and precomposed Latin and Greek.
fn needs_shaping(ch: char) -> bool {
    let c = ch as u32;
    let marks = matches!(c, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F);
    let simple = c < 0x0590
        || matches!(c, 0x1E00..=0x1FFF | 0x2000..=0x2BFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFB00..=0xFB06 | 0xFE00..=0xFE0F | 0xFFF0..=0xFFFF);
    marks || !simple
}

fn cut_face(data: &[u8], index: u32, chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    use write_fonts::read::{FontRef, TableProvider};
    use write_fonts::tables::cmap::Cmap;
    use write_fonts::types::{GlyphId, Tag};
    let face = rustybuzz::ttf_parser::Face::parse(data, index).ok()?;
    let mut glyphs = subsetter::GlyphRemapper::new();
    let mut mappings = Vec::new();
    for &ch in chars {
        if let Some(gid) = face.glyph_index(ch) {
            mappings.push((ch, GlyphId::new(glyphs.remap(gid.0).into())));
        }
    }
    let cut = subsetter::subset(data, index, &glyphs).ok()?;
    let original = FontRef::from_index(data, index).ok()?;
    let os2 = original.os2().ok()?;
    let mut font = write_fonts::FontBuilder::new();
    font.add_table(&Cmap::from_mappings(mappings).ok()?).ok()?;
    font.add_raw(Tag::new(b"OS/2"), os2.offset_data().as_bytes());
    font.copy_missing_tables(FontRef::new(&cut).ok()?);
    Some(font.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_packages() {
        assert_eq!(script('中'), Script::Han);
        assert_eq!(script('ש'), Script::Hebrew);
        assert_eq!(script('🐍'), Script::Emoji);
        assert!(package_for('한').starts_with("fonts-noto-cjk"));
        assert!(package_for('ก').starts_with("fonts-noto-core"));
        assert_eq!(cjk_family(Script::Han, "zh-TW"), "Noto Sans CJK TC");
        assert_eq!(cjk_family(Script::Han, "ja"), "Noto Sans CJK JP");
        assert_eq!(cjk_family(Script::Han, "en"), "Noto Sans CJK SC");
    }

    /// A full family's ExtraLight and Black are not its regular and bold.
    #[test]
    fn the_faces_nearest_regular_and_bold_are_chosen() {
        let face = |file: &str, weight: u16| ProjectFace {
            family: "Test Sans".to_owned(),
            bold: weight >= BOLD_WEIGHT,
            italic: false,
            weight,
            file: file.to_owned(),
            data: FaceBytes::Vendored(0),
            index: 0,
        };
        let faces = [
            face("TestSans-Black.otf", 900),
            face("TestSans-Bold.otf", 700),
            face("TestSans-ExtraLight.otf", 200),
            face("TestSans-Regular.otf", 400),
        ];
        let chosen: Vec<&str> = nearest_faces(&faces)
            .iter()
            .map(|f| f.file.as_str())
            .collect();
        assert_eq!(chosen, ["TestSans-Bold.otf", "TestSans-Regular.otf"]);
    }

    /// Text that needs the layout tables (Arabic joining, a combining
    /// accent) gets the whole face, which a cut would break.
    #[test]
    fn text_that_needs_shaping_is_not_cut() {
        for text in ["سلام", "e\u{301}", "שלום"] {
            let chars: BTreeSet<char> = format!("ab {text}").chars().collect();
            assert!(
                subset_for_screen(Cow::Borrowed(DEJAVU_SANS), 0, &chars).is_none(),
                "{text}"
            );
        }
        let latin: BTreeSet<char> = "Ærø, Łódź, Ελλάδα, Россия — 50 €".chars().collect();
        assert!(subset_for_screen(Cow::Borrowed(DEJAVU_SANS), 0, &latin).is_some());
    }

    /// A cut face keeps the characters asked for, drops the rest, and is
    /// a fraction of the whole; CFF (Inter) and TrueType (DejaVu) alike.
    #[test]
    fn screen_subsets_keep_only_the_characters_asked() {
        let chars: BTreeSet<char> = "Python Software Foundation, ½ — «¿»".chars().collect();
        for whole in [INTER_BOLD, DEJAVU_MONO, DEJAVU_SANS] {
            let cut =
                subset_for_screen(Cow::Borrowed(whole), 0, &chars).expect("the vendored faces cut");
            let face = rustybuzz::ttf_parser::Face::parse(&cut, 0).expect("the cut face parses");
            for ch in chars.iter().filter(|c| !c.is_whitespace()) {
                assert!(face.glyph_index(*ch).is_some(), "{ch} kept");
            }
            assert!(face.glyph_index('Z').is_none(), "Z dropped");
            assert!(face.tables().os2.is_some(), "OS/2 kept");
            assert!(
                cut.len() * 10 < whole.len(),
                "{} of {}",
                cut.len(),
                whole.len()
            );
        }
    }
}
