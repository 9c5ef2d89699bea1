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
//!
//! The project's own `fonts/` folder is `project.rs`; faces cut to a
//! document's characters for screens are `screen.rs`.

mod project;
mod screen;

pub use project::{nearest_faces, FaceBytes, ProjectFace, ProjectFonts};
pub use screen::{subset_for_screen, would_change_cut};

use crate::files;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

pub const INTER_REGULAR: &[u8] = include_bytes!("../../fonts/Inter-Regular.otf");
pub const INTER_BOLD: &[u8] = include_bytes!("../../fonts/Inter-Bold.otf");
pub const INTER_ITALIC: &[u8] = include_bytes!("../../fonts/Inter-Italic.otf");
pub const INTER_BOLD_ITALIC: &[u8] = include_bytes!("../../fonts/Inter-BoldItalic.otf");
pub const DEJAVU_MONO: &[u8] = include_bytes!("../../fonts/DejaVuSansMono.ttf");
pub const DEJAVU_SANS: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
/// STIX Two Math 2.13 (OFL): formulas in the PDF, laid out from its MATH table.
pub const STIX_TWO_MATH: &[u8] = include_bytes!("../../fonts/STIXTwoMath-Regular.otf");

/// One vendored face: its family and variant, and its file in `fonts/`.
pub struct VendoredFace {
    pub family: &'static str,
    pub bold: bool,
    pub italic: bool,
    pub file: &'static str,
    pub bytes: &'static [u8],
}

/// The vendored faces, in `VENDORED`'s order.
pub const VENDORED_FACES: [VendoredFace; 6] = [
    vendored("Inter", false, false, "Inter-Regular.otf", INTER_REGULAR),
    vendored("Inter", true, false, "Inter-Bold.otf", INTER_BOLD),
    vendored("Inter", false, true, "Inter-Italic.otf", INTER_ITALIC),
    vendored(
        "Inter",
        true,
        true,
        "Inter-BoldItalic.otf",
        INTER_BOLD_ITALIC,
    ),
    vendored(
        "DejaVu Sans Mono",
        false,
        false,
        "DejaVuSansMono.ttf",
        DEJAVU_MONO,
    ),
    vendored("DejaVu Sans", false, false, "DejaVuSans.ttf", DEJAVU_SANS),
];

const fn vendored(
    family: &'static str,
    bold: bool,
    italic: bool,
    file: &'static str,
    bytes: &'static [u8],
) -> VendoredFace {
    VendoredFace {
        family,
        bold,
        italic,
        file,
        bytes,
    }
}

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

/// A character no font draws: a control character (other than the
/// spaces) or a code point Unicode has not assigned. The PDF draws the
/// substitute for it rather than look for it in every system font.
pub fn never_drawn(ch: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    matches!(
        ch.general_category(),
        GeneralCategory::Control | GeneralCategory::Unassigned | GeneralCategory::Surrogate
    ) && !ch.is_whitespace()
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

    #[test]
    fn control_and_unassigned_characters_are_never_drawn() {
        for ch in ['\u{5}', '\u{92}', '\u{0378}', '\u{E01F0}'] {
            assert!(never_drawn(ch), "U+{:04X}", ch as u32);
        }
        for ch in ['a', '\t', '\n', 'ก', '\u{200D}', '\u{E000}'] {
            assert!(!never_drawn(ch), "U+{:04X}", ch as u32);
        }
    }
}
