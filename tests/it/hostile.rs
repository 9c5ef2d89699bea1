//! Hostile input, generated at its full size: documents that are huge or
//! nested absurdly deep still build in every format, bounded, with no
//! temporary file left behind.

use crate::common;

use common::{files_in, quire};

/// Hostile input, generated: a 1 MB paragraph and a 5,000-row table build
/// in every format, nothing lost at the end, no temporary file left.
#[test]
fn hostile_sizes_build_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let words = ["python", "software", "foundation", "grants", "community"];
    let mut paragraph = String::from("# Long\n\n");
    for n in 0.. {
        if paragraph.len() > 1_000_000 {
            break;
        }
        paragraph.push_str(words[n % words.len()]);
        paragraph.push(' ');
    }
    paragraph.push_str("lastword\n");
    let mut table = String::from("# Rows\n\n| # | Name | Amount |\n|---|---|---:|\n");
    for n in 1..=5_000 {
        table.push_str(&format!("| {n} | Sponsor {n} | ${} |\n", n * 37 % 10_000));
    }
    for (name, markdown, last) in [
        ("paragraph.md", paragraph, "lastword"),
        ("table.md", table, "Sponsor 5000"),
    ] {
        std::fs::write(dir.path().join(name), markdown).unwrap();
        let every = "pdf,epub,html,fragment,txt,json";
        let output = quire(&["build", name, "--to", every, "-o", "out", "--quiet"])
            .in_dir(dir.path())
            .run();
        assert_eq!(output.code, 0, "{name}: {}", output.stderr);
        let out = dir.path().join("out");
        let stem = name.trim_end_matches(".md");
        let made = files_in(&out);
        for format in ["pdf", "epub", "html", "fragment.html", "txt", "json"] {
            assert!(
                made.contains(&format!("{stem}.{format}")),
                "{name}: {made:?}"
            );
        }
        assert!(made.iter().all(|f| !f.starts_with(".quire-")), "{made:?}");
        let pdf = common::pdf_text(&out.join(format!("{stem}.pdf")));
        assert!(
            pdf.contains(last),
            "{name}: the PDF ends {:?}",
            &pdf[pdf.len().saturating_sub(200)..]
        );
    }
}

/// pandoc's grammars given hostile input (issue 26): a long grid table, a
/// grid table never closed, thousands of nested inline notes, an attribute
/// list of a megabyte, example items by the thousand and thousands of
/// nested TeX environments each build into every format (at full size —
/// 5,000 grid rows, 10,000 notes, 100,000 examples — they do too, in time
/// linear in their size: the closing note of issue 26 has the figures;
/// here they are smaller, for the debug build's time).
#[test]
fn pandocs_grammars_given_hostile_input_build_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let grid_row = |i: usize| format!("| {i:<5} | x     |\n+-------+-------+\n");
    let header = "+-------+-------+\n| a     | b     |\n+=======+=======+\n";
    let cases = [
        (
            "grid.md",
            format!("{header}{}", (0..1_000).map(grid_row).collect::<String>()),
            "999",
        ),
        // Its lines past the last border are left out, as pandoc leaves
        // them, with a warning (below).
        (
            "open.md",
            format!("{header}{}", "| x     | y     |\n".repeat(2_000)),
            "a",
        ),
        (
            "notes.md",
            format!("x{}{}\n", "^[a".repeat(10_000), "]".repeat(10_000)),
            "x",
        ),
        (
            "attr.md",
            format!(
                "[span]{{{}}}\n",
                (0..100_000)
                    .map(|i| format!("k{i}=v{i} "))
                    .collect::<String>()
            ),
            "span",
        ),
        (
            "examples.md",
            (0..5_000).map(|i| format!("(@) item {i}\n")).collect(),
            "item 4999",
        ),
        (
            "tex.md",
            format!(
                "{}x\n{}",
                "\\begin{center}\n".repeat(5_000),
                "\\end{center}\n".repeat(5_000)
            ),
            "",
        ),
    ];
    for (name, markdown, last) in cases {
        std::fs::write(dir.path().join(name), markdown).unwrap();
        let every = "pdf,epub,docx,html,fragment,txt,json,pandoc-json";
        let output = quire(&["build", name, "--to", every, "-o", "out", "--quiet"])
            .in_dir(dir.path())
            .run();
        assert_eq!(output.code, 0, "{name}: {}", output.stderr);
        assert!(
            !output.stderr.contains("panicked"),
            "{name}: {}",
            output.stderr
        );
        if name == "open.md" {
            let warned = quire(&["check", name]).in_dir(dir.path()).run();
            assert!(
                warned.stderr.contains("2000 line(s) under the grid table"),
                "{}",
                warned.stderr
            );
        }
        let stem = name.trim_end_matches(".md");
        let text = std::fs::read_to_string(dir.path().join(format!("out/{stem}.txt"))).unwrap();
        assert!(
            text.contains(last),
            "{name}: {}",
            &text[text.len().saturating_sub(300)..]
        );
    }
}

/// Hostile input, generated: nesting ten thousand deep builds in every
/// format, the outputs bounded in size, with a warning where quire had to
/// set the deepest levels flatter.
#[test]
fn hostile_nesting_builds_bounded_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("quotes.md", format!("{} deep\n", ">".repeat(10_000))),
        ("lists.md", format!("{}deep\n", "- ".repeat(10_000))),
        ("mixed.md", format!("{}deep\n", "> - 1. ".repeat(500))),
        (
            "emphasis.md",
            format!("{}deep{}\n", "*_".repeat(750), "_*".repeat(750)),
        ),
    ];
    for (name, markdown) in cases {
        std::fs::write(dir.path().join(name), markdown).unwrap();
        let output = quire(&["build", name, "--to", "pdf,epub,html,txt,json", "-o", "out"])
            .in_dir(dir.path())
            .run();
        assert_eq!(output.code, 0, "{name}: {}", output.stderr);
        let out = dir.path().join("out");
        for file in files_in(&out) {
            let size = std::fs::metadata(out.join(&file)).unwrap().len();
            assert!(size < 2_000_000, "{file}: {size} bytes");
        }
        let text = std::fs::read_to_string(out.join(name.replace(".md", ".txt"))).unwrap();
        assert!(text.contains("deep"), "{name}: {text}");
        if name != "emphasis.md" {
            assert!(
                output.stderr.contains(&format!("{name}:1:"))
                    && output.stderr.contains("nest more than 32"),
                "{name}: {}",
                output.stderr
            );
        }
    }
}

/// The same nesting in a batch: each record is built on a worker with the
/// pipeline's stack, as a single document is, so it builds rather than
/// aborting the process (rayon's own 2 MiB stacks overflowed).
#[test]
fn hostile_nesting_builds_in_a_batch_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("deep.md"),
        format!(
            "---\ntitle: Deep\ndata: people.yaml\n---\n\n{} deep {{{{ record.name }}}}\n",
            "> ".repeat(3_000)
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("people.yaml"),
        "- name: Ada\n- name: Guido\n",
    )
    .unwrap();
    let output = quire(&["build", "deep.md", "--to", "pdf,html", "-o", "out"])
        .in_dir(dir.path())
        .run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    let page = std::fs::read_to_string(dir.path().join("out/deep/guido.html")).unwrap();
    assert!(page.contains("deep Guido"), "{page}");
}

/// Whether XML 1.0 (and so an EPUB) and HTML allow `c` in a document.
fn markup_allows(c: char) -> bool {
    let code = c as u32;
    !(matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\x7F'..='\u{9F}')
        || (0xFDD0..=0xFDEF).contains(&code)
        || code & 0xFFFE == 0xFFFE)
}

/// Hostile input: control characters and noncharacters in the front
/// matter, the text, code, a link and a heading. C1 controls are read as
/// the Windows-1252 characters they stand for; the rest are dropped with
/// one warning at the first, shown as Control Pictures in code; no output
/// holds a character XML or HTML forbids (a U+0005 made the EPUB fatal to
/// epubcheck and the page an error to the Nu checker).
#[test]
fn characters_that_are_not_text_never_reach_an_output() {
    let dir = tempfile::tempdir().unwrap();
    let markdown = "---\ntitle: \"Ctl\u{5} report\"\nsubtitle: It\u{92}s ours\n---\n\
        # Head\u{7f}ing\n\n\
        It\u{92}s a \u{5}test\u{FFFF} with \u{93}quotes\u{94}.\n\n\
        ```\nprintf '\u{1b}[0m\u{7}'\n```\n\n\
        Inline `a\u{1}b` and [a link](https://python.org/\u{2}x).\n\n\
        \u{c}\n\n\
        After the break, a\u{c}b.\n";
    std::fs::write(dir.path().join("ctl.md"), markdown).unwrap();
    let output = quire(&[
        "build",
        "ctl.md",
        "--to",
        "pdf,epub,html,fragment,txt,json",
        "-o",
        "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output.stderr.contains("ctl.md:2:12") && output.stderr.contains("U+0005 is not text"),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.contains("ctl.md:3:13") && output.stderr.contains("U+0092"),
        "{}",
        output.stderr
    );
    let out = dir.path().join("out");
    let html = std::fs::read_to_string(out.join("ctl.html")).unwrap();
    let mut texts = vec![
        ("ctl.html".to_owned(), html.clone()),
        (
            "ctl.fragment.html".to_owned(),
            std::fs::read_to_string(out.join("ctl.fragment.html")).unwrap(),
        ),
        (
            "ctl.txt".to_owned(),
            std::fs::read_to_string(out.join("ctl.txt")).unwrap(),
        ),
    ];
    let mut epub =
        zip::ZipArchive::new(std::fs::File::open(out.join("ctl.epub")).unwrap()).unwrap();
    for index in 0..epub.len() {
        use std::io::Read;
        let mut file = epub.by_index(index).unwrap();
        let name = file.name().to_owned();
        if name.ends_with("html") || name.ends_with(".opf") || name.ends_with(".ncx") {
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            texts.push((name, text));
        }
    }
    for (name, text) in &texts {
        let bad: Vec<String> = text
            .chars()
            // Plain text breaks pages with a form feed, as pandoc's does.
            .filter(|&c| !(markup_allows(c) || (name.ends_with(".txt") && c == '\x0C')))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(bad.is_empty(), "{name} holds {bad:?}");
    }
    assert!(html.contains("It’s a test with “quotes”"), "{html}");
    assert!(
        html.contains("Ctl report") && html.contains("It’s ours"),
        "{html}"
    );
    assert!(html.contains("␛[0m␇") && html.contains("a␁b"), "{html}");
    assert!(html.contains("https://python.org/x"), "{html}");
    assert!(html.contains("a b."), "{html}");
    // The form feed on a line of its own is still a page break.
    assert!(html.contains("page-break"), "{html}");
    let pdf = common::pdf_text(&out.join("ctl.pdf"));
    assert!(
        pdf.contains("␛[0m␇") && pdf.contains("It’s a test"),
        "{pdf}"
    );
}

/// Raw HTML given hostile input (pandoc's `markdown_in_html_blocks`):
/// `<div>` lines never closed, divs nested thousands deep and tags never
/// closed on lines of text build into every format without a panic. At
/// full size (100,000 lines) the reader's time is linear; here they are
/// smaller for the debug build, and smaller still for the HTML formats,
/// whose sanitiser takes time in the square of the depth of raw elements
/// left open (as it did before the reader read HTML blocks).
#[test]
fn html_blocks_given_hostile_input_build_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let sources = |n: usize| {
        [
            ("open", format!("{}last\n", "<div>\n".repeat(n))),
            (
                "nested",
                format!("{}last *x*\n{}", "<div>\n".repeat(n), "</div>\n".repeat(n)),
            ),
            (
                "lines",
                (0..n)
                    .map(|i| format!("<div class=\"a\"><table><tr><td>*{i}*\n"))
                    .chain(["last\n".to_owned()])
                    .collect::<String>(),
            ),
        ]
    };
    for (sizes, every) in [
        (20_000, "pdf,docx,txt,json,pandoc-json"),
        (1_000, "epub,html,fragment,txt"),
    ] {
        for (stem, markdown) in sources(sizes) {
            let name = format!("{stem}.md");
            std::fs::write(dir.path().join(&name), markdown).unwrap();
            let output = quire(&["build", &name, "--to", every, "-o", "out", "--quiet"])
                .in_dir(dir.path())
                .run();
            assert_eq!(output.code, 0, "{name}: {}", output.stderr);
            assert!(
                !output.stderr.contains("panicked"),
                "{name}: {}",
                output.stderr
            );
            let text = std::fs::read_to_string(dir.path().join(format!("out/{stem}.txt"))).unwrap();
            assert!(
                text.contains("last"),
                "{name}: {}",
                &text[text.len().saturating_sub(300)..]
            );
        }
    }
}
