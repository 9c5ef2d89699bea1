//! TeX sets no space around binary operators and relations in script
//! styles (`\sum_{i=1}`, `x^{n+1}`, an inline `\frac{1}{n-1}`): the
//! TeXbook's table of inter-atom spacing, Chapter 18, has them
//! "(in script styles: none)". MathML Core's operator dictionary keeps
//! them (formulary follows it), so `i = 1` under a sum stood wide; each
//! operator set in a script style is given zero space here.

use roxmltree::Node;

/// TeX's four styles, from the largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Style {
    Display,
    Text,
    Script,
    ScriptScript,
}

impl Style {
    /// The style of a fraction's parts.
    fn fraction(self) -> Style {
        match self {
            Style::Display => Style::Text,
            Style::Text => Style::Script,
            _ => Style::ScriptScript,
        }
    }

    /// The style of a sub- or superscript, a limit, a root's index.
    fn script(self) -> Style {
        match self {
            Style::Display | Style::Text => Style::Script,
            _ => Style::ScriptScript,
        }
    }
}

/// `mathml` with `lspace` and `rspace` of zero on each operator set in a
/// script style; unchanged when none is or it cannot be read.
pub fn tighten(mathml: &str) -> String {
    let Ok(tree) = roxmltree::Document::parse(mathml) else {
        return mathml.to_owned();
    };
    let root = tree.root_element();
    let style = if root.attribute("display") == Some("block") {
        Style::Display
    } else {
        Style::Text
    };
    let mut out = String::with_capacity(mathml.len() + 64);
    write(root, mathml, style, &mut out);
    out
}

fn write(node: Node, src: &str, style: Style, out: &mut String) {
    let range = node.range();
    let tag = node.tag_name().name();
    let style = match node.attribute("displaystyle") {
        Some("true") => Style::Display,
        Some("false") if style == Style::Display => Style::Text,
        _ => style,
    };
    let (Some(first), Some(last)) = (node.first_child(), node.last_child()) else {
        out.push_str(&src[range]);
        return;
    };
    let start = &src[range.start..first.range().start];
    if tag == "mo" && style >= Style::Script && node.attribute("lspace").is_none() {
        out.push_str("<mo lspace=\"0em\" rspace=\"0em\"");
        out.push_str(&start["<mo".len()..]);
    } else {
        out.push_str(start);
    }
    let accent = node.attribute("accent") == Some("true");
    let mut index = 0;
    for child in node.children() {
        if !child.is_element() {
            out.push_str(&src[child.range()]);
            continue;
        }
        let child_style = match tag {
            "mfrac" => style.fraction(),
            "msub" | "msup" | "msubsup" | "munder" | "munderover" | "mroot" if index > 0 => {
                style.script()
            }
            "mover" if index > 0 && !accent => style.script(),
            // MathML Core sets a table's cells in text style.
            "mtd" if style == Style::Display => Style::Text,
            _ => style,
        };
        write(child, src, child_style, out);
        index += 1;
    }
    out.push_str(&src[last.range().end..range.end]);
}

#[cfg(test)]
mod tests {
    use super::tighten;

    fn mathml(tex: &str, display: bool) -> String {
        crate::write::math::mathml(tex, display).unwrap()
    }

    #[test]
    fn operators_in_scripts_have_no_space() {
        let out = tighten(&mathml(r"\sum_{i=1}^{n} x_i = a + b", true));
        roxmltree::Document::parse(&out).unwrap();
        // The limit's `=` is tight, the formula's `=` and `+` are not.
        assert_eq!(
            out.matches("<mo lspace=\"0em\" rspace=\"0em\">=</mo>")
                .count(),
            1,
            "{out}"
        );
        assert_eq!(out.matches("<mo>=</mo>").count(), 1, "{out}");
        assert_eq!(out.matches("<mo>+</mo>").count(), 1, "{out}");
        // An inline fraction's parts are script style; a display one's not.
        let inline = tighten(&mathml(r"\frac{1}{n-1}", false));
        assert!(
            inline.contains("<mo lspace=\"0em\" rspace=\"0em\">−</mo>"),
            "{inline}"
        );
        let display = tighten(&mathml(r"\frac{1}{n-1}", true));
        assert!(display.contains("<mo>−</mo>"), "{display}");
    }
}
