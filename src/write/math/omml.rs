//! MathML → OMML, Word's own math (`m:oMath`), so a formula stays editable
//! in Word. The mapping is the one of Microsoft's MML2OMML.xsl, trimmed to
//! the elements pulldown-latex writes.

use roxmltree::Node;
use std::fmt::Write;

/// The namespace of the `m:` prefix, which the caller declares on its root
/// element (as Word declares it on `w:document`).
pub const OMML_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/math";

/// Large operators: over/under scripts on them are an n-ary's limits.
const NARY: &str = "∑∏∐∫∬∭∮∯∰⋀⋁⋂⋃⨀⨁⨂⨄⨆";

/// Accents written over a base (`\hat`, `\tilde`, `\vec`, `\dot`…).
const ACCENTS: &str = "^ˆ~˜˙¨→⃗´`ˇ˘";

/// Overlines (`\bar`, `\overline`).
const BARS: &str = "‾¯_―";

/// A formula as OMML: `<m:oMath>`, inside `<m:oMathPara>` for display math.
/// `None` when the TeX cannot be read (see `super::mathml`); the caller
/// then sets the TeX as code.
pub fn omml(tex: &str, display: bool) -> Option<String> {
    omml_numbered(tex, display, &[])
}

/// A display formula as OMML with its equation numbers (`rows`), each in
/// a last column of its row, as in MathML (`super::numbered_mathml`).
pub fn omml_numbered(tex: &str, display: bool, rows: &[super::Row]) -> Option<String> {
    let mathml = super::numbered_mathml(tex, display, rows).ok()?;
    let tree = roxmltree::Document::parse(&mathml).ok()?;
    let mut out = String::new();
    if display {
        out.push_str("<m:oMathPara>");
    }
    out.push_str("<m:oMath>");
    children(tree.root_element(), &mut out);
    out.push_str("</m:oMath>");
    if display {
        out.push_str("</m:oMathPara>");
    }
    Some(out)
}

fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

fn children(node: Node<'_, '_>, out: &mut String) {
    for child in elements(node) {
        element(child, out);
    }
}

/// `<m:TAG>` around a node's OMML.
fn part(tag: &str, node: Option<Node<'_, '_>>, out: &mut String) {
    let _ = write!(out, "<m:{tag}>");
    if let Some(node) = node {
        element(node, out);
    }
    let _ = write!(out, "</m:{tag}>");
}

fn text_of(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect()
}

fn element(node: Node<'_, '_>, out: &mut String) {
    let args: Vec<Node> = elements(node).collect();
    let arg = |i: usize| args.get(i).copied();
    match node.tag_name().name() {
        // Function application (after `\lim`, `\sin`): Word needs no mark.
        "mo" if text_of(node) == "\u{2061}" => {}
        "mi" | "mn" | "mo" | "mtext" | "ms" => run(node, out),
        "mspace" => out.push_str("<m:r><m:t xml:space=\"preserve\"> </m:t></m:r>"),
        "mfrac" => {
            out.push_str("<m:f>");
            // `\binom`, `\atop`: a fraction without its bar.
            let thickness = node.attribute("linethickness").map(|t| {
                t.trim_end_matches(char::is_alphabetic)
                    .parse::<f32>()
                    .unwrap_or(1.0)
            });
            if thickness == Some(0.0) {
                out.push_str("<m:fPr><m:type m:val=\"noBar\"/></m:fPr>");
            }
            part("num", arg(0), out);
            part("den", arg(1), out);
            out.push_str("</m:f>");
        }
        "msqrt" => {
            out.push_str("<m:rad><m:radPr><m:degHide m:val=\"1\"/></m:radPr><m:deg/><m:e>");
            children(node, out);
            out.push_str("</m:e></m:rad>");
        }
        "mroot" => {
            out.push_str("<m:rad>");
            part("deg", arg(1), out);
            part("e", arg(0), out);
            out.push_str("</m:rad>");
        }
        "msub" | "msup" | "msubsup" => scripts(node, &args, out),
        "munder" | "mover" | "munderover" => limits(node, &args, out),
        "mtable" => {
            out.push_str("<m:m>");
            for row in elements(node) {
                out.push_str("<m:mr>");
                for cell in elements(row) {
                    out.push_str("<m:e>");
                    children(cell, out);
                    out.push_str("</m:e>");
                }
                out.push_str("</m:mr>");
            }
            out.push_str("</m:m>");
        }
        "mrow" if is_fenced(&args) => {
            let (open, close) = (args[0], args[args.len() - 1]);
            let _ = write!(
                out,
                "<m:d><m:dPr><m:begChr m:val=\"{}\"/><m:endChr m:val=\"{}\"/></m:dPr><m:e>",
                escape(&text_of(open)),
                escape(&text_of(close))
            );
            for inner in &args[1..args.len() - 1] {
                element(*inner, out);
            }
            out.push_str("</m:e></m:d>");
        }
        // `semantics`: the presentation, not its annotations.
        "semantics" => {
            if let Some(first) = arg(0) {
                element(first, out);
            }
        }
        "annotation" | "annotation-xml" | "mphantom" => {}
        // mrow, mstyle, mpadded, merror, menclose…: their content.
        _ => children(node, out),
    }
}

/// A token as a run: names of more than one letter (`lim`, `\operatorname`)
/// and `mathvariant="normal"` upright, text as ordinary text.
fn run(node: Node<'_, '_>, out: &mut String) {
    let text = text_of(node);
    let name = node.tag_name().name();
    let upright = name == "mi"
        && (node.attribute("mathvariant") == Some("normal") || text.chars().count() > 1);
    out.push_str("<m:r>");
    if name == "mtext" {
        out.push_str("<m:rPr><m:nor/></m:rPr>");
    } else if upright {
        out.push_str("<m:rPr><m:sty m:val=\"p\"/></m:rPr>");
    }
    let _ = write!(
        out,
        "<m:t xml:space=\"preserve\">{}</m:t></m:r>",
        escape(&text)
    );
}

/// The operator a script or limit stands on, when it is a large one.
fn nary_char(base: Option<Node<'_, '_>>) -> Option<String> {
    let base = base?;
    let text = text_of(base);
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if NARY.contains(c) => Some(c.to_string()),
        _ => None,
    }
}

fn nary(
    chr: &str,
    loc: &str,
    sub: Option<Node<'_, '_>>,
    sup: Option<Node<'_, '_>>,
    out: &mut String,
) {
    let _ = write!(
        out,
        "<m:nary><m:naryPr><m:chr m:val=\"{}\"/><m:limLoc m:val=\"{loc}\"/>{}{}</m:naryPr>",
        escape(chr),
        if sub.is_none() {
            "<m:subHide m:val=\"1\"/>"
        } else {
            ""
        },
        if sup.is_none() {
            "<m:supHide m:val=\"1\"/>"
        } else {
            ""
        },
    );
    part("sub", sub, out);
    part("sup", sup, out);
    // The operand follows as the formula's next elements.
    out.push_str("<m:e/></m:nary>");
}

fn scripts(node: Node<'_, '_>, args: &[Node<'_, '_>], out: &mut String) {
    let arg = |i: usize| args.get(i).copied();
    let (sub, sup) = match node.tag_name().name() {
        "msub" => (arg(1), None),
        "msup" => (None, arg(1)),
        _ => (arg(1), arg(2)),
    };
    if let Some(chr) = nary_char(arg(0)) {
        return nary(&chr, "subSup", sub, sup, out);
    }
    let tag = match (sub, sup) {
        (Some(_), Some(_)) => "sSubSup",
        (Some(_), None) => "sSub",
        _ => "sSup",
    };
    let _ = write!(out, "<m:{tag}>");
    part("e", arg(0), out);
    if sub.is_some() {
        part("sub", sub, out);
    }
    if sup.is_some() {
        part("sup", sup, out);
    }
    let _ = write!(out, "</m:{tag}>");
}

fn limits(node: Node<'_, '_>, args: &[Node<'_, '_>], out: &mut String) {
    let arg = |i: usize| args.get(i).copied();
    let (under, over) = match node.tag_name().name() {
        "munder" => (arg(1), None),
        "mover" => (None, arg(1)),
        _ => (arg(1), arg(2)),
    };
    if let Some(chr) = nary_char(arg(0)) {
        return nary(&chr, "undOvr", under, over, out);
    }
    if let (None, Some(over)) = (under, over) {
        let mark = text_of(over);
        let mut chars = mark.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if BARS.contains(c) {
                out.push_str("<m:bar><m:barPr><m:pos m:val=\"top\"/></m:barPr>");
                part("e", arg(0), out);
                out.push_str("</m:bar>");
                return;
            }
            if ACCENTS.contains(c) {
                let _ = write!(
                    out,
                    "<m:acc><m:accPr><m:chr m:val=\"{}\"/></m:accPr>",
                    escape(&mark)
                );
                part("e", arg(0), out);
                out.push_str("</m:acc>");
                return;
            }
        }
    }
    if over.is_some() {
        out.push_str("<m:limUpp><m:e>");
    }
    if under.is_some() {
        out.push_str("<m:limLow>");
        part("e", arg(0), out);
        part("lim", under, out);
        out.push_str("</m:limLow>");
    } else {
        element_or_nothing(arg(0), out);
    }
    if over.is_some() {
        out.push_str("</m:e>");
        part("lim", over, out);
        out.push_str("</m:limUpp>");
    }
}

fn element_or_nothing(node: Option<Node<'_, '_>>, out: &mut String) {
    if let Some(node) = node {
        element(node, out);
    }
}

/// An `mrow` between stretchy fences (`\left( … \right)`, matrices).
fn is_fenced(args: &[Node<'_, '_>]) -> bool {
    let fence = |n: &Node| n.tag_name().name() == "mo" && n.attribute("stretchy") == Some("true");
    args.len() >= 2 && fence(&args[0]) && fence(&args[args.len() - 1])
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The OMML, checked to be well-formed XML with the `m:` prefix bound.
    fn word(tex: &str, display: bool) -> String {
        let omml = omml(tex, display).unwrap_or_else(|| panic!("{tex}"));
        let wrapped = format!("<w xmlns:m=\"{OMML_NS}\">{omml}</w>");
        roxmltree::Document::parse(&wrapped).unwrap_or_else(|e| panic!("{tex}: {e}\n{omml}"));
        omml
    }

    #[test]
    fn fractions_roots_and_scripts() {
        assert_eq!(
            word(r"\frac{1}{n}", false),
            "<m:oMath><m:f><m:num><m:r><m:t xml:space=\"preserve\">1</m:t></m:r></m:num>\
             <m:den><m:r><m:t xml:space=\"preserve\">n</m:t></m:r></m:den></m:f></m:oMath>"
        );
        let root = word(r"\sqrt{x} + \sqrt[3]{y}", false);
        assert!(root.contains("<m:degHide m:val=\"1\"/>"), "{root}");
        assert!(
            root.contains("<m:deg><m:r><m:t xml:space=\"preserve\">3</m:t></m:r></m:deg>"),
            "{root}"
        );
        let scripts = word(r"x_i^2 + y^2 + a_n", false);
        assert!(scripts.contains("<m:sSubSup>"), "{scripts}");
        assert!(scripts.contains("<m:sSup>"), "{scripts}");
        assert!(scripts.contains("<m:sSub>"), "{scripts}");
    }

    #[test]
    fn large_operators_take_their_limits() {
        let sum = word(r"\sum_{i=1}^{n} x_i", true);
        assert!(sum.starts_with("<m:oMathPara><m:oMath><m:nary>"), "{sum}");
        assert!(
            sum.contains("<m:chr m:val=\"∑\"/><m:limLoc m:val=\"undOvr\"/>"),
            "{sum}"
        );
        let integral = word(r"\int_0^1 f(x)\,dx", true);
        assert!(
            integral.contains("<m:chr m:val=\"∫\"/><m:limLoc m:val=\"subSup\"/>"),
            "{integral}"
        );
        let lim = word(r"\lim_{n\to\infty} a_n", true);
        assert!(lim.contains("<m:limLow>"), "{lim}");
        assert!(lim.contains("<m:sty m:val=\"p\"/>"), "{lim}");
    }

    #[test]
    fn matrices_fences_accents_and_text() {
        let matrix = word(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", true);
        assert!(
            matrix.contains("<m:d><m:dPr><m:begChr m:val=\"(\"/><m:endChr m:val=\")\"/></m:dPr><m:e><m:m><m:mr><m:e>"),
            "{matrix}"
        );
        assert_eq!(matrix.matches("<m:mr>").count(), 2);
        let align = word(r"\begin{align} a &= b \\ c &= d \end{align}", true);
        assert_eq!(align.matches("<m:mr>").count(), 2, "{align}");
        let bar = word(r"\bar{x} + \hat{\beta}", false);
        assert!(bar.contains("<m:bar>"), "{bar}");
        assert!(bar.contains("<m:acc>"), "{bar}");
        let text = word(r"x \text{ if } x > 0", false);
        assert!(text.contains("<m:rPr><m:nor/></m:rPr>"), "{text}");
        assert!(text.contains("&gt;"), "{text}");
        let greek = word(r"\alpha + \Gamma", false);
        assert!(greek.contains(">α<") && greek.contains(">Γ<"), "{greek}");
    }

    #[test]
    fn what_cannot_be_read_is_none() {
        assert_eq!(omml(r"\frac{1}{", false), None);
    }
}
