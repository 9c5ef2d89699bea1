//! The layout's fonts for screens: the faces its `fonts` lists name (the
//! vendored Inter and DejaVu, or the layout's own files), as `@font-face`
//! rules, so the HTML page and the EPUB are set in the type the PDF is
//! rather than the reader's default sans.

use crate::doc::Document;
use crate::error::Result;
use crate::fonts::{self, ProjectFonts};
use crate::layout::Layout;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write;
use std::sync::OnceLock;

/// One face to give the browser or reading system.
pub struct WebFont {
    pub family: String,
    pub bold: bool,
    pub italic: bool,
    /// A file name for it inside a package (`Inter-Bold.otf`).
    pub file: String,
    /// Borrowed for a vendored face (never copied), owned for a file.
    pub bytes: Cow<'static, [u8]>,
    /// The face's number in `bytes` (a collection holds several); 0 once cut.
    index: u32,
}

impl WebFont {
    /// OpenType with CFF outlines starts `OTTO`; anything else is TrueType.
    fn is_cff(&self) -> bool {
        self.bytes.starts_with(b"OTTO")
    }

    pub fn media_type(&self) -> &'static str {
        if self.is_cff() {
            "font/otf"
        } else {
            "font/ttf"
        }
    }

    fn format(&self) -> &'static str {
        if self.is_cff() {
            "opentype"
        } else {
            "truetype"
        }
    }
}

/// What a layout's template may print besides the document: ASCII,
/// Latin-1 (no-break space, ©, °, «, », and the accented letters of the
/// languages it serves), general punctuation (dashes, quotation marks,
/// bullets, ellipsis, ‹›), the euro and trade mark signs. Other letters
/// come from the document.
const TEMPLATE_CHARS: [std::ops::RangeInclusive<char>; 5] = [
    ' '..='~',
    '\u{A0}'..='\u{FF}',
    '\u{2010}'..='\u{203A}',
    '\u{20AC}'..='\u{20AC}',
    '\u{2122}'..='\u{2122}',
];

/// Rendered HTML that sets text in italic by the browser's own stylesheet.
const ITALIC_TAGS: [&str; 7] = ["<em", "<i>", "<i ", "<cite", "<var", "<dfn", "<address"];

/// What a screen rendering of a document shows, which decides the faces
/// it is given and the characters they are cut to.
pub struct ScreenText {
    /// The characters of the rendered bodies and of the front matter
    /// (which templates print), and the few templates add themselves.
    chars: BTreeSet<char>,
    /// Whether anything is set in the code font.
    code: bool,
    /// Whether anything is set in italic.
    italic: bool,
}

impl ScreenText {
    /// `bodies`: the document's rendered bodies; the layout's own words
    /// that its templates print (a letter's sender block) count too.
    pub fn of<'a>(
        doc: &Document,
        layout: &Layout,
        bodies: impl IntoIterator<Item = &'a str>,
    ) -> ScreenText {
        let mut text = ScreenText {
            chars: BTreeSet::new(),
            code: false,
            italic: false,
        };
        // Most of a body is ASCII: marked in a table, not inserted in
        // order one by one (a tenth of an HTML build when it was).
        let mut ascii = [false; 128];
        let mut own = BTreeSet::new();
        for body in bodies {
            for ch in body.chars() {
                match ascii.get_mut(ch as usize) {
                    Some(seen) => *seen = true,
                    None => {
                        own.insert(ch);
                    }
                }
            }
            text.code |= body.contains("<code") || body.contains("<pre") || body.contains("<kbd");
            text.italic |= ITALIC_TAGS.iter().any(|tag| body.contains(tag));
        }
        if let Ok(meta) = serde_json::to_string(&doc.meta) {
            own.extend(meta.chars());
        }
        for line in &layout.style.letterhead {
            own.extend(line.chars());
        }
        own.extend((0..128u8).filter(|&b| ascii[b as usize]).map(char::from));
        text.chars = with_template(own);
        text
    }
}

/// `own` (the document's characters) with the template's, each with its
/// other cases: `template_chars()` as it is made once, and the rest.
fn with_template(mut own: BTreeSet<char>) -> BTreeSet<char> {
    // A template character's other cases are in already; a character that
    // is only another case of one (U+039C, µ's capital) keeps its own.
    own.retain(|c| !TEMPLATE_CHARS.iter().any(|r| r.contains(c)));
    let mut chars = template_chars().clone();
    chars.extend(with_other_cases(own));
    chars
}

/// `chars` and each one's other case: the browser sets capitals itself
/// (`text-transform`, small caps).
fn with_other_cases(mut chars: BTreeSet<char>) -> BTreeSet<char> {
    let cased: Vec<char> = chars
        .iter()
        .flat_map(|c| c.to_uppercase().chain(c.to_lowercase()))
        .collect();
    chars.extend(cased);
    chars
}

/// What every screen rendering may show: the template's characters and
/// their other cases. A document that shows no more has its vendored faces
/// cut to these alone, which `PRECUT` holds made.
fn template_chars() -> &'static BTreeSet<char> {
    static CHARS: OnceLock<BTreeSet<char>> = OnceLock::new();
    CHARS.get_or_init(|| with_other_cases(TEMPLATE_CHARS.iter().flat_map(|r| r.clone()).collect()))
}

/// The vendored faces cut to `template_chars()`, as `fonts::subset_for_screen`
/// cuts them: most documents (English, Latin-1 names) show no other
/// character, and cutting a CFF face (Inter) was half an HTML build. The
/// test `the_precut_faces_are_the_cut_they_stand_for` checks each is the
/// cut it stands for, and makes them again with `QUIRE_BLESS=1`.
const PRECUT: [(&str, &[u8]); 6] = [
    (
        "Inter-Regular.otf",
        include_bytes!("screen-cuts/Inter-Regular.otf"),
    ),
    (
        "Inter-Bold.otf",
        include_bytes!("screen-cuts/Inter-Bold.otf"),
    ),
    (
        "Inter-Italic.otf",
        include_bytes!("screen-cuts/Inter-Italic.otf"),
    ),
    (
        "Inter-BoldItalic.otf",
        include_bytes!("screen-cuts/Inter-BoldItalic.otf"),
    ),
    (
        "DejaVuSansMono.ttf",
        include_bytes!("screen-cuts/DejaVuSansMono.ttf"),
    ),
    (
        "DejaVuSans.ttf",
        include_bytes!("screen-cuts/DejaVuSans.ttf"),
    ),
];

/// `face` cut to `chars` when it is made already: a vendored face, and no
/// character beyond the template's that would change its cut (a body's
/// line ends are characters too, with no glyph).
fn precut(face: &WebFont, chars: &BTreeSet<char>) -> Option<&'static [u8]> {
    let Cow::Borrowed(bytes) = face.bytes else {
        return None;
    };
    let template = template_chars();
    if face.index != 0 || !chars.is_superset(template) {
        return None;
    }
    // By address, else by content: a const's bytes need not be at one
    // address, and by content alone an HTML page read each of its faces'
    // 260 KB twice. Faces of another length are passed over unread.
    let vendored = fonts::VENDORED_FACES
        .iter()
        .find(|v| std::ptr::eq(v.bytes, bytes) || v.bytes == bytes)?;
    let more: BTreeSet<char> = chars.difference(template).copied().collect();
    if !more.is_empty() && fonts::would_change_cut(bytes, 0, &more) {
        return None;
    }
    PRECUT
        .iter()
        .find(|(file, _)| *file == vendored.file)
        .map(|&(_, cut)| cut)
}

/// The faces of every family the layout's text, heading and code lists
/// name, once each, in the order they are named: those `text` needs (no
/// italic faces for a document with no italic, no code font for one with
/// no code), each cut to its characters (a face that cannot be cut is
/// given whole).
pub fn layout_fonts(
    layout: &Layout,
    project: &ProjectFonts,
    text: &ScreenText,
) -> Result<Vec<WebFont>> {
    let families = &layout.style.fonts;
    let only_code = |family: &str| {
        !families
            .text
            .iter()
            .chain(&families.heading)
            .any(|f| f.eq_ignore_ascii_case(family))
    };
    let mut faces = whole_layout_fonts(layout, project)?;
    faces.retain(|face| (text.italic || !face.italic) && (text.code || !only_code(&face.family)));
    for face in &mut faces {
        if let Some(cut) = precut(face, &text.chars) {
            face.bytes = Cow::Borrowed(cut);
        } else if let Some(cut) =
            fonts::subset_for_screen(face.bytes.clone(), face.index, &text.chars)
        {
            face.bytes = Cow::Owned(cut);
            face.index = 0;
        }
    }
    // A face of a collection that could not be cut cannot be given alone.
    faces.retain(|face| face.index == 0);
    Ok(faces)
}

fn whole_layout_fonts(layout: &Layout, project: &ProjectFonts) -> Result<Vec<WebFont>> {
    let style = &layout.style;
    let mut families: Vec<&String> = Vec::new();
    for family in style
        .fonts
        .text
        .iter()
        .chain(&style.fonts.heading)
        .chain(&style.fonts.mono)
    {
        if !families.iter().any(|f| f.eq_ignore_ascii_case(family)) {
            families.push(family);
        }
    }
    let mut out = Vec::new();
    for family in families {
        let own = style
            .fonts
            .files
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(family));
        if let Some((_, files)) = own {
            for (path, bold, italic) in [
                (&files.regular, false, false),
                (&files.bold, true, false),
                (&files.italic, false, true),
                (&files.bold_italic, true, true),
            ] {
                let Some(path) = path else { continue };
                if let Some(bytes) = layout.asset(path)? {
                    let file = path.rsplit(['/', '\\']).next().unwrap_or(path).to_owned();
                    out.push(WebFont {
                        family: family.clone(),
                        bold,
                        italic,
                        file,
                        bytes: Cow::Owned(bytes),
                        index: 0,
                    });
                }
            }
            continue;
        }
        let vendored: Vec<&fonts::VendoredFace> = fonts::VENDORED_FACES
            .iter()
            .filter(|v| v.family.eq_ignore_ascii_case(family))
            .collect();
        for v in &vendored {
            out.push(WebFont {
                family: family.clone(),
                bold: v.bold,
                italic: v.italic,
                file: v.file.to_owned(),
                bytes: Cow::Borrowed(v.bytes),
                index: 0,
            });
        }
        // A family neither vendored nor the layout's: the project's, else
        // the reader's own.
        if vendored.is_empty() {
            // One face a variant (`nearest_faces`).
            for face in fonts::nearest_faces(project.faces())
                .into_iter()
                .filter(|f| f.family.eq_ignore_ascii_case(family))
            {
                // A face of a collection (`.ttc`) is given as a file of its own.
                let file = match face.file.rsplit_once('.') {
                    Some((stem, ext))
                        if ext.eq_ignore_ascii_case("ttc") || ext.eq_ignore_ascii_case("otc") =>
                    {
                        format!("{stem}-{}.ttf", face.index)
                    }
                    _ => face.file.clone(),
                };
                out.push(WebFont {
                    family: family.clone(),
                    bold: face.bold,
                    italic: face.italic,
                    file,
                    bytes: match &face.data {
                        fonts::FaceBytes::Vendored(n) => Cow::Borrowed(fonts::VENDORED[*n]),
                        fonts::FaceBytes::File(bytes) => Cow::Owned(bytes.to_vec()),
                    },
                    index: face.index,
                });
            }
        }
    }
    Ok(out)
}

/// `@font-face` rules for `faces`, each found where `url` writes it into
/// the sheet.
pub fn font_face_css(faces: &[WebFont], url: impl Fn(&WebFont, &mut String)) -> String {
    // Room for a page's data URIs (base64: 4 bytes for 3), written in place.
    let mut css = String::with_capacity(faces.iter().map(|f| f.bytes.len() / 3 * 4 + 256).sum());
    for face in faces {
        let _ = write!(
            css,
            "@font-face {{ font-family: \"{}\"; font-weight: {}; font-style: {}; src: url(\"",
            face.family.replace(['"', '\\'], ""),
            if face.bold { 700 } else { 400 },
            if face.italic { "italic" } else { "normal" },
        );
        url(face, &mut css);
        let _ = writeln!(css, "\") format(\"{}\"); }}", face.format());
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each precut face is byte for byte the cut `subset_for_screen` makes
    /// of its vendored face for the template's characters, so a document
    /// gets the same file either way. `QUIRE_BLESS=1` writes them anew
    /// (after a change to the cut, the characters or the faces).
    #[test]
    fn the_precut_faces_are_the_cut_they_stand_for() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/write/screen-cuts");
        let bless = std::env::var_os("QUIRE_BLESS").is_some();
        assert_eq!(PRECUT.len(), fonts::VENDORED_FACES.len());
        for face in &fonts::VENDORED_FACES {
            let cut = fonts::subset_for_screen(Cow::Borrowed(face.bytes), 0, template_chars())
                .expect("a vendored face cuts");
            if bless {
                crate::files::write_atomic(&folder.join(face.file), &cut)
                    .expect("the folder is writable");
                continue;
            }
            let (_, precut) = PRECUT
                .iter()
                .find(|(file, _)| *file == face.file)
                .expect("every vendored face is precut");
            assert!(
                *precut == cut.as_slice(),
                "src/write/screen-cuts/{} is not the cut it stands for: \
                 run `QUIRE_BLESS=1 cargo test the_precut_faces` to make it again",
                face.file
            );
        }
    }

    /// The characters are those of the one pass over template and
    /// document together that came before the precut faces: for every
    /// character with another case (to U+2FFFF; one without is only
    /// itself either way), its other cases too, whether or not it is
    /// another case of a template character.
    #[test]
    fn each_characters_other_cases_are_kept() {
        let template: BTreeSet<char> = TEMPLATE_CHARS.iter().flat_map(|r| r.clone()).collect();
        let cased = |ch: &char| ch.to_uppercase().ne([*ch]) || ch.to_lowercase().ne([*ch]);
        for ch in (0..0x3_0000).filter_map(char::from_u32).filter(cased) {
            let mut one_pass = template.clone();
            one_pass.insert(ch);
            assert_eq!(
                with_other_cases(one_pass),
                with_template(BTreeSet::from([ch])),
                "{ch:?}"
            );
        }
    }

    /// A document that shows only the template's characters is given the
    /// precut faces; one more character, and its faces are cut for it.
    #[test]
    fn only_the_templates_characters_take_the_precut_face() {
        let inter = fonts::VENDORED_FACES
            .iter()
            .find(|f| f.file == "Inter-Regular.otf")
            .expect("Inter is vendored");
        let face = WebFont {
            family: "Inter".into(),
            bold: false,
            italic: false,
            file: inter.file.into(),
            bytes: Cow::Borrowed(inter.bytes),
            index: 0,
        };
        assert!(precut(&face, template_chars()).is_some());
        let mut lines = template_chars().clone();
        lines.extend(['\n', '\t']);
        assert!(precut(&face, &lines).is_some(), "line ends have no glyph");
        for extra in ['λ', '\u{0301}', 'ش'] {
            let mut more = template_chars().clone();
            more.insert(extra);
            assert!(precut(&face, &more).is_none(), "{extra:?}");
        }
        let copied = WebFont {
            bytes: Cow::Owned(inter.bytes.to_vec()),
            ..face
        };
        assert!(
            precut(&copied, template_chars()).is_none(),
            "a file's bytes are cut afresh"
        );
    }
}
