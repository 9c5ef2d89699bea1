//! The Style schema: every visual decision of a layout, as layout.yaml
//! writes it. Each field's doc comment carries an example.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Every visual decision of a layout, written once in `layout.yaml` and
/// read by every writer (and by `style.css` through `style.…`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Style {
    /// The layout this one builds on; `base` when not given.
    /// Example: `extends: base`
    pub extends: Option<String>,
    /// One line for `quire layouts`. Example: `description: One-page fact sheet`
    pub description: String,
    /// Page size and margins (PDF, and `@page` in print CSS).
    pub page: Page,
    /// Text columns on a page. Example: `columns: 2`
    pub columns: u8,
    /// Body type size in points. Example: `size: 10.5`
    pub size: f64,
    /// Line height as a multiple of the size. Example: `leading: 1.4`
    pub leading: f64,
    /// Font families, first choice first; later ones are fallbacks.
    pub fonts: Fonts,
    /// The document title's size as a multiple of the body size.
    /// Example: `title_scale: 1.8`
    pub title_scale: f64,
    /// Each heading level's size as a multiple of the body size, h1 first.
    /// Example: `heading_scale: [1.6, 1.3, 1.1]`
    pub heading_scale: Vec<f64>,
    /// Colours as `#rrggbb` or `#rgb`, checked when the layout loads.
    pub colors: Colors,
    /// Justify paragraphs (otherwise ragged right). Example: `justify: true`
    pub justify: bool,
    /// Hyphenate words that do not fit. Example: `hyphenate: true`
    pub hyphenate: bool,
    /// Widest line of the HTML page, in `em`. Example: `measure: 40`
    pub measure: f64,
    /// Width of the plain-text output, in characters. Example: `text_width: 72`
    pub text_width: usize,
    /// Heading levels listed in tables of contents. Example: `toc_depth: 2`
    pub toc_depth: u8,
    /// Smallest body size fit-to-pages may shrink to, in points. Example: `min_size: 8.5`
    pub min_size: f64,
    /// Most pages the PDF may take (fit-to-pages shrinks the type to stay
    /// within it). Example: `max_pages: 2`
    pub max_pages: Option<u32>,
    /// Space between columns, in points. Example: `column_gap: 18`
    pub column_gap: f64,
    /// Shortest word that is hyphenated, in letters. Example: `hyphenate_min_word: 6`
    pub hyphenate_min_word: usize,
    /// Fewest letters left on either side of a hyphen. Example: `hyphenate_min_fragment: 3`
    pub hyphenate_min_fragment: usize,
    /// Extra space between letters of ALL-CAPS runs, in em. Example: `caps_tracking: 0.06`
    pub caps_tracking: f64,
    /// PDF running header, a template string (`{{ meta.title }}`, `{{ page }}`,
    /// `{{ pages }}`, `{{ build.date }}`); empty for none.
    pub header: String,
    /// PDF running footer, as `header`. Example: `footer: "Page {{ page }} of {{ pages }}"`
    pub footer: String,
    /// EPUB: split into chapters at headings of this level (0: one chapter).
    /// Example: `chapter_level: 1`
    pub chapter_level: u8,
    /// EPUB: package the layout's fonts (their licences allow it) and set
    /// the book in them, as the PDF is. Example: `embed_fonts: true`
    pub embed_fonts: bool,
    /// HTML page: carry the layout's fonts inside the page (`data:` URIs,
    /// each face cut to the characters the page shows, about 20 KB) so it
    /// is set as the PDF is; the fragment never does (its host page
    /// chooses). Example: `web_fonts: true`
    pub web_fonts: bool,
    /// A table of contents after the title, `toc_depth` levels deep (PDF
    /// with page numbers, HTML page). Example: `toc: true`
    pub toc: bool,
    /// Print: the plain address of each link in small type under its
    /// paragraph, so a printed page stays usable. Example: `print_urls: true`
    pub print_urls: bool,
    /// A letter's sender block: lines set flush right above the title in
    /// small type (the brief's publisher address), the date under them.
    /// Example: `letterhead: [Python Software Foundation, "Beaverton, OR 97008"]`
    pub letterhead: Vec<String>,
    /// An image (PNG, JPEG or SVG) in the layout folder, set at the top left of
    /// the PDF's first page and the HTML page beside the letterhead.
    /// Example: `logo: logo.png`
    pub logo: Option<String>,
    /// The logo's height in points. Example: `logo_height: 36`
    pub logo_height: f64,
    /// How links look: `accent` (accent colour; underlined on screen only),
    /// `underline` (accent colour, underlined everywhere, print included) or
    /// `plain` (text colour, no underline). Example: `link_style: underline`
    pub link_style: LinkStyle,
    /// How tables are ruled: `rules` (a line under each row), `grid` (every
    /// cell boxed) or `stripes` (alternate rows shaded, no row lines).
    /// Example: `table_style: stripes`
    pub table_style: TableStyle,
    /// PDF standards the PDF is written to and checked against, comma-
    /// separated: `ua-1` (accessible, tagged), `a-2b`, `a-2u`, `a-3b`, …
    /// (archival); empty or `none` for none. Example: `pdf_standard: ua-1`
    pub pdf_standard: String,
    /// Under PDF/UA, an image without alt text is an error (naming its line)
    /// instead of a warning and decoration. Example: `alt_required: true`
    pub alt_required: bool,
    /// Styles for a div or span class (`::: note`, `[x]{.note}`, GitHub's
    /// `> [!NOTE]`), the same in every format; a class with no entry is
    /// kept as a class in HTML and ignored in print.
    /// Example: `classes: {note: {background: "#eef4fa", rule: "#306998"}}`
    pub classes: std::collections::BTreeMap<String, ClassStyle>,
    /// Code blocks: tab stops, long lines, the highlighting theme.
    /// Example: `code: {tab_width: 4, wrap: wrap, theme: {keyword: "#cf222e"}}`
    pub code: Code,
}

/// How one class looks: a shaded box, a rule down its left side, a text
/// colour, kept on one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClassStyle {
    /// The shade behind the block, `#rrggbb`. Example: `background: "#eef4fa"`
    pub background: Option<Color>,
    /// A rule down the block's left side, `#rrggbb`. Example: `rule: "#306998"`
    pub rule: Option<Color>,
    /// The text's colour, `#rrggbb`. Example: `color: "#7a2e0e"`
    pub color: Option<Color>,
    /// Print: keep the block on one page (up to a dozen lines; a longer one
    /// breaks as any text). Example: `keep: true`
    pub keep: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkStyle {
    #[default]
    Accent,
    Underline,
    Plain,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableStyle {
    #[default]
    Rules,
    Grid,
    Stripes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Page {
    /// `letter` or `a4`. Example: `size: letter`
    pub size: String,
    /// Margins in points (72 to the inch). Example: `margin: {top: 54, right: 54, bottom: 54, left: 54}`
    pub margin: Margins,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub left: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Fonts {
    /// Body text. Example: `text: [Inter, Liberation Sans]`
    pub text: Vec<String>,
    /// Headings. Example: `heading: [Inter]`
    pub heading: Vec<String>,
    /// Code. Example: `mono: [DejaVu Sans Mono]`
    pub mono: Vec<String>,
    /// A layout's own font files, by family, relative to the layout folder.
    /// Example: `files: {Inter: {regular: fonts/Inter-Regular.ttf, bold: fonts/Inter-Bold.ttf}}`
    pub files: std::collections::BTreeMap<String, FontFiles>,
}

/// The files of one font family; missing styles fall back to `regular`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FontFiles {
    pub regular: Option<String>,
    pub bold: Option<String>,
    pub italic: Option<String>,
    pub bold_italic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Colors {
    /// Body text. Example: `text: "#1f2328"`
    pub text: Color,
    /// Headings, links, rules that carry the brand. Example: `accent: "#306998"`
    pub accent: Color,
    /// Secondary text (subtitles, captions). Example: `muted: "#59636e"`
    pub muted: Color,
    /// Table and section rules. Example: `rule: "#d1d9e0"`
    pub rule: Color,
    /// Code and table header shading. Example: `shade: "#f6f8fa"`
    pub shade: Color,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            extends: None,
            description: String::new(),
            page: Page::default(),
            columns: 1,
            size: 10.5,
            leading: 1.45,
            fonts: Fonts::default(),
            title_scale: 2.3,
            heading_scale: vec![1.6, 1.3, 1.12, 1.0, 1.0, 1.0],
            colors: Colors::default(),
            justify: false,
            hyphenate: true,
            measure: 40.0,
            text_width: 72,
            toc_depth: 2,
            min_size: 8.0,
            max_pages: None,
            column_gap: 18.0,
            hyphenate_min_word: 6,
            hyphenate_min_fragment: 3,
            caps_tracking: 0.06,
            header: String::new(),
            footer:
                "{% if meta.title %}{{ meta.title }} · {% endif %}page {{ page }} of {{ pages }}"
                    .to_owned(),
            chapter_level: 0,
            letterhead: Vec::new(),
            logo: None,
            logo_height: 36.0,
            link_style: LinkStyle::Accent,
            table_style: TableStyle::Rules,
            pdf_standard: String::new(),
            alt_required: false,
            classes: Default::default(),
            embed_fonts: false,
            web_fonts: false,
            toc: false,
            print_urls: false,
            code: Default::default(),
        }
    }
}

impl Default for Page {
    fn default() -> Self {
        Page {
            size: "letter".to_owned(),
            margin: Margins {
                top: 54.0,
                right: 54.0,
                bottom: 54.0,
                left: 54.0,
            },
        }
    }
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            text: vec!["Inter".to_owned()],
            heading: vec!["Inter".to_owned()],
            mono: vec!["DejaVu Sans Mono".to_owned()],
            files: Default::default(),
        }
    }
}

impl Default for Colors {
    fn default() -> Self {
        Colors {
            text: Color::hex(0x1f2328),
            accent: Color::hex(0x306998),
            muted: Color::hex(0x59636e),
            rule: Color::hex(0xd1d9e0),
            shade: Color::hex(0xf6f8fa),
        }
    }
}

/// Code blocks and inline code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Code {
    /// Columns between tab stops: a tab moves to the next. Example: `tab_width: 4`
    pub tab_width: usize,
    /// A line wider than the column: `wrap` (onto a continuation line marked
    /// `↪`) or `shrink` (the block's type steps down to `min_size` so its
    /// longest line fits, then wraps). Example: `wrap: shrink`
    pub wrap: CodeWrap,
    /// A colour per kind of token, for every format. Example: `theme: {keyword: "#cf222e", comment: "#57606a"}`
    pub theme: Theme,
    /// Number the lines of every code block, in the muted colour, where
    /// copying does not pick them up; without it, only blocks marked
    /// `{.python .numberLines}` (pandoc's class; `startFrom="10"` starts
    /// elsewhere) are numbered. Example: `line_numbers: true`
    pub line_numbers: bool,
}

impl Default for Code {
    fn default() -> Self {
        Code {
            tab_width: 4,
            wrap: CodeWrap::Wrap,
            line_numbers: false,
            theme: Theme::default(),
        }
    }
}

/// How a long code line is made to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeWrap {
    Wrap,
    Shrink,
}

/// The highlighting theme: one colour per kind of token, on the code
/// background (`colors.shade`). The default passes WCAG AA (4.5:1) there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Theme {
    /// `def`, `if`, `match`, `SELECT`. Example: `keyword: "#cf222e"`
    pub keyword: Color,
    /// Quoted text. Example: `string: "#0a3069"`
    pub string: Color,
    /// Example: `comment: "#57606a"`
    pub comment: Color,
    /// Numbers and literals (`True`, `null`). Example: `number: "#0550ae"`
    pub number: Color,
    /// Names of functions where they are defined or called. Example: `function: "#6639ba"`
    pub function: Color,
    /// Names of classes and types. Example: `type: "#953800"`
    pub r#type: Color,
    /// Example: `operator: "#0550ae"`
    pub operator: Color,
    /// Brackets, commas, dots. Example: `punctuation: "#1f2328"`
    pub punctuation: Color,
    /// `>>>`, `...` and `$` of a session. Example: `prompt: "#116329"`
    pub prompt: Color,
    /// What a session printed. Example: `output: "#59636e"`
    pub output: Color,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            keyword: Color::hex(0xcf222e),
            string: Color::hex(0x0a3069),
            comment: Color::hex(0x57606a),
            number: Color::hex(0x0550ae),
            function: Color::hex(0x6639ba),
            r#type: Color::hex(0x953800),
            operator: Color::hex(0x0550ae),
            punctuation: Color::hex(0x1f2328),
            prompt: Color::hex(0x116329),
            output: Color::hex(0x59636e),
        }
    }
}

/// An sRGB colour, parsed from `#rrggbb` or `#rgb` when the layout loads,
/// so no writer meets a colour it cannot use. It is written back as
/// `#rrggbb` (templates and CSS see that form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    /// `0x306998` → `#306998`.
    pub const fn hex(rgb: u32) -> Color {
        Color {
            r: (rgb >> 16) as u8,
            g: (rgb >> 8) as u8,
            b: rgb as u8,
        }
    }

    /// `#rrggbb` or `#rgb`; anything else is an error that says so.
    pub fn parse(text: &str) -> Result<Color, String> {
        let wrong = || format!("`{text}` is not a colour; write it as `#rrggbb` or `#rgb`");
        let hex = text.trim().strip_prefix('#').ok_or_else(wrong)?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(wrong());
        }
        let digits: Vec<u8> = match hex.len() {
            3 => hex
                .chars()
                .map(|c| c.to_digit(16).unwrap_or(0) as u8 * 17)
                .collect(),
            6 => (0..3)
                .map(|i| u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).unwrap_or(0))
                .collect(),
            _ => return Err(wrong()),
        };
        Ok(Color {
            r: digits[0],
            g: digits[1],
            b: digits[2],
        })
    }

    /// The channels from 0 to 1, as PDF operators take them.
    pub fn unit(self) -> (f32, f32, f32) {
        let unit = |c: u8| f32::from(c) / 255.0;
        (unit(self.r), unit(self.g), unit(self.b))
    }

    /// Relative luminance (WCAG 2.2), 0 for black to 1 for white.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// The WCAG contrast ratio of two colours (1 to 21).
    pub fn contrast(self, other: Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

impl std::fmt::Display for Color {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Color, D::Error> {
        let text = String::deserialize(deserializer)?;
        Color::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_long_and_short() {
        assert_eq!(Color::parse("#306998"), Ok(Color::hex(0x306998)));
        assert_eq!(Color::parse("#abc"), Ok(Color::hex(0xaabbcc)));
        assert_eq!(Color::parse(" #ABC "), Ok(Color::hex(0xaabbcc)));
        assert_eq!(Color::hex(0xaabbcc).to_string(), "#aabbcc");
        for bad in ["306998", "#12345", "#ggg", "red", "#1234567", ""] {
            assert!(Color::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn contrast_is_wcag() {
        let (black, white) = (Color::hex(0), Color::hex(0xffffff));
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn a_wrong_colour_is_an_error_when_the_layout_loads() {
        let err = serde_yaml::from_str::<Style>("colors: {accent: blue}").unwrap_err();
        assert!(err.to_string().contains("`blue` is not a colour"), "{err}");
        let style: Style = serde_yaml::from_str("colors: {accent: \"#abc\"}").unwrap();
        assert_eq!(style.colors.accent, Color::hex(0xaabbcc));
    }
}
