//! One source file: decoding, the front matter split, YAML → `Meta`.
//!
//! Positions reported here are in the Markdown file, never in the YAML
//! fragment, so an editor can jump to them.

use crate::diag::{line_column, Diagnostic};
use crate::doc::{Meta, Value};
use crate::error::{Error, Result};
use crate::files;
use std::collections::BTreeMap;
use std::path::PathBuf;

mod text;
mod yaml;

pub use text::{is_not_text, windows_1252};
use text::{windows_1252_c1, without_stray_characters};
pub use yaml::YamlProblem;

/// A decoded source file: UTF-8, no byte-order mark, `\n` line endings.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown in diagnostics (the path as given, or `-`).
    pub name: String,
    pub text: String,
    /// The folder its relative paths (images, `data:`) start from: the
    /// file's own, the working folder (empty) for standard input, the
    /// caller's for text held in memory.
    pub folder: PathBuf,
    /// What decoding changed (C1 characters read as Windows-1252).
    pub warnings: Vec<Diagnostic>,
}

/// The front matter and the body of a source, and where each starts.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML between the `---` lines, if the file has front matter.
    pub yaml: Option<&'a str>,
    /// Byte offset of the YAML in `Source::text`.
    pub yaml_offset: usize,
    /// The Markdown after the front matter.
    pub body: &'a str,
    /// How many lines come before the body (to map body lines to file lines).
    pub body_line_offset: u32,
}

/// Values writers leave for later: they mean "not written yet".
const PLACEHOLDERS: &[&str] = &[
    "...",
    "…",
    "todo",
    "tbd",
    "tba",
    "xxx",
    "fixme",
    "lorem ipsum",
];

impl Source {
    /// Decodes raw bytes, refusing binary files and invalid UTF-8 with a position.
    pub fn decode(name: &str, bytes: &[u8]) -> Result<Source> {
        let sniff = &bytes[..bytes.len().min(8192)];
        if sniff.contains(&0) {
            return Err(
                Diagnostic::error(name, "this looks like a binary file, not Markdown")
                    .hint("quire reads UTF-8 Markdown text (.md)")
                    .into(),
            );
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => {
                let valid = &bytes[..err.valid_up_to()];
                // The prefix is valid UTF-8 by construction.
                let prefix = String::from_utf8_lossy(valid);
                let (line, column) = line_column(&prefix, prefix.len());
                let lossy = String::from_utf8_lossy(bytes);
                return Err(Diagnostic::error(name, "the file is not valid UTF-8")
                    .at(&lossy, line, column)
                    .hint("save the file as UTF-8 (most editors have an encoding option)")
                    .into());
            }
        };
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_owned()
        };
        let (text, warnings) = windows_1252_c1(name, text);
        Ok(Source {
            name: name.to_owned(),
            text,
            folder: PathBuf::new(),
            warnings,
        })
    }

    /// This source, its relative paths starting from `folder`.
    pub fn in_folder(self, folder: impl Into<PathBuf>) -> Source {
        Source {
            folder: folder.into(),
            ..self
        }
    }

    /// Splits off a `---` front matter block. An opening `---` without a
    /// closing `---` (or `...`) is an error, never body text.
    pub fn split(&self) -> Result<Split<'_>> {
        let text = self.text.as_str();
        let no_front_matter = Split {
            yaml: None,
            yaml_offset: 0,
            body: text,
            body_line_offset: 0,
        };
        let Some(first_line) = text.lines().next() else {
            return Ok(no_front_matter);
        };
        if first_line.trim_end() != "---" {
            return Ok(no_front_matter);
        }
        let yaml_offset = first_line.len() + 1;
        let mut offset = yaml_offset.min(text.len());
        let mut line_number = 1;
        while offset < text.len() {
            let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
            line_number += 1;
            let line = text[offset..line_end].trim_end();
            if line == "---" || line == "..." {
                let body_start = (line_end + 1).min(text.len());
                return Ok(Split {
                    yaml: Some(&text[yaml_offset..offset]),
                    yaml_offset,
                    body: &text[body_start..],
                    body_line_offset: line_number,
                });
            }
            offset = line_end + 1;
        }
        Err(
            Diagnostic::error(&self.name, "the front matter is never closed")
                .at(text, 1, 1)
                .length(3)
                .hint("end the front matter with a line of three dashes: ---")
                .into(),
        )
    }

    /// Parses the front matter into `Meta`. Placeholder values (`...`, `TODO`,
    /// empty) are dropped with a warning.
    pub fn meta(&self, split: &Split<'_>) -> Result<(Meta, Vec<Diagnostic>)> {
        let Some(yaml) = split.yaml else {
            return Ok((Meta::default(), Vec::new()));
        };
        // What is not text was reported with the body's (`transform::controls`).
        let (clean, removed) = without_stray_characters(yaml);
        let value: serde_yaml::Value = serde_yaml::from_str(&clean).map_err(|err| {
            let problem = YamlProblem::of(&clean, &err);
            // Back to an offset in the file: past every character taken
            // out of the YAML before it, and past what comes before the YAML.
            let in_file = |index: usize| {
                let mut index = index;
                for &(offset, length) in &removed {
                    if offset > index {
                        break;
                    }
                    index += length;
                }
                split.yaml_offset + index
            };
            // An error found at the end of the block points at the last
            // thing written, not at the closing `---`.
            let content_end = clean.trim_end().len().saturating_sub(1);
            let stopped = in_file(problem.stopped.unwrap_or(0).min(content_end));
            let opened = problem.opened.map(in_file);
            let problem = YamlProblem {
                stopped: Some(stopped),
                opened,
                ..problem
            };
            let (line, column) = line_column(&self.text, opened.unwrap_or(stopped));
            Error::from(
                Diagnostic::error(
                    &self.name,
                    format!(
                        "the front matter is not valid YAML: {}",
                        problem.message(&self.text)
                    ),
                )
                .at(&self.text, line, column)
                .hint(problem.closing_hint(&self.text).unwrap_or_else(|| {
                    "front matter is YAML: `key: value` lines between two `---` lines".to_owned()
                })),
            )
        })?;
        let mapping = match value {
            serde_yaml::Value::Null => return Ok((Meta::default(), Vec::new())),
            serde_yaml::Value::Mapping(mapping) => mapping,
            _ => {
                let (line, _) = line_column(&self.text, split.yaml_offset);
                return Err(Diagnostic::error(
                    &self.name,
                    "the front matter must be a mapping of `key: value` lines",
                )
                .at(&self.text, line, 1)
                .into());
            }
        };
        let mut meta = Meta::default();
        let mut diagnostics = Vec::new();
        for (key, value) in mapping {
            let key = match key {
                serde_yaml::Value::String(key) => key,
                other => yaml_scalar(&other).unwrap_or_default(),
            };
            let value = to_value(value);
            if is_placeholder(&value) {
                let mut d = Diagnostic::warning(
                    &self.name,
                    format!(
                        "`{key}` is a placeholder ({}); it is treated as absent",
                        describe(&value)
                    ),
                )
                .hint(format!("write a real {key}, or remove the line"));
                if let Some((line, column, length)) = self.key_value_position(split, &key) {
                    d = d.at(&self.text, line, column).length(length);
                }
                diagnostics.push(d);
                continue;
            }
            set_key(&mut meta, key, value);
        }
        Ok((meta, diagnostics))
    }

    /// An error about a top-level front matter key, pointing at its value.
    pub fn key_diagnostic(&self, key: &str, message: impl Into<String>) -> Result<Diagnostic> {
        let split = self.split()?;
        let mut diagnostic = Diagnostic::error(&self.name, message);
        if let Some((line, column, length)) = self.key_value_position(&split, key) {
            diagnostic = diagnostic.at(&self.text, line, column).length(length);
        }
        Ok(diagnostic)
    }

    /// Where a top-level `key:` line's value starts: (line, column, length).
    /// A warning pointing at a front matter key's value (or the key).
    pub fn key_warning(&self, key: &str, message: impl Into<String>) -> Result<Diagnostic> {
        let split = self.split()?;
        let mut diagnostic = Diagnostic::warning(&self.name, message);
        if let Some((line, column, length)) = self.key_value_position(&split, key) {
            diagnostic = diagnostic.at(&self.text, line, column).length(length);
        }
        Ok(diagnostic)
    }

    fn key_value_position(&self, split: &Split<'_>, key: &str) -> Option<(u32, u32, usize)> {
        let yaml = split.yaml?;
        let mut offset = split.yaml_offset;
        for line in yaml.split_inclusive('\n') {
            let content = line.trim_end();
            if let Some(rest) = content.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                let value = rest.trim_start();
                let value_start = content.len() - value.len();
                let (line_no, column) = line_column(&self.text, offset + value_start);
                let (_, key_column) = line_column(&self.text, offset);
                return Some(if value.is_empty() {
                    (line_no, key_column, key.chars().count())
                } else {
                    (line_no, column, value.chars().count())
                });
            }
            offset += line.len();
        }
        None
    }
}

/// The keys of a YAML metadata block inside the body, with their values
/// (the reader has checked that it is a mapping).
pub fn metadata_block(yaml: &str) -> Vec<(String, Value)> {
    match serde_yaml::from_str::<serde_yaml::Value>(yaml) {
        Ok(serde_yaml::Value::Mapping(mapping)) => mapping
            .into_iter()
            .map(|(key, value)| {
                let key = match key {
                    serde_yaml::Value::String(key) => key,
                    other => yaml_scalar(&other).unwrap_or_default(),
                };
                (key, to_value(value))
            })
            .filter(|(_, value)| !is_placeholder(value))
            .collect(),
        _ => Vec::new(),
    }
}

/// Sets one front matter key as the front matter would (`title`, `author`…
/// into their fields, any other key into `extra`); an author is added to
/// those already there.
pub fn set_key(meta: &mut Meta, key: String, value: Value) {
    match key.as_str() {
        "title" => meta.title = as_text(&value),
        "subtitle" => meta.subtitle = as_text(&value),
        "description" => meta.description = as_text(&value),
        "date" => meta.date = as_text(&value),
        "lang" => meta.lang = as_text(&value),
        "layout" => meta.layout = as_text(&value),
        "author" | "authors" => meta.authors.extend(as_list(&value)),
        "keywords" => meta.keywords = as_list(&value),
        _ => {
            meta.extra.insert(key, value);
        }
    }
}

fn to_value(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::List(items.into_iter().map(to_value).collect())
        }
        serde_yaml::Value::Mapping(mapping) => {
            let mut map = BTreeMap::new();
            for (k, v) in mapping {
                let key = match k {
                    serde_yaml::Value::String(s) => s,
                    other => yaml_scalar(&other).unwrap_or_default(),
                };
                map.insert(key, to_value(v));
            }
            Value::Map(map)
        }
        serde_yaml::Value::Tagged(tagged) => to_value(tagged.value),
    }
}

fn yaml_scalar(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn is_placeholder(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => {
            let s = s.trim().to_lowercase();
            s.is_empty() || PLACEHOLDERS.contains(&s.as_str())
        }
        Value::List(items) => items.is_empty(),
        Value::Map(map) => map.is_empty(),
        _ => false,
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) if !s.trim().is_empty() => format!("`{}`", s.trim()),
        _ => "empty".to_owned(),
    }
}

fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().filter_map(as_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Map(map) => map.get("name").and_then(as_text),
        Value::Null => None,
    }
}

/// A list, or a comma-separated string, as a list of strings.
fn as_list(value: &Value) -> Vec<String> {
    match value {
        Value::List(items) => items.iter().filter_map(as_text).collect(),
        Value::String(s) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        other => as_text(other).into_iter().collect(),
    }
}

/// Loads one input: read and decode it.
pub fn load(input: &Input) -> Result<Source> {
    let bytes = match input {
        Input::File(path) => files::read(path)?,
        Input::Stdin => files::read_stdin()?,
    };
    Ok(Source::decode(&input.name(), &bytes)?.in_folder(input.folder()))
}

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    /// The name diagnostics show.
    pub fn name(&self) -> String {
        match self {
            Input::File(path) => files::display(path),
            Input::Stdin => "-".to_owned(),
        }
    }

    /// The folder relative paths in it start from: the file's own, the
    /// working folder (empty) for standard input.
    pub fn folder(&self) -> PathBuf {
        match self {
            Input::File(path) => path.parent().map(PathBuf::from).unwrap_or_default(),
            Input::Stdin => PathBuf::new(),
        }
    }

    /// The output files' stem: the file name without its extension.
    pub fn stem(&self) -> String {
        match self {
            Input::File(path) => path.file_stem().map_or_else(
                || "document".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            ),
            Input::Stdin => "stdin".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source::decode("doc.md", text.as_bytes()).unwrap()
    }

    #[test]
    fn split_finds_front_matter_and_body_line_offset() {
        let s = source("---\ntitle: A\n---\n# Body\n");
        let split = s.split().unwrap();
        assert_eq!(split.yaml, Some("title: A\n"));
        assert_eq!(split.body, "# Body\n");
        assert_eq!(split.body_line_offset, 3);
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = source("# Title\n---\n");
        let split = s.split().unwrap();
        assert!(split.yaml.is_none());
        assert_eq!(split.body, "# Title\n---\n");
    }

    #[test]
    fn crlf_and_bom_are_normalised() {
        let s = Source::decode("d.md", b"\xEF\xBB\xBF---\r\ntitle: A\r\n---\r\nText\r\n").unwrap();
        assert_eq!(s.text, "---\ntitle: A\n---\nText\n");
        let (meta, _) = s.meta(&s.split().unwrap()).unwrap();
        assert_eq!(meta.title.as_deref(), Some("A"));
    }

    #[test]
    fn c1_controls_are_read_as_windows_1252_with_one_warning() {
        let s = source("---\ntitle: It\u{92}s\n---\n\u{93}Hi\u{94} \u{81}\n");
        assert_eq!(s.text, "---\ntitle: It’s\n---\n“Hi” \u{81}\n");
        assert_eq!(s.warnings.len(), 1);
        let warning = &s.warnings[0];
        assert_eq!((warning.line, warning.column), (2, 10));
        assert!(warning.message.contains("U+0092"), "{}", warning.message);
        assert!(
            warning.message.contains("(and 2 more)"),
            "{}",
            warning.message
        );
        let (meta, _) = s.meta(&s.split().unwrap()).unwrap();
        assert_eq!(meta.title.as_deref(), Some("It’s"));
    }

    #[test]
    fn front_matter_drops_what_is_not_text() {
        let s = source("---\ntitle: \"A\u{5}B\u{FFFF}\"\nsubtitle: [x\u{1}\n---\n");
        assert!(s.warnings.is_empty());
        let err = s.meta(&s.split().unwrap()).unwrap_err();
        let d = err.diagnostic().unwrap();
        // The error's place is in the file, at the bracket left open, the
        // dropped characters counted back.
        assert_eq!((d.line, d.column), (3, 11), "{d}");
        let s = source("---\ntitle: \"A\u{5}B\u{FFFF}\"\n---\n");
        let (meta, _) = s.meta(&s.split().unwrap()).unwrap();
        assert_eq!(meta.title.as_deref(), Some("AB"));
    }

    #[test]
    fn an_unclosed_quote_is_pointed_at_not_the_end() {
        let s = source("---\ntitle: \"Unclosed\nauthor: A\nx: 1\n---\n# Hi\n");
        let err = s.meta(&s.split().unwrap()).unwrap_err();
        let d = err.diagnostic().unwrap();
        assert_eq!((d.line, d.column), (2, 8), "{d}");
        assert!(d.message.contains("(at line 4, column 4)"), "{d}");
        assert_eq!(d.hint.as_deref(), Some("close this `\"` with `\"`"));
    }

    #[test]
    fn placeholders_are_absent_with_a_warning_at_the_value() {
        let s = source("---\ntitle: T\ndescription: ...\nsubtitle: TODO\n---\n");
        let (meta, diags) = s.meta(&s.split().unwrap()).unwrap();
        assert_eq!(meta.description, None);
        assert_eq!(meta.subtitle, None);
        assert_eq!(diags.len(), 2);
        assert_eq!((diags[0].line, diags[0].column), (3, 14));
        assert_eq!((diags[1].line, diags[1].column), (4, 11));
    }

    #[test]
    fn authors_and_keywords_accept_strings_and_lists() {
        let s = source("---\nauthor: Ada\nkeywords: a, b\nsponsor: {name: X}\n---\n");
        let (meta, _) = s.meta(&s.split().unwrap()).unwrap();
        assert_eq!(meta.authors, vec!["Ada"]);
        assert_eq!(meta.keywords, vec!["a", "b"]);
        assert!(meta.extra.contains_key("sponsor"));
    }
}
