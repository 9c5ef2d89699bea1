//! What a source's text may hold: C1 controls read as the Windows-1252
//! characters they stand for, and the characters that are not text.

use crate::diag::{line_column, Diagnostic};
use std::borrow::Cow;

/// The Windows-1252 character each C1 control (U+0080–U+009F) stands for
/// when text pasted from Windows was decoded as Latin-1 (U+0092 → `’`);
/// `None` for the five bytes Windows-1252 leaves undefined (WHATWG's
/// encoding table).
const WINDOWS_1252_C1: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The Windows-1252 character a C1 control stands for, if it stands for one.
pub fn windows_1252(c: char) -> Option<char> {
    let index = (c as u32).checked_sub(0x80)?;
    WINDOWS_1252_C1.get(index as usize).copied().flatten()
}

/// `text` with its C1 controls read as Windows-1252, and one warning at
/// the first (a C1 control in a text file is almost always a Windows
/// quote or dash that went through the wrong decoder).
pub(super) fn windows_1252_c1(name: &str, text: String) -> (String, Vec<Diagnostic>) {
    let Some(first) = text.find(|c| windows_1252(c).is_some()) else {
        return (text, Vec::new());
    };
    let mut count = 0;
    let mapped: String = text
        .chars()
        .map(|c| match windows_1252(c) {
            Some(read) => {
                count += 1;
                read
            }
            None => c,
        })
        .collect();
    let original = text[first..].chars().next().unwrap_or_default();
    let (line, column) = line_column(&mapped, first);
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let warning = Diagnostic::warning(
        name,
        format!(
            "U+{:04X} is a control character; read as the Windows-1252 `{}` it stands for{more}",
            original as u32,
            windows_1252(original).unwrap_or(original),
        ),
    )
    .at(&mapped, line, column)
    .hint("the text was decoded as Latin-1 somewhere; save it as UTF-8 from the original");
    (mapped, vec![warning])
}

/// Whether `c` is not text: a control character other than tab, line feed,
/// carriage return and form feed, or a noncharacter (U+FDD0–U+FDEF, U+FFFE
/// and U+FFFF in every plane). XML forbids most of them and HTML all; a
/// source's are dropped (shown as Control Pictures in code).
pub fn is_not_text(c: char) -> bool {
    let code = c as u32;
    matches!(c, '\0'..='\x08' | '\x0B' | '\x0E'..='\x1F' | '\x7F'..='\u{9F}')
        || (0xFDD0..=0xFDEF).contains(&code)
        || code & 0xFFFE == 0xFFFE
}

/// `yaml` without the characters YAML does not allow (those that are not
/// text, and form feeds), with the byte offset of each one taken out, so
/// a parser's positions can be mapped back: (offset, length in bytes).
pub(super) fn without_stray_characters(yaml: &str) -> (Cow<'_, str>, Vec<(usize, usize)>) {
    let stray = |c: char| is_not_text(c) || c == '\x0C';
    if !yaml.contains(stray) {
        return (Cow::Borrowed(yaml), Vec::new());
    }
    let mut removed = Vec::new();
    let mut kept = String::with_capacity(yaml.len());
    for (offset, c) in yaml.char_indices() {
        if stray(c) {
            removed.push((offset, c.len_utf8()));
        } else {
            kept.push(c);
        }
    }
    (Cow::Owned(kept), removed)
}
