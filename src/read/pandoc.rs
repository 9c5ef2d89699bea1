//! pandoc's Markdown extensions that comrak does not parse: a pre-pass over
//! the source (fancy list markers, form feeds) and passes over the tree
//! (bracketed spans, page breaks, line blocks, `{-}` headings).
//!
//! The pre-pass keeps every line's length and count, so comrak's source
//! positions still point into the file.

use crate::doc::{walk_blocks_mut, Attr, Block, Delim, Inline, ListStyle, NodesMut};
use std::borrow::Cow;
use std::collections::HashMap;

/// A fancy list marker the pre-pass rewrote, by the line it starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub style: ListStyle,
    pub delim: Delim,
    /// The first item's number (`(c)` is 3).
    pub start: u64,
}

/// The LaTeX commands that mean "start a new page".
const PAGE_BREAK_COMMANDS: &[&str] = &["\\newpage", "\\pagebreak", "\\clearpage"];

/// Div classes that mean "start a new page" (as pandoc's filters and
/// Word/LaTeX templates spell it).
const PAGE_BREAK_CLASSES: &[&str] = &["page-break", "pagebreak", "newpage"];

/// Rewrites fancy list markers (`(a)`, `iv.`, `A)`, `#.`, `(1)`) into
/// CommonMark ones of the same width (`01)`), and a form feed line into
/// `\newpage`; returns the markers found by their 1-based line.
pub fn prepare(markdown: &str) -> (Cow<'_, str>, HashMap<usize, Marker>) {
    let mut markers = HashMap::new();
    // Each line as it will be read, and whether it is inside a code fence.
    let mut lines: Vec<(Cow<'_, str>, bool)> = Vec::new();
    let mut changed = false;
    let mut fence: Option<(char, usize)> = None;
    // Whether the line is inside a list (so a marker may follow a line of text).
    let mut in_list = false;
    let mut after_blank = true;
    // The ordered list open at each indent: its style, delimiter and the
    // marker character written for it.
    let mut runs: HashMap<usize, (ListStyle, Delim, char)> = HashMap::new();
    for (index, line) in markdown.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches('\n');
        let trimmed = body.trim_start();
        let indent = body.len() - trimmed.len();
        let mut rewritten: Option<String> = None;
        let in_code = fence.is_some();
        if let Some((ch, len)) = fence {
            if indent < 4 && trimmed.starts_with(&ch.to_string().repeat(len)) {
                let rest = trimmed.trim_start_matches(ch);
                if rest.trim().is_empty() {
                    fence = None;
                }
            }
        } else if let Some(open) = code_fence(trimmed) {
            fence = Some(open);
        } else if body.trim_matches([' ', '\t']) == "\u{c}" {
            rewritten = Some("\\newpage".to_owned());
        } else if trimmed.is_empty() {
            after_blank = true;
        } else {
            let fancy = parse_marker(trimmed);
            let decimal = plain_decimal(trimmed);
            let marker_line = fancy.is_some() || is_plain_marker(trimmed);
            if let Some((marker, width)) = fancy.or(decimal) {
                if (after_blank || in_list || decimal.is_some()) && width <= 10 {
                    // The character written: a list's items share one; a
                    // list of another style or delimiter right after takes
                    // the other, so comrak starts a new list as pandoc does.
                    let natural = if marker.delim == Delim::Period {
                        '.'
                    } else {
                        ')'
                    };
                    let ch = match runs.get(&indent) {
                        Some(&(style, delim, ch))
                            if (style, delim) == (marker.style, marker.delim) =>
                        {
                            ch
                        }
                        Some(&(_, _, ch)) => {
                            if ch == '.' {
                                ')'
                            } else {
                                '.'
                            }
                        }
                        None => natural,
                    };
                    runs.retain(|&i, _| i < indent);
                    runs.insert(indent, (marker.style, marker.delim, ch));
                    markers.insert(index + 1, marker);
                    if fancy.is_some() || ch != natural {
                        let mut line = String::with_capacity(line.len());
                        line.push_str(&body[..indent]);
                        line.push_str(&"0".repeat(width - 2));
                        line.push('1');
                        line.push(ch);
                        line.push_str(&trimmed[width..]);
                        rewritten = Some(line);
                    }
                }
            } else if marker_line {
                // A bullet: what follows at this indent is a new list.
                runs.retain(|&i, _| i < indent);
            }
            if marker_line {
                in_list = true;
            } else if after_blank && indent == 0 {
                in_list = false;
                runs.clear();
            }
            // A div fence or a heading is a block of its own line: a list
            // may start on the next one, as after a blank line.
            after_blank = trimmed.starts_with(":::")
                || trimmed.starts_with("# ")
                || trimmed.starts_with("##");
        }
        match rewritten {
            Some(line) => {
                lines.push((Cow::Owned(line), in_code));
                changed = true;
            }
            None => lines.push((Cow::Borrowed(body), in_code || fence.is_some())),
        }
    }
    changed |= balance_divs(&mut lines);
    if changed {
        let mut out = String::with_capacity(markdown.len() + 16);
        for (i, (line, _)) in lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(line);
        }
        if markdown.ends_with('\n') {
            out.push('\n');
        }
        (Cow::Owned(out), markers)
    } else {
        (Cow::Borrowed(markdown), markers)
    }
}

/// The longest div fence the pre-pass writes, in colons above three.
const MAX_FENCE_HEIGHT: usize = 40;

/// Fenced divs as pandoc nests them: a closing `:::` closes the innermost
/// open div. comrak closes the outermost one whose fence is no longer than
/// the closing one, so each div's fences are lengthened to outrank those
/// inside it; a closing fence with no div open is text, as in pandoc.
fn balance_divs(lines: &mut [(Cow<'_, str>, bool)]) -> bool {
    // (opener line, closer line, height: 1 for a div with none inside).
    let mut divs: Vec<(usize, Option<usize>, usize)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut stray = Vec::new();
    for (index, (line, in_code)) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if *in_code || line.len() - trimmed.len() > 3 || !trimmed.starts_with(":::") {
            continue;
        }
        let info = trimmed.trim_start_matches(':').trim();
        if info.is_empty() {
            match open.pop() {
                Some(div) => {
                    divs[div].1 = Some(index);
                    // A closed div makes its parent one taller than itself
                    // (capped: past the reader's nesting limit it is moot,
                    // and hostile input must not grow with the square).
                    let height = (divs[div].2 + 1).min(MAX_FENCE_HEIGHT);
                    if let Some(&parent) = open.last() {
                        divs[parent].2 = divs[parent].2.max(height);
                    }
                }
                None => stray.push(index),
            }
        } else {
            open.push(divs.len());
            divs.push((index, None, 1));
        }
    }
    let nested = divs.iter().any(|d| d.2 > 1);
    if !nested && stray.is_empty() {
        return false;
    }
    for &(opener, closer, height) in &divs {
        if height == 1 {
            continue;
        }
        for index in std::iter::once(opener).chain(closer) {
            let line = &lines[index].0;
            let indent = line.len() - line.trim_start().len();
            let rest = line[indent..].trim_start_matches(':');
            let fence = ":".repeat(2 + height);
            lines[index].0 = Cow::Owned(format!("{}{fence}{rest}", &line[..indent]));
        }
    }
    for index in stray {
        let line = &lines[index].0;
        lines[index].0 = Cow::Owned(format!("\\{}", line.trim_start()));
    }
    true
}

/// An opening code fence: its character and length.
fn code_fence(trimmed: &str) -> Option<(char, usize)> {
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|c| *c == ch).count();
    (len >= 3).then_some((ch, len))
}

/// A bullet or decimal list marker comrak reads itself (`-`, `*`, `+`,
/// `1.`, `1)`), followed by a space or the line's end.
fn is_plain_marker(trimmed: &str) -> bool {
    let bytes = trimmed.as_bytes();
    let after = |i: usize| matches!(bytes.get(i), None | Some(b' ' | b'\t'));
    match bytes.first() {
        Some(b'-' | b'*' | b'+') => after(1),
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            matches!(bytes.get(digits), Some(b'.' | b')')) && after(digits + 1)
        }
        _ => false,
    }
}

/// A decimal marker comrak reads itself (`12.`, `3)`) and its width.
fn plain_decimal(trimmed: &str) -> Option<(Marker, usize)> {
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 || !is_plain_marker(trimmed) {
        return None;
    }
    let delim = match trimmed.as_bytes()[digits] {
        b'.' => Delim::Period,
        _ => Delim::OneParen,
    };
    let start = trimmed[..digits].parse().ok()?;
    Some((
        Marker {
            style: ListStyle::Decimal,
            delim,
            start,
        },
        digits + 1,
    ))
}

/// A fancy list marker at the start of `trimmed` and its width in bytes:
/// `(a)`, `a.`, `A)`, `iv.`, `(IV)`, `#.`, `(1)`. Decimal markers comrak
/// reads itself (`1.`, `1)`) are not fancy.
pub fn parse_marker(trimmed: &str) -> Option<(Marker, usize)> {
    let (open, rest) = match trimmed.strip_prefix('(') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    let (number, after) = rest.split_at(len);
    let close = after.chars().next()?;
    let delim = match (open, close) {
        (true, ')') => Delim::TwoParens,
        (false, ')') => Delim::OneParen,
        (false, '.') => Delim::Period,
        _ => return None,
    };
    let width = open as usize + len + 1;
    // A space must follow (two after a capital and a period: `B. Russell`
    // is a name, as pandoc reads it).
    let tail = &trimmed[width..];
    if !(tail.is_empty() || tail.starts_with([' ', '\t'])) {
        return None;
    }
    let (style, start) = classify(number)?;
    let upper = matches!(style, ListStyle::UpperAlpha | ListStyle::UpperRoman);
    if upper && delim == Delim::Period && !(tail.starts_with("  ") || tail.starts_with('\t')) {
        return None;
    }
    if style == ListStyle::Decimal && number != "#" && delim != Delim::TwoParens {
        return None;
    }
    Some((
        Marker {
            style,
            delim,
            start,
        },
        width,
    ))
}

/// What a marker's number says: `#` and digits are decimal, `i`/`I` and
/// longer roman numerals are roman, another single letter is a letter.
fn classify(number: &str) -> Option<(ListStyle, u64)> {
    if number == "#" {
        return Some((ListStyle::Decimal, 1));
    }
    if !number.is_empty() && number.len() <= 9 && number.bytes().all(|b| b.is_ascii_digit()) {
        return Some((ListStyle::Decimal, number.parse().ok()?));
    }
    let lower = number.chars().all(|c| c.is_ascii_lowercase());
    let upper = number.chars().all(|c| c.is_ascii_uppercase());
    if number.is_empty() || !(lower || upper) {
        return None;
    }
    let single = number.len() == 1;
    if !single || number.eq_ignore_ascii_case("i") {
        let value = roman_value(&number.to_ascii_lowercase())?;
        let style = if lower {
            ListStyle::LowerRoman
        } else {
            ListStyle::UpperRoman
        };
        return Some((style, value));
    }
    let letter = number.bytes().next()?.to_ascii_lowercase();
    let style = if lower {
        ListStyle::LowerAlpha
    } else {
        ListStyle::UpperAlpha
    };
    Some((style, u64::from(letter - b'a') + 1))
}

/// A lower-case roman numeral's value, when it is one written the usual way.
fn roman_value(text: &str) -> Option<u64> {
    let digit = |c: char| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    };
    let values: Vec<u64> = text.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, value) in values.iter().enumerate() {
        match values.get(i + 1) {
            Some(next) if next > value => total -= *value as i64,
            _ => total += *value as i64,
        }
    }
    let total = u64::try_from(total).ok().filter(|t| *t > 0)?;
    (ListStyle::LowerRoman.number(total) == text).then_some(total)
}

/// The format of a raw code block's info string, `{=latex}` → `latex`.
pub fn raw_format(info: &str) -> Option<String> {
    let (format, len) = raw_attribute(info.trim())?;
    info.trim()[len..].trim().is_empty().then_some(format)
}

/// `{=format}` at the start of `text`: the format and the attribute's length.
pub fn raw_attribute(text: &str) -> Option<(String, usize)> {
    let rest = text.strip_prefix("{=")?;
    let end = rest.find('}')?;
    let format = &rest[..end];
    let valid = !format.is_empty()
        && format
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    valid.then(|| (format.to_ascii_lowercase(), end + 3))
}

/// Whether raw text of this format is a page break (`\newpage` in LaTeX).
pub fn is_page_break_command(format: &str, text: &str) -> bool {
    matches!(format, "latex" | "tex" | "context") && PAGE_BREAK_COMMANDS.contains(&text.trim())
}

/// A fenced div's attributes: `{.class #id key=value}`, or a bare word
/// (`::: warning`) that is its class.
pub fn div_attr(info: &str) -> Attr {
    let info = info.trim().trim_end_matches(':').trim();
    if info.starts_with('{') {
        if let Some((attr, _)) = parse_attr(info) {
            return attr;
        }
    }
    let mut attr = Attr::default();
    if let Some(word) = info.split_whitespace().next() {
        attr.classes.push(word.to_owned());
    }
    attr
}

/// pandoc's attribute syntax at the start of `text`, `{#id .class key="v"}`:
/// the attributes and the length they take. Quotes may be curly (smart
/// punctuation ran before).
pub fn parse_attr(text: &str) -> Option<(Attr, usize)> {
    let rest = text.strip_prefix('{')?;
    let end = rest.find('}')?;
    let inner = &rest[..end];
    let mut attr = Attr::default();
    let mut chars = inner.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let word_end = |from: usize| {
            inner[from..]
                .find(|c: char| c.is_whitespace() || c == '=')
                .map_or(inner.len(), |j| from + j)
        };
        match c {
            '#' | '.' => {
                let end = word_end(i + 1);
                let name = &inner[i + 1..end];
                if name.is_empty() || inner[end..].starts_with('=') {
                    return None;
                }
                if c == '#' {
                    attr.id = name.to_owned();
                } else {
                    attr.classes.push(name.to_owned());
                }
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
            }
            '-' if inner[i..].trim() == "-" => {
                attr.classes.push("unnumbered".to_owned());
                chars.next();
            }
            c if c.is_alphanumeric() || c == '_' => {
                let key_end = word_end(i);
                let key = &inner[i..key_end];
                if !inner[key_end..].starts_with('=') {
                    return None;
                }
                let value_start = key_end + 1;
                let value_rest = &inner[value_start..];
                let (value, value_len) = match value_rest.chars().next() {
                    Some(q @ ('"' | '\'' | '“' | '‘')) => {
                        let close = match q {
                            '“' => '”',
                            '‘' => '’',
                            q => q,
                        };
                        let body = &value_rest[q.len_utf8()..];
                        let stop = body.find(close)?;
                        (&body[..stop], q.len_utf8() + stop + close.len_utf8())
                    }
                    _ => {
                        let stop = value_rest
                            .find(char::is_whitespace)
                            .unwrap_or(value_rest.len());
                        (&value_rest[..stop], stop)
                    }
                };
                attr.pairs.push((key.to_owned(), value.to_owned()));
                let next = value_start + value_len;
                while chars.peek().is_some_and(|&(j, _)| j < next) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some((attr, end + 2))
}

/// The passes over the tree, after comrak: spans and the styles their
/// classes name, page breaks, line blocks, `{-}` on headings.
pub fn finish(blocks: &mut Vec<Block>) {
    walk_blocks_mut(blocks, &mut |nodes| match nodes {
        NodesMut::Inlines(inlines) => spans(inlines),
        NodesMut::Blocks(blocks) => {
            let taken = std::mem::take(blocks);
            for block in taken {
                block_pass(block, blocks);
            }
            // One page break, however many ways the source asked for it.
            blocks.dedup_by(|b, a| *a == Block::PageBreak && *b == Block::PageBreak);
        }
    });
}

fn block_pass(block: Block, out: &mut Vec<Block>) {
    match block {
        Block::Div { attr, blocks }
            if attr
                .classes
                .iter()
                .any(|c| PAGE_BREAK_CLASSES.contains(&c.as_str())) =>
        {
            out.push(Block::PageBreak);
            out.extend(blocks.into_iter().filter(|b| *b != Block::PageBreak));
        }
        Block::Paragraph { content } => paragraph(content, out),
        Block::Heading {
            level,
            mut attr,
            mut content,
            pos,
        } => {
            if let Some(Inline::Text { text }) = content.last_mut() {
                if let Some(stripped) = text.trim_end().strip_suffix("{-}") {
                    *text = stripped.trim_end().to_owned();
                    attr.classes.push("unnumbered".to_owned());
                }
            }
            out.push(Block::Heading {
                level,
                attr,
                content,
                pos,
            });
        }
        other => out.push(other),
    }
}

/// The lines of a paragraph, split at its soft and hard breaks.
fn lines(content: Vec<Inline>) -> Vec<Vec<Inline>> {
    let mut lines = vec![Vec::new()];
    for inline in content {
        match inline {
            Inline::SoftBreak | Inline::LineBreak => lines.push(Vec::new()),
            other => lines.last_mut().expect("one line").push(other),
        }
    }
    lines
}

fn is_page_break_line(line: &[Inline]) -> bool {
    match line {
        [Inline::Text { text }] => PAGE_BREAK_COMMANDS.contains(&text.trim()),
        [Inline::Raw { format, text }] => is_page_break_command(format, text),
        _ => false,
    }
}

/// A paragraph: a line block when every line starts `| `; split at lines
/// that are page-break commands (`\newpage`); raw LaTeX left inside dropped.
fn paragraph(content: Vec<Inline>, out: &mut Vec<Block>) {
    let has_break = content.iter().any(|i| match i {
        Inline::Text { text } => PAGE_BREAK_COMMANDS.iter().any(|c| text.contains(c)),
        Inline::Raw { format, .. } => format != "html",
        _ => false,
    });
    let starts_bar = matches!(content.first(), Some(Inline::Text { text }) if text == "|" || text.starts_with("| "));
    if !has_break && !starts_bar {
        out.push(Block::Paragraph { content });
        return;
    }
    if starts_bar {
        if let Some(block) = line_block(&content) {
            out.push(block);
            return;
        }
    }
    let original = content.clone();
    let mut pending: Vec<Inline> = Vec::new();
    let flush = |pending: &mut Vec<Inline>, out: &mut Vec<Block>| {
        while matches!(pending.last(), Some(Inline::SoftBreak | Inline::LineBreak)) {
            pending.pop();
        }
        if !pending.is_empty() {
            out.push(Block::Paragraph {
                content: std::mem::take(pending),
            });
        }
    };
    // Keep the original breaks between the lines that stay.
    let mut rest = original.into_iter().peekable();
    while rest.peek().is_some() {
        let mut line = Vec::new();
        let mut brk = None;
        for inline in rest.by_ref() {
            if matches!(inline, Inline::SoftBreak | Inline::LineBreak) {
                brk = Some(inline);
                break;
            }
            line.push(inline);
        }
        if is_page_break_line(&line) {
            flush(&mut pending, out);
            out.push(Block::PageBreak);
        } else {
            pending.extend(
                line.into_iter()
                    .filter(|i| !matches!(i, Inline::Raw { format, .. } if format != "html")),
            );
            pending.extend(brk);
        }
    }
    flush(&mut pending, out);
}

/// `| ` lines as a line block; a line starting with a space continues the
/// one above (pandoc's rule). `None` when a line does not start with `|`.
fn line_block(content: &[Inline]) -> Option<Block> {
    let mut result: Vec<Vec<Inline>> = Vec::new();
    for mut line in lines(content.to_vec()) {
        let Some(Inline::Text { text }) = line.first_mut() else {
            return None;
        };
        if text == "|" {
            line.remove(0);
        } else if let Some(stripped) = text.strip_prefix("| ") {
            // Leading spaces are kept, as no-break spaces (pandoc's rule).
            let kept = stripped.len() - stripped.trim_start_matches(' ').len();
            *text = "\u{a0}".repeat(kept) + stripped.trim_start_matches(' ');
            if text.is_empty() {
                line.remove(0);
            }
        } else {
            return None;
        }
        result.push(line);
    }
    Some(Block::LineBlock { lines: result })
}

/// Bracketed spans, `[text]{.class}`, in one list of inlines (comrak reads
/// them as text around their content); the classes `underline`,
/// `smallcaps` and `mark` become those styles.
fn spans(inlines: &mut Vec<Inline>) {
    let mut from = (0, 0);
    'search: loop {
        // The next `]{…}` in a text node.
        let mut found = None;
        for (index, inline) in inlines.iter().enumerate().skip(from.0) {
            let Inline::Text { text } = inline else {
                continue;
            };
            let start = if index == from.0 { from.1 } else { 0 };
            let mut at = start;
            while let Some(k) = text.get(at..).and_then(|t| t.find("]{")) {
                let close = at + k;
                if let Some((attr, len)) = parse_attr(&text[close + 1..]) {
                    found = Some((index, close, attr, len));
                    break;
                }
                at = close + 1;
            }
            if found.is_some() {
                break;
            }
        }
        let Some((close_index, close, attr, len)) = found else {
            return;
        };
        // Its `[`: the nearest unmatched one before it, in this list.
        let mut depth = 0usize;
        let mut open = None;
        'back: for index in (0..=close_index).rev() {
            let Inline::Text { text } = &inlines[index] else {
                continue;
            };
            let upto = if index == close_index {
                close
            } else {
                text.len()
            };
            for (i, c) in text[..upto].char_indices().rev() {
                match c {
                    ']' => depth += 1,
                    '[' if depth == 0 => {
                        open = Some((index, i));
                        break 'back;
                    }
                    '[' => depth -= 1,
                    _ => {}
                }
            }
        }
        let Some((open_index, open_at)) = open else {
            from = (close_index, close + 1);
            continue 'search;
        };
        let tail: Vec<Inline> = inlines.split_off(close_index + 1);
        let Some(Inline::Text { text: close_text }) = inlines.pop() else {
            return;
        };
        let after = close_text[close + 1 + len..].to_owned();
        let mut middle: Vec<Inline> = if open_index == close_index {
            vec![Inline::text(&close_text[open_at + 1..close])]
        } else {
            let mut middle = inlines.split_off(open_index + 1);
            middle.push(Inline::text(&close_text[..close]));
            middle
        };
        let before = if open_index == close_index {
            close_text[..open_at].to_owned()
        } else {
            match inlines.pop() {
                Some(Inline::Text { text }) => {
                    middle.insert(0, Inline::text(&text[open_at + 1..]));
                    text[..open_at].to_owned()
                }
                _ => String::new(),
            }
        };
        middle.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
        if !before.is_empty() {
            inlines.push(Inline::text(before));
        }
        inlines.push(styled(attr, middle));
        let resume = inlines.len();
        if !after.is_empty() {
            inlines.push(Inline::text(after));
        }
        inlines.extend(tail);
        from = (resume, 0);
    }
}

/// A span, or the style its class names (the other attributes kept on a
/// span around it).
fn styled(mut attr: Attr, content: Vec<Inline>) -> Inline {
    let style = ["underline", "ul", "smallcaps", "mark"]
        .iter()
        .find(|class| attr.has_class(class))
        .copied();
    let Some(style) = style else {
        return Inline::Span { attr, content };
    };
    attr.classes.retain(|c| c != style);
    let inner = match style {
        "underline" | "ul" => Inline::Underline { content },
        "smallcaps" => Inline::SmallCaps { content },
        _ => Inline::Mark { content },
    };
    if attr.is_empty() {
        inner
    } else {
        Inline::Span {
            attr,
            content: vec![inner],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_classified_as_pandoc_does() {
        let marker = |s: &str| parse_marker(s).map(|(m, w)| (m.style, m.delim, m.start, w));
        use Delim::*;
        use ListStyle::*;
        assert_eq!(marker("(a) x"), Some((LowerAlpha, TwoParens, 1, 3)));
        assert_eq!(marker("c. x"), Some((LowerAlpha, Period, 3, 2)));
        assert_eq!(marker("B)  x"), Some((UpperAlpha, OneParen, 2, 2)));
        assert_eq!(marker("iv. x"), Some((LowerRoman, Period, 4, 3)));
        assert_eq!(marker("(IV) x"), Some((UpperRoman, TwoParens, 4, 4)));
        assert_eq!(marker("i. x"), Some((LowerRoman, Period, 1, 2)));
        assert_eq!(marker("#. x"), Some((Decimal, Period, 1, 2)));
        assert_eq!(marker("(2) x"), Some((Decimal, TwoParens, 2, 3)));
        assert_eq!(marker("1. x"), None);
        assert_eq!(marker("B. Russell"), None);
        assert_eq!(marker("i.e. this"), None);
        assert_eq!(marker("(ab) x"), None);
        assert_eq!(marker("(a)x"), None);
    }

    #[test]
    fn prepare_keeps_lengths_and_lines() {
        let text = "Intro.\n\n(a) one\n(a) two\n\u{c}\nend\n";
        let (prepared, markers) = prepare(text);
        assert_eq!(prepared, "Intro.\n\n01) one\n01) two\n\\newpage\nend\n");
        assert_eq!(markers.len(), 2);
        assert_eq!(markers[&3].style, ListStyle::LowerAlpha);
        // Another style right after: the other character, a new list.
        let (prepared, _) = prepare("A)  one\n\n(1) two\n\n1. three\n");
        assert_eq!(prepared, "1)  one\n\n01. two\n\n1) three\n");
        // Not after a line of text outside a list.
        let (prepared, _) = prepare("Some text\n(a) not a list\n");
        assert_eq!(prepared, "Some text\n(a) not a list\n");
        // Not inside a code fence.
        let (prepared, _) = prepare("```\n(a) code\n```\n");
        assert_eq!(prepared, "```\n(a) code\n```\n");
        // Nested divs: the outer fences outrank the inner ones; a stray
        // closing fence is text.
        let (prepared, _) = prepare("::: a\n::: b\nx\n:::\n:::\n:::\n");
        assert_eq!(prepared, ":::: a\n::: b\nx\n:::\n::::\n\\:::\n");
    }

    #[test]
    fn attributes_parse_as_pandoc_writes_them() {
        let (attr, len) = parse_attr("{#x .a .b k=v q=\"two words\"} tail").unwrap();
        assert_eq!(attr.id, "x");
        assert_eq!(attr.classes, ["a", "b"]);
        assert_eq!(
            attr.pairs,
            [
                ("k".to_owned(), "v".to_owned()),
                ("q".to_owned(), "two words".to_owned())
            ]
        );
        assert_eq!(len, 28);
        assert_eq!(parse_attr("{=latex}"), None);
        assert_eq!(parse_attr("{not attrs}"), None);
        assert_eq!(div_attr("warning").classes, ["warning"]);
        assert_eq!(div_attr("{.page-break}").classes, ["page-break"]);
        assert_eq!(raw_attribute("{=latex} x"), Some(("latex".to_owned(), 8)));
    }
}
