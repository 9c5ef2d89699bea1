//! `quire.yaml`: where sources, layouts and output live, and the defaults a
//! build starts from. Every key has a default, so a folder of Markdown with
//! no `quire.yaml` builds too.

use crate::diag::{line_column, Diagnostic};
use crate::error::Result;
use crate::files;
use crate::format::Format;
use crate::source::YamlProblem;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "quire.yaml";

/// The settings in `quire.yaml`, field by field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Folder of the documents, built when `quire build` is given no input.
    /// Example: `source: source`
    pub source: PathBuf,
    /// Folder of the project's own layouts (each overrides a built-in one by name).
    /// Example: `layouts: layouts`
    pub layouts: PathBuf,
    /// Folder the outputs are written to. Example: `output: dist`
    pub output: PathBuf,
    /// Folder of the project's own fonts (`.ttf`, `.otf`, `.ttc`): a layout
    /// may name their families, and the PDF draws from them the characters
    /// the layout's fonts lack, before it asks the system's.
    /// Example: `fonts: fonts`
    pub fonts: PathBuf,
    /// Layout used when a document's front matter names none. Example: `layout: factsheet`
    pub layout: String,
    /// Language of the documents (BCP 47), unless the front matter says otherwise.
    /// Example: `lang: en`
    pub lang: String,
    /// Site that site-relative links (`/psf/mission/`) point into.
    /// Example: `base_url: https://www.python.org`
    pub base_url: Option<String>,
    /// Formats `quire build` makes when `--to` is not given.
    /// Example: `formats: [html, fragment, txt, json]`
    pub formats: Vec<Format>,
    /// Who publishes the documents (EPUB publisher, default author).
    /// Example: `publisher: Python Software Foundation`
    pub publisher: Option<String>,
    /// Keep raw HTML from the sources as written in the HTML page (scripts
    /// included). The fragment is always sanitised. Example: `trust_html: false`
    pub trust_html: bool,
    /// PDF standards for every document, over the layouts' `pdf_standard`
    /// (`ua-1`, `a-2b`, comma-separated; `none` for none).
    /// Example: `pdf_standard: ua-1,a-2b`
    pub pdf_standard: Option<String>,
    /// PDF: draw the characters the layout's fonts lack with the system's
    /// fonts. The output then depends on the fonts of the machine; `false`
    /// (or `--no-system-fonts`) makes it the same everywhere.
    /// Example: `system_fonts: true`
    pub system_fonts: bool,
    /// DOCX: a .docx whose styles, page setup, headers and footers the
    /// Word files take (pandoc's `--reference-doc`), relative to the
    /// project. Example: `reference_docx: reference.docx`
    pub reference_docx: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            source: PathBuf::from("source"),
            layouts: PathBuf::from("layouts"),
            output: PathBuf::from("dist"),
            fonts: PathBuf::from("fonts"),
            layout: "base".to_owned(),
            lang: "en".to_owned(),
            base_url: None,
            formats: vec![Format::Html, Format::Text],
            publisher: None,
            trust_html: false,
            pdf_standard: None,
            system_fonts: true,
            reference_docx: None,
        }
    }
}

/// A project: its root folder and its configuration.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    /// Folders outside the root that files may still be read from
    /// (`--allow-outside`).
    pub allowed_outside: Vec<PathBuf>,
}

impl Project {
    /// Finds `quire.yaml` in `start` or the nearest folder above it; without
    /// one, `start` is the root and every setting has its default.
    pub fn discover(start: &Path) -> Result<Project> {
        let mut dir = Some(start);
        while let Some(current) = dir {
            let candidate = current.join(CONFIG_FILE);
            if files::is_file(&candidate) {
                return Project::load(current);
            }
            dir = current.parent();
        }
        Ok(Project {
            root: start.to_path_buf(),
            config: Config::default(),
            allowed_outside: Vec::new(),
        })
    }

    /// Loads `root/quire.yaml` (defaults when it does not exist).
    pub fn load(root: &Path) -> Result<Project> {
        let path = root.join(CONFIG_FILE);
        let config = match files::read_if_exists(&path)? {
            None => Config::default(),
            Some(bytes) => parse_config(&files::display(&path), &bytes)?,
        };
        Ok(Project {
            root: root.to_path_buf(),
            config,
            allowed_outside: Vec::new(),
        })
    }

    /// The folders documents may read images and data from: the root and
    /// those `--allow-outside` names.
    pub fn readable_roots(&self) -> Vec<PathBuf> {
        std::iter::once(self.root.clone())
            .chain(self.allowed_outside.iter().cloned())
            .collect()
    }

    /// This project, also reading from `folders` (`--allow-outside`).
    pub fn allowing(&self, folders: &[PathBuf]) -> Project {
        let mut project = self.clone();
        project.allowed_outside.extend_from_slice(folders);
        project
    }

    pub fn source_dir(&self) -> PathBuf {
        self.root.join(&self.config.source)
    }

    pub fn layouts_dir(&self) -> PathBuf {
        self.root.join(&self.config.layouts)
    }

    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.output)
    }

    pub fn fonts_dir(&self) -> PathBuf {
        self.root.join(&self.config.fonts)
    }
}

/// Parses `quire.yaml`; an unknown key or a wrong value points at its line and column.
pub fn parse_config(name: &str, bytes: &[u8]) -> Result<Config> {
    let text = String::from_utf8_lossy(bytes);
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    serde_yaml::from_str(&text).map_err(|err| yaml_error(name, &text, &err).into())
}

/// A YAML error as a diagnostic at its place in `text`: at the bracket or
/// quote left open when that is what went wrong (libyaml's context mark),
/// else where the parser stopped.
pub fn yaml_error(name: &str, text: &str, err: &serde_yaml::Error) -> Diagnostic {
    let problem = YamlProblem::of(text, err);
    let at = problem.opened.or(problem.stopped);
    let diagnostic = Diagnostic::error(name, problem.message(text));
    let diagnostic = match problem.closing_hint(text) {
        Some(hint) => diagnostic.hint(hint),
        None => diagnostic,
    };
    match at {
        Some(offset) => {
            let (line, column) = line_column(text, offset);
            diagnostic.at(text, line, column)
        }
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_default() {
        let config = parse_config("quire.yaml", b"").unwrap();
        assert_eq!(config.lang, "en");
        assert_eq!(config.output, PathBuf::from("dist"));
    }

    #[test]
    fn unknown_key_is_an_error_at_its_line_and_column() {
        let err = parse_config("quire.yaml", b"lang: en\n  \nbase_ur: x\n").unwrap_err();
        let crate::error::Error::Input(d) = err else {
            panic!()
        };
        assert_eq!((d.line, d.column), (3, 1), "{d}");
        assert!(d.message.contains("base_ur"), "{d}");
    }

    #[test]
    fn an_unclosed_bracket_or_quote_is_pointed_at() {
        let text = "extends: base\nthis: [is: broken\nother: 1\nmore: 2\n";
        let err = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        let d = yaml_error("layout.yaml", text, &err);
        assert_eq!((d.line, d.column), (2, 7), "{d}");
        assert!(d.message.contains("at line 3"), "{d}");
        assert_eq!(d.hint.as_deref(), Some("close this `[` with `]`"));
        let text = "title: \"Unclosed\nauthor: A\nx: 1\n";
        let err = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        let d = yaml_error("q.yaml", text, &err);
        assert_eq!((d.line, d.column), (1, 8), "{d}");
        assert_eq!(d.hint.as_deref(), Some("close this `\"` with `\"`"));
    }

    #[test]
    fn formats_parse_by_name() {
        let config = parse_config("q", b"formats: [html, txt, json, fragment]\n").unwrap();
        assert_eq!(
            config.formats,
            vec![Format::Html, Format::Text, Format::Json, Format::Fragment]
        );
    }
}
