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
            chars: TEMPLATE_CHARS.iter().flat_map(|r| r.clone()).collect(),
            code: false,
            italic: false,
        };
        for body in bodies {
            text.chars.extend(body.chars());
            text.code |= body.contains("<code") || body.contains("<pre") || body.contains("<kbd");
            text.italic |= ITALIC_TAGS.iter().any(|tag| body.contains(tag));
        }
        if let Ok(meta) = serde_json::to_string(&doc.meta) {
            text.chars.extend(meta.chars());
        }
        for line in &layout.style.letterhead {
            text.chars.extend(line.chars());
        }
        // The browser sets capitals itself (`text-transform`, small caps):
        // each letter's other case too.
        let cased: Vec<char> = text
            .chars
            .iter()
            .flat_map(|c| c.to_uppercase().chain(c.to_lowercase()))
            .collect();
        text.chars.extend(cased);
        text
    }
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
        if let Some(cut) = fonts::subset_for_screen(face.bytes.clone(), face.index, &text.chars) {
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

/// `@font-face` rules for `faces`, each found at `url(face)`.
pub fn font_face_css(faces: &[WebFont], url: impl Fn(&WebFont) -> String) -> String {
    let mut css = String::new();
    for face in faces {
        let _ = writeln!(
            css,
            "@font-face {{ font-family: \"{}\"; font-weight: {}; font-style: {}; src: url(\"{}\") format(\"{}\"); }}",
            face.family.replace(['"', '\\'], ""),
            if face.bold { 700 } else { 400 },
            if face.italic { "italic" } else { "normal" },
            url(face),
            face.format()
        );
    }
    css
}
