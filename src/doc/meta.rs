//! The front matter as the tree carries it: the fields quire understands,
//! and every other value for templates.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The front matter fields quire understands, plus every other key for templates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<String>,
    pub lang: Option<String>,
    pub layout: Option<String>,
    pub keywords: Vec<String>,
    /// Every other front matter key, as written.
    pub extra: BTreeMap<String, Value>,
    /// What names a document that has no title where a name is required
    /// (the EPUB's and the PDF's metadata, the HTML page's `<title>`): its
    /// first heading, else its file name. Never set on the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The id of the first heading when it repeated the title and was left
    /// out for it: an anchor on the title, so links to it still land.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_id: Option<String>,
}

impl Meta {
    /// A front matter key as lines (`recipient:`, `signature:`); none when
    /// it is missing.
    pub fn lines(&self, key: &str) -> Vec<String> {
        self.extra.get(key).map(Value::lines).unwrap_or_default()
    }
}

/// A front matter value that quire does not interpret itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
}

impl Value {
    /// A scalar as text (`true`, `3`, `Acme`); empty for null, lists and maps.
    /// The value as lines of text: a list's items, or a string's lines
    /// (a YAML `|` block), blank ones dropped.
    pub fn lines(&self) -> Vec<String> {
        let lines: Vec<String> = match self {
            Value::List(items) => items.iter().map(Value::to_text).collect(),
            other => other.to_text().lines().map(str::to_owned).collect(),
        };
        lines
            .into_iter()
            .map(|line| line.trim().to_owned())
            .filter(|line| !line.is_empty())
            .collect()
    }

    pub fn to_text(&self) -> String {
        match self {
            Value::Bool(b) => b.to_string(),
            Value::Integer(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::String(s) => s.clone(),
            Value::Null | Value::List(_) | Value::Map(_) => String::new(),
        }
    }
}
