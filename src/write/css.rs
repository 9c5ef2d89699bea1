//! Scoping CSS under one class, so the layout's rules for a fragment or an
//! EPUB cannot restyle anything outside the element that carries it.

use cssparser::{Delimiter, ParseError, Parser, SourcePosition, Token};
use std::sync::{Mutex, PoisonError};

/// Prefixes every selector of `css` with `.scope`, so the rules cannot
/// reach outside the element that carries the class. `html`, `body` and
/// `:root` become the scope itself; at-rules that hold rules are scoped inside.
pub fn scope_css(css: &str, scope: &str) -> String {
    let prescoped = PRESCOPED
        .iter()
        .find(|entry| entry.class == scope && entry.sheet == css);
    if let Some(entry) = prescoped {
        return entry.scoped.to_owned();
    }
    // One sheet is scoped for a document's page, fragment and EPUB, and
    // again on every rebuild and every record of a batch (a fifth of an
    // HTML build each time): the last one is kept.
    static LAST: Mutex<Option<(String, String, String)>> = Mutex::new(None);
    let last = || LAST.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((sheet, class, scoped)) = last().as_ref() {
        if sheet == css && class == scope {
            return scoped.clone();
        }
    }
    let mut out = String::with_capacity(css.len() + css.len() / 4);
    scope_rules(&strip_comments(css), &format!(".{scope}"), &mut out);
    *last() = Some((css.to_owned(), scope.to_owned(), out.clone()));
    out
}

/// The built-in `style.css` (only `base` has one; the others extend it).
const BUILTIN_SHEET_TEMPLATE: &str = include_str!("../../layouts/base/style.css");

/// The sheet `style.css` renders to for `style`, when it is known without
/// rendering: the template is the built-in one, which reads nothing but
/// `style`, and the style is a built-in layout's own (most documents
/// change nothing of it). Compiling and rendering the 9 KB template was
/// a fifth of an HTML page's instructions.
pub fn prerendered_sheet(template: &str, style: &crate::layout::Style) -> Option<&'static str> {
    if template != BUILTIN_SHEET_TEMPLATE {
        return None;
    }
    let json = serde_json::to_string(style).ok()?;
    PRESCOPED
        .iter()
        .find(|entry| entry.style == json)
        .map(|entry| entry.sheet)
}

/// A built-in layout's sheet, made ahead (`PRESCOPED`).
struct Prescoped {
    /// The layout's name (the test checks every built-in one is here).
    #[cfg_attr(not(test), allow(dead_code))]
    layout: &'static str,
    /// The class it is scoped under.
    class: &'static str,
    /// The sheet as the layout's style renders it.
    sheet: &'static str,
    /// The sheet scoped under `class`.
    scoped: &'static str,
    /// The style the sheet was rendered from, as JSON.
    style: &'static str,
}

macro_rules! prescoped {
    ($layout:literal) => {
        Prescoped {
            layout: $layout,
            class: "quire",
            sheet: include_str!(concat!("scoped-sheets/", $layout, ".css")),
            scoped: include_str!(concat!("scoped-sheets/", $layout, ".scoped.css")),
            style: include_str!(concat!("scoped-sheets/", $layout, ".style.json")),
        }
    };
}

/// Each built-in layout's style sheet as its own style renders it, and the
/// sheet scoped under the HTML page's class: most documents change nothing
/// of their layout's style, and scoping its 9 KB with cssparser was three
/// quarters of what an HTML page adds to a text build. The test
/// `the_prescoped_sheets_are_the_layouts_sheets_scoped` checks each, and
/// makes them again with `QUIRE_BLESS=1` (after a change to a layout's
/// style or to the scoping).
const PRESCOPED: [Prescoped; 5] = [
    prescoped!("base"),
    prescoped!("brief"),
    prescoped!("factsheet"),
    prescoped!("handout"),
    prescoped!("report"),
];

/// CSS without its `/* … */` comments (they would otherwise be read as
/// part of the next selector).
fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

fn scope_rules(css: &str, scope: &str, out: &mut String) {
    let mut parser = Parser::new(css);
    scope_block(&mut parser, scope, out);
}

/// The rules of one block (the sheet, or an `@media` body), read with
/// cssparser so that commas inside `:is(…)` or a quoted attribute value are
/// never taken for selector separators.
fn scope_block(parser: &mut Parser<'_>, scope: &str, out: &mut String) {
    loop {
        // Whitespace between rules is kept as it is; after the last, dropped.
        let before = parser.position();
        parser.skip_whitespace();
        if parser.is_exhausted() {
            return;
        }
        out.push_str(parser.slice_from(before));
        let start = parser.position();
        let mut at_rule: Option<String> = None;
        let mut first = true;
        // The prelude: every token up to the rule's `{` (or an at-rule's `;`).
        let ended = loop {
            let token_start = parser.position();
            match parser.next_including_whitespace() {
                Err(_) => break End::Input,
                Ok(Token::CurlyBracketBlock) => break End::Block(token_start),
                Ok(Token::Semicolon) => break End::Statement,
                Ok(Token::AtKeyword(name)) if first => at_rule = Some(name.to_ascii_lowercase()),
                Ok(_) => {}
            }
            first = false;
        };
        match ended {
            End::Input => {
                out.push_str(parser.slice_from(start));
                return;
            }
            End::Statement => out.push_str(parser.slice_from(start)),
            End::Block(open) => {
                let prelude = parser.slice(start..open).trim();
                let nested = matches!(
                    at_rule.as_deref(),
                    Some("media" | "supports" | "layer" | "container")
                );
                match at_rule {
                    // @media and its kind hold rules: scope those.
                    Some(_) if nested => {
                        out.push_str(prelude);
                        out.push_str(" {");
                        let _ = parser.parse_nested_block(|block| {
                            scope_block(block, scope, out);
                            Ok::<_, ParseError<()>>(())
                        });
                    }
                    // @font-face, @page, @keyframes: not selectors; kept as written.
                    Some(_) => {
                        out.push_str(prelude);
                        out.push_str(" {");
                        out.push_str(&block_text(parser));
                    }
                    None => {
                        out.push_str(&selector_list(prelude, scope).join(", "));
                        out.push_str(" {");
                        out.push_str(&block_text(parser));
                    }
                }
                out.push('}');
            }
        }
    }
}

/// How a rule's prelude ended.
enum End {
    Input,
    Statement,
    /// At the block's `{`.
    Block(SourcePosition),
}

/// The text inside the block the parser has just entered, as written.
fn block_text(parser: &mut Parser<'_>) -> String {
    parser
        .parse_nested_block(|block| {
            let start = block.position();
            while block.next_including_whitespace_and_comments().is_ok() {}
            Ok::<_, ParseError<()>>(block.slice_from(start).to_owned())
        })
        .unwrap_or_default()
}

/// The selectors of a rule's prelude, each scoped: split only at the commas
/// of the top level.
fn selector_list(prelude: &str, scope: &str) -> Vec<String> {
    let mut parser = Parser::new(prelude);
    let mut selectors = Vec::new();
    loop {
        let selector = parser
            .parse_until_before(Delimiter::Comma, |p| {
                let start = p.position();
                while p.next_including_whitespace_and_comments().is_ok() {}
                Ok::<_, ParseError<()>>(p.slice_from(start).to_owned())
            })
            .unwrap_or_default();
        selectors.push(scope_selector(selector.trim(), scope));
        if parser.next().is_err() {
            return selectors;
        }
    }
}

fn scope_selector(selector: &str, scope: &str) -> String {
    for root in [":root", "html", "body"] {
        if selector == root {
            return scope.to_owned();
        }
        if let Some(rest) = selector.strip_prefix(root) {
            if rest.starts_with([' ', '>', '.', ':', '[']) {
                return format!("{scope}{rest}");
            }
        }
    }
    if selector == scope
        || selector.starts_with(&format!("{scope} "))
        || selector.starts_with(&format!("{scope}."))
        || selector.starts_with(&format!("{scope}:"))
    {
        return selector.to_owned();
    }
    format!("{scope} {selector}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each entry of `PRESCOPED` is its built-in layout's sheet as the HTML
    /// page renders it, and that sheet as `scope_css` scopes it under the
    /// page's class, for every built-in layout. `QUIRE_BLESS=1` writes them
    /// anew.
    #[test]
    fn the_prescoped_sheets_are_the_layouts_sheets_scoped() {
        let folder =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/write/scoped-sheets");
        let bless = std::env::var_os("QUIRE_BLESS").is_some();
        let dir = tempfile::tempdir().unwrap();
        let project = crate::project::Project::load(dir.path()).unwrap();
        let names: Vec<String> = crate::layout::list(&project)
            .into_iter()
            .map(|l| l.name)
            .collect();
        assert_eq!(
            names,
            PRESCOPED.map(|entry| entry.layout.to_owned()),
            "every built-in layout has its sheet prescoped"
        );
        let (doc, options) = (
            crate::doc::Document::default(),
            crate::write::WriteOptions::default(),
        );
        for Prescoped {
            layout: name,
            class,
            sheet,
            scoped,
            style,
        } in PRESCOPED
        {
            assert_eq!(class, crate::write::html::SCOPE_CLASS);
            let layout = crate::layout::Layout::load(name, &project).unwrap();
            let context =
                crate::write::context::TemplateContext::new(&doc, &layout, &options, String::new());
            let rendered = layout.render("style.css", &context.full()).unwrap();
            let mut fresh = String::new();
            scope_rules(&strip_comments(&rendered), &format!(".{class}"), &mut fresh);
            let json = serde_json::to_string(&layout.style).unwrap();
            if bless {
                for (file, text) in [
                    (format!("{name}.css"), &rendered),
                    (format!("{name}.scoped.css"), &fresh),
                    (format!("{name}.style.json"), &json),
                ] {
                    crate::files::write_atomic(&folder.join(file), text.as_bytes()).unwrap();
                }
                continue;
            }
            assert!(
                sheet == rendered && scoped == fresh && style == json,
                "src/write/scoped-sheets/{name}.css is not the layout's sheet, or not scoped as it \
                 stands: run `QUIRE_BLESS=1 cargo test the_prescoped_sheets` to make them again"
            );
            assert_eq!(scope_css(&rendered, class), fresh);
            // What `prerendered_sheet` relies on: the sheet depends on the
            // style alone, not on the document or its body.
            let mut other = crate::doc::Document::default();
            other.meta.title = Some("Another document".to_owned());
            other.meta.lang = Some("de".to_owned());
            let context = crate::write::context::TemplateContext::new(
                &other,
                &layout,
                &options,
                "<p>Hallo</p>".to_owned(),
            );
            assert_eq!(
                layout.render("style.css", &context.full()).unwrap(),
                rendered
            );
            let template = layout.template_source("style.css").unwrap();
            assert_eq!(prerendered_sheet(template, &layout.style), Some(sheet));
            let mut changed = layout.style.clone();
            changed.leading += 0.01;
            assert_eq!(prerendered_sheet(template, &changed), None);
            assert_eq!(
                prerendered_sheet(&format!("{template} "), &layout.style),
                None
            );
        }
    }

    #[test]
    fn css_is_scoped_under_the_class() {
        let css = "/* c */\n:root { --a: 1; }\nbody { margin: 0 }\nh1, p > a { color: red }\n@media print { a { color: black } }\n.quire table { x: y }\n";
        let scoped = scope_css(css, "quire");
        assert!(scoped.contains(".quire { --a: 1; }"), "{scoped}");
        assert!(scoped.contains(".quire { margin: 0 }"), "{scoped}");
        assert!(scoped.contains(".quire h1, .quire p > a {"), "{scoped}");
        assert!(scoped.contains("@media print { .quire a {"), "{scoped}");
        assert!(scoped.contains(".quire table { x: y }"), "{scoped}");
        assert!(!scoped.contains("\nbody"), "{scoped}");
    }

    #[test]
    fn commas_inside_functions_and_strings_are_not_separators() {
        assert_eq!(
            scope_css(":is(h1, h2) { x: y }", "quire"),
            ".quire :is(h1, h2) { x: y }"
        );
        assert_eq!(
            scope_css("a[title=\"a,b\"], p { x: y }", "quire"),
            ".quire a[title=\"a,b\"], .quire p { x: y }"
        );
        assert_eq!(
            scope_css("@media print { :where(a, b) > c { x: y } }", "quire"),
            "@media print { .quire :where(a, b) > c { x: y }}"
        );
    }

    #[test]
    fn at_rules_without_selectors_are_kept() {
        let css =
            "@import url(a.css);\n@font-face { font-family: \"A, B\"; }\n@page { margin: 1in }";
        assert_eq!(
            scope_css(css, "quire"),
            "@import url(a.css);\n@font-face { font-family: \"A, B\"; }\n@page { margin: 1in }"
        );
    }
}
