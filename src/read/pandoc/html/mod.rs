//! Raw HTML as pandoc's Markdown reads it (`markdown_in_html_blocks`,
//! `native_divs`): a block-level tag (`<div>`, `<details>`, `<td>`…) is raw
//! HTML of its own, and what lies between such tags is Markdown — lists,
//! headings, emphasis, paragraphs — except inside `<pre>`, `<script>`,
//! `<style>` and `<textarea>`, which stay as written. `<div>` … `</div>`
//! becomes a div of the tree. A tag pandoc does not count as a block
//! (`<unknown>`, `<span>`) is inline HTML in a paragraph, and a comment
//! right under a paragraph's line is part of the paragraph.
//!
//! comrak reads HTML blocks by CommonMark's rules (a block tag swallows
//! the lines up to the next blank one), so a line pass (`mark`) goes
//! first: each block tag on a line that starts with one is replaced by a
//! marker holding its index — a one-line HTML comment when the line has
//! only tags (so comrak ends the block there, and it ends a paragraph or
//! a list item as pandoc's tag does), an inline marker inside a line of
//! text. The indentation pandoc strips inside an HTML block is stripped.
//! After comrak, `rebuild` puts the tags back as raw HTML blocks between
//! the Markdown blocks, splits the paragraphs at them and makes divs.
//! Every line keeps its number.

pub mod tag;
mod tree;

pub use tree::rebuild;

use super::prepare::code_fence;
use std::borrow::Cow;
use std::collections::HashMap;

/// Around a lifted tag's index in the text comrak reads (a private-use
/// character, as `lift::MARK`, but another one).
pub const MARK: char = '\u{E001}';

/// Put before a line's `<` so comrak reads the line as paragraph text,
/// not as an HTML block of its own (removed from the text after).
pub const ESCAPE: char = '\u{E002}';

/// The block tags taken out of the text, by their marker's index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlTags {
    pub tags: Vec<String>,
    /// Whether each tag's line of only tags comes right under a line of
    /// text (which is then pandoc's `Plain`, not a paragraph).
    pub after_text: Vec<bool>,
    /// Whether a line was escaped (so the tree pass has work even with no tag).
    pub escaped: bool,
}

impl HtmlTags {
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && !self.escaped
    }
}

/// Whether a prepared line ends with one of the markers: what follows is
/// a new block, as after a blank line (a list may start right under it).
pub fn ends_with_marker(trimmed: &str) -> bool {
    trimmed.trim_end().ends_with(MARK) || trimmed.trim_end().ends_with(&format!("{MARK}-->"))
}

/// What the line before was, as far as the next one cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Previous {
    Blank,
    /// A paragraph's text (a comment or a tag under it is inline).
    Text,
    /// Anything else that ended: a tag, a heading, a fence.
    Block,
}

/// A tag open in the lines read so far.
struct Open {
    name: String,
    /// The columns of indentation stripped from the lines inside it.
    gobble: usize,
}

/// The text with block tags replaced by markers, and the tags. `native_divs`:
/// a `<div>`'s content keeps its indentation (pandoc reads it as a div's
/// blocks, where four spaces are code; other tags' content loses the
/// indentation of its first line).
pub fn mark(markdown: &str, native_divs: bool) -> (Cow<'_, str>, HtmlTags) {
    let mut found = HtmlTags::default();
    if !markdown.contains('<') {
        return (Cow::Borrowed(markdown), found);
    }
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 8);
    let mut changed = false;
    let mut fence: Option<(char, usize)> = None;
    // The text that ends a verbatim element, a comment or a declaration.
    let mut verbatim: Option<String> = None;
    let mut open: Vec<Open> = Vec::new();
    // How many of each name are open: a stray closing tag is found absent
    // at once, not by a search of the whole stack (100,000 `<div>` lines).
    let mut open_count: HashMap<String, usize> = HashMap::new();
    let mut gobble_next = false;
    let mut previous = Previous::Blank;
    for line in markdown.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let newline = &line[body.len()..];
        if let Some(closer) = &verbatim {
            if body.to_ascii_lowercase().contains(closer.as_str()) {
                verbatim = None;
            }
            out.push_str(line);
            previous = Previous::Block;
            continue;
        }
        if gobble_next {
            gobble_next = false;
            if let Some(last) = open.last_mut() {
                last.gobble = indentation(body).0;
            }
        }
        let gobble = open.last().map_or(0, |o| o.gobble);
        let body = strip_columns(body, gobble);
        let (indent, indent_len) = indentation(body);
        let rest = &body[indent_len..];
        changed |= body.len() + newline.len() != line.len();
        let push = |out: &mut String, text: &str| {
            out.push_str(text);
            out.push_str(newline);
        };
        if let Some((ch, len)) = fence {
            if indent < 4
                && rest.starts_with(&ch.to_string().repeat(len))
                && rest.trim_start_matches(ch).trim().is_empty()
            {
                fence = None;
            }
            push(&mut out, body);
            continue;
        }
        if rest.trim().is_empty() {
            push(&mut out, body);
            previous = Previous::Blank;
            continue;
        }
        if indent >= 4 {
            // Code, or a paragraph's line.
            push(&mut out, body);
            if previous != Previous::Text {
                previous = Previous::Block;
            }
            continue;
        }
        if let Some(open_fence) = code_fence(rest) {
            fence = Some(open_fence);
            push(&mut out, body);
            previous = Previous::Block;
            continue;
        }
        if !rest.starts_with('<') {
            push(&mut out, body);
            previous = if rest.starts_with('#') {
                Previous::Block
            } else {
                Previous::Text
            };
            continue;
        }
        if let Some(closer) = declaration_closer(rest) {
            if previous == Previous::Text && rest.starts_with("<!--") {
                // pandoc's comment under a paragraph's line is inline HTML
                // in the paragraph (comrak's would end it).
                push(&mut out, &escaped(body, indent_len));
                found.escaped = true;
                changed = true;
                continue;
            }
            if !rest[2..].contains(closer) {
                verbatim = Some(closer.to_owned());
            }
            push(&mut out, body);
            previous = Previous::Block;
            continue;
        }
        let Some(first) = tag::parse(rest) else {
            push(&mut out, body);
            previous = Previous::Text;
            continue;
        };
        if first.is_verbatim() && !first.closing {
            let closer = format!("</{}>", first.name);
            if !rest.to_ascii_lowercase().contains(&closer) {
                verbatim = Some(closer);
            }
            push(&mut out, body);
            previous = Previous::Block;
            continue;
        }
        if !first.opens_block() {
            // A line of only this tag would be an HTML block of comrak's
            // own; pandoc reads it as a paragraph's inline HTML.
            if previous != Previous::Text && rest[first.len..].trim().is_empty() {
                push(&mut out, &escaped(body, indent_len));
                found.escaped = true;
                changed = true;
            } else {
                push(&mut out, body);
            }
            previous = Previous::Text;
            continue;
        }
        let segments = segments(rest);
        let only_tags = segments.iter().all(|s| match s {
            Segment::Tag(..) => true,
            Segment::Text(text) => text.trim().is_empty(),
        });
        let mut marked = String::with_capacity(body.len() + 16);
        marked.push_str(&body[..indent_len]);
        let count = segments.len();
        for (index, segment) in segments.into_iter().enumerate() {
            match segment {
                Segment::Text(_) if only_tags => {}
                Segment::Text(text) => marked.push_str(text),
                Segment::Tag(start, end) => {
                    let written = &rest[start..end];
                    let marker = format!("{MARK}{}{MARK}", found.tags.len());
                    if only_tags {
                        marked.push_str(&format!("<!--{marker}-->"));
                    } else {
                        // Spaced from the text, so emphasis beside it
                        // opens and closes (a space before the line's first
                        // would make four of indentation, code).
                        if index > 0 {
                            marked.push(' ');
                        }
                        marked.push_str(&marker);
                        if index + 1 < count {
                            marked.push(' ');
                        }
                    }
                    found.tags.push(written.to_owned());
                    found
                        .after_text
                        .push(only_tags && index == 0 && previous == Previous::Text);
                    let Some(parsed) = tag::parse(written) else {
                        continue;
                    };
                    if parsed.closing {
                        close(&mut open, &mut open_count, &parsed.name);
                    } else if !parsed.empty {
                        *open_count.entry(parsed.name.clone()).or_insert(0) += 1;
                        // pandoc strips the next line's indentation from the
                        // content of a tag that ends its line (not a div's).
                        gobble_next =
                            end == rest.trim_end().len() && !(native_divs && parsed.name == "div");
                        open.push(Open {
                            name: parsed.name,
                            gobble: 0,
                        });
                    }
                }
            }
        }
        push(&mut out, &marked);
        changed = true;
        previous = if only_tags {
            Previous::Block
        } else {
            Previous::Text
        };
    }
    if changed {
        (Cow::Owned(out), found)
    } else {
        (Cow::Borrowed(markdown), found)
    }
}

/// A closing tag closes the innermost open tag of its name and every tag
/// inside it; one with none open closes nothing.
fn close(open: &mut Vec<Open>, open_count: &mut HashMap<String, usize>, name: &str) {
    if open_count.get(name).copied().unwrap_or(0) == 0 {
        return;
    }
    while let Some(last) = open.pop() {
        if let Some(count) = open_count.get_mut(&last.name) {
            *count = count.saturating_sub(1);
        }
        if last.name == name {
            return;
        }
    }
}

/// What ends a comment, a processing instruction, CDATA or a declaration
/// starting the text (comrak's HTML blocks of types 2 to 5).
fn declaration_closer(rest: &str) -> Option<&'static str> {
    if rest.starts_with("<!--") {
        Some("-->")
    } else if rest.starts_with("<?") {
        Some("?>")
    } else if rest.starts_with("<![CDATA[") {
        Some("]]>")
    } else if rest.starts_with("<!") && rest[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some(">")
    } else {
        None
    }
}

/// The line with `ESCAPE` before its first `<`.
fn escaped(body: &str, indent_len: usize) -> String {
    format!("{}{ESCAPE}{}", &body[..indent_len], &body[indent_len..])
}

/// The line's indentation: its width in columns (a tab to the next stop
/// of four) and its length in bytes.
fn indentation(body: &str) -> (usize, usize) {
    let mut columns = 0;
    for (at, byte) in body.bytes().enumerate() {
        match byte {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => return (columns, at),
        }
    }
    (columns, body.len())
}

/// The line with at most `columns` columns of its indentation removed.
fn strip_columns(body: &str, columns: usize) -> &str {
    let mut width = 0;
    for (at, byte) in body.bytes().enumerate() {
        let next = match byte {
            b' ' => width + 1,
            b'\t' => width + 4 - width % 4,
            _ => return &body[at..],
        };
        if next > columns {
            return &body[at..];
        }
        width = next;
    }
    &body[body.len()..]
}

/// A piece of a line that starts with a block tag.
#[derive(Debug, PartialEq, Eq)]
enum Segment<'a> {
    /// A block tag: where it starts and ends.
    Tag(usize, usize),
    Text(&'a str),
}

/// The line cut at its block tags (a tag of either kind counts at the
/// line's start or right after another tag; code spans are text; a
/// verbatim element and what follows it are text).
fn segments(line: &str) -> Vec<Segment<'_>> {
    let bytes = line.as_bytes();
    let mut segments = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'`' => {
                let run = bytes[at..].iter().take_while(|&&b| b == b'`').count();
                at += run;
                if let Some(end) = closing_backticks(&bytes[at..], run) {
                    at += end;
                }
            }
            b'<' => {
                let Some(tag) = tag::parse(&line[at..]) else {
                    at += 1;
                    continue;
                };
                let after_tag = line[text_start..at].trim().is_empty();
                if tag.is_verbatim() && !tag.closing {
                    break;
                }
                if tag.is_block() || (after_tag && tag.opens_block()) {
                    if text_start < at {
                        segments.push(Segment::Text(&line[text_start..at]));
                    }
                    segments.push(Segment::Tag(at, at + tag.len));
                    at += tag.len;
                    text_start = at;
                } else {
                    at += tag.len;
                }
            }
            _ => at += 1,
        }
    }
    if text_start < line.len() {
        segments.push(Segment::Text(&line[text_start..]));
    }
    segments
}

/// Where a run of exactly `run` backticks ends in `bytes`, if one does.
fn closing_backticks(bytes: &[u8], run: usize) -> Option<usize> {
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'`' {
            let len = bytes[at..].iter().take_while(|&&b| b == b'`').count();
            if len == run {
                return Some(at + len);
            }
            at += len;
        } else {
            at += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests;
