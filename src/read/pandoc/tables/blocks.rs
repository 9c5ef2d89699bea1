//! The top-level block structure, as far as tables need it: where blocks
//! start, in pandoc's order of block parsers (`block` in
//! `Readers/Markdown.hs`): fenced code, YAML blocks, bullet lists, fenced
//! divs, headings, then tables, then indented code, quotes, rules,
//! ordered lists and paragraphs. A paragraph runs to a blank line, so a
//! table never interrupts one; lists and quotes are skipped whole, so a
//! table is only found at the top level.

use super::html::{closes_verbatim, html_block_end, html_block_tag, HtmlTag, VERBATIM_TAGS};
use super::{is_blank, nonindent, table_at, SourceTable, Src};

/// What the scan knows at a block start.
pub(super) struct Context {
    fences: Fences,
    /// How many fenced divs are open: a `:::` line closes one, and ends
    /// paragraphs, captions and table rows as a blank line does.
    pub div_depth: usize,
}

impl Context {
    /// Whether line `i` ends a paragraph without being blank: a backtick
    /// fence that opens a code block, or a div's closing fence.
    pub fn interrupts_paragraph(&self, src: &Src, i: usize) -> bool {
        let line = src.line(i);
        (self.div_depth > 0 && is_div_close(line))
            || matches!(
                html_block_tag(line),
                Some(HtmlTag::Open(_) | HtmlTag::Close)
            )
            || fence(line).is_some_and(|f| f.ch == b'`' && self.fences.has_closer(f, i))
    }

    /// pandoc's `blanklines'`: a blank line, or a div's closing fence.
    pub fn is_blankish(&self, src: &Src, i: usize) -> bool {
        let line = src.line(i);
        is_blank(line) || (self.div_depth > 0 && is_div_close(line))
    }
}

pub(super) fn scan(src: &Src) -> Vec<SourceTable> {
    let mut ctx = Context {
        fences: Fences::new(src),
        div_depth: 0,
    };
    let mut tables = Vec::new();
    let n = src.len();
    let mut i = 0;
    while i < n {
        let line = src.line(i);
        if is_blank(line) {
            i += 1;
            continue;
        }
        if let Some(f) = fence(line) {
            if let Some(close) = ctx.fences.closer_after(src, f, i) {
                i = close + 1;
                continue;
            }
        }
        if let Some(end) = yaml_block_end(src, &ctx.fences, i) {
            i = end + 1;
            continue;
        }
        if let Some(content) = bullet_marker(line) {
            if !is_hrule(line) {
                i = skip_list(src, i, content, ListKind::Bullet);
                continue;
            }
        }
        if is_div_close(line) && ctx.div_depth > 0 {
            ctx.div_depth -= 1;
            i += 1;
            continue;
        }
        if is_div_open(line) {
            ctx.div_depth += 1;
            i += 1;
            continue;
        }
        // pandoc tries setext headings first: `# a` over `---` is one; a
        // block-level HTML tag cannot be a heading's text.
        let block_tag = matches!(
            html_block_tag(line),
            Some(HtmlTag::Open(_) | HtmlTag::Close)
        );
        if i + 1 < n && !block_tag && is_setext_underline(src.line(i + 1)) {
            i += 2;
            continue;
        }
        if is_atx_heading(line) {
            i += 1;
            continue;
        }
        if let Some(end) =
            html_block_tag(line).and_then(|tag| html_block_end(src, &ctx.fences, i, tag))
        {
            i = end + 1;
            continue;
        }
        if let Some(table) = table_at(src, i, &ctx) {
            i = table.last_line + 1;
            tables.push(table);
            continue;
        }
        if nonindent(line).is_none() {
            i = skip_indented_code(src, i);
            continue;
        }
        if line.trim_start().starts_with('>') {
            i = skip_to_blank(src, i);
            continue;
        }
        if is_hrule(line) {
            i += 1;
            continue;
        }
        if line.starts_with('|') {
            if let Some(end) = line_block_end(src, i) {
                i = end;
                continue;
            }
        }
        if let Some(content) = ordered_marker(line) {
            i = skip_list(src, i, content, ListKind::Ordered);
            continue;
        }
        // A paragraph (or anything else that runs to a blank line).
        i += 1;
        while i < n && !is_blank(src.line(i)) && !ctx.interrupts_paragraph(src, i) {
            i += 1;
        }
    }
    tables
}

fn skip_to_blank(src: &Src, mut i: usize) -> usize {
    while i < src.len() && !src.is_blank(i) {
        i += 1;
    }
    i
}

/// An indented code block: indented lines and the blank lines between
/// them.
fn skip_indented_code(src: &Src, mut i: usize) -> usize {
    let n = src.len();
    while i < n {
        let line = src.line(i);
        if !is_blank(line) && nonindent(line).is_some() {
            break;
        }
        i += 1;
    }
    i
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Bullet,
    Ordered,
}

/// A list item's marker of either kind, and where its content starts.
fn list_marker(line: &str) -> Option<(ListKind, usize)> {
    if let Some(content) = bullet_marker(line).filter(|_| !is_hrule(line)) {
        return Some((ListKind::Bullet, content));
    }
    ordered_marker(line).map(|content| (ListKind::Ordered, content))
}

/// A list from its first item: lines up to a blank line belong to it
/// (lazily), and after blank lines it goes on with a line indented to an
/// item's content or with a new item at its own level. An item of the
/// other kind at its level ends it (pandoc: `1.` after `- a` starts a new
/// block). Returns the line after the list.
fn skip_list(src: &Src, start: usize, content: usize, kind: ListKind) -> usize {
    let n = src.len();
    let mut content = content;
    // Whether line `i` goes on with the list: `Some(true)` when it is an
    // item of the list's own kind, `Some(false)` when it is not at the
    // list's level, `None` when it ends the list.
    let at_level = |line: &str, content: usize| -> Result<Option<usize>, ()> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent >= content {
            return Ok(None);
        }
        match list_marker(line) {
            Some((k, c)) if k == kind => Ok(Some(c)),
            Some(_) => Err(()),
            None => Ok(None),
        }
    };
    let mut i = start + 1;
    loop {
        while i < n && !src.is_blank(i) {
            match at_level(src.line(i), content) {
                Ok(Some(c)) => content = c,
                Ok(None) => {}
                Err(()) => return i,
            }
            i += 1;
        }
        let mut next = i;
        while next < n && src.is_blank(next) {
            next += 1;
        }
        if next >= n {
            return next;
        }
        let line = src.line(next);
        let indent = line.len() - line.trim_start_matches(' ').len();
        match at_level(line, content) {
            Ok(Some(c)) => content = c,
            Ok(None) if indent >= content => {}
            _ => return next,
        }
        i = next + 1;
    }
}

/// pandoc's line block: lines that start `| ` (with text after) or are a
/// bare `|`, each followed by lines that start with a space; the line
/// after it.
fn line_block_end(src: &Src, start: usize) -> Option<usize> {
    let n = src.len();
    let mut i = start;
    while i < n {
        let line = src.line(i);
        let Some(rest) = line.strip_prefix('|') else {
            break;
        };
        if is_blank(rest) {
            i += 1;
            continue;
        }
        if !rest.starts_with(' ') {
            break;
        }
        i += 1;
        while i < n && src.line(i).starts_with(' ') {
            i += 1;
        }
    }
    (i > start).then_some(i)
}

/// A bullet list item's marker (`-`, `*`, `+`, indented at most three
/// spaces, then a space or the line's end): the column its content starts.
fn bullet_marker(line: &str) -> Option<usize> {
    let indent = nonindent(line)?;
    let rest = &line[indent..];
    let marker = rest.chars().next()?;
    if !matches!(marker, '-' | '*' | '+') {
        return None;
    }
    content_column(indent + 1, &rest[1..])
}

/// Where an item's content starts after a marker that ends at `column`:
/// after one to four spaces, or one space when there are more (the
/// content is then indented code); `None` unless a space or the line's
/// end follows the marker.
fn content_column(column: usize, after: &str) -> Option<usize> {
    if after.is_empty() {
        return Some(column + 1);
    }
    let spaces = after.bytes().take_while(|&b| b == b' ').count();
    match spaces {
        0 => None,
        1..=4 => Some(column + spaces),
        _ => Some(column + 1),
    }
}

/// An ordered list item's marker, as pandoc's `fancy_lists` and
/// `example_lists` read them: `1.`, `1)`, `(1)`, `#.`, `a.`, `iv)`,
/// `(@)`, `@label.` and so on; the column its content starts.
fn ordered_marker(line: &str) -> Option<usize> {
    let indent = nonindent(line)?;
    let rest = &line[indent..];
    let (open, body) = match rest.strip_prefix('(') {
        Some(body) => (true, body),
        None => (false, rest),
    };
    let label_len = if let Some(example) = body.strip_prefix('@') {
        1 + example
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count()
    } else if body.starts_with('#') {
        1
    } else {
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            if digits > 9 {
                return None;
            }
            digits
        } else {
            let letters = body.bytes().take_while(u8::is_ascii_alphabetic).count();
            let word = &body[..letters];
            let roman = !word.is_empty()
                && (word.bytes().all(|b| b"ivxlcdm".contains(&b))
                    || word.bytes().all(|b| b"IVXLCDM".contains(&b)));
            if letters == 1 || roman {
                letters
            } else {
                return None;
            }
        }
    };
    let label = &body[..label_len];
    let after_label = &body[label_len..];
    let delim = after_label.chars().next()?;
    let valid_delim = matches!((open, delim), (true, ')') | (false, '.' | ')'));
    if !valid_delim {
        return None;
    }
    let after = &after_label[1..];
    // "A. Lincoln": an upper-case letter with a period needs two spaces.
    let upper_letter = label.len() == 1 && label.as_bytes()[0].is_ascii_uppercase();
    if upper_letter && delim == '.' && !after.is_empty() && !after.starts_with("  ") {
        return None;
    }
    let marker_end = indent + usize::from(open) + label_len + 1;
    content_column(marker_end, after)
}

/// pandoc's `hrule`: three or more `*`, `-` or `_`, spaces between allowed.
fn is_hrule(line: &str) -> bool {
    let trimmed = line.trim_start_matches([' ', '\t']);
    let Some(ch) = trimmed.chars().next() else {
        return false;
    };
    if !matches!(ch, '*' | '-' | '_') {
        return false;
    }
    let mut count = 0;
    for c in trimmed.chars() {
        if c == ch {
            count += 1;
        } else if c != ' ' && c != '\t' {
            return false;
        }
    }
    count >= 3
}

/// An ATX heading: one to six `#`, then a space or the line's end (pandoc's
/// `space_in_atx_header`), not a `#.` list marker.
fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && line[hashes..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t')
}

/// A setext heading's underline: `=` or `-` only, from the first column,
/// trailing space allowed.
fn is_setext_underline(line: &str) -> bool {
    let body = line.trim_end_matches([' ', '\t']);
    let Some(first) = body.bytes().next() else {
        return false;
    };
    (first == b'=' || first == b'-') && body.bytes().all(|b| b == first)
}

fn is_div_close(line: &str) -> bool {
    let body = line.trim_end_matches([' ', '\t']);
    body.len() >= 3 && body.bytes().all(|b| b == b':')
}

/// A fenced div's opening: `:::` then a class word or `{attributes}`.
fn is_div_open(line: &str) -> bool {
    let Some(indent) = nonindent(line) else {
        return false;
    };
    let rest = &line[indent..];
    let colons = rest.bytes().take_while(|&b| b == b':').count();
    colons >= 3 && {
        let info = rest[colons..].trim_matches([' ', '\t', ':']);
        !info.is_empty()
    }
}

/// A code fence line: three or more backticks or tildes, indented at most
/// three spaces.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fence {
    ch: u8,
    len: usize,
    /// Nothing after the fence but spaces: it can close a block.
    bare: bool,
}

fn fence(line: &str) -> Option<Fence> {
    let indent = nonindent(line)?;
    let rest = &line.as_bytes()[indent..];
    let ch = *rest.first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.iter().take_while(|&&b| b == ch).count();
    if len < 3 {
        return None;
    }
    let info = &line[indent + len..];
    if ch == b'`' && info.contains('`') {
        return None;
    }
    Some(Fence {
        ch,
        len,
        bare: is_blank(info),
    })
}

/// Where code fences can close, so that finding a fence's closer is one
/// forward walk: pandoc reads an unclosed fence as text, not code.
pub(super) struct Fences {
    /// For each line, the longest bare backtick / tilde fence at or after
    /// it.
    longest_backticks_from: Vec<u32>,
    longest_tildes_from: Vec<u32>,
    /// For each line, the next line at or after it that closes a YAML
    /// block (`---` or `...`).
    next_yaml_close: Vec<u32>,
    /// For each line, the next line at or after it holding `-->`.
    pub next_comment_close: Vec<u32>,
    /// For each line, the next line at or after it that closes a
    /// verbatim HTML element (`</pre`, `</script`, `</style`,
    /// `</textarea`); past the end when none does.
    pub next_verbatim_close: Vec<u32>,
}

impl Fences {
    fn new(src: &Src) -> Fences {
        let n = src.len();
        let mut backticks = vec![0u32; n + 1];
        let mut tildes = vec![0u32; n + 1];
        let mut yaml = vec![u32::MAX; n + 1];
        let mut comment = vec![u32::MAX; n + 1];
        let mut verbatim = vec![u32::MAX; n + 1];
        for i in (0..n).rev() {
            backticks[i] = backticks[i + 1];
            tildes[i] = tildes[i + 1];
            yaml[i] = yaml[i + 1];
            comment[i] = comment[i + 1];
            verbatim[i] = verbatim[i + 1];
            let line = src.line(i);
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            if line.contains("-->") {
                comment[i] = index;
            }
            if line.contains("</") && VERBATIM_TAGS.iter().any(|name| closes_verbatim(line, name)) {
                verbatim[i] = index;
            }
            if let Some(f) = fence(line).filter(|f| f.bare) {
                let len = u32::try_from(f.len).unwrap_or(u32::MAX);
                let slot = if f.ch == b'`' {
                    &mut backticks[i]
                } else {
                    &mut tildes[i]
                };
                *slot = (*slot).max(len);
            }
            let body = line.trim_end_matches([' ', '\t']);
            if body == "---" || body == "..." {
                yaml[i] = u32::try_from(i).unwrap_or(u32::MAX);
            }
        }
        Fences {
            longest_backticks_from: backticks,
            longest_tildes_from: tildes,
            next_yaml_close: yaml,
            next_comment_close: comment,
            next_verbatim_close: verbatim,
        }
    }

    /// Whether a fence at line `open_line` opens a code block: a closing
    /// fence (the same character, at least as long, nothing after it)
    /// follows.
    fn has_closer(&self, open: Fence, open_line: usize) -> bool {
        let longest = if open.ch == b'`' {
            &self.longest_backticks_from
        } else {
            &self.longest_tildes_from
        };
        longest
            .get(open_line + 1)
            .is_some_and(|&l| l as usize >= open.len)
    }

    /// The line that closes the code block a fence at `open_line` opens.
    fn closer_after(&self, src: &Src, open: Fence, open_line: usize) -> Option<usize> {
        if !self.has_closer(open, open_line) {
            return None;
        }
        // A closer exists: the walk to it covers the code block's own
        // lines, which the scan then skips.
        (open_line + 1..src.len()).find(|&i| {
            fence(src.line(i)).is_some_and(|f| f.ch == open.ch && f.bare && f.len >= open.len)
        })
    }
}

/// A YAML metadata block starting at `start` (`---`, then a non-blank
/// line that opens a mapping, up to `---` or `...`): its last line. pandoc
/// reads a block whose YAML is not a mapping as Markdown (then often a
/// headless simple table).
fn yaml_block_end(src: &Src, fences: &Fences, start: usize) -> Option<usize> {
    if src.line(start).trim_end_matches([' ', '\t']) != "---" {
        return None;
    }
    let first = src.get(start + 1)?;
    if is_blank(first) || !looks_like_mapping(first) {
        return None;
    }
    let close = *fences.next_yaml_close.get(start + 1)?;
    (close != u32::MAX).then_some(close as usize)
}

/// The first line of a YAML mapping: `key:` (then a space or the end), or a
/// comment.
fn looks_like_mapping(line: &str) -> bool {
    let line = line.trim_start();
    if line.starts_with('#') {
        return true;
    }
    if line.starts_with(['-', ':', '[', '{', '|', '>']) {
        return false;
    }
    match line.find(':') {
        Some(at) => line[at + 1..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t'),
        None => false,
    }
}
