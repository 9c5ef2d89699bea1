//! `--from pandoc-json` and `--to pandoc-json`: pandoc's JSON AST read and
//! written, the words of a document kept in order both ways.

use crate::common::{quire, repo};

/// The words of a text, without the marks around them (rules under
/// headings, `>` before quoted lines).
/// The words of a text as runs of letters, in lower case: what survives
/// every writer's way of setting them (`H₂O` and `H2O`, `SMALL CAPS`,
/// rules under headings, quotation marks, `>` before quoted lines).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// How much of `expected`'s words `got` has in order (the longest common
/// subsequence over the words of `expected`).
fn words_kept(expected: &str, got: &str) -> f64 {
    let (a, b) = (words(expected), words(got));
    let mut row = vec![0usize; b.len() + 1];
    for word in &a {
        let mut diagonal = 0;
        for j in 0..b.len() {
            let above = row[j + 1];
            row[j + 1] = if *word == b[j] {
                diagonal + 1
            } else {
                row[j + 1].max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()] as f64 / a.len().max(1) as f64
}

fn text_of(args: &[&str]) -> String {
    let out = quire(args).env("SOURCE_DATE_EPOCH", "1700000000").run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// pandoc 3.9's JSON of the agreement and of a document with every
/// construct (`pandoc -t json`, committed): quire's text of it keeps the
/// words of pandoc's own plain text of it (`pandoc -f json -t plain`,
/// committed beside it) in order.
#[test]
fn pandocs_json_reads_with_the_words_in_order() {
    for name in ["sponsorship-agreement", "every-construct"] {
        let json = format!("tests/fixtures/pandoc-ast/{name}.pandoc-3.9.json");
        let pandoc_text = std::fs::read_to_string(
            repo().join(format!("tests/fixtures/pandoc-ast/{name}.pandoc-3.9.txt")),
        )
        .unwrap();
        let text = text_of(&[
            "build",
            &json,
            "--from",
            "pandoc-json",
            "--to",
            "txt",
            "-o",
            "-",
        ]);
        let kept = words_kept(&pandoc_text, &text);
        assert!(kept >= 0.99, "{name}: {:.1} % of the words", kept * 100.0);
    }
}

/// quire's JSON read back by quire is the same text; pandoc (when it is
/// installed) reads it too and keeps the agreement's words.
#[test]
fn quires_json_is_read_back_by_quire_and_by_pandoc() {
    let agreement = "tests/fixtures/sponsorship-agreement.md";
    let json = text_of(&["build", agreement, "--to", "pandoc-json", "-o", "-"]);
    assert!(json.starts_with(r#"{"pandoc-api-version":[1,23,1],"#));
    let again = quire(&[
        "build",
        "-",
        "--from",
        "pandoc-json",
        "--to",
        "txt",
        "-o",
        "-",
    ])
    .env("SOURCE_DATE_EPOCH", "1700000000")
    .stdin_bytes(json.as_bytes())
    .run();
    assert_eq!(again.code, 0, "{}", again.stderr);
    let direct = text_of(&["build", agreement, "--to", "txt", "-o", "-"]);
    assert!(words_kept(&direct, &again.stdout) >= 0.99);
    let pandoc = std::process::Command::new("pandoc")
        .args(["-f", "json", "-t", "plain", "--wrap=none", "--standalone"])
        .current_dir(repo())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut pandoc) = pandoc else {
        eprintln!("pandoc is not installed: quire → pandoc not checked");
        return;
    };
    use std::io::Write;
    pandoc
        .stdin
        .take()
        .unwrap()
        .write_all(json.as_bytes())
        .unwrap();
    let out = pandoc.wait_with_output().unwrap();
    assert!(out.status.success());
    let kept = words_kept(&direct, &String::from_utf8_lossy(&out.stdout));
    assert!(
        kept >= 0.99,
        "pandoc kept {:.1} % of the words",
        kept * 100.0
    );
}

#[test]
fn what_is_not_pandocs_json_is_an_error_that_says_so() {
    let out = quire(&[
        "build",
        "-",
        "--from",
        "pandoc-json",
        "--to",
        "txt",
        "-o",
        "-",
    ])
    .stdin_bytes(b"# Markdown, not JSON\n")
    .run();
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("pandoc-api-version"), "{}", out.stderr);
}
