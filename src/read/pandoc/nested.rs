//! Where tables can sit inside a block quote or a list item: runs of lines
//! that share the prefix putting them there (`> `, or the item's content
//! indent), so the table grammars can read them with the prefix taken off,
//! as pandoc's block parser reads a container's content.

use super::prepare::code_fence;

/// A run of lines inside one container, and the prefix each line has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// 0-based line indices, `end` exclusive.
    pub start: usize,
    pub end: usize,
    /// What each line starts with (a blank line may have less of it).
    pub prefix: String,
    /// Whether the region's first line opens the container (a list item's
    /// marker line), where no table may start.
    pub opens: bool,
}

impl Region {
    /// The region's lines with the prefix taken off.
    pub fn strip<'a>(&self, lines: &[&'a str]) -> Vec<&'a str> {
        lines[self.start..self.end]
            .iter()
            .enumerate()
            .map(|(i, line)| {
                if i == 0 && self.opens {
                    // The marker's line: its content, past the marker.
                    return line.get(self.prefix.len()..).unwrap_or("");
                }
                line.strip_prefix(self.prefix.as_str())
                    .unwrap_or_else(|| line.trim_start_matches([' ', '>']))
            })
            .collect()
    }

    /// What a line the table took is left as: enough of the prefix to
    /// keep the container going.
    pub fn blank_line(&self) -> &str {
        if self.prefix.contains('>') {
            self.prefix.trim_end()
        } else {
            ""
        }
    }
}

/// The block quotes and list items among top-level lines (outside fenced
/// code), each a region, in order. Only one level deep: a quote in a list
/// item is not looked into.
pub fn regions(lines: &[&str]) -> Vec<Region> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some((ch, len)) = fence {
            if indent < 4 && code_fence(trimmed).is_some_and(|(c, n)| c == ch && n >= len) {
                fence = None;
            }
            index += 1;
            continue;
        }
        if indent < 4 {
            if let Some(open) = code_fence(trimmed) {
                fence = Some(open);
                index += 1;
                continue;
            }
        }
        let region = quote(lines, index).or_else(|| list_item(lines, index));
        match region {
            Some(region) => {
                index = region.end.max(index + 1);
                if region.end - region.start > 1 {
                    out.push(region);
                }
            }
            None => index += 1,
        }
    }
    out
}

/// A block quote's run of lines from `start`: each begins with the same
/// `>` prefix (blank quote lines, `>` alone, included).
fn quote(lines: &[&str], start: usize) -> Option<Region> {
    let line = lines[start];
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    if indent > 3 || !trimmed.starts_with('>') {
        return None;
    }
    let spaced = trimmed[1..].starts_with(' ');
    let prefix = format!("{}>{}", &line[..indent], if spaced { " " } else { "" });
    let bare = prefix.trim_end();
    let end = (start..lines.len())
        .find(|&i| !(lines[i].starts_with(prefix.as_str()) || lines[i].trim_end() == bare))
        .unwrap_or(lines.len());
    Some(Region {
        start,
        end,
        prefix,
        opens: false,
    })
}

/// A list item from its marker's line: the lines after it that are blank
/// or indented at least to its content.
fn list_item(lines: &[&str], start: usize) -> Option<Region> {
    let line = lines[start];
    let content = content_indent(line)?;
    let mut end = start + 1;
    while end < lines.len() {
        let next = lines[end];
        let blank = next.trim().is_empty();
        let indented = next.len() - next.trim_start_matches(' ').len() >= content;
        if !blank && !indented {
            break;
        }
        end += 1;
    }
    // Trailing blank lines belong to what follows.
    while end > start + 1 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    Some(Region {
        start,
        end,
        prefix: " ".repeat(content),
        opens: true,
    })
}

/// Where a list item's content starts, when `line` opens one: past up to
/// three spaces, a marker (`-`, `*`, `+`, `1.`, `1)`, `(1)`, `a.`, `(a)`,
/// `#.`, `iv.`, `(@)`, `(@label)`) and one to four spaces.
fn content_indent(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    if indent > 3 {
        return None;
    }
    let marker = marker_len(trimmed)?;
    let rest = &trimmed[marker..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    if spaces == 0 || rest.trim().is_empty() {
        return None;
    }
    // Five or more spaces start indented code: the content is one space in.
    let spaces = if spaces > 4 { 1 } else { spaces };
    Some(indent + marker + spaces)
}

fn marker_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if matches!(bytes.first(), Some(b'-' | b'*' | b'+')) {
        return Some(1);
    }
    let (open, body) = match text.strip_prefix('(') {
        Some(rest) => (1, rest),
        None => (0, text),
    };
    let label = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'@' | b'#' | b'_' | b'-'))
        .count();
    if !is_ordinal(&body[..label]) {
        return None;
    }
    let close = body.as_bytes().get(label)?;
    // `(a)` closes with a parenthesis; `a.` and `a)` with either.
    let fits = matches!((open, close), (1, b')') | (0, b'.' | b')'));
    fits.then_some(open + label + 1)
}

/// What may number an ordered item: digits (nine at most), one letter, a
/// roman numeral, `#`, or an example's `@` and label.
fn is_ordinal(label: &str) -> bool {
    let roman = |c: char| "ivxlcdmIVXLCDM".contains(c);
    match label.len() {
        0 => false,
        _ if label.starts_with('@') => true,
        1 => !matches!(label, "_" | "-"),
        _ => {
            (label.len() <= 9 && label.bytes().all(|b| b.is_ascii_digit()))
                || label.chars().all(roman)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_list_items_are_regions_with_their_prefixes() {
        let lines = [
            "> a   b",
            "> --- ---",
            ">",
            "> 1   2",
            "",
            "- item",
            "",
            "  x   y",
            "",
            "(a) next",
            "```",
            "> not a quote",
            "```",
        ];
        let found = regions(&lines);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].start, found[0].end), (0, 4));
        assert_eq!(found[0].strip(&lines), ["a   b", "--- ---", "", "1   2"]);
        assert_eq!(found[0].blank_line(), ">");
        assert_eq!(
            (found[1].start, found[1].end, found[1].prefix.as_str()),
            (5, 8, "  ")
        );
        assert_eq!(found[1].strip(&lines), ["item", "", "x   y"]);
        assert_eq!(content_indent("(a) next"), Some(4));
        assert_eq!(content_indent("10. ten"), Some(4));
        assert_eq!(content_indent("word. not"), None);
        assert_eq!(content_indent("iv. four"), Some(4));
    }
}
