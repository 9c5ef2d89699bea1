//! A formula as plain Unicode text where that is exact (`x²`, `α + β`,
//! `x ∈ ℝ`, `x₁`), as pandoc's plain writer gives it (texmath's rules:
//! binary operators and relations between spaces, punctuation followed by
//! one; a script of digits and signs in Unicode's super- and subscript
//! letters, another in `^(…)`, `_(…)`; an accent as a combining mark). A
//! formula with a fraction, root, limits or table has no exact plain form:
//! `None`, and the text writer keeps its TeX between dollars.

use roxmltree::Node;

/// Binary operators: spaced when between two operands (`a − b`), not
/// when a sign (`−x`, which pulldown-latex writes as `<mi>`).
const BINARY: &str = "+−-×÷⋅·∗∘±∓∧∨∩∪⊕⊖⊗⊘⊙∖⋆†‡⊓⊔⊎⋄≀";

/// Relations and arrows: always spaced.
const RELATIONS: &str = "=≠<>≤≥≦≧≪≫≈≃≅≡≢∼∝∈∉∋⊂⊃⊆⊇⊄⊊⊋→←↔⇒⇐⇔⟶⟵⟷⟹⟸⟺↦⟼↑↓⇑⇓∣∤∥⊥⊢⊣⊨≺≻⪯⪰≲≳∶:≔≐";

/// Punctuation: followed by a space.
const PUNCTUATION: &str = ",;";

/// Unicode's superscript forms of what a script may hold.
const SUPERSCRIPTS: [(char, char); 15] = [
    ('0', '⁰'),
    ('1', '¹'),
    ('2', '²'),
    ('3', '³'),
    ('4', '⁴'),
    ('5', '⁵'),
    ('6', '⁶'),
    ('7', '⁷'),
    ('8', '⁸'),
    ('9', '⁹'),
    ('+', '⁺'),
    ('−', '⁻'),
    ('=', '⁼'),
    ('(', '⁽'),
    (')', '⁾'),
];

const SUBSCRIPTS: [(char, char); 15] = [
    ('0', '₀'),
    ('1', '₁'),
    ('2', '₂'),
    ('3', '₃'),
    ('4', '₄'),
    ('5', '₅'),
    ('6', '₆'),
    ('7', '₇'),
    ('8', '₈'),
    ('9', '₉'),
    ('+', '₊'),
    ('−', '₋'),
    ('=', '₌'),
    ('(', '₍'),
    (')', '₎'),
];

/// Accents pulldown-latex writes over a base, and their combining marks.
const ACCENTS: [(char, char); 12] = [
    ('\u{203e}', '\u{304}'),
    ('\u{af}', '\u{304}'),
    ('^', '\u{302}'),
    ('\u{2c6}', '\u{302}'),
    ('~', '\u{303}'),
    ('\u{2dc}', '\u{303}'),
    ('\u{2d9}', '\u{307}'),
    ('\u{a8}', '\u{308}'),
    ('\u{2c7}', '\u{30c}'),
    ('\u{2d8}', '\u{306}'),
    ('\u{b4}', '\u{301}'),
    ('\u{2192}', '\u{20d7}'),
];

/// Whether TeX may break a line after this operator at an inline formula's
/// top level: a relation or a binary operator (the TeXbook, Chapter 18:
/// "after a relation symbol or binary operation").
pub fn breaks_after(op: &str) -> bool {
    let mut chars = op.trim().chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => BINARY.contains(c) || RELATIONS.contains(c),
        _ => false,
    }
}

/// The formula as Unicode text, or `None` when it has no exact plain form
/// (or cannot be read).
pub fn unicode(tex: &str) -> Option<String> {
    let mathml = super::mathml(tex, false).ok()?;
    let tree = roxmltree::Document::parse(&mathml).ok()?;
    let text = children(tree.root_element())?;
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

/// A row's elements one after the other, operators spaced by their class.
fn children(node: Node<'_, '_>) -> Option<String> {
    let items: Vec<Node> = elements(node).collect();
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if item.tag_name().name() == "mo" {
            let op = item.text().unwrap_or("").trim();
            let operand_before = i > 0 && !is_operator(items[i - 1]);
            let operand_after = items.get(i + 1).is_some_and(|n| !is_operator(*n));
            match op {
                // Function application (`sin x`): the space after the name.
                "\u{2061}" => out.push(' '),
                _ if op.chars().count() == 1 && RELATIONS.contains(op) => {
                    push_spaced(&mut out, op);
                }
                _ if op.chars().count() == 1
                    && BINARY.contains(op)
                    && operand_before
                    && operand_after =>
                {
                    push_spaced(&mut out, op);
                }
                _ if op.chars().count() == 1 && PUNCTUATION.contains(op) => {
                    out.push_str(op);
                    out.push(' ');
                }
                _ => out.push_str(op),
            }
            continue;
        }
        out.push_str(&element(*item)?);
    }
    Some(out)
}

fn is_operator(node: Node<'_, '_>) -> bool {
    node.tag_name().name() == "mo"
}

/// `op` with one space either side, never two.
fn push_spaced(out: &mut String, op: &str) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
    out.push_str(op);
    out.push(' ');
}

fn element(node: Node<'_, '_>) -> Option<String> {
    let args: Vec<Node> = elements(node).collect();
    match node.tag_name().name() {
        // pulldown-latex reads `1,2` as one number; TeX sets its comma as
        // punctuation, a space after it.
        "mn" => Some(node.text().unwrap_or("").replace(',', ", ")),
        "mi" | "mtext" | "ms" | "mo" => Some(node.text().unwrap_or("").to_owned()),
        // `\,` is a space, `\quad` two, as pandoc's plain writer sets them.
        "mspace" => Some(match node.attribute("width") {
            Some(w) if w.trim_end_matches("em").parse::<f64>().unwrap_or(0.0) >= 0.9 => {
                "  ".to_owned()
            }
            // The thin space after a function name's application mark.
            Some(w) if w.starts_with("0.1667") && is_after_application(node) => String::new(),
            _ => " ".to_owned(),
        }),
        "math" | "semantics" | "mrow" | "mstyle" | "mpadded" => children(node),
        "annotation" | "annotation-xml" => Some(String::new()),
        // A large operator's limits (`\sum_{i=1}^n`): no plain form.
        "msub" | "msup" | "msubsup" if args.first().is_some_and(|b| is_operator(*b)) => None,
        "msub" => Some(element(*args.first()?)? + &script(*args.get(1)?, &SUBSCRIPTS, '_')?),
        "msup" => Some(element(*args.first()?)? + &script(*args.get(1)?, &SUPERSCRIPTS, '^')?),
        "msubsup" => Some(
            element(*args.first()?)?
                + &script(*args.get(1)?, &SUBSCRIPTS, '_')?
                + &script(*args.get(2)?, &SUPERSCRIPTS, '^')?,
        ),
        "mover" if node.attribute("accent") == Some("true") => {
            let base = element(*args.first()?)?;
            let mark = args.get(1)?.text()?.trim().chars().next()?;
            let combining = ACCENTS.iter().find(|(a, _)| *a == mark)?.1;
            // One letter takes the mark; a longer base has no plain form.
            (base.chars().count() == 1).then(|| format!("{base}{combining}"))
        }
        // Fractions, roots, limits, tables, phantoms: no exact plain form.
        _ => None,
    }
}

fn is_after_application(node: Node<'_, '_>) -> bool {
    node.prev_sibling_element()
        .is_some_and(|n| n.tag_name().name() == "mo" && n.text() == Some("\u{2061}"))
}

/// A script in Unicode's script letters when each of its characters has
/// one, else `^(…)` or `_(…)`.
fn script(node: Node<'_, '_>, forms: &[(char, char)], mark: char) -> Option<String> {
    let inner = element(node)?;
    let mapped: Option<String> = inner
        .chars()
        .map(|c| {
            if c == ' ' {
                Some(' ')
            } else {
                forms.iter().find(|(from, _)| *from == c).map(|(_, to)| *to)
            }
        })
        .collect();
    Some(match mapped {
        Some(mapped) if !inner.trim().is_empty() => mapped,
        _ => format!("{mark}({inner})"),
    })
}

#[cfg(test)]
mod tests {
    use super::unicode;

    /// pandoc 3.9's `-t plain` on each (texmath), but for the noted ones.
    #[test]
    fn as_pandocs_plain_writer_gives_them() {
        for (tex, plain) in [
            ("x^2", "x²"),
            (r"\alpha + \beta_i", "α + β_(i)"),
            (r"x \in \mathbb{R}", "x ∈ ℝ"),
            ("a_{ij}", "a_(ij)"),
            (r"e^{i\pi}", "e^(iπ)"),
            ("x_1", "x₁"),
            ("x^{10}", "x¹⁰"),
            (r"\bar{x}", "x̄"),
            ("2+2=4", "2 + 2 = 4"),
            (r"\cdot", "⋅"),
            (r"\le", "≤"),
            ("x^n", "x^(n)"),
            (r"\text{if}", "if"),
            ("f(x)", "f(x)"),
            ("a,b", "a, b"),
            ("f(x,y)", "f(x, y)"),
            ("-x", "−x"),
            ("a - b", "a − b"),
            (r"\sin x", "sin x"),
            ("x^{-1}", "x⁻¹"),
            ("x_{n+1}", "x_(n + 1)"),
            (r"\hat{x}", "x̂"),
            (r"\vec{v}", "v⃗"),
            (r"\mathrm{d}x", "dx"),
            (r"\pm 1", "±1"),
            (r"a\quad b", "a  b"),
            ("x_1^2", "x₁²"),
            (r"a \to b", "a → b"),
            (r"\operatorname{sgn} x", "sgn x"),
            ("x = -1", "x = −1"),
            (r"a \times b", "a × b"),
            (r"\{1,2\}", "{1, 2}"),
            (r"\langle x \rangle", "⟨x⟩"),
            ("x^{(2)}", "x⁽²⁾"),
            // pandoc: x^(′); the prime is a letter of its own here.
            ("x'", "x′"),
        ] {
            assert_eq!(unicode(tex).as_deref(), Some(plain), "{tex}");
        }
    }

    #[test]
    fn what_has_no_plain_form_is_none() {
        for tex in [
            r"\frac{a}{b}",
            r"\sqrt{2}",
            r"\sum_{i=1}^n x_i",
            r"\begin{pmatrix} a \end{pmatrix}",
            r"\frac{1}{",
        ] {
            assert_eq!(unicode(tex), None, "{tex}");
        }
    }
}
