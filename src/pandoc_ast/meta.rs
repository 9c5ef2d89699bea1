//! The front matter ⇄ pandoc's `Meta`: strings as `MetaInlines` (what
//! pandoc's YAML reader makes of them), `author` one value or a list.

use super::read::Reader;
use super::types::{self as p, MetaValue};
use super::write::push_words;
use crate::doc::{self, Meta, Value};
use std::collections::BTreeMap;

pub fn write(meta: &Meta) -> BTreeMap<String, MetaValue> {
    let mut out = BTreeMap::new();
    for (key, value) in &meta.extra {
        out.insert(key.clone(), write_value(value));
    }
    let fields = [
        ("title", &meta.title),
        ("subtitle", &meta.subtitle),
        ("description", &meta.description),
        ("date", &meta.date),
        ("lang", &meta.lang),
        ("layout", &meta.layout),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            out.insert(key.to_owned(), inlines(value));
        }
    }
    match meta.authors.as_slice() {
        [] => {}
        [one] => {
            out.insert("author".to_owned(), inlines(one));
        }
        many => {
            out.insert(
                "author".to_owned(),
                MetaValue::MetaList(many.iter().map(|a| inlines(a)).collect()),
            );
        }
    }
    if !meta.keywords.is_empty() {
        out.insert(
            "keywords".to_owned(),
            MetaValue::MetaList(meta.keywords.iter().map(|k| inlines(k)).collect()),
        );
    }
    out
}

fn inlines(text: &str) -> MetaValue {
    let mut words = Vec::new();
    push_words(text, &mut words);
    MetaValue::MetaInlines(words)
}

fn write_value(value: &Value) -> MetaValue {
    match value {
        Value::Null => MetaValue::MetaString(String::new()),
        Value::Bool(b) => MetaValue::MetaBool(*b),
        Value::Integer(_) | Value::Float(_) => MetaValue::MetaString(value.to_text()),
        Value::String(text) => inlines(text),
        Value::List(items) => MetaValue::MetaList(items.iter().map(write_value).collect()),
        Value::Map(map) => MetaValue::MetaMap(
            map.iter()
                .map(|(k, v)| (k.clone(), write_value(v)))
                .collect(),
        ),
    }
}

/// The metadata, read apart from the body: a note in a metadata value is
/// no note of the document.
pub fn read(meta: BTreeMap<String, MetaValue>) -> Meta {
    let reader = &mut Reader::default();
    let mut out = Meta::default();
    for (key, value) in meta {
        match key.as_str() {
            "title" => out.title = Some(text(value, reader)),
            "subtitle" => out.subtitle = Some(text(value, reader)),
            "description" => out.description = Some(text(value, reader)),
            "date" => out.date = Some(text(value, reader)),
            "lang" => out.lang = Some(text(value, reader)),
            "layout" => out.layout = Some(text(value, reader)),
            "author" | "authors" => out.authors = list(value, reader, false),
            "keywords" => out.keywords = list(value, reader, true),
            _ => {
                let value = read_value(value, reader);
                out.extra.insert(key, value);
            }
        }
    }
    out
}

/// A value as a list of texts: a list's items (an author's `name` when it
/// is a map), or one text (split at commas for keywords).
fn list(value: MetaValue, reader: &mut Reader, commas: bool) -> Vec<String> {
    match value {
        MetaValue::MetaList(items) => items
            .into_iter()
            .map(|item| match item {
                MetaValue::MetaMap(mut map) => map
                    .remove("name")
                    .map(|name| text(name, reader))
                    .unwrap_or_default(),
                other => text(other, reader),
            })
            .filter(|text| !text.is_empty())
            .collect(),
        other => {
            let text = text(other, reader);
            if commas {
                text.split(',')
                    .map(|k| k.trim().to_owned())
                    .filter(|k| !k.is_empty())
                    .collect()
            } else if text.is_empty() {
                Vec::new()
            } else {
                vec![text]
            }
        }
    }
}

/// A value's plain text (pandoc's `stringify`).
fn text(value: MetaValue, reader: &mut Reader) -> String {
    match value {
        MetaValue::MetaString(text) => text,
        MetaValue::MetaBool(b) => b.to_string(),
        MetaValue::MetaInlines(inlines) => doc::plain_text(&reader.inlines(inlines)),
        MetaValue::MetaBlocks(blocks) => blocks_text(blocks, reader),
        MetaValue::MetaList(items) => items
            .into_iter()
            .map(|item| text(item, reader))
            .collect::<Vec<_>>()
            .join(", "),
        MetaValue::MetaMap(_) => String::new(),
    }
}

fn blocks_text(blocks: Vec<p::Block>, reader: &mut Reader) -> String {
    reader
        .blocks(blocks)
        .iter()
        .map(doc::block_plain_text)
        .collect::<Vec<_>>()
        .join("\n")
}

fn read_value(value: MetaValue, reader: &mut Reader) -> Value {
    match value {
        MetaValue::MetaBool(b) => Value::Bool(b),
        MetaValue::MetaList(items) => Value::List(
            items
                .into_iter()
                .map(|item| read_value(item, reader))
                .collect(),
        ),
        MetaValue::MetaMap(map) => Value::Map(
            map.into_iter()
                .map(|(k, v)| (k, read_value(v, reader)))
                .collect(),
        ),
        MetaValue::MetaString(text) => number(&text).unwrap_or(Value::String(text)),
        other => Value::String(text(other, reader)),
    }
}

/// A `MetaString` quire wrote for a number (`3`, `2.5`) is that number again.
fn number(text: &str) -> Option<Value> {
    if let Ok(integer) = text.parse::<i64>() {
        return (integer.to_string() == text).then_some(Value::Integer(integer));
    }
    let float = text.parse::<f64>().ok()?;
    (float.is_finite() && float.to_string() == text).then_some(Value::Float(float))
}
