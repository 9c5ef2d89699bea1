//! pandoc's `implicit_header_references`: `[Heading text]` (or
//! `[words][Heading text]`) links to the heading of that text when no
//! reference definition has the label. comrak asks about every label it
//! cannot resolve; the headings' texts are known from a scan of the lines
//! before it parses, their ids only after the transforms give them, so the
//! link's URL names the heading by its label until then.

use super::prepare::code_fence;
use comrak::options::{BrokenLinkCallback, BrokenLinkReference};
use comrak::ResolvedReference;
use std::collections::HashSet;
use std::sync::Arc;

/// The start of an implicit reference's URL before ids are given; the
/// label follows, as `label` gives it (`transform::headings` makes it
/// `#id`). A private use character, so no URL a writer types is taken for
/// one.
pub const IMPLICIT_REFERENCE: &str = "#\u{E000}heading:";

/// A label or a heading's source text as pandoc compares them: lower case,
/// runs of white space one space.
pub fn label(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// comrak's answer for a label no definition has (`[Heading text]`): a
/// link to the heading of that text, when `markdown` has one.
pub fn implicit_references(markdown: &str) -> Option<Arc<dyn BrokenLinkCallback>> {
    let headings = heading_labels(markdown);
    if headings.is_empty() {
        return None;
    }
    Some(Arc::new(move |reference: BrokenLinkReference| {
        let label = label(reference.original);
        headings.contains(&label).then(|| ResolvedReference {
            url: format!("{IMPLICIT_REFERENCE}{label}"),
            title: String::new(),
        })
    }))
}

/// The labels of the headings a document's lines have: ATX (`# Text`) and
/// setext (`Text` over `===` or `---`), outside fenced code. A line taken
/// for a heading that the parser reads otherwise costs nothing unless a
/// bracketed label names it.
pub fn heading_labels(markdown: &str) -> HashSet<String> {
    let mut keys = HashSet::new();
    let mut fence: Option<(char, usize)> = None;
    let mut previous: Option<&str> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some(run) = code_fence(trimmed).filter(|_| indent < 4) {
            // A closing fence is the opening's character, at least as
            // many, and nothing else on the line.
            let closes = |(c, n): (char, usize)| {
                run.0 == c && run.1 >= n && trimmed.trim_end().len() == run.1
            };
            fence = match fence {
                None => Some(run),
                Some(open) if closes(open) => None,
                open => open,
            };
            previous = None;
            continue;
        }
        if fence.is_some() || indent >= 4 {
            previous = None;
            continue;
        }
        if let Some(text) = atx_text(trimmed) {
            keys.insert(label(text));
        } else if let Some(above) = previous.filter(|_| is_setext_underline(trimmed)) {
            keys.insert(label(above));
        }
        previous = (!trimmed.trim().is_empty()).then_some(trimmed);
    }
    keys.remove("");
    keys
}

/// An ATX heading's text: after one to six `#` and a space, before a
/// closing run of `#` and an attribute block.
fn atx_text(line: &str) -> Option<&str> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let mut text = rest.trim();
    if text.ends_with('}') {
        if let Some(open) = text.rfind('{') {
            text = text[..open].trim_end();
        }
    }
    Some(text.trim_end_matches('#').trim_end())
}

fn is_setext_underline(line: &str) -> bool {
    let line = line.trim_end();
    !line.is_empty() && (line.bytes().all(|b| b == b'=') || line.bytes().all(|b| b == b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_found_by_their_labels_outside_code() {
        let keys = heading_labels(
            "# My *Heading* {#own}\n\nSetext Title\n============\n\n```\n# not a heading\n```\n\n## Closed ##\n#hashtag\n",
        );
        let mut keys: Vec<_> = keys.into_iter().collect();
        keys.sort();
        assert_eq!(keys, ["closed", "my *heading*", "setext title"]);
        assert_eq!(label("  Python &\n Tools! "), "python & tools!");
    }
}
