//! The option references stay true: every `Example:` in the doc comments of
//! the Style (layout.yaml) and Config (quire.yaml) schemas parses as that
//! type, names its own field, and every field is in the README's tables.

use crate::common::repo;
use quire::layout::{ClassStyle, Colors, FontFiles, Fonts, Margins, Page, Style};
use quire::project::Config;

/// Each field of each `pub struct` in `source`: (struct, field, examples).
fn fields(source: &str) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut examples: Vec<String> = Vec::new();
    for line in source.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("pub struct ") {
            current = rest
                .strip_suffix(" {")
                .map(|name| name.split('<').next().unwrap_or(name).to_owned());
            examples.clear();
        } else if line == "}" {
            current = None;
        } else if let Some(doc) = line.strip_prefix("///") {
            let mut rest = doc;
            while let Some(at) = rest.find("Example: `") {
                let after = &rest[at + "Example: `".len()..];
                let end = after.find('`').unwrap_or(after.len());
                examples.push(after[..end].to_owned());
                rest = &after[end..];
            }
        } else if let (Some(name), Some(field)) = (&current, line.strip_prefix("pub ")) {
            if let Some((field, _)) = field.split_once(':') {
                out.push((
                    name.clone(),
                    field.trim().trim_start_matches("r#").to_owned(),
                    std::mem::take(&mut examples),
                ));
            }
        } else if !line.starts_with('#') {
            examples.clear();
        }
    }
    out
}

fn parses_as(structure: &str, yaml: &str) -> Result<(), String> {
    fn check<T: serde::de::DeserializeOwned>(yaml: &str) -> Result<(), String> {
        serde_yaml::from_str::<T>(yaml)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
    match structure {
        "Style" => check::<Style>(yaml),
        "Page" => check::<Page>(yaml),
        "Margins" => check::<Margins>(yaml),
        "Fonts" => check::<Fonts>(yaml),
        "FontFiles" => check::<FontFiles>(yaml),
        "Colors" => check::<Colors>(yaml),
        "ClassStyle" => check::<ClassStyle>(yaml),
        "Code" => check::<quire::layout::Code>(yaml),
        "Theme" => check::<quire::layout::Theme>(yaml),
        "Config" => check::<Config>(yaml),
        other => Err(format!("no type for `{other}` in this test")),
    }
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap()
}

#[test]
fn every_option_example_parses_and_names_its_field() {
    let mut problems = Vec::new();
    let mut seen = 0;
    for path in ["src/layout/style.rs", "src/project.rs"] {
        for (structure, field, examples) in fields(&read(path)) {
            for example in examples {
                seen += 1;
                if !example.starts_with(&format!("{field}:")) {
                    problems.push(format!(
                        "{structure}.{field}: example `{example}` is not about `{field}`"
                    ));
                }
                if let Err(err) = parses_as(&structure, &example) {
                    problems.push(format!("{structure}.{field}: `{example}`: {err}"));
                }
            }
        }
    }
    assert!(
        seen > 30,
        "only {seen} examples found: is the reader of doc comments broken?"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_wrong_example_is_caught() {
    assert!(parses_as("Style", "size: large").is_err());
    assert!(parses_as("Style", "sise: 10").is_err());
    let found = fields("pub struct Style {\n    /// Example: `size: 9`\n    pub size: f64,\n}\n");
    assert_eq!(
        found,
        [("Style".into(), "size".into(), vec!["size: 9".into()])]
    );
}

#[test]
fn the_readme_lists_every_key() {
    let readme = read("README.md");
    let mut missing = Vec::new();
    for (structure, field, _) in fields(&read("src/project.rs")) {
        if structure == "Config" && !readme.contains(&format!("| `{field}` |")) {
            missing.push(format!(
                "quire.yaml `{field}` has no row in the README's table"
            ));
        }
    }
    let layout_section = readme
        .split("## The layout format")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    for (structure, field, _) in fields(&read("src/layout/style.rs")) {
        if structure == "Style" && !layout_section.contains(&format!("`{field}`")) {
            missing.push(format!(
                "layout.yaml `{field}` is not in the README's layout format"
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
