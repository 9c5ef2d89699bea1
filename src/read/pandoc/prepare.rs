//! The pre-pass over the source: fancy list markers (`(a)`, `iv.`, `#.`)
//! rewritten into CommonMark ones of the same width, form feeds into
//! `\newpage`, nested div fences lengthened; every line keeps its length.

use super::links::{escape_title_quotes, reference_definition, reference_mark};
use crate::doc::{Delim, ListStyle};
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

/// What the pre-pass found: fancy list markers by their 1-based line, and
/// the numbers of labelled examples (`(@good)` → 3).
#[derive(Debug, Default)]
pub struct Prepared {
    pub markers: HashMap<usize, Marker>,
    pub examples: HashMap<String, u64>,
    /// Lines whose list marker is text because they follow a paragraph's
    /// line with no blank line between (1-based).
    pub joined: Vec<usize>,
    /// Attributes written on reference definitions (`[a]: url {.class}`,
    /// or on the next line), by their number in the mark the pre-pass
    /// wrote after the definition's URL (`reference_mark`): comrak reads
    /// the definitions without the attributes, and the links that use the
    /// definition, by its label, carry the mark in their URL.
    pub reference_attrs: Vec<crate::doc::Attr>,
}

/// Rewrites fancy list markers (`(a)`, `iv.`, `A)`, `#.`, `(1)`, and
/// example markers `(@)`, `(@label)`, numbered through the document) into
/// CommonMark ones of the same width (`01)`), and a form feed line into
/// `\newpage`.
pub fn prepare(markdown: &str) -> (Cow<'_, str>, Prepared) {
    let mut markers = HashMap::new();
    let mut examples = HashMap::new();
    let mut example_count = 0u64;
    let mut joined = Vec::new();
    // Whether the line is inside an HTML block (from a line starting with
    // a tag to the next blank line): comrak keeps its lines as written.
    let mut in_html = false;
    let mut reference_attrs = Vec::new();
    // A reference definition on the line before (its line's index and
    // where its URL ends), which an attribute line may follow.
    let mut definition_line: Option<(usize, usize)> = None;
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
        if fence.is_none() && after_blank && indent < 4 && trimmed.starts_with('<') {
            in_html = true;
        }
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
        } else if let Some((url_end, attr, at)) = reference_definition(trimmed) {
            // The attributes are read here, blanked for comrak, and a mark
            // written after the URL says whose they are.
            if let Some((attr, at)) = attr.zip(at) {
                let mark = reference_mark(reference_attrs.len());
                reference_attrs.push(attr);
                let (url_end, start) = (indent + url_end, indent + at);
                let kept = body[url_end..start].trim_end();
                let blank =
                    (body.len() - url_end).saturating_sub(mark.chars().count() + kept.len());
                rewritten = Some(format!(
                    "{}{mark}{kept}{}",
                    &body[..url_end],
                    " ".repeat(blank)
                ));
            }
            if let Some(escaped) = escape_title_quotes(rewritten.as_deref().unwrap_or(body)) {
                rewritten = Some(escaped);
            }
            definition_line = Some((lines.len(), indent + url_end));
            after_blank = false;
            changed |= rewritten.is_some();
            lines.push((rewritten.map_or(Cow::Borrowed(body), Cow::Owned), false));
            continue;
        } else if let Some((line, url_end)) =
            definition_line.take().filter(|_| trimmed.starts_with('{'))
        {
            match super::parse_attr(trimmed).filter(|(_, len)| trimmed[*len..].trim().is_empty()) {
                Some((attr, _)) => {
                    let mark = reference_mark(reference_attrs.len());
                    reference_attrs.push(attr);
                    let definition = &lines[line].0;
                    let marked =
                        format!("{}{mark}{}", &definition[..url_end], &definition[url_end..]);
                    lines[line].0 = Cow::Owned(marked);
                    rewritten = Some(String::new());
                }
                None => after_blank = false,
            }
        } else if trimmed.is_empty() {
            after_blank = true;
            in_html = false;
        } else if !after_blank
            && !in_list
            && !in_html
            && indent < 4
            && is_plain_marker(trimmed)
            && !is_rule(trimmed)
        {
            // pandoc's lists need a blank line before them: right under a
            // paragraph's line, a marker is text (GitHub's reading would
            // start a list; the reader warns at the line).
            rewritten = Some(format!("{}{}", &body[..indent], escape_marker(trimmed)));
            joined.push(index + 1);
        } else {
            let example = example_marker(trimmed).filter(|_| after_blank || in_list);
            let fancy = match example {
                Some((label, delim, width)) => {
                    example_count += 1;
                    if !label.is_empty() {
                        examples.entry(label.to_owned()).or_insert(example_count);
                    }
                    let marker = Marker {
                        style: ListStyle::Decimal,
                        delim,
                        start: example_count,
                    };
                    Some((marker, width))
                }
                None => parse_marker(trimmed),
            };
            let decimal = plain_decimal(trimmed);
            let marker_line = fancy.is_some() || is_plain_marker(trimmed);
            if let Some((marker, width)) = fancy.or(decimal) {
                if (after_blank || in_list || decimal.is_some())
                    && (width <= 10 || example.is_some())
                {
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
                        // At most nine digits (CommonMark's limit): a long
                        // example label makes its line shorter.
                        line.push_str(&"0".repeat(width.min(10) - 2));
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
                || trimmed.starts_with("##")
                || super::html::ends_with_marker(trimmed);
        }
        if !in_code && fence.is_none() && !in_html {
            let line = rewritten.as_deref().unwrap_or(body);
            if let Some(escaped) = escape_title_quotes(line) {
                rewritten = Some(escaped);
            }
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
        (
            Cow::Owned(out),
            Prepared {
                markers,
                examples,
                joined,
                reference_attrs,
            },
        )
    } else {
        (
            Cow::Borrowed(markdown),
            Prepared {
                markers,
                examples,
                joined,
                reference_attrs,
            },
        )
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
    let mut changed = false;
    for (index, (line, in_code)) in lines.iter_mut().enumerate() {
        let Some(start) = fence_start(line).filter(|_| !*in_code) else {
            continue;
        };
        let trimmed = &line[start..];
        let info = trimmed.trim_start_matches(':').trim();
        // `::: warning :::`: pandoc allows colons after the attributes,
        // comrak does not; they become spaces (the line keeps its length).
        if !info.is_empty() && info.ends_with(':') {
            let kept = line.trim_end().trim_end_matches(':').len();
            let padded = format!("{}{}", &line[..kept], " ".repeat(line.len() - kept));
            *line = Cow::Owned(padded);
            changed = true;
        }
        let info = line[start..].trim_start_matches(':').trim();
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
        return changed;
    }
    for &(opener, closer, height) in &divs {
        // Every fence is rewritten, a div with none inside to three colons
        // (`:::: column` in `::: columns` must not outrank its parent).
        for index in std::iter::once(opener).chain(closer) {
            let line = &lines[index].0;
            let Some(start) = fence_start(line) else {
                continue;
            };
            let rest = line[start..].trim_start_matches(':');
            if line.len() - start - rest.len() == 2 + height {
                continue;
            }
            let fence = ":".repeat(2 + height);
            lines[index].0 = Cow::Owned(format!("{}{fence}{rest}", &line[..start]));
        }
    }
    for index in stray {
        let line = &lines[index].0;
        // After the quote and list markers before it (`- :::`).
        let start = fence_start(line).unwrap_or(0);
        lines[index].0 = Cow::Owned(format!("{}\\{}", &line[..start], &line[start..]));
    }
    true
}

/// Where a div's fence starts on a line: after at most three spaces and
/// the markers of the block quotes and list items the line opens
/// (`- ::: {.b}`, `> :::`); `None` when the line holds no fence there.
fn fence_start(line: &str) -> Option<usize> {
    let mut at = 0;
    loop {
        let rest = &line[at..];
        let trimmed = rest.trim_start_matches(' ');
        if rest.len() - trimmed.len() > 3 {
            return None;
        }
        at += rest.len() - trimmed.len();
        if trimmed.starts_with(":::") {
            return Some(at);
        }
        if trimmed.starts_with('>') {
            at += 1;
        } else if is_plain_marker(trimmed) {
            at += trimmed.find([' ', '\t']).unwrap_or(trimmed.len());
        } else {
            return None;
        }
    }
}

/// An opening code fence: its character and length.
pub(super) fn code_fence(trimmed: &str) -> Option<(char, usize)> {
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

/// A thematic break (`- - -`, `***`): not a list item.
fn is_rule(trimmed: &str) -> bool {
    let mut marks = trimmed.chars().filter(|c| !c.is_whitespace());
    let first = marks.next();
    matches!(first, Some('-' | '*' | '_'))
        && marks.clone().all(|c| Some(c) == first)
        && trimmed.chars().filter(|c| !c.is_whitespace()).count() >= 3
}

/// A list marker made text: a bullet escaped, a number's `.` or `)`
/// escaped (a backslash before a digit is no escape).
fn escape_marker(trimmed: &str) -> String {
    match trimmed.find(|c: char| !c.is_ascii_digit()) {
        Some(0) | None => format!("\\{trimmed}"),
        Some(at) => format!("{}\\{}", &trimmed[..at], &trimmed[at..]),
    }
}

/// An example list's marker, `(@)`, `(@label)`, `@.` or `@)`, followed by
/// a space: its label, delimiter and width.
fn example_marker(trimmed: &str) -> Option<(&str, Delim, usize)> {
    let (open, rest) = match trimmed.strip_prefix("(@") {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('@')?),
    };
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
        .count();
    let delim = match (open, rest[len..].chars().next()?) {
        (true, ')') => Delim::TwoParens,
        (false, ')') => Delim::OneParen,
        (false, '.') => Delim::Period,
        _ => return None,
    };
    let width = if open { 2 } else { 1 } + len + 1;
    let tail = &trimmed[width..];
    (tail.is_empty() || tail.starts_with([' ', '\t'])).then_some((&rest[..len], delim, width))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_definitions_attributes_are_marked_after_its_url_and_the_line_keeps_its_length() {
        let text = "[a]: u \"T\" {.foo}\n[b]: <v>\n{#x}\n[c]: w\n";
        let (prepared, found) = prepare(text);
        let lines: Vec<&str> = prepared.lines().collect();
        assert_eq!(lines[0], format!("[a]: u{} \"T\"    ", reference_mark(0)));
        assert_eq!(lines[0].chars().count(), "[a]: u \"T\" {.foo}".len());
        assert_eq!(lines[1], format!("[b]: <v{}>", reference_mark(1)));
        assert_eq!(lines[2], "");
        assert_eq!(lines[3], "[c]: w");
        assert_eq!(found.reference_attrs[0].classes, ["foo"]);
        assert_eq!(found.reference_attrs[1].id, "x");
    }

    #[test]
    fn inner_quotes_of_a_title_are_escaped_for_comrak() {
        let escape = escape_title_quotes;
        assert_eq!(
            escape(r#"[URL](/url/ "title with "quotes" in it")"#).as_deref(),
            Some(r#"[URL](/url/ "title with \"quotes\" in it")"#)
        );
        assert_eq!(
            escape(r#"[bar]: /url "Title with "quote" inside""#).as_deref(),
            Some(r#"[bar]: /url "Title with \"quote\" inside""#)
        );
        // Titles without inner quotes, and quotes elsewhere, stay.
        assert_eq!(escape(r#"[a](/u "t") and "quoted" text"#), None);
        assert_eq!(escape(r#"say "hi" [a](/u)"#), None);
        assert_eq!(escape(r#"[a](/u "never closed"#), None);
    }
}
