//! The CommonMark 0.31.2 spec examples (with `--from commonmark`) and the GFM
//! extension examples (with `--from gfm`) through quire's own tree and HTML
//! writer, compared after the spec runner's usual HTML normalisation.
//! Every example that fails must be listed, with its reason, in
//! `tests/spec/known-failures.txt`; the list is kept exact in both directions.

use crate::common;

use common::normalize_html;
use quire::Dialect;
use std::collections::BTreeMap;

struct Example {
    number: usize,
    kind: String,
    markdown: String,
    html: String,
}

/// The examples of a spec file: fences of 32 backticks + ` example [kind]`.
fn examples(text: &str) -> Vec<Example> {
    let fence = "`".repeat(32);
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix(&format!("{fence} example")) else {
            continue;
        };
        let kind = rest.trim().to_owned();
        let (mut markdown, mut html, mut in_html) = (String::new(), String::new(), false);
        for line in lines.by_ref() {
            if line == fence {
                break;
            }
            if line == "." && !in_html {
                in_html = true;
                continue;
            }
            let target = if in_html { &mut html } else { &mut markdown };
            target.push_str(&line.replace('→', "\t"));
            target.push('\n');
        }
        out.push(Example {
            number: out.len() + 1,
            kind,
            markdown,
            html,
        });
    }
    out
}

/// `suite number` → reason, from the fixture.
fn known_failures() -> BTreeMap<(String, usize), String> {
    let text = std::fs::read_to_string("tests/spec/known-failures.txt").unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (key, reason) = l.split_once(':').expect("`suite number: reason`");
            let (suite, number) = key.trim().split_once(' ').expect("`suite number`");
            (
                (suite.to_owned(), number.trim().parse().unwrap()),
                reason.trim().to_owned(),
            )
        })
        .collect()
}

fn run_suite(suite: &str, file: &str, dialect: Dialect) -> (usize, Vec<usize>) {
    let text = std::fs::read_to_string(file).unwrap();
    let examples = examples(&text);
    let mut failed = Vec::new();
    for example in &examples {
        let html = quire::raw_html(example.markdown.as_bytes(), dialect).unwrap();
        if normalize_html(&html) != normalize_html(&example.html) {
            failed.push(example.number);
            if std::env::var_os("SPEC_VERBOSE").is_some() {
                eprintln!(
                    "--- {suite} {} ({})\n{}--- expected\n{}--- got\n{}",
                    example.number, example.kind, example.markdown, example.html, html
                );
            }
        }
    }
    (examples.len(), failed)
}

fn check_suite(suite: &str, file: &str, dialect: Dialect, expected_count: usize) {
    let (total, failed) = run_suite(suite, file, dialect);
    assert_eq!(total, expected_count, "{suite}: example count");
    let known: Vec<usize> = known_failures()
        .keys()
        .filter(|(s, _)| s == suite)
        .map(|(_, n)| *n)
        .collect();
    let passed = total - failed.len();
    eprintln!("{suite}: {passed}/{total} pass");
    assert_eq!(
        failed, known,
        "{suite}: failures must match tests/spec/known-failures.txt (SPEC_VERBOSE=1 shows them)"
    );
    assert!(
        passed * 100 >= total * 99,
        "{suite}: {passed}/{total} is under 99 %"
    );
}

#[test]
fn commonmark_spec() {
    check_suite(
        "commonmark",
        "tests/spec/commonmark-0.31.2.txt",
        Dialect::commonmark(),
        652,
    );
}

#[test]
fn gfm_extension_examples() {
    check_suite("gfm", "tests/spec/gfm-extensions.txt", Dialect::gfm(), 25);
}

#[test]
fn the_cli_raw_mode_is_the_same_renderer() {
    let output = common::quire(&[
        "build", "-", "--from", "gfm", "--to", "html", "--raw", "-o", "-",
    ])
    .stdin_bytes(b"| a |\n| - |\n| ~~b~~ |\n")
    .run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(
        output.stdout,
        "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><del>b</del></td>\n</tr>\n</tbody>\n</table>\n"
    );
}

#[test]
fn normalisation_keeps_real_differences() {
    assert_eq!(
        normalize_html("<p>a  <b>b</b>\n</p>\n"),
        "<p>a <b>b</b></p>"
    );
    assert_eq!(
        normalize_html("<img src=\"x\" alt=\"y\" />"),
        normalize_html("<img alt=\"y\" src=\"x\">")
    );
    assert_ne!(normalize_html("<p>a</p>"), normalize_html("<p>b</p>"));
    assert_ne!(
        normalize_html("<em>a</em>"),
        normalize_html("<strong>a</strong>")
    );
    assert_ne!(
        normalize_html("<pre><code>a  b</code></pre>"),
        normalize_html("<pre><code>a b</code></pre>")
    );
}

#[test]
fn most_examples_match_byte_for_byte() {
    let text = std::fs::read_to_string("tests/spec/commonmark-0.31.2.txt").unwrap();
    let exact = examples(&text)
        .iter()
        .filter(|e| {
            quire::raw_html(e.markdown.as_bytes(), Dialect::commonmark()).unwrap() == e.html
        })
        .count();
    assert!(exact >= 640, "only {exact} examples match exactly");
}
