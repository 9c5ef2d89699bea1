//! pandoc's front matter (its LaTeX template's variables) over a layout's
//! style: `geometry`, `fontsize`, `papersize`, `pagestyle`, `linestretch`,
//! `toc`, `mainfont`/`monofont`, `classoption`, and `\pagenumbering{gobble}`
//! in `header-includes`. Keys that only LaTeX can honour are reported, with
//! what was done instead, never silently dropped.

use super::{Layout, Style};
use crate::doc::{Meta, Value};
use std::borrow::Cow;

/// What the front matter asked for that quire cannot do, by key.
#[derive(Debug, Clone, PartialEq)]
pub struct Ignored {
    pub key: String,
    pub message: String,
}

/// Keys of pandoc's LaTeX template that set nothing quire has.
const LATEX_ONLY: &[&str] = &[
    "documentclass",
    "fontfamily",
    "fontfamilyoptions",
    "mainfontoptions",
    "sansfont",
    "sansfontoptions",
    "monofontoptions",
    "mathfont",
    "CJKmainfont",
    "fontenc",
    "linkcolor",
    "urlcolor",
    "citecolor",
    "toccolor",
    "filecolor",
    "colorlinks",
    "indent",
    "subparagraph",
    "secnumdepth",
    "include-before",
    "include-after",
    "biblio-style",
    "natbiboptions",
    "microtypeoptions",
    "hyperrefoptions",
    "beamer",
];

/// The keys that make a document a pandoc-LaTeX one: their page is one
/// column, as LaTeX's article class sets it, whatever the layout says.
const PAGE_KEYS: &[&str] = &[
    "geometry",
    "fontsize",
    "font-size",
    "papersize",
    "documentclass",
];

/// The layout with the document's pandoc settings applied; the layout
/// itself when the front matter has none.
pub fn apply<'a>(layout: &'a Layout, meta: &Meta) -> Cow<'a, Layout> {
    let mut style = layout.style.clone();
    apply_style(&mut style, meta);
    if style != layout.style {
        let mut changed = layout.clone();
        changed.style = style;
        Cow::Owned(changed)
    } else {
        Cow::Borrowed(layout)
    }
}

/// Applies what it can of the front matter to `style`.
pub fn apply_style(style: &mut Style, meta: &Meta) {
    let extra = &meta.extra;
    if PAGE_KEYS.iter().any(|k| extra.contains_key(*k)) {
        style.columns = 1;
    }
    if let Some(options) = extra.get("classoption") {
        for option in strings(options) {
            match option.as_str() {
                "twocolumn" => style.columns = 2,
                "onecolumn" => style.columns = 1,
                "a4paper" => style.page.size = "a4".to_owned(),
                "letterpaper" => style.page.size = "letter".to_owned(),
                _ => {}
            }
        }
    }
    if let Some(geometry) = extra.get("geometry") {
        for option in geometry_options(geometry) {
            apply_geometry(style, &option);
        }
    }
    if let Some(size) = extra
        .get("fontsize")
        .or_else(|| extra.get("font-size"))
        .and_then(|v| length(&v.to_text()))
    {
        if size > 0.0 {
            style.size = size;
            // The document asked for this size: fit-to-pages keeps it.
            style.min_size = size;
        }
    }
    if let Some(paper) = extra.get("papersize").and_then(|v| paper(&v.to_text())) {
        style.page.size = paper.to_owned();
    }
    if let Some(stretch) = extra.get("linestretch").and_then(number) {
        if stretch > 0.0 {
            // LaTeX's baselines are 1.2 of the size; \linespread multiplies them.
            style.leading = 1.2 * stretch;
        }
    }
    if let Some(Value::Bool(toc)) = extra.get("toc") {
        style.toc = *toc;
    }
    if let Some(depth) = extra.get("toc-depth").and_then(number) {
        style.toc_depth = depth.clamp(1.0, 6.0) as u8;
    }
    match extra.get("pagestyle").map(Value::to_text).as_deref() {
        Some("empty") => {
            style.header.clear();
            style.footer.clear();
        }
        Some("plain") => {
            // The page number alone, centred in the foot: quire's footer is
            // left as the layout has it, its header dropped.
            style.header.clear();
        }
        _ => {}
    }
    if header_includes(meta).iter().any(|raw| is_gobble(raw)) {
        // No page numbers: what mentions the page goes from header and footer.
        for line in [&mut style.header, &mut style.footer] {
            if line.contains("page") {
                line.clear();
            }
        }
    }
    for (key, fonts) in [
        ("mainfont", &mut style.fonts.text),
        ("monofont", &mut style.fonts.mono),
    ] {
        if let Some(family) = extra.get(key).map(Value::to_text) {
            if known_family(&family, &style.fonts.files) {
                fonts.retain(|f| !f.eq_ignore_ascii_case(&family));
                fonts.insert(0, family);
            }
        }
    }
}

/// What the front matter asks for that is not done, with why, in key order;
/// fonts are checked against `style`'s when it is given.
pub fn ignored(meta: &Meta, style: Option<&Style>) -> Vec<Ignored> {
    let mut out = Vec::new();
    let mut push = |key: &str, message: String| {
        out.push(Ignored {
            key: key.to_owned(),
            message,
        })
    };
    for (key, value) in &meta.extra {
        match key.as_str() {
            "font-size" => push(
                key,
                "`font-size` is honoured, but pandoc itself ignores it (it reads `fontsize`)"
                    .to_owned(),
            ),
            "header-includes" => {
                for raw in strings(value) {
                    let raw = raw.trim();
                    if !raw.is_empty() && !is_gobble(raw) {
                        push(
                            key,
                            format!("raw LaTeX in `header-includes` is ignored: `{raw}`"),
                        );
                    }
                }
            }
            "geometry" => {
                for option in geometry_options(value) {
                    if !geometry_known(&option) {
                        push(key, format!("geometry option `{option}` is ignored"));
                    }
                }
            }
            "pagestyle" => {
                let text = value.to_text();
                if !matches!(text.as_str(), "empty" | "plain") {
                    push(
                        key,
                        format!("`pagestyle: {text}` is ignored (quire knows `empty` and `plain`)"),
                    );
                }
            }
            "classoption" => {
                for option in strings(value) {
                    let known = ["twocolumn", "onecolumn", "a4paper", "letterpaper"];
                    if !known.contains(&option.as_str()) && length(&option).is_none() {
                        push(key, format!("class option `{option}` is ignored"));
                    }
                }
            }
            "mainfont" | "monofont" => {
                let family = value.to_text();
                if style.is_some_and(|style| !known_family(&family, &style.fonts.files)) {
                    push(
                        key,
                        format!("no font `{family}` in the layout; its own fonts are used"),
                    );
                }
            }
            "papersize" if paper(&value.to_text()).is_none() => push(
                key,
                format!(
                    "paper size `{}` is unknown (quire knows letter and a4)",
                    value.to_text()
                ),
            ),
            key if LATEX_ONLY.contains(&key) => push(
                key,
                format!("`{key}` is a LaTeX setting quire has no use for; it is ignored"),
            ),
            _ => {}
        }
    }
    out
}

/// The raw LaTeX lines of `header-includes` (a string or a list, each
/// possibly written as `` `…`{=latex} ``).
fn header_includes(meta: &Meta) -> Vec<String> {
    meta.extra
        .get("header-includes")
        .map(strings)
        .unwrap_or_default()
}

fn is_gobble(raw: &str) -> bool {
    raw.replace(' ', "").contains("\\pagenumbering{gobble}")
}

/// A value as strings: a list's items, or the one string; a raw inline
/// (`` `\x`{=latex} ``) as its content.
fn strings(value: &Value) -> Vec<String> {
    let items: Vec<String> = match value {
        Value::List(items) => items.iter().map(Value::to_text).collect(),
        other => vec![other.to_text()],
    };
    // A YAML `|` block is one string of several lines: each its own.
    items
        .iter()
        .flat_map(|item| item.lines())
        .map(|item| {
            let trimmed = item.trim();
            match trimmed
                .strip_prefix('`')
                .and_then(|rest| rest.split_once("`{="))
            {
                Some((raw, _)) => raw.to_owned(),
                None => trimmed.to_owned(),
            }
        })
        .collect()
}

/// geometry's options: a list, or one comma-separated string.
fn geometry_options(value: &Value) -> Vec<String> {
    strings(value)
        .iter()
        .flat_map(|s| s.split(','))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn geometry_known(option: &str) -> bool {
    let mut style = Style::default();
    apply_geometry(&mut style, option)
}

/// One geometry option (`margin=1.25in`, `left=2cm`, `a4paper`); whether
/// it was understood.
fn apply_geometry(style: &mut Style, option: &str) -> bool {
    let (key, value) = match option.split_once('=') {
        Some((k, v)) => (k.trim(), v.trim()),
        None => (option.trim(), ""),
    };
    if value.is_empty() {
        if let Some(size) = paper(key) {
            style.page.size = size.to_owned();
            return true;
        }
        return false;
    }
    let Some(points) = length(value) else {
        return false;
    };
    let m = &mut style.page.margin;
    match key {
        "margin" => {
            m.top = points;
            m.bottom = points;
            m.left = points;
            m.right = points;
        }
        "hmargin" => {
            m.left = points;
            m.right = points;
        }
        "vmargin" => {
            m.top = points;
            m.bottom = points;
        }
        "top" | "tmargin" => m.top = points,
        "bottom" | "bmargin" => m.bottom = points,
        "left" | "lmargin" | "inner" => m.left = points,
        "right" | "rmargin" | "outer" => m.right = points,
        "paper" | "papersize" => match paper(value) {
            Some(size) => style.page.size = size.to_owned(),
            None => return false,
        },
        _ => return false,
    }
    true
}

/// A TeX length in points: `1.25in`, `2cm`, `15mm`, `12pt`, `72bp`.
pub fn length(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let per = match unit.trim() {
        "in" => 72.0,
        "cm" => 72.0 / 2.54,
        "mm" => 72.0 / 25.4,
        // TeX's point is 1/72.27 in; the difference is lost in rounding.
        "pt" | "bp" | "" => 1.0,
        "pc" => 12.0,
        _ => return None,
    };
    Some(number * per)
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn paper(text: &str) -> Option<&'static str> {
    match text.trim().to_ascii_lowercase().as_str() {
        "a4" | "a4paper" => Some("a4"),
        "letter" | "letterpaper" | "us-letter" => Some("letter"),
        _ => None,
    }
}

/// A family the layout ships or quire has built in.
fn known_family(
    family: &str,
    files: &std::collections::BTreeMap<String, super::FontFiles>,
) -> bool {
    let lower = family.to_lowercase();
    ["inter", "dejavu sans mono", "dejavu sans"].contains(&lower.as_str())
        || files.keys().any(|k| k.to_lowercase() == lower)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn meta(pairs: &[(&str, Value)]) -> Meta {
        Meta {
            extra: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
            ..Meta::default()
        }
    }

    fn text(s: &str) -> Value {
        Value::String(s.to_owned())
    }

    #[test]
    fn the_agreement_front_matter() {
        let meta = meta(&[
            ("geometry", Value::List(vec![text("margin=1.25in")])),
            ("font-size", text("12pt")),
            ("pagestyle", text("empty")),
            (
                "header-includes",
                Value::List(vec![text("`\\pagenumbering{gobble}`{=latex}")]),
            ),
        ]);
        let mut style = Style {
            columns: 2,
            footer: "Page {{ page }}".to_owned(),
            ..Style::default()
        };
        apply_style(&mut style, &meta);
        assert_eq!(style.page.margin.left, 90.0);
        assert_eq!(style.page.margin.top, 90.0);
        assert_eq!(style.size, 12.0);
        assert_eq!(style.columns, 1);
        assert!(style.footer.is_empty() && style.header.is_empty());
        let ignored = ignored(&meta, Some(&style));
        assert_eq!(ignored.len(), 1, "{ignored:?}");
        assert_eq!(ignored[0].key, "font-size");
    }

    #[test]
    fn lengths_and_options() {
        assert_eq!(length("1in"), Some(72.0));
        assert!((length("2.54cm").unwrap() - 72.0).abs() < 1e-9);
        assert!((length("25.4mm").unwrap() - 72.0).abs() < 1e-9);
        assert_eq!(length("1em"), None);
        let mut style = Style::default();
        for option in geometry_options(&text("top=1in, left=2cm,a4paper")) {
            assert!(apply_geometry(&mut style, &option), "{option}");
        }
        assert_eq!(style.page.margin.top, 72.0);
        assert_eq!(style.page.size, "a4");
        let meta = meta(&[
            ("documentclass", text("article")),
            ("header-includes", text("\\usepackage{fancyhdr}")),
        ]);
        let keys: Vec<String> = ignored(&meta, None).into_iter().map(|i| i.key).collect();
        assert_eq!(keys, ["documentclass", "header-includes"]);
    }
}
