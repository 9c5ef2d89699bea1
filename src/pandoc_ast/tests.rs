//! The tree → pandoc's JSON → the tree, and pandoc 3.9's own JSON read.

use super::*;
use crate::doc::{walk_mut, Inline, NodesMut};
use crate::format::Dialect;
use crate::source::Source;
use serde_json::Value as Json;

const EVERY_CONSTRUCT: &str = include_str!("../../tests/fixtures/pandoc-ast/every-construct.md");
/// `pandoc -f markdown -t json every-construct.md`, pandoc 3.9.
const PANDOC_JSON: &str =
    include_str!("../../tests/fixtures/pandoc-ast/every-construct.pandoc-3.9.json");

/// The fixture as quire's reader makes it (front matter and body).
fn quire_tree() -> Document {
    let source = Source::decode("every-construct.md", EVERY_CONSTRUCT.as_bytes()).unwrap();
    let split = source.split().unwrap();
    let (meta, _) = source.meta(&split).unwrap();
    let body = crate::read::read(split.body, split.body_line_offset, Dialect::default());
    Document {
        meta,
        blocks: body.blocks,
        notes: body.notes,
    }
}

/// What pandoc's tree cannot say: source positions, and where one run of
/// words ends and the next begins.
fn normalised(mut doc: Document) -> Json {
    // Notes are numbered in pandoc's tree: their labels are not kept.
    for (i, note) in doc.notes.iter_mut().enumerate() {
        note.label = (i + 1).to_string();
    }
    walk_mut(&mut doc, &mut |nodes| {
        if let NodesMut::Inlines(inlines) = nodes {
            let mut merged: Vec<Inline> = Vec::new();
            for inline in inlines.drain(..) {
                match (merged.last_mut(), inline) {
                    (Some(Inline::Text { text: last }), Inline::Text { text }) => {
                        last.push_str(&text)
                    }
                    (_, inline) => merged.push(inline),
                }
            }
            for inline in &mut merged {
                if let Inline::Text { text } = inline {
                    *text = collapse_spaces(text);
                }
            }
            *inlines = merged;
        }
    });
    let mut json = serde_json::to_value(&doc).unwrap();
    strip_positions(&mut json);
    json
}

/// A run of spaces is one `Space` in pandoc's tree.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = if matches!(c, '\t' | '\n') { ' ' } else { c };
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

fn strip_positions(json: &mut Json) {
    match json {
        Json::Object(map) => {
            map.shift_remove("pos");
            map.values_mut().for_each(strip_positions);
        }
        Json::Array(items) => items.iter_mut().for_each(strip_positions),
        _ => {}
    }
}

#[test]
fn the_tree_survives_pandoc_json_and_back() {
    let doc = quire_tree();
    let json = to_json(&doc);
    let back = from_json(&json).unwrap();
    assert_eq!(normalised(back), normalised(doc));
}

#[test]
fn what_quire_writes_is_pandoc_1_23_json() {
    let json: Json = serde_json::from_slice(&to_json(&quire_tree())).unwrap();
    assert_eq!(json["pandoc-api-version"], serde_json::json!([1, 23, 1]));
    let text = json.to_string();
    // Words as pandoc's Str and Space, a page break as the raw LaTeX that
    // page-break filters look for, notes inline.
    assert!(text.contains(r#"{"t":"Str","c":"Plain"},{"t":"Space"},{"t":"Str","c":"words"}"#));
    assert!(
        text.contains(r#"{"t":"RawBlock","c":["latex","\\newpage"]}"#),
        "{text}"
    );
    assert!(text.contains(r#""t":"Note""#));
    assert_eq!(
        json["meta"]["author"]["t"], "MetaList",
        "{}",
        json["meta"]["author"]
    );
}

/// The words of a pandoc tree in order (quotation marks aside: quire reads
/// `Quoted` as text in quotation marks), and how many nodes of each kind
/// it has.
fn inventory(json: &Json) -> (Vec<String>, std::collections::BTreeMap<String, usize>) {
    fn walk(
        json: &Json,
        words: &mut String,
        kinds: &mut std::collections::BTreeMap<String, usize>,
    ) {
        match json {
            Json::Object(map) => {
                if let Some(Json::String(tag)) = map.get("t") {
                    *kinds.entry(tag.clone()).or_default() += 1;
                    match (tag.as_str(), map.get("c")) {
                        ("Str", Some(Json::String(text))) => words.push_str(text),
                        ("Space" | "SoftBreak" | "LineBreak", _) => words.push(' '),
                        _ => {}
                    }
                }
                for (key, value) in map {
                    if key != "t" {
                        walk(value, words, kinds);
                    }
                }
            }
            Json::Array(items) => items.iter().for_each(|item| walk(item, words, kinds)),
            _ => {}
        }
    }
    let mut words = String::new();
    let mut kinds = std::collections::BTreeMap::new();
    walk(&json["blocks"], &mut words, &mut kinds);
    let words = words
        .replace(['“', '”', '‘', '’'], " ")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    (words, kinds)
}

#[test]
fn pandocs_json_reads_without_loss() {
    let doc = from_json(PANDOC_JSON.as_bytes()).unwrap();
    assert_eq!(doc.meta.title.as_deref(), Some("Every construct"));
    assert_eq!(doc.meta.authors, ["Ada Lovelace", "Grace Hopper"]);
    assert_eq!(doc.meta.keywords, ["pandoc", "json"]);
    assert_eq!(doc.meta.lang.as_deref(), Some("en-US"));
    assert_eq!(doc.notes.len(), 2);
    let original: Json = serde_json::from_str(PANDOC_JSON).unwrap();
    let again: Json = serde_json::from_slice(&to_json(&doc)).unwrap();
    let (words, mut kinds) = inventory(&original);
    let (words_again, kinds_again) = inventory(&again);
    assert_eq!(words_again, words);
    // `Quoted` is text in quotation marks here; every other kind of node
    // comes back as many times.
    kinds.remove("Quoted");
    kinds.remove("SingleQuote");
    kinds.remove("DoubleQuote");
    assert_eq!(kinds_again, kinds);
}

#[test]
fn pandoc_2_17s_json_is_read_and_other_versions_are_named() {
    let old = r#"{"pandoc-api-version":[1,22,2,1],"meta":{},"blocks":[
        {"t":"Para","c":[{"t":"Str","c":"Hello"},{"t":"Space"},{"t":"Str","c":"world"}]},
        {"t":"RawBlock","c":["openxml","<w:p><w:r><w:br w:type=\"page\" /></w:r></w:p>"]},
        {"t":"Null"}]}"#;
    let doc = from_json(old.as_bytes()).unwrap();
    assert_eq!(doc.blocks.len(), 2);
    assert!(matches!(&doc.blocks[1], crate::doc::Block::Raw { format, .. } if format == "openxml"));
    let error = from_json(br#"{"pandoc-api-version":[1,17],"meta":{},"blocks":[]}"#).unwrap_err();
    assert!(error.contains("1.17"), "{error}");
    let error = from_json(b"[1, 2]").unwrap_err();
    assert!(error.contains("pandoc-api-version"), "{error}");
    let error = from_json(br#"{"pandoc-api-version":[1,23],"meta":{},"blocks":[{"t":"Nope"}]}"#)
        .unwrap_err();
    assert!(error.contains("Nope"), "{error}");
}

#[test]
fn a_page_break_is_raw_latex_to_pandoc_and_a_page_break_again() {
    let doc = Document {
        blocks: vec![crate::doc::Block::PageBreak],
        ..Document::default()
    };
    let json = to_json(&doc);
    assert!(String::from_utf8_lossy(&json).contains(r#"["latex","\\newpage"]"#));
    assert_eq!(
        from_json(&json).unwrap().blocks,
        [crate::doc::Block::PageBreak]
    );
}

#[test]
fn a_note_that_refers_to_itself_is_written_once() {
    let doc = Document {
        blocks: vec![crate::doc::Block::Paragraph {
            content: vec![Inline::NoteRef { index: 0 }],
        }],
        notes: vec![crate::doc::Note {
            label: "1".to_owned(),
            blocks: vec![crate::doc::Block::Paragraph {
                content: vec![Inline::NoteRef { index: 0 }],
            }],
        }],
        ..Document::default()
    };
    let back = from_json(&to_json(&doc)).unwrap();
    assert_eq!(back.notes.len(), 2);
}

#[test]
fn tables_with_spans_and_math_survive() {
    use crate::doc::{Align, Block, Cell, Column, Pos};
    let spanning = Cell {
        row_span: 2,
        col_span: 3,
        align: Align::Right,
        ..Cell::plain(vec![Inline::Math {
            display: false,
            tex: "x^2".to_owned(),
            pos: Pos::default(),
        }])
    };
    let doc = Document {
        blocks: vec![Block::Table {
            attr: crate::doc::Attr {
                id: "t".to_owned(),
                ..Default::default()
            },
            caption: vec![Inline::text("A caption")],
            columns: vec![
                Column {
                    align: Align::Left,
                    width: Some(0.25),
                },
                Column {
                    align: Align::None,
                    width: None,
                },
            ],
            head: vec![vec![Cell::plain(vec![Inline::text("Head")])]],
            body: vec![vec![spanning], vec![Cell::plain(Vec::new())]],
            foot: vec![vec![Cell::plain(vec![Inline::text("Foot")])]],
            pos: Pos::default(),
        }],
        ..Document::default()
    };
    let json = to_json(&doc);
    assert!(String::from_utf8_lossy(&json).contains(r#"{"t":"AlignRight"},2,3,"#));
    assert_eq!(normalised(from_json(&json).unwrap()), normalised(doc));
}
