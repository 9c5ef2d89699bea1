//! `styles.xml` from the layout: the same fonts, sizes, colours and spacing
//! the PDF is set in, under pandoc's style names (so a reference document
//! made for pandoc styles quire's output unchanged), and the page setup.

use super::props::{hex, twips, Border, Indent, ParaProps, RunProps, Spacing};
use super::xml::{escape, DECLARATION, W};
use crate::layout::{Layout, Style, TableStyle};
use crate::write::WriteOptions;
use std::fmt::Write;

/// US Letter and A4 in twips (8.5 × 11 in; 210 × 297 mm).
const LETTER: (i64, i64) = (12240, 15840);
const A4: (i64, i64) = (11906, 16838);
/// Where the header and footer sit from the page's edge: half an inch, as
/// Word's default.
const HEADER_DISTANCE: i64 = 720;
/// The footnote text and running header/footer, as a share of the body size
/// (the PDF's notes are set at this share).
const SMALL_SHARE: f64 = 0.85;
/// Code, as a share of the body size.
const CODE_SHARE: f64 = 0.9;

/// The page: its size, margins and the text block, in twips.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: i64,
    pub height: i64,
    pub top: i64,
    pub right: i64,
    pub bottom: i64,
    pub left: i64,
}

impl Geometry {
    pub fn of(style: &Style, options: &WriteOptions) -> Geometry {
        let size = options.paper.as_deref().unwrap_or(&style.page.size);
        let (width, height) = if size.eq_ignore_ascii_case("a4") {
            A4
        } else {
            LETTER
        };
        let m = &style.page.margin;
        Geometry {
            width,
            height,
            top: twips(m.top),
            right: twips(m.right),
            bottom: twips(m.bottom),
            left: twips(m.left),
        }
    }

    pub fn text_width(&self) -> i64 {
        (self.width - self.left - self.right).max(1440)
    }

    pub fn text_height(&self) -> i64 {
        (self.height - self.top - self.bottom).max(1440)
    }

    /// `<w:sectPr>` with the running header and footer's relationship ids.
    pub fn sect_pr(&self, header: Option<&str>, footer: Option<&str>) -> String {
        let mut out = String::from("<w:sectPr>");
        if let Some(id) = header {
            let _ = write!(out, "<w:headerReference w:type=\"default\" r:id=\"{id}\"/>");
        }
        if let Some(id) = footer {
            let _ = write!(out, "<w:footerReference w:type=\"default\" r:id=\"{id}\"/>");
        }
        let _ = write!(
            out,
            "<w:pgSz w:w=\"{}\" w:h=\"{}\"/><w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" \
             w:left=\"{}\" w:header=\"{HEADER_DISTANCE}\" w:footer=\"{HEADER_DISTANCE}\" w:gutter=\"0\"/>\
             </w:sectPr>",
            self.width, self.height, self.top, self.right, self.bottom, self.left
        );
        out
    }
}

/// One style of `styles.xml`.
#[derive(Debug, Clone)]
pub struct StyleDef {
    pub id: String,
    pub name: String,
    /// `paragraph`, `character` or `table`.
    pub kind: &'static str,
    pub based_on: Option<&'static str>,
    pub next: Option<&'static str>,
    pub default: bool,
    pub para: ParaProps,
    pub run: RunProps,
    /// A table style's `tblPr` and `tblStylePr` elements, written as they are.
    pub table: String,
}

impl StyleDef {
    fn new(kind: &'static str, id: &str, name: &str) -> StyleDef {
        StyleDef {
            id: id.to_owned(),
            name: name.to_owned(),
            kind,
            based_on: None,
            next: None,
            default: false,
            para: ParaProps::default(),
            run: RunProps::default(),
            table: String::new(),
        }
    }

    fn paragraph(id: &str, name: &str, based_on: &'static str) -> StyleDef {
        StyleDef {
            based_on: Some(based_on),
            ..StyleDef::new("paragraph", id, name)
        }
    }

    /// `<w:style>`, its children in the schema's order (17.7.4.17).
    pub fn xml(&self, out: &mut String) {
        let _ = write!(out, "<w:style w:type=\"{}\"", self.kind);
        if self.default {
            out.push_str(" w:default=\"1\"");
        }
        let _ = write!(
            out,
            " w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
            escape(&self.id),
            escape(&self.name)
        );
        if let Some(based_on) = self.based_on {
            let _ = write!(out, "<w:basedOn w:val=\"{based_on}\"/>");
        }
        if let Some(next) = self.next {
            let _ = write!(out, "<w:next w:val=\"{next}\"/>");
        }
        out.push_str("<w:qFormat/>");
        if !self.para.is_empty() {
            self.para.write(out);
        }
        if !self.run.is_empty() {
            self.run.write(out);
        }
        out.push_str(&self.table);
        out.push_str("</w:style>");
    }
}

fn half_points(points: f64) -> u32 {
    (points * 2.0).round().max(2.0) as u32
}

fn first(fonts: &[String]) -> Option<String> {
    fonts.first().cloned()
}

/// The style id a name gets: its letters and digits (`Block Text` →
/// `BlockText`), as Word makes them.
pub fn style_id(name: &str) -> String {
    let id: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
    if id.is_empty() {
        "Custom".to_owned()
    } else {
        id
    }
}

/// Every style the writer uses, from the layout; `custom` are the names
/// `custom-style` asked for (made as Body Text unless the layout's classes
/// say more).
pub fn styles(layout: &Layout, custom: &[String]) -> Vec<StyleDef> {
    let s = &layout.style;
    let c = &s.colors;
    let size = s.size;
    let em = |share: f64| twips(size * share);
    let mut out = Vec::new();

    let mut normal = StyleDef::new("paragraph", "Normal", "Normal");
    normal.default = true;
    out.push(normal);

    let mut body = StyleDef::paragraph("BodyText", "Body Text", "Normal");
    body.para.spacing = Some(Spacing {
        before: Some(0),
        after: Some(em(0.75)),
        line: None,
    });
    out.push(body);
    out.push(StyleDef::paragraph(
        "FirstParagraph",
        "First Paragraph",
        "BodyText",
    ));
    let mut compact = StyleDef::paragraph("Compact", "Compact", "BodyText");
    compact.para.spacing = Some(Spacing {
        before: Some(em(0.15)),
        after: Some(em(0.15)),
        line: None,
    });
    out.push(compact);

    let heading_font = first(&s.fonts.heading);
    let mut title = StyleDef::paragraph("Title", "Title", "Normal");
    title.next = Some("BodyText");
    title.para.keep_next = true;
    title.para.keep_lines = true;
    title.para.spacing = Some(Spacing {
        before: Some(0),
        after: Some(em(0.5)),
        line: Some(240),
    });
    title.run = RunProps {
        font: heading_font.clone(),
        bold: true,
        color: Some(c.accent),
        size: Some(half_points(size * s.title_scale)),
        ..RunProps::default()
    };
    out.push(title);
    let mut subtitle = StyleDef::paragraph("Subtitle", "Subtitle", "Title");
    subtitle.next = Some("BodyText");
    subtitle.run = RunProps {
        bold: false,
        color: Some(c.muted),
        size: Some(half_points(size * s.title_scale.sqrt())),
        ..RunProps::default()
    };
    out.push(subtitle);
    for (id, name) in [("Author", "Author"), ("Date", "Date")] {
        let mut style = StyleDef::paragraph(id, name, "Normal");
        style.next = Some("BodyText");
        style.para.keep_next = true;
        style.para.spacing = Some(Spacing {
            before: Some(0),
            after: Some(em(0.3)),
            line: None,
        });
        style.run.color = Some(c.muted);
        out.push(style);
    }
    let mut r#abstract = StyleDef::paragraph("Abstract", "Abstract", "Normal");
    r#abstract.next = Some("BodyText");
    r#abstract.run.italic = true;
    out.push(r#abstract);

    for level in 1..=6u8 {
        let scale = s
            .heading_scale
            .get(usize::from(level) - 1)
            .copied()
            .unwrap_or(1.0);
        let mut h = StyleDef::paragraph(
            &format!("Heading{level}"),
            &format!("heading {level}"),
            "Normal",
        );
        h.next = Some("BodyText");
        // A heading never ends a page: it keeps with the paragraph after it
        // and its own lines together, as the PDF's pagination does.
        h.para.keep_next = true;
        h.para.keep_lines = true;
        h.para.spacing = Some(Spacing {
            before: Some(em(scale * 1.1)),
            after: Some(em(0.4)),
            line: Some(240),
        });
        h.para.outline_level = Some(level - 1);
        h.run = RunProps {
            font: heading_font.clone(),
            bold: true,
            color: Some(c.accent),
            size: Some(half_points(size * scale)),
            ..RunProps::default()
        };
        out.push(h);
    }

    let rule = |color| Border {
        color,
        eighths: 12,
        space: 8,
    };
    let mut quote = StyleDef::paragraph("BlockText", "Block Text", "BodyText");
    quote.para.indent = Some(Indent {
        left: em(1.6),
        right: em(1.6),
        ..Indent::default()
    });
    quote.para.border_left = Some(rule(c.rule));
    quote.run.color = Some(c.muted);
    out.push(quote);

    let mono = first(&s.fonts.mono);
    let mut code = StyleDef::paragraph("SourceCode", "Source Code", "Normal");
    code.para.shading = Some(c.shade);
    code.para.keep_lines = true;
    code.para.suppress_hyphens = true;
    code.para.spacing = Some(Spacing {
        before: Some(0),
        after: Some(em(0.75)),
        line: Some(240),
    });
    code.para.justify = Some("left");
    code.run = RunProps {
        font: mono.clone(),
        size: Some(half_points(size * CODE_SHARE)),
        ..RunProps::default()
    };
    out.push(code);

    let mut default_font = StyleDef::new(
        "character",
        "DefaultParagraphFont",
        "Default Paragraph Font",
    );
    default_font.default = true;
    out.push(default_font);
    let mut body_char = StyleDef::new("character", "BodyTextChar", "Body Text Char");
    body_char.based_on = Some("DefaultParagraphFont");
    out.push(body_char);
    let mut verbatim = StyleDef::new("character", "VerbatimChar", "Verbatim Char");
    verbatim.based_on = Some("BodyTextChar");
    verbatim.run = RunProps {
        font: mono,
        size: Some(half_points(size * CODE_SHARE)),
        ..RunProps::default()
    };
    out.push(verbatim);
    let mut link = StyleDef::new("character", "Hyperlink", "Hyperlink");
    link.based_on = Some("BodyTextChar");
    link.run.color = Some(match s.link_style {
        crate::layout::LinkStyle::Plain => c.text,
        _ => c.accent,
    });
    link.run.underline = s.link_style == crate::layout::LinkStyle::Underline;
    out.push(link);

    let mut caption = StyleDef::paragraph("Caption", "caption", "Normal");
    caption.para.spacing = Some(Spacing {
        before: Some(em(0.3)),
        after: Some(em(0.9)),
        line: None,
    });
    caption.run = RunProps {
        italic: true,
        color: Some(c.muted),
        size: Some(half_points(size * SMALL_SHARE)),
        ..RunProps::default()
    };
    out.push(caption);
    let mut table_caption = StyleDef::paragraph("TableCaption", "Table Caption", "Caption");
    table_caption.para.keep_next = true;
    out.push(table_caption);
    let mut image_caption = StyleDef::paragraph("ImageCaption", "Image Caption", "Caption");
    image_caption.para.justify = Some("center");
    out.push(image_caption);
    let mut figure = StyleDef::paragraph("CaptionedFigure", "Captioned Figure", "Normal");
    figure.para.keep_next = true;
    figure.para.justify = Some("center");
    out.push(figure);
    let mut plain_figure = StyleDef::paragraph("Figure", "Figure", "Normal");
    plain_figure.para.justify = Some("center");
    out.push(plain_figure);

    let mut term = StyleDef::paragraph("DefinitionTerm", "Definition Term", "Normal");
    term.next = Some("Definition");
    term.para.keep_next = true;
    term.run.bold = true;
    out.push(term);
    let mut definition = StyleDef::paragraph("Definition", "Definition", "Normal");
    definition.para.indent = Some(Indent {
        left: em(1.6),
        ..Indent::default()
    });
    out.push(definition);

    let mut note = StyleDef::paragraph("FootnoteText", "footnote text", "Normal");
    note.para.spacing = Some(Spacing {
        before: Some(0),
        after: Some(em(0.3)),
        line: Some(240),
    });
    note.run.size = Some(half_points(size * SMALL_SHARE));
    out.push(note);
    let mut note_ref = StyleDef::new("character", "FootnoteReference", "footnote reference");
    note_ref.based_on = Some("BodyTextChar");
    note_ref.run.vertical = Some("superscript");
    out.push(note_ref);
    for (id, name) in [("Header", "header"), ("Footer", "footer")] {
        let mut running = StyleDef::paragraph(id, name, "Normal");
        running.para.justify = Some("center");
        running.run = RunProps {
            color: Some(c.muted),
            size: Some(half_points(size * SMALL_SHARE)),
            ..RunProps::default()
        };
        out.push(running);
    }
    let mut toc_heading = StyleDef::paragraph("TOCHeading", "TOC Heading", "Heading1");
    toc_heading.para.outline_level = None;
    out.push(toc_heading);
    for level in 1..=3u8 {
        let mut toc =
            StyleDef::paragraph(&format!("TOC{level}"), &format!("toc {level}"), "Normal");
        toc.para.indent = Some(Indent {
            left: em(1.2 * f64::from(level - 1)),
            ..Indent::default()
        });
        toc.para.spacing = Some(Spacing {
            before: Some(0),
            after: Some(em(0.2)),
            line: None,
        });
        out.push(toc);
    }

    let mut table_normal = StyleDef::new("table", "TableNormal", "Normal Table");
    table_normal.default = true;
    table_normal.table = "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>\
        <w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
        <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>\
        </w:tblCellMar></w:tblPr>"
        .to_owned();
    out.push(table_normal);
    out.push(table_style(s));

    for (class, look) in &s.classes {
        let mut para = StyleDef::paragraph(&style_id(class), class, "BodyText");
        para.para.shading = look.background;
        para.para.border_left = look.rule.map(rule);
        para.para.keep_next = look.keep;
        para.para.keep_lines = look.keep;
        para.run.color = look.color;
        out.push(para);
        let mut chars = StyleDef::new(
            "character",
            &format!("{}Char", style_id(class)),
            &format!("{class} Char"),
        );
        chars.based_on = Some("BodyTextChar");
        chars.run.color = look.color;
        out.push(chars);
    }
    for name in custom {
        if !out.iter().any(|d| d.id == style_id(name)) {
            out.push(StyleDef::paragraph(&style_id(name), name, "BodyText"));
        }
    }
    out
}

/// The `Table` style: the layout's `table_style` (rules under rows, a grid,
/// or stripes), its header row shaded and bold.
fn table_style(s: &Style) -> StyleDef {
    let c = &s.colors;
    let line = |side: &str| {
        format!(
            "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{}\"/>",
            hex(c.rule)
        )
    };
    let borders = match s.table_style {
        TableStyle::Rules => format!("{}{}{}", line("top"), line("bottom"), line("insideH")),
        TableStyle::Grid => ["top", "left", "bottom", "right", "insideH", "insideV"]
            .map(line)
            .concat(),
        TableStyle::Stripes => format!("{}{}", line("top"), line("bottom")),
    };
    let shade = |color| {
        format!(
            "<w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/></w:tcPr>",
            hex(color)
        )
    };
    let mut table = StyleDef::new("table", "Table", "Table");
    table.based_on = Some("TableNormal");
    table.table = format!(
        "<w:tblPr><w:tblStyleRowBandSize w:val=\"1\"/><w:tblBorders>{borders}</w:tblBorders>\
         <w:tblCellMar><w:top w:w=\"60\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"60\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>\
         <w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/><w:bCs/></w:rPr>{}</w:tblStylePr>{}",
        shade(c.shade),
        if s.table_style == TableStyle::Stripes {
            format!("<w:tblStylePr w:type=\"band2Horz\">{}</w:tblStylePr>", shade(c.shade))
        } else {
            String::new()
        }
    );
    table
}

/// `styles.xml`: defaults from the layout's body type, then the styles.
pub fn styles_xml(layout: &Layout, lang: &str, defs: &[StyleDef]) -> String {
    let mut out = format!("{DECLARATION}<w:styles xmlns:w=\"{W}\">");
    out.push_str(&doc_defaults(layout, lang));
    for def in defs {
        def.xml(&mut out);
    }
    out.push_str("</w:styles>");
    out
}

/// `<w:docDefaults>`: the body's font, size, colour, language and leading.
pub fn doc_defaults(layout: &Layout, lang: &str) -> String {
    let s = &layout.style;
    let mut run = String::new();
    RunProps {
        font: first(&s.fonts.text),
        color: Some(s.colors.text),
        size: Some(half_points(s.size)),
        lang: Some(lang.to_owned()),
        ..RunProps::default()
    }
    .write_inner(&mut run);
    let mut para = String::new();
    ParaProps {
        spacing: Some(Spacing {
            before: Some(0),
            after: Some(0),
            line: Some((s.leading * 240.0).round() as i64),
        }),
        justify: s.justify.then_some("both"),
        ..ParaProps::default()
    }
    .write_inner(&mut para);
    format!(
        "<w:docDefaults><w:rPrDefault><w:rPr>{run}</w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr>{para}</w:pPr></w:pPrDefault></w:docDefaults>"
    )
}

/// `fontTable.xml`: each font the styles name, with a family Word falls
/// back on where the font is not installed (a lawyer's machine has Arial,
/// Times New Roman and Courier New).
pub fn font_table(style: &Style) -> String {
    let mut out = format!("{DECLARATION}<w:fonts xmlns:w=\"{W}\">");
    let mut seen = Vec::new();
    for (fonts, default_family) in [
        (&style.fonts.text, "swiss"),
        (&style.fonts.heading, "swiss"),
        (&style.fonts.mono, "modern"),
    ] {
        let Some(name) = fonts.first() else { continue };
        if seen.contains(name) {
            continue;
        }
        seen.push(name.clone());
        let lower = name.to_ascii_lowercase();
        let family = if default_family == "modern"
            || ["mono", "code", "courier", "consol"]
                .iter()
                .any(|m| lower.contains(m))
        {
            "modern"
        } else if [
            "serif", "times", "georgia", "garamond", "roman", "minion", "charter",
        ]
        .iter()
        .any(|m| lower.contains(m))
            && !lower.contains("sans")
        {
            "roman"
        } else {
            "swiss"
        };
        let alternative = match family {
            "modern" => "Courier New",
            "roman" => "Times New Roman",
            _ => "Arial",
        };
        let pitch = if family == "modern" {
            "fixed"
        } else {
            "variable"
        };
        let _ = write!(
            out,
            "<w:font w:name=\"{}\">{}<w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/></w:font>",
            escape(name),
            if name == alternative {
                String::new()
            } else {
                format!("<w:altName w:val=\"{alternative}\"/>")
            }
        );
    }
    out.push_str("</w:fonts>");
    out
}

impl StyleDef {
    /// A character style `custom-style` names on a span, as Body Text Char.
    pub fn character(id: &str, name: &str) -> StyleDef {
        StyleDef {
            based_on: Some("BodyTextChar"),
            ..StyleDef::new("character", id, name)
        }
    }
}
