//! Records for a batch (one document per record) and the names of their
//! outputs. A data file is YAML, CSV (header row) or JSON: a list of records,
//! or a mapping whose one list is the records.

use crate::diag::{line_column, Diagnostic};
use crate::error::Result;
use serde_json::Value;
use std::collections::HashSet;

/// The records of one data file.
#[derive(Debug, Clone)]
pub struct Records {
    /// The file name diagnostics show.
    pub file: String,
    pub records: Vec<Value>,
}

impl Records {
    /// Parses a data file; its kind comes from the extension (`.yaml`/`.yml`,
    /// `.csv`, `.json`). A syntax error names the file, line and column.
    pub fn parse(file: &str, text: &str) -> Result<Records> {
        let extension = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let value = match extension.as_deref() {
            Some("csv") => csv_records(file, text)?,
            Some("json") => serde_json::from_str::<Value>(text).map_err(|err| {
                let column = err.column().max(1) as u32;
                Diagnostic::error(file, format!("the data file is not valid JSON: {err}")).at(
                    text,
                    err.line().max(1) as u32,
                    column,
                )
            })?,
            Some("yaml" | "yml") => serde_yaml::from_str::<Value>(text).map_err(|err| {
                let index = err.location().map_or(0, |l| l.index());
                let (line, column) = line_column(text, index.min(text.len()));
                let message = err.to_string();
                let message = message.split(" at line ").next().unwrap_or_default();
                Diagnostic::error(file, format!("the data file is not valid YAML: {message}"))
                    .at(text, line, column)
            })?,
            _ => {
                return Err(Diagnostic::error(file, "unknown kind of data file")
                    .hint("records come from .yaml, .yml, .csv or .json files")
                    .into())
            }
        };
        let records =
            match value {
                Value::Array(records) => records,
                Value::Object(map) => {
                    let lists: Vec<Vec<Value>> = map
                        .into_iter()
                        .filter_map(|(_, v)| match v {
                            Value::Array(items) => Some(items),
                            _ => None,
                        })
                        .collect();
                    match <[Vec<Value>; 1]>::try_from(lists) {
                        Ok([records]) => records,
                        Err(_) => return Err(Diagnostic::error(
                            file,
                            "the data file must be a list of records, or a mapping with one list",
                        )
                        .into()),
                    }
                }
                _ => {
                    return Err(
                        Diagnostic::error(file, "the data file must be a list of records").into(),
                    )
                }
            };
        Ok(Records {
            file: file.to_owned(),
            records,
        })
    }
}

/// CSV with a header row: each row a record of strings named by the header.
fn csv_records(file: &str, text: &str) -> Result<Value> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::Headers)
        .from_reader(text.as_bytes());
    let position_error = |err: csv::Error| {
        let line = err.position().map_or(1, |p| p.line()) as u32;
        Diagnostic::error(file, format!("the CSV file cannot be read: {err}")).at(text, line, 1)
    };
    let headers = reader.headers().map_err(position_error)?.clone();
    let mut records = Vec::new();
    for row in reader.records() {
        let row = row.map_err(position_error)?;
        let record: serde_json::Map<String, Value> = headers
            .iter()
            .zip(row.iter())
            .map(|(key, value)| (key.to_owned(), Value::String(value.to_owned())))
            .collect();
        records.push(Value::Object(record));
    }
    Ok(Value::Array(records))
}

/// Output names for records: each a safe file stem (no path separator, no
/// `..`, nothing hidden), unique within the batch regardless of case.
#[derive(Debug, Default)]
pub struct Names {
    taken: HashSet<String>,
}

impl Names {
    /// Makes `wanted` safe and unique; `number` (1-based) names a record
    /// whose wanted name is empty.
    pub fn claim(&mut self, wanted: &str, number: usize) -> String {
        let mut stem = slug(wanted);
        if stem.is_empty() {
            stem = format!("record-{number}");
        }
        let mut name = stem.clone();
        let mut n = 2;
        while !self.taken.insert(name.to_lowercase()) {
            name = format!("{stem}-{n}");
            n += 1;
        }
        name
    }
}

/// The name a record asks for when no `--name` template is given: its
/// `slug`, else its first field.
pub fn default_name(record: &Value) -> String {
    match record {
        Value::Object(map) => map
            .get("slug")
            .or_else(|| map.values().next())
            .map(scalar_text)
            .unwrap_or_default(),
        other => scalar_text(other),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// A file-name slug: lowercase letters and digits (any script) joined by
/// single hyphens; at most 80 characters.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(ch.to_lowercase());
        } else {
            gap = true;
        }
        if out.chars().count() >= 80 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_list_or_mapping_with_one_list() {
        let list = Records::parse("s.yaml", "- name: A\n- name: B\n").unwrap();
        assert_eq!(list.records.len(), 2);
        let mapping = Records::parse("s.yml", "title: x\nsponsors:\n  - name: A\n").unwrap();
        assert_eq!(mapping.records[0]["name"], "A");
        let two = Records::parse("s.yaml", "a: [1]\nb: [2]\n").unwrap_err();
        assert!(two.to_string().contains("one list"), "{two}");
    }

    #[test]
    fn csv_rows_are_records_named_by_the_header() {
        let r = Records::parse("s.csv", "name , level\n\"Smith, Co\",Gold\nB,Silver\n").unwrap();
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.records[0]["name"], "Smith, Co");
        assert_eq!(r.records[1]["level"], "Silver");
    }

    #[test]
    fn csv_with_a_short_row_is_an_error_at_its_line() {
        let err = Records::parse("s.csv", "a,b\n1,2\n3\n").unwrap_err();
        let d = err.diagnostic().unwrap();
        assert_eq!((d.file.as_str(), d.line), ("s.csv", 3));
    }

    #[test]
    fn json_errors_have_positions() {
        let err = Records::parse("s.json", "[\n  {\"a\": }\n]").unwrap_err();
        let d = err.diagnostic().unwrap();
        assert_eq!((d.line, d.column), (2, 9));
    }

    #[test]
    fn yaml_errors_have_positions() {
        // A colon inside a plain value: the parser stops on line 2 itself
        // (an unclosed bracket would be reported at the end of the file).
        let err = Records::parse("s.yaml", "- name: A\n- name: B: C\n- name: D\n").unwrap_err();
        assert_eq!(err.diagnostic().unwrap().line, 2);
    }

    #[test]
    fn names_are_safe_and_unique() {
        let mut names = Names::default();
        assert_eq!(names.claim("Acme & Co.", 1), "acme-co");
        assert_eq!(names.claim("ACME co", 2), "acme-co-2");
        assert_eq!(names.claim("../../etc/passwd", 3), "etc-passwd");
        assert_eq!(names.claim("..", 4), "record-4");
        assert_eq!(names.claim("Zoë Ünal", 5), "zoë-ünal");
        assert_eq!(names.claim("/", 6), "record-6");
    }

    #[test]
    fn default_name_prefers_slug_then_first_field() {
        let record: Value = serde_json::json!({"name": "Acme", "slug": "acme-inc"});
        assert_eq!(default_name(&record), "acme-inc");
        let record: Value = serde_json::json!({"name": "Acme"});
        assert_eq!(default_name(&record), "Acme");
    }
}
