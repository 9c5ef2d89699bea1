//! Raw TeX and math as pandoc's Markdown reader reads them (issues 26 and
//! 30): macros defined in raw TeX apply to later math (`latex_macros`,
//! pandoc's manual: "LaTeX macro definitions in raw TeX are parsed and
//! applied to all subsequent math and raw TeX"), and TeX environments in
//! running text are one raw inline. Written from pandoc's manual and
//! checked against `pandoc -f markdown -t native` (pandoc 3.9).

use quire::doc::{Block, Inline};
use quire::read::{read, Dialect};
use std::time::{Duration, Instant};

fn blocks(markdown: &str, from: &str) -> Vec<Block> {
    read(markdown, 0, Dialect::parse(from).unwrap().0).blocks
}

/// Every formula's TeX, in order.
fn formulas(markdown: &str, from: &str) -> Vec<String> {
    let mut found = Vec::new();
    for block in blocks(markdown, from) {
        if let Block::Paragraph { content } = block {
            for inline in content {
                if let Inline::Math { tex, .. } = inline {
                    found.push(tex);
                }
            }
        }
    }
    found
}

#[test]
fn a_newcommand_applies_to_later_math_and_is_kept_as_raw_tex() {
    // pandoc: [RawBlock "tex" "\\newcommand…", Para [Math InlineMath "\\alpha b"]]
    let source = "\\newcommand{\\vara}{\\alpha}\n\\newcommand{\\varb}{b}\n$\\vara \\varb$\n";
    assert_eq!(formulas(source, "markdown"), ["\\alpha b"]);
    let read = blocks(source, "markdown");
    assert!(
        matches!(&read[0], Block::Raw { text, .. } if text.starts_with("\\newcommand{\\vara}")),
        "{read:?}"
    );
    // Only later math: a formula before the definition stays as written.
    assert_eq!(
        formulas(
            "$\\vara$\n\n\\newcommand{\\vara}{\\alpha}\n\n$\\vara$\n",
            "markdown"
        ),
        ["\\vara", "\\alpha"]
    );
}

#[test]
fn an_optional_argument_takes_its_default() {
    let source = "\\newcommand\\parenthesize[1][x]{(#1)}\n$\\parenthesize$, $\\parenthesize[y]$, $\\parenthesize[\\textsc{head}]$\n";
    assert_eq!(
        formulas(source, "markdown"),
        ["(x)", "(y)", "(\\textsc{head})"]
    );
}

#[test]
fn renewcommand_replaces_providecommand_and_newcommand_do_not() {
    let source = "\\newcommand\\x{X}\n\\renewcommand\\x{Y}\n\\providecommand\\x{Z}\n\\newcommand\\x{W}\n\n$\\x$\n";
    assert_eq!(formulas(source, "markdown"), ["Y"]);
    let warnings = read(source, 0, Dialect::markdown()).warnings;
    assert!(
        warnings
            .iter()
            .any(|(_, w)| w.contains("`\\x` is already defined")),
        "{warnings:?}"
    );
}

#[test]
fn def_let_and_environments_are_macros_too() {
    let source =
        "\\def\\pair#1#2{\\langle #1,#2\\rangle}\n\\let\\eps\\varepsilon\n\n$\\pair{a}{\\eps}$\n";
    assert_eq!(
        formulas(source, "markdown"),
        ["\\langle a,\\varepsilon\\rangle"]
    );
    // A defined environment expands in raw TeX (pandoc groups it).
    let source = "\\newenvironment{note}{\\begin{center}}{\\end{center}}\n\n\\begin{note}\nSee.\n\\end{note}\n";
    let read = blocks(source, "markdown");
    assert!(
        matches!(&read[1], Block::Raw { text, .. } if text == "{\\begin{center}\nSee.\n\\end{center}}"),
        "{read:?}"
    );
}

#[test]
fn latex_macros_off_leaves_math_as_written() {
    let source = "\\newcommand{\\vara}{\\alpha}\n\n$\\vara$\n";
    assert_eq!(formulas(source, "markdown-latex_macros"), ["\\vara"]);
}

#[test]
fn a_macro_that_never_ends_stops_with_a_warning() {
    let start = Instant::now();
    for definition in [
        "\\def\\a{\\a\\a}",
        "\\newcommand\\a{\\b}\\newcommand\\b{\\a}",
        "\\def\\a#1{#1#1}\\def\\b{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{x}}}}}}}}}}}}}}}}}}}}}}}}}}",
    ] {
        let source = format!("{definition}\n\n$\\a \\b$ and \\a\n");
        let body = read(&source, 0, Dialect::markdown());
        assert!(
            body.warnings
                .iter()
                .any(|(_, w)| w.contains("expands without end")),
            "{definition}: {:?}",
            body.warnings
        );
    }
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn an_environment_in_running_text_is_one_inline() {
    // pandoc: [Str "amet,", SoftBreak, RawInline "tex" "\\begin{equation}…",
    // SoftBreak, Str "consectetur"]; HTML sets it as display math.
    let source = "Lorem amet,\n\\begin{equation}\nE = mc^2,\n\\end{equation}\nconsectetur.\n";
    let read = blocks(source, "markdown");
    let [Block::Paragraph { content }] = read.as_slice() else {
        panic!("{read:?}");
    };
    assert!(
        matches!(&content[..], [Inline::Text { .. }, Inline::SoftBreak, Inline::Math { display: true, tex, .. }, Inline::SoftBreak, Inline::Text { text }]
            if tex == "\\begin{equation}\nE = mc^2,\n\\end{equation}" && text == "consectetur."),
        "{content:?}"
    );
    // `math` is no environment pandoc's HTML writer sets: raw TeX.
    let source = "The formula\n\\begin{math}\nx = y\n\\end{math}\nshould be inline.\n";
    let read = blocks(source, "markdown");
    let [Block::Paragraph { content }] = read.as_slice() else {
        panic!("{read:?}");
    };
    assert!(
        content
            .iter()
            .any(|i| matches!(i, Inline::Raw { text, .. } if text.starts_with("\\begin{math}"))),
        "{content:?}"
    );
    // Later lines keep their numbers.
    let source = "a\n\\begin{align*}\nx^2 \\\\\ny\n\\end{align*}\nb\n\n# Heading\n";
    let read = blocks(source, "markdown");
    assert!(
        matches!(read.last(), Some(Block::Heading { pos, .. }) if pos.line == 8),
        "{read:?}"
    );
}

#[test]
fn an_environment_inside_display_math_stays_in_it() {
    let source = "$$\n\\begin{eqnarray}\nS &\\rightarrow& a A \\\\\n\\end{eqnarray}\n$$\n";
    assert_eq!(
        formulas(source, "markdown"),
        ["\n\\begin{eqnarray}\nS &\\rightarrow& a A \\\\\n\\end{eqnarray}\n"]
    );
}

#[test]
fn check_warns_where_dollars_meant_as_text_are_math() {
    // pandoc reads `$HOME/$USER` as the formula `HOME/` and the text `USER`.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shell.md");
    std::fs::write(
        &file,
        "---\ntitle: Shell\n---\n\nSet $HOME/$USER first.\n\nThe $n$th term, $x$-axis.\n",
    )
    .unwrap();
    let run = crate::common::quire(&["check", file.to_str().unwrap()]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("shell.md:5:5"), "{all}");
    assert!(all.contains("escape them: `\\$HOME/\\$USER`"), "{all}");
    // Real formulas followed by letters are not warned about.
    assert_eq!(all.matches("tex_math_dollars").count(), 1, "{all}");
}

#[test]
fn a_text_command_on_its_own_line_is_a_paragraph_and_overlays_are_read() {
    // pandoc: [Para [RawInline "tex" "\\textbf<1>{Bold}"]]; `\fbox` a block.
    let read = blocks(
        "\\textbf<1>{Bold}\n\n\\write18{ls}\n\nFOO\\t0BAR\n",
        "markdown",
    );
    assert!(
        matches!(&read[0], Block::Paragraph { content } if matches!(&content[..], [Inline::Raw { text, .. }] if text == "\\textbf<1>{Bold}")),
        "{read:?}"
    );
    assert!(
        matches!(&read[1], Block::Raw { text, .. } if text == "\\write18{ls}"),
        "{read:?}"
    );
    assert!(
        matches!(&read[2], Block::Paragraph { content } if matches!(&content[..], [_, Inline::Raw { text, .. }, Inline::Text { text: bar }] if text == "\\t0" && bar == "BAR")),
        "{read:?}"
    );
}

#[test]
fn thousands_of_looping_formulas_cost_one_overflow() {
    let source = format!("\\def\\a{{\\a\\a}}\n\n{}\n", "$\\a$\n\n".repeat(5_000));
    let start = Instant::now();
    let body = read(&source, 0, Dialect::markdown());
    assert_eq!(
        body.warnings
            .iter()
            .filter(|(_, w)| w.contains("expands without end"))
            .count(),
        1
    );
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}
