//! Raw TeX as pandoc's `raw_tex` reads it: a command with its arguments
//! (`\vspace{1em}`, `\textbf{bold}`) or an environment (`\begin{center}` …
//! `\end{center}`). What each command means is the paged writers' concern;
//! here are the grammar and the commands they set.

/// The commands and environments a paged writer (PDF, DOCX) sets, as a
/// pandoc → LaTeX user writes them for layout. Any other is left out with
/// a warning.
pub const SET_COMMANDS: &[&str] = &[
    "newpage",
    "pagebreak",
    "clearpage",
    "cleardoublepage",
    "noindent",
    "indent",
    "vspace",
    "vspace*",
    "bigskip",
    "medskip",
    "smallskip",
    "vfill",
    "hfill",
    "textbf",
    "emph",
    "textit",
    "underline",
    "centering",
    "linebreak",
    "newline",
    "begin",
    "end",
];

/// `\eqref{key}` or `\ref{key}`, alone: the command and the key (set as
/// links to the equation whose `\label{key}` it names).
pub fn equation_reference(raw: &str) -> Option<(&str, &str)> {
    let raw = raw.trim();
    ["eqref", "ref"].into_iter().find_map(|command| {
        let key = raw
            .strip_prefix('\\')?
            .strip_prefix(command)?
            .trim_start()
            .strip_prefix('{')?
            .strip_suffix('}')?
            .trim();
        (!key.is_empty() && !key.contains(['{', '}'])).then_some((command, key))
    })
}

/// Commands that set text, which pandoc reads inline wherever they stand
/// (a line of its own is a paragraph): from pandoc 3.9's `inlineCommands`,
/// those a Markdown writer uses.
pub const TEXT_COMMANDS: &[&str] = &[
    "textbf",
    "textit",
    "emph",
    "underline",
    "textsc",
    "texttt",
    "textsf",
    "textrm",
    "textmd",
    "textup",
    "textsl",
    "textnormal",
    "textsuperscript",
    "textsubscript",
    "textcolor",
    "colorbox",
    "mbox",
    "hbox",
    "sout",
    "st",
    "uline",
];

/// The environments a paged writer sets.
pub const SET_ENVIRONMENTS: &[&str] = &["center", "flushright", "flushleft"];

/// LaTeX's accents named by a letter, which take one character as their
/// argument when it is not braced (`\c c` is ç).
const ACCENTS: &[&str] = &["b", "c", "d", "H", "k", "r", "t", "u", "v"];

/// The longest beamer overlay specification read (`<1->`, `<2-3| alert@2>`).
const MAX_OVERLAY_LEN: usize = 64;

/// The longest raw TeX read as one command or environment: past it, the
/// text is left as it is (hostile input: an environment never closed).
const MAX_RAW_LEN: usize = 64 * 1024;

/// The deepest nesting of braces and environments followed: hostile input
/// (five thousand nested environments) is bounded, not recursed into.
const MAX_DEPTH: usize = 256;

/// A command at the start of `text` (`\name` or `\name*`, then its
/// `{…}` and `[…]` arguments): its length in bytes.
pub fn command_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('\\')?;
    let name_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    if name_len == 0 {
        return None;
    }
    let mut end = 1 + name_len;
    if text[end..].starts_with('*') {
        end += 1;
    }
    let name = &text[1..1 + name_len];
    if name == "begin" {
        return environment_len(text);
    }
    // A macro definition is read whole (`\newcommand\x[1][a]{…}`), or,
    // incomplete, not at all: pandoc leaves its text as text.
    if super::macros::is_definition(name) {
        return super::macros::definition_len(&text[..text.len().min(MAX_RAW_LEN)]);
    }
    // `\write18{…}`: the stream's number belongs to the command.
    if name == "write" {
        end += text[end..].bytes().take_while(u8::is_ascii_digit).count();
    }
    // A beamer overlay, `\textbf<1>{…}`, as pandoc's `skipopts` reads it.
    if text[end..].starts_with('<') {
        if let Some(close) = text[end..].find(['>', '\n']) {
            if text[end + close..].starts_with('>') && close <= MAX_OVERLAY_LEN {
                end += close + 1;
            }
        }
    }
    // An accent without braces takes one character (`\c c`, `\t0`).
    if ACCENTS.contains(&name) && !text[end..].starts_with('{') {
        let after = &text[end..];
        let spaces = after.len() - after.trim_start_matches(' ').len();
        if let Some(c) = after[spaces..]
            .chars()
            .next()
            .filter(|c| c.is_alphanumeric())
        {
            return Some(end + spaces + c.len_utf8());
        }
    }
    // Arguments follow the name directly (spaces before a brace would be
    // text after a command without arguments).
    while let Some(open) = text[end..].chars().next() {
        let close = match open {
            '{' => '}',
            '[' => ']',
            _ => break,
        };
        match balanced_len(&text[end..], open, close) {
            Some(len) => end += len,
            None => break,
        }
    }
    Some(end)
}

/// The name of the command at the start of `text`, `vspace*` included.
pub fn command_name(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('\\')?;
    let mut len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    if len == 0 {
        return None;
    }
    if rest[len..].starts_with('*') {
        len += 1;
    }
    Some(&rest[..len])
}

/// `{…}` with the braces inside it balanced (a backslash escapes the next
/// character): its length.
fn balanced_len(text: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in text.char_indices().take(MAX_RAW_LEN) {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            c if c == open => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return None;
                }
            }
            c if c == close => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + c.len_utf8());
                }
            }
            _ => {}
        }
    }
    None
}

/// `\begin{env}` … `\end{env}` at the start of `text`, the same
/// environment nested inside counted: its length.
fn environment_len(text: &str) -> Option<usize> {
    let name_start = "\\begin{".len();
    if !text.starts_with("\\begin{") {
        return None;
    }
    let name_len = text[name_start..].find('}')?;
    let name = &text[name_start..name_start + name_len];
    if name.is_empty() || name.contains(['{', '\\', '\n']) {
        return None;
    }
    let begin = format!("\\begin{{{name}}}");
    let end = format!("\\end{{{name}}}");
    let mut depth = 0usize;
    let mut at = 0;
    let limit = text.len().min(MAX_RAW_LEN);
    while at < limit {
        let rest = &text[at..];
        if rest.starts_with(&begin) {
            depth += 1;
            if depth > MAX_DEPTH {
                return None;
            }
            at += begin.len();
        } else if rest.starts_with(&end) {
            depth -= 1;
            at += end.len();
            if depth == 0 {
                return Some(at);
            }
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    None
}

/// The names of the commands in raw TeX that no paged writer sets
/// (`\begin{tabular}` names `tabular`), each once, in order.
pub fn unset_commands(raw: &str) -> Vec<String> {
    let mut unset: Vec<String> = Vec::new();
    let mut rest = raw;
    while let Some(at) = rest.find('\\') {
        rest = &rest[at..];
        let name = match command_name(rest) {
            Some(name @ ("begin" | "end")) => {
                let after = &rest[1 + name.len()..];
                after
                    .strip_prefix('{')
                    .and_then(|a| a.find('}').map(|end| &a[..end]))
                    .filter(|env| !SET_ENVIRONMENTS.contains(env))
            }
            Some(name) if !SET_COMMANDS.contains(&name) => Some(name),
            _ => None,
        };
        if let Some(name) = name {
            if !unset.iter().any(|u| u == name) {
                unset.push(name.to_owned());
            }
        }
        rest = &rest[1..];
        // Skip an escaped character (`\\`, `\{`) whole.
        if rest.starts_with(|c: char| !c.is_ascii_alphabetic()) {
            rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
        }
    }
    unset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_take_their_arguments_and_environments_their_body() {
        let text = "\\vspace{1em} rest";
        assert_eq!(&text[..command_len(text).unwrap()], "\\vspace{1em}");
        let text = "\\newcommand{\\gen}{a\\ Gen\\ b}\nabc";
        assert_eq!(
            &text[..command_len(text).unwrap()],
            "\\newcommand{\\gen}{a\\ Gen\\ b}"
        );
        let text = "\\begin{center}\n\\begin{center}x\\end{center}\n\\end{center} after";
        assert_eq!(command_len(text), Some(text.len() - " after".len()));
        assert_eq!(command_len("\\begin{center} never closed"), None);
        assert_eq!(command_len("\\ no name"), None);
        assert_eq!(command_len("\\textbf {spaced}"), Some("\\textbf".len()));
        // pandoc: `\textbf<1>{b}`, `\write18{ls}`, `\c c`, `\t0` of `\t0BAR`.
        for (text, command) in [
            ("\\textbf<1>{Bold} x", "\\textbf<1>{Bold}"),
            ("\\foo<1-2>[a]{b} y", "\\foo<1-2>[a]{b}"),
            ("\\write18{git --version}", "\\write18{git --version}"),
            ("\\c c b", "\\c c"),
            ("\\t0BAR", "\\t0"),
            ("\\v{s}x", "\\v{s}"),
        ] {
            assert_eq!(&text[..command_len(text).unwrap()], command, "{text}");
        }
    }

    #[test]
    fn unset_commands_are_named_once() {
        assert_eq!(
            unset_commands("\\begin{tabular}{ll}\\foo \\foo\\\\ \\textbf{x}\\end{tabular}"),
            ["tabular", "foo"]
        );
        assert!(unset_commands("\\begin{center}\\vspace*{2em}\\end{center}").is_empty());
    }

    #[test]
    fn thousands_of_nested_environments_are_bounded() {
        let depth = 5_000;
        let text = "\\begin{x}".repeat(depth) + &"\\end{x}".repeat(depth);
        // Deeper than MAX_DEPTH: not read as one environment, no recursion.
        assert_eq!(command_len(&text), None);
        assert_eq!(unset_commands(&text), ["x"]);
    }
}
