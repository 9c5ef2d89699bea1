//! The macros of `latex_macros`, as pandoc 3.9 reads and expands them.

use super::*;

fn defined(defs: &str) -> Macros {
    let mut macros = Macros::default();
    macros.read_raw(defs).unwrap();
    macros
}

#[test]
fn tokens_round_trip() {
    for text in [
        "\\alpha b",
        "x_{1}^2 % note\n\\ y",
        "#1 ## \\\\ \\{",
        "é\\x",
    ] {
        assert_eq!(untokenize(&tokenize(text)), text);
    }
}

#[test]
fn newcommand_applies_to_later_math() {
    let macros = defined("\\newcommand{\\vara}{\\alpha}\n\\newcommand{\\varb}{b}");
    assert_eq!(macros.expand_math("\\vara \\varb").unwrap(), "\\alpha b");
    assert_eq!(macros.expand_math("\\vara\\varb").unwrap(), "\\alpha b");
}

#[test]
fn optional_argument_takes_its_default() {
    let macros = defined("\\newcommand\\parenthesize[1][x]{(#1)}");
    assert_eq!(macros.expand_math("\\parenthesize").unwrap(), "(x)");
    assert_eq!(macros.expand_math("\\parenthesize[y]").unwrap(), "(y)");
    assert_eq!(
        macros
            .expand_math("\\parenthesize[\\textsc{head}]")
            .unwrap(),
        "(\\textsc{head})"
    );
}

#[test]
fn arguments_braced_or_one_token() {
    let macros = defined("\\newcommand{\\pair}[2]{\\langle #1, #2\\rangle}");
    assert_eq!(
        macros.expand_math("\\pair{a+b}c").unwrap(),
        "\\langle a+b, c\\rangle"
    );
    assert_eq!(
        macros.expand_math("\\pair12").unwrap(),
        "\\langle 1, 2\\rangle"
    );
}

#[test]
fn renew_replaces_provide_and_new_do_not() {
    let mut macros = Macros::default();
    let read = macros
        .read_raw(
            "\\newcommand\\x{X}\n\\renewcommand\\x{Y}\n\\providecommand\\x{Z}\n\\newcommand\\x{W}",
        )
        .unwrap();
    assert!(read.only_definitions);
    assert_eq!(read.redefined, ["x"]);
    assert_eq!(macros.expand_math("\\x").unwrap(), "Y");
}

#[test]
fn def_with_delimited_parameters_and_let() {
    let macros =
        defined("\\def\\ab#1.#2!{[#1|#2]}\\let\\tex\\TeX\\renewcommand{\\TeX}{\\tex\\xspace}");
    assert_eq!(macros.expand_math("\\ab x.y!").unwrap(), "[x|y]");
    // `\let` copies the meaning at the time: no loop.
    assert_eq!(macros.expand_math("\\TeX").unwrap(), "\\TeX\\xspace");
}

#[test]
fn environments_expand_in_raw_tex() {
    let mut macros = defined("\\newenvironment{foo}{\\begin{bar}}{\\end{bar}}");
    let read = macros.read_raw("\\begin{foo}\nx\n\\end{foo}").unwrap();
    assert_eq!(read.text, "{\\begin{bar}\nx\n\\end{bar}}");
    assert!(!read.only_definitions);
}

#[test]
fn ifstrequal_chooses() {
    let mut macros = Macros::default();
    let read = macros
        .read_raw("\\ifstrequal{hello}{hello}{TRUE}{FALSE}\n\\ifstrequal{a}{b}{TRUE}{FALSE}")
        .unwrap();
    assert_eq!(read.text, "TRUE\nFALSE");
}

#[test]
fn definitions_are_kept_as_written() {
    let mut macros = Macros::default();
    let read = macros
        .read_raw("\\newcommand{\\x}{X} \\x{} and \\x")
        .unwrap();
    assert_eq!(read.text, "\\newcommand{\\x}{X} X{} and X");
    assert_eq!(definition_len("\\newcommand\\p[1][x]{(#1)} rest"), Some(25));
    assert_eq!(definition_len("\\newcommand{\\h}[1]{\\a{\\b{#1}}"), None);
}

#[test]
fn hostile_definitions_stop_quickly() {
    let start = std::time::Instant::now();
    for defs in [
        "\\def\\a{\\a\\a}",
        "\\def\\a{\\a}",
        "\\def\\a#1{#1#1}\\def\\b{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{x}}}}}}}}}}}}}}}}}}}}}",
        "\\newcommand\\a{\\b\\b}\\newcommand\\b{\\a\\a}",
    ] {
        let macros = defined(defs);
        let found = macros.expand_math("\\a \\b");
        assert!(found.is_err(), "{defs}");
    }
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
}
