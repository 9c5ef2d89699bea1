//! TeX that pulldown-latex 0.8 does not read, rewritten into TeX it does
//! read and that sets the same formula (LaTeX's and amsmath's own
//! equivalents), before the formula is parsed. The formula's source, its
//! alt text and annotation, stay as the author wrote them.
//!
//! - plain TeX's infix fractions (`{n \choose k}`, `{a \over b}`, `\atop`,
//!   `\brace`, `\brack`) → `\binom`, `\frac`, `\genfrac`;
//! - `eqnarray` → `align` (its `a &=& b` rows as `a &= b`, the relation
//!   starting the right-hand column, as amsmath recommends), `multline*`
//!   → `multline`, `flalign` → `align`;
//! - equation numbering (`\nonumber`, `\notag`, `\label{…}`, `\tag{…}`)
//!   dropped: the writers number equations themselves (`numbering.rs`);
//! - commands with a twin it knows: `\mbox`/`\hbox` → `\text`, `\bm` →
//!   `\boldsymbol`, `\mathscr` → `\mathcal`, `\mathds`/`\mathbbm` →
//!   `\mathbb`, `\textbackslash` → `\backslash`, `\newline` → `\\`,
//!   `\displaylimits` → `\limits`, `\ensuremath{x}`/`\smash{x}` → `{x}`,
//!   `\vphantom{…}` dropped.

use std::borrow::Cow;

/// Commands renamed to a twin that sets the same thing.
const RENAMED: [(&str, &str); 10] = [
    ("mbox", r"\text"),
    ("hbox", r"\text"),
    ("bm", r"\boldsymbol"),
    ("mathscr", r"\mathcal"),
    ("mathds", r"\mathbb"),
    ("mathbbm", r"\mathbb"),
    ("textbackslash", r"\backslash"),
    ("newline", r"\\"),
    ("displaylimits", r"\limits"),
    // The group that follows is kept: `{x}`.
    ("ensuremath", ""),
];

/// Commands dropped with their one argument, if they take one.
const DROPPED: [(&str, bool); 6] = [
    ("nonumber", false),
    ("notag", false),
    ("label", true),
    ("tag", true),
    ("vphantom", true),
    // Its argument is kept as a group (only its height is lost).
    ("smash", false),
];

/// Infix fraction commands: what the group `{A \cmd B}` becomes, as the
/// TeX before `{A}{B}`.
const INFIX: [(&str, &str); 5] = [
    ("over", r"\frac"),
    ("choose", r"\binom"),
    ("atop", r"\genfrac{}{}{0pt}{}"),
    ("brace", r"\genfrac\{\}{0pt}{}"),
    ("brack", r"\genfrac[]{0pt}{}"),
];

/// Environments renamed (`begin` and `end`).
const ENVIRONMENTS: [(&str, &str); 5] = [
    ("eqnarray", "align"),
    ("eqnarray*", "align*"),
    ("multline*", "multline"),
    ("flalign", "align"),
    ("flalign*", "align*"),
];

/// `tex` with what pulldown-latex lacks rewritten; borrowed when nothing is.
pub fn rewrite(tex: &str) -> Cow<'_, str> {
    let lacks = words(tex).any(|(_, _, name)| {
        RENAMED.iter().any(|(n, _)| *n == name)
            || DROPPED.iter().any(|(n, _)| *n == name)
            || INFIX.iter().any(|(n, _)| *n == name)
            || (name == "begin" && ENVIRONMENTS.iter().any(|(e, _)| tex.contains(e)))
    });
    if !lacks {
        return Cow::Borrowed(tex);
    }
    let tex = eqnarray_rows(tex);
    let tex = commands(&tex);
    Cow::Owned(infix(&tex))
}

/// The control words of `tex`: (start of the backslash, end, name).
/// Control symbols (`\\`, `\{`, `\,`) are stepped over, not returned.
fn words(tex: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let bytes = tex.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            if bytes[at] != b'\\' {
                at += 1;
                continue;
            }
            let start = at;
            let letters = bytes[at + 1..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            if letters == 0 {
                // A control symbol: the backslash and the one character after.
                at += 1 + tex[at + 1..].chars().next().map_or(0, char::len_utf8);
                continue;
            }
            let mut end = at + 1 + letters;
            // `\tag*` and `\begin{…*}` keep their star with the name's
            // argument; only `\tag*` is a word with a star.
            if &tex[start + 1..end] == "tag" && bytes.get(end) == Some(&b'*') {
                end += 1;
                at = end;
                return Some((start, end, "tag"));
            }
            at = end;
            return Some((start, end, &tex[start + 1..end]));
        }
        None
    })
}

/// Where the argument after `at` ends: a `{…}` group (spaces before it
/// skipped), or one token. `None` when there is none.
fn argument_end(tex: &str, at: usize) -> Option<usize> {
    let start = at + tex[at..].len() - tex[at..].trim_start().len();
    let bytes = tex.as_bytes();
    match bytes.get(start)? {
        b'{' => {
            let mut depth = 0usize;
            let mut i = start;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 1,
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        b'}' => None,
        _ => words(&tex[start..])
            .next()
            .filter(|(s, _, _)| *s == 0)
            .map(|(_, e, _)| start + e)
            .or_else(|| Some(start + tex[start..].chars().next()?.len_utf8())),
    }
}

/// Renamed, dropped and environment-renamed commands.
fn commands(tex: &str) -> String {
    let mut out = String::with_capacity(tex.len());
    let mut copied = 0;
    for (start, end, name) in words(tex) {
        if start < copied {
            continue;
        }
        if let Some((_, twin)) = RENAMED.iter().find(|(n, _)| *n == name) {
            out.push_str(&tex[copied..start]);
            out.push_str(twin);
            copied = end;
        } else if let Some((_, takes)) = DROPPED.iter().find(|(n, _)| *n == name) {
            out.push_str(&tex[copied..start]);
            copied = if *takes {
                argument_end(tex, end).unwrap_or(end)
            } else {
                end
            };
        } else if name == "begin" || name == "end" {
            let Some(close) = argument_end(tex, end) else {
                continue;
            };
            let env = tex[end..close].trim().trim_start_matches('{');
            let env = env.strip_suffix('}').unwrap_or(env);
            if let Some((_, twin)) = ENVIRONMENTS.iter().find(|(e, _)| *e == env) {
                out.push_str(&tex[copied..start]);
                out.push_str(&format!("\\{name}{{{twin}}}"));
                copied = close;
            }
        }
    }
    out.push_str(&tex[copied..]);
    out
}

/// In each `eqnarray` row, the second top-level `&` dropped: `a &=& b`
/// is amsmath's `a &= b`.
fn eqnarray_rows(tex: &str) -> String {
    let mut out = String::with_capacity(tex.len());
    let bytes = tex.as_bytes();
    // Nesting of braces and of environments inside the eqnarray.
    let mut in_eqnarray = false;
    let (mut braces, mut envs, mut ampersands) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let rest = &tex[i..];
        if rest.starts_with(r"\begin{eqnarray") {
            in_eqnarray = true;
            (braces, envs, ampersands) = (0, 0, 0);
            let close = rest.find('}').map_or(rest.len(), |c| c + 1);
            out.push_str(&rest[..close]);
            i += close;
            continue;
        }
        if rest.starts_with(r"\end{eqnarray") {
            in_eqnarray = false;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if in_eqnarray {
            if rest.starts_with(r"\begin{") {
                envs += 1;
            } else if rest.starts_with(r"\end{") {
                envs = envs.saturating_sub(1);
            } else if rest.starts_with(r"\\") && braces == 0 && envs == 0 {
                ampersands = 0;
                out.push_str(r"\\");
                i += 2;
                continue;
            }
            match c {
                '\\' => {
                    // An escaped character (`\&`, `\{`) is not markup.
                    let next = rest[1..].chars().next().map_or(0, char::len_utf8);
                    out.push_str(&rest[..1 + next]);
                    i += 1 + next;
                    continue;
                }
                '{' => braces += 1,
                '}' => braces = braces.saturating_sub(1),
                '&' if braces == 0 && envs == 0 => {
                    ampersands += 1;
                    if ampersands == 2 {
                        i += 1;
                        continue;
                    }
                }
                _ => {}
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// `{A \choose B}` → `{\binom{A}{B}}`, and the other infix fractions: the
/// command splits the group it stands in (braces, a cell between `&`s or
/// rows, or the whole formula).
fn infix(tex: &str) -> String {
    let mut tex = tex.to_owned();
    // One at a time, as each rewrite moves the text after it.
    loop {
        let found = words(&tex).find_map(|(s, e, name)| {
            INFIX
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| (s, e, *t))
        });
        let Some((start, end, twin)) = found else {
            break;
        };
        let (open, close) = enclosing_group(&tex, start);
        let numerator = tex[open..start].trim().to_owned();
        let denominator = tex[end..close].trim().to_owned();
        tex.replace_range(
            open..close,
            &format!("{twin}{{{numerator}}}{{{denominator}}}"),
        );
    }
    tex
}

/// The span of the group around `at`: after its `{` (or a top-level `&`
/// or `\\`, or the start) to before its `}` (or `&`, `\\`, or the end).
fn enclosing_group(tex: &str, at: usize) -> (usize, usize) {
    let bytes = tex.as_bytes();
    // Escapes are read forwards: mark each byte that a backslash escapes.
    let mut escaped = vec![false; bytes.len()];
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            escaped[i + 1] = true;
            i += 2;
        } else {
            i += 1;
        }
    }
    let is = |i: usize, b: u8| bytes[i] == b && !escaped[i];
    let row_break = |i: usize| bytes[i] == b'\\' && !escaped[i] && bytes.get(i + 1) == Some(&b'\\');
    // An environment's body is a group too: it starts after `\begin{…}`
    // and ends at `\end`.
    let body_starts: Vec<usize> = words(tex)
        .filter(|(_, _, name)| *name == "begin")
        .filter_map(|(_, end, _)| argument_end(tex, end))
        .collect();
    let body_ends: Vec<usize> = words(tex)
        .filter(|(_, _, name)| *name == "end")
        .map(|(start, _, _)| start)
        .collect();
    let mut depth = 0usize;
    let mut open = 0;
    for i in (0..at).rev() {
        if depth == 0 && body_starts.contains(&(i + 1)) {
            open = i + 1;
            break;
        }
        if is(i, b'}') {
            depth += 1;
        } else if is(i, b'{') {
            if depth == 0 {
                open = i + 1;
                break;
            }
            depth -= 1;
        } else if depth == 0 && (is(i, b'&') || (i > 0 && escaped[i] && bytes[i] == b'\\')) {
            open = i + 1;
            break;
        }
    }
    let mut depth = 0usize;
    let mut close = bytes.len();
    let mut i = at + 1;
    while i < bytes.len() {
        if depth == 0 && body_ends.contains(&i) {
            close = i;
            break;
        }
        if is(i, b'{') {
            depth += 1;
        } else if is(i, b'}') {
            if depth == 0 {
                close = i;
                break;
            }
            depth -= 1;
        } else if depth == 0 && (is(i, b'&') || row_break(i)) {
            close = i;
            break;
        }
        i += 1;
    }
    (open, close)
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn what_it_reads_is_left_alone() {
        assert!(matches!(
            rewrite(r"\frac{a}{b} \\ c"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn infix_fractions_become_commands() {
        assert_eq!(rewrite(r"T_n={n+1 \choose 2}"), r"T_n={\binom{n+1}{2}}");
        assert_eq!(rewrite(r"a \over b"), r"\frac{a}{b}");
        assert_eq!(
            rewrite(r"x + {1 \over {2 \over 3}}"),
            r"x + {\frac{1}{{\frac{2}{3}}}}"
        );
        assert_eq!(
            rewrite(r"\begin{matrix} a \over b & c \end{matrix}"),
            r"\begin{matrix}\frac{a}{b}& c \end{matrix}"
        );
        assert_eq!(rewrite(r"{n \brack k}"), r"{\genfrac[]{0pt}{}{n}{k}}");
    }

    #[test]
    fn eqnarray_is_align_and_numbering_goes() {
        assert_eq!(
            rewrite(
                r"\begin{eqnarray} S &\rightarrow& a A \nonumber \\ A &=& {x & y} \label{e} \end{eqnarray}"
            ),
            r"\begin{align} S &\rightarrow a A  \\ A &= {x & y}  \end{align}"
        );
        assert_eq!(
            rewrite(r"\begin{eqnarray*} e^{i\pi} + 1 & = & 0. \end{eqnarray*}"),
            r"\begin{align*} e^{i\pi} + 1 & =  0. \end{align*}"
        );
        assert_eq!(rewrite(r"x = 1 \tag{A.1}"), "x = 1 ");
        assert_eq!(rewrite(r"x \tag*{$\ast$}"), "x ");
    }

    #[test]
    fn twins_are_named() {
        assert_eq!(rewrite(r"\mbox{if } \bm{x}"), r"\text{if } \boldsymbol{x}");
        assert_eq!(rewrite(r"\mathscr{L} \vphantom{\int} x"), r"\mathcal{L}  x");
        assert_eq!(rewrite(r"a\\b \textbackslash"), r"a\\b \backslash");
    }
}
