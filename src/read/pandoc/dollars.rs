//! Dollar signs pandoc's `tex_math_dollars` reads as math where the writer
//! likely meant text: `$HOME/$USER` is the formula `HOME/` followed by
//! `USER` (pandoc 3.9: `Math InlineMath "HOME/"`, `Str "USER"`). The
//! reader warns at the line with the fix, so that `quire check` says so.

/// The characters that end no formula but do end the first of two shell
/// variables or prices written side by side (`$HOME/$USER`, `$PATH:$HOME`,
/// `$A,$B`).
const SEPARATORS: &[char] = &['/', ':', '.', ',', ';', '-', '='];

/// Whether inline math `tex`, with `after` the text right after its
/// closing dollar, is more likely two dollar signs of text: the formula is
/// a plain name (letters, digits, `_`, no TeX) ending in a separator, and a
/// name follows the closing dollar at once, as a second variable would.
pub fn likely_text(tex: &str, after: &str) -> bool {
    let Some(name) = tex.strip_suffix(SEPARATORS) else {
        return false;
    };
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let name_like = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| plain(c) || SEPARATORS.contains(&c));
    name_like && after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '{')
}

/// The warning for `$tex$` followed by `after`: what to write instead.
pub fn warning(tex: &str, after: &str) -> String {
    let next: String = after
        .chars()
        .take_while(|&c| c.is_ascii_alphanumeric() || c == '_' || c == '{' || c == '}')
        .collect();
    format!(
        "`${tex}${next}` is read as the formula `{tex}` (pandoc's `tex_math_dollars`); if the dollar signs are text, escape them: `\\${tex}\\${next}`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_variables_side_by_side_are_likely_text() {
        assert!(likely_text("HOME/", "USER"));
        assert!(likely_text("PATH:", "HOME ok"));
        assert!(likely_text("HOME/bin:", "PATH"));
        assert!(likely_text("A,", "{B}"));
    }

    #[test]
    fn formulas_are_not() {
        // `$n$th`, `$x$-axis`, a formula with TeX in it, a price.
        assert!(!likely_text("n", "th"));
        assert!(!likely_text("x", "-axis"));
        assert!(!likely_text("\\alpha/", "b"));
        assert!(!likely_text("a/", " b"));
        assert!(!likely_text("x^2/", "y"));
        assert!(!likely_text("5/", "x"));
        assert_eq!(
            warning("HOME/", "USER now"),
            "`$HOME/$USER` is read as the formula `HOME/` (pandoc's `tex_math_dollars`); if the dollar signs are text, escape them: `\\$HOME/\\$USER`"
        );
    }
}
