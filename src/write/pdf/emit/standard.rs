//! `pdf_standard`: the standards a PDF is written to (`ua-1`, `a-2b`, …,
//! comma-separated), as krilla's validators; and what krilla refuses at
//! export, as an error that names the source position the tree knows.

use super::tags::node_of;
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::write::pdf::page::{Kind, Tags};
use krilla::configure::{
    Accessibility, Archival, Configuration, ConfigurationBuilder, ValidationError, Validator,
};
use krilla::error::KrillaError;
use Validator::{Ua, A};

/// The names `pdf_standard` takes, each with its validator.
const NAMES: &[(&str, Validator)] = &[
    ("ua-1", Ua(Accessibility::UA1)),
    ("a-1a", A(Archival::A1_A)),
    ("a-1b", A(Archival::A1_B)),
    ("a-2a", A(Archival::A2_A)),
    ("a-2b", A(Archival::A2_B)),
    ("a-2u", A(Archival::A2_U)),
    ("a-3a", A(Archival::A3_A)),
    ("a-3b", A(Archival::A3_B)),
    ("a-3u", A(Archival::A3_U)),
    ("a-4", A(Archival::A4)),
    ("a-4e", A(Archival::A4E)),
    ("a-4f", A(Archival::A4F)),
];

/// `ua-1,a-2b` → the configuration; empty or `none` for no standard.
pub fn parse(spec: &str) -> Result<Configuration> {
    let mut builder = ConfigurationBuilder::new();
    for name in spec.split(',').map(|s| s.trim().to_ascii_lowercase()) {
        if name.is_empty() || name == "none" {
            continue;
        }
        let Some((_, validator)) = NAMES.iter().find(|(n, _)| *n == name) else {
            let known: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
            return Err(Error::Write(format!(
                "unknown PDF standard `{name}`; known: {}",
                known.join(", ")
            )));
        };
        builder = builder.set_validator(*validator);
    }
    builder.finish().map_err(|_| {
        Error::Write(format!(
            "the PDF standards `{spec}` cannot be combined (no PDF version allows them all)"
        ))
    })
}

/// Does the configuration ask for PDF/UA?
pub fn is_ua(configuration: &Configuration) -> bool {
    configuration.validators().accessibility().is_some()
}

/// krilla's refusal as an error: the first problem, at its source position
/// when the tree has one, and how many more there are.
pub fn error(err: KrillaError, tags: &Tags, standard: &str) -> Error {
    let KrillaError::Validation(problems) = err else {
        return Error::Write(format!("the PDF cannot be written: {err}"));
    };
    let mut messages: Vec<(String, Option<(u32, u32)>)> = Vec::new();
    for (problem, _) in &problems {
        let (message, node) = describe(problem, tags);
        let pos = node
            .and_then(|n| tags.nodes.get(n as usize))
            .and_then(|n| n.pos);
        if !messages.iter().any(|(m, p)| *m == message && *p == pos) {
            messages.push((message, pos));
        }
    }
    let Some((first, pos)) = messages.first().cloned() else {
        return Error::Write(format!("the PDF does not meet {standard}"));
    };
    let more = match messages.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    // The file is the document's: the caller names it.
    let mut d = Diagnostic::error(
        "",
        format!("the PDF cannot meet `{standard}`: {first}{more}"),
    )
    .hint("fix the source, or choose another `pdf_standard` (`--pdf-standard none` for none)");
    if let Some((line, column)) = pos {
        d.line = line;
        d.column = column.max(1);
    }
    Error::Input(Box::new(d))
}

fn describe(problem: &ValidationError, tags: &Tags) -> (String, Option<u32>) {
    use ValidationError as V;
    let at = |l: &Option<krilla::surface::Location>| node_of(*l);
    match problem {
        V::NoDocumentTitle => (
            "the document has no title (give it `title:` in the front matter)".to_owned(),
            None,
        ),
        V::NoDocumentLanguage => ("the document has no language (`lang:`)".to_owned(), None),
        V::MissingAltText(l) => ("an image has no alt text".to_owned(), at(l)),
        V::MissingHeadingTitle => {
            let node = tags.nodes.iter().position(
                |n| matches!(&n.kind, Kind::Heading { title, .. } if title.trim().is_empty()),
            );
            ("a heading is empty".to_owned(), node.map(|n| n as u32))
        }
        V::MissingDocumentOutline => (
            "the document has no headings for an outline".to_owned(),
            None,
        ),
        V::MissingAnnotationAltText(l) => ("a link has no description".to_owned(), at(l)),
        V::MissingDocumentDate => (
            "the document has no date (give it `date:` or set SOURCE_DATE_EPOCH)".to_owned(),
            None,
        ),
        V::Transparency(l) => (
            "an image is transparent, which this standard forbids (use PDF/A-2 or later)"
                .to_owned(),
            at(l),
        ),
        V::ContainsNotDefGlyph(_, l, text) => (format!("no font can draw `{text}`"), at(l)),
        V::NoCodepointMapping(_, _, l) | V::InvalidCodepointMapping(_, _, _, l) => {
            ("a glyph has no text it stands for".to_owned(), at(l))
        }
        V::UnicodePrivateArea(_, _, c, l) => (
            format!("U+{:04X} is a private-use character", *c as u32),
            at(l),
        ),
        V::RestrictedLicense(_) => ("a font's licence forbids embedding".to_owned(), None),
        other => (format!("{other:?}"), None),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn standards_are_parsed() {
        assert!(super::parse("ua-1").is_ok());
        assert!(super::parse("ua-1, a-2b").is_ok());
        assert!(super::parse("").is_ok());
        assert!(super::parse("none").is_ok());
        assert!(super::parse("ua-2").is_err());
        assert!(super::parse("a-4,ua-1").is_err());
    }
}
