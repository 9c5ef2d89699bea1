//! Scoping CSS under one class, so the layout's rules for a fragment or an
//! EPUB cannot restyle anything outside the element that carries it.

/// Prefixes every selector of `css` with `.scope`, so the rules cannot
/// reach outside the element that carries the class. `html`, `body` and
/// `:root` become the scope itself; at-rules that hold rules are scoped inside.
pub fn scope_css(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() + css.len() / 4);
    scope_rules(&strip_comments(css), &format!(".{scope}"), &mut out);
    out
}

/// CSS without its `/* … */` comments (they would otherwise be read as
/// part of the next selector).
fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

fn scope_rules(css: &str, scope: &str, out: &mut String) {
    let mut rest = css;
    while !rest.trim().is_empty() {
        let Some(open) = rest.find('{') else {
            out.push_str(rest);
            return;
        };
        let prelude = &rest[..open];
        let body_end = matching_brace(rest, open);
        let body = &rest[open + 1..body_end.min(rest.len())];
        let trimmed = prelude.trim();
        // Comments and whitespace before the selector are kept as they are.
        let lead = &prelude[..prelude.len() - prelude.trim_start().len()];
        out.push_str(lead);
        if trimmed.starts_with("@media")
            || trimmed.starts_with("@supports")
            || trimmed.starts_with("@layer")
        {
            out.push_str(trimmed);
            out.push_str(" {");
            scope_rules(body, scope, out);
            out.push('}');
        } else if trimmed.starts_with('@') {
            // @font-face, @page, @keyframes: not selectors; kept as written.
            out.push_str(trimmed);
            out.push_str(" {");
            out.push_str(body);
            out.push('}');
        } else {
            let selectors: Vec<String> = trimmed
                .split(',')
                .map(|selector| scope_selector(selector.trim(), scope))
                .collect();
            out.push_str(&selectors.join(", "));
            out.push_str(" {");
            out.push_str(body);
            out.push('}');
        }
        rest = &rest[(body_end + 1).min(rest.len())..];
    }
}

fn scope_selector(selector: &str, scope: &str) -> String {
    for root in [":root", "html", "body"] {
        if selector == root {
            return scope.to_owned();
        }
        if let Some(rest) = selector.strip_prefix(root) {
            if rest.starts_with([' ', '>', '.', ':', '[']) {
                return format!("{scope}{rest}");
            }
        }
    }
    if selector == scope
        || selector.starts_with(&format!("{scope} "))
        || selector.starts_with(&format!("{scope}."))
        || selector.starts_with(&format!("{scope}:"))
    {
        return selector.to_owned();
    }
    format!("{scope} {selector}")
}

/// The index of the `}` that closes the `{` at `open` (or the end).
fn matching_brace(css: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in css[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    css.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_is_scoped_under_the_class() {
        let css = "/* c */\n:root { --a: 1; }\nbody { margin: 0 }\nh1, p > a { color: red }\n@media print { a { color: black } }\n.quire table { x: y }\n";
        let scoped = scope_css(css, "quire");
        assert!(scoped.contains(".quire { --a: 1; }"), "{scoped}");
        assert!(scoped.contains(".quire { margin: 0 }"), "{scoped}");
        assert!(scoped.contains(".quire h1, .quire p > a {"), "{scoped}");
        assert!(scoped.contains("@media print { .quire a {"), "{scoped}");
        assert!(scoped.contains(".quire table { x: y }"), "{scoped}");
        assert!(!scoped.contains("\nbody"), "{scoped}");
    }
}
