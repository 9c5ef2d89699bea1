//! Data-driven documents: one output per record (YAML, CSV, JSON), values
//! that stay literal, failures that do not stop the batch, safe names.

use crate::common;

use common::quire;
use std::path::Path;
use std::process::Command;

/// A project folder holding `files` (name, contents).
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const LETTER: &str = "---\ntitle: \"Brief for {{ sponsor.name }}\"\ndata_name: sponsor\n---\n\nDear {{ sponsor.name }}, level {{ sponsor.level }}.\n";

#[test]
fn yaml_csv_and_json_records_each_build_one_document() {
    let dir = project(&[
        ("letter.md", LETTER),
        (
            "s.yaml",
            "sponsors:\n  - name: Acme\n    level: Gold\n  - name: Blue Fern\n    level: Silver\n",
        ),
        ("s.csv", "name,level\nAcme,Gold\n\"Blue, Fern\",Silver\n"),
        (
            "s.json",
            r#"[{"name": "Acme", "level": "Gold"}, {"name": "Blue Fern", "level": 3}]"#,
        ),
    ]);
    for (data, second) in [
        ("s.yaml", "blue-fern"),
        ("s.csv", "blue-fern"),
        ("s.json", "blue-fern"),
    ] {
        let out = format!("out-{data}");
        let run = quire(&[
            "build",
            "letter.md",
            "--data",
            data,
            "--to",
            "txt,json",
            "-o",
            &out,
        ])
        .in_dir(dir.path())
        .run();
        assert_eq!(run.code, 0, "{data}: {}", run.stderr);
        assert!(run.stderr.contains("2 of 2 record(s)"), "{}", run.stderr);
        let folder = dir.path().join(&out).join("letter");
        assert_eq!(
            names_in(&folder),
            [
                "acme.json".to_owned(),
                "acme.txt".to_owned(),
                format!("{second}.json"),
                format!("{second}.txt")
            ]
        );
        let acme = read(&folder.join("acme.txt"));
        assert!(acme.contains("Brief for Acme"), "{acme}");
        assert!(acme.contains("Dear Acme, level Gold."), "{acme}");
    }
}

#[test]
fn markup_in_a_record_stays_literal_in_every_format() {
    let hostile =
        r#"Smith & *Co* <Ltd> <script>alert(1)</script> [x](javascript:alert(2)) # not a heading"#;
    let data = format!(
        "- name: '{}'\n  level: \"**bold**\\n\\n- not a list\"\n",
        hostile.replace('\'', "''")
    );
    let dir = project(&[("letter.md", LETTER), ("s.yaml", &data)]);
    let run = quire(&[
        "build",
        "letter.md",
        "--data",
        "s.yaml",
        "--to",
        "html,fragment,txt,json",
        "-o",
        "out",
        "--name",
        "x",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let folder = dir.path().join("out/letter");
    // The text is wrapped: compare words.
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = words(&read(&folder.join("x.txt")));
    assert!(text.contains(hostile), "{text}");
    assert!(text.contains("**bold**"), "{text}");
    for page in ["x.html", "x.fragment.html"] {
        let html = read(&folder.join(page));
        assert!(!html.contains("<script>alert"), "{page}: {html}");
        assert!(!html.contains("<em>Co</em>") && !html.contains("<strong>bold"));
        assert!(!html.contains("href=\"javascript:"), "{page}");
        assert!(
            html.contains("Smith &amp; *Co* &lt;Ltd&gt; &lt;script&gt;"),
            "{page}: {html}"
        );
        assert!(!html.contains("<li>not a list"), "{page}");
    }
    let json = read(&folder.join("x.json"));
    assert!(
        !json.contains("\"emphasis\"") && !json.contains("\"strong\""),
        "{json}"
    );
    // The title is front matter: plain text, escaped by each writer.
    let html = read(&folder.join("x.html"));
    assert!(
        html.contains("<title>Brief for Smith &amp; *Co* &lt;Ltd&gt;"),
        "{html}"
    );
}

#[test]
fn a_bad_record_is_reported_and_the_others_are_built() {
    let data = "- name: Acme\n  level: Gold\n- name: Blue Fern\n- name: Cobalt\n  level: Bronze\n";
    let dir = project(&[("letter.md", LETTER), ("s.yaml", data)]);
    let run = quire(&[
        "build",
        "letter.md",
        "--data",
        "s.yaml",
        "--to",
        "txt",
        "-o",
        "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("2 of 3 record(s)"), "{}", run.stderr);
    assert!(
        run.stderr.contains("record 2 (blue-fern) failed"),
        "{}",
        run.stderr
    );
    // The error points at the expression in the Markdown file.
    assert!(run.stderr.contains("letter.md:6:"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
    assert_eq!(
        names_in(&dir.path().join("out/letter")),
        ["acme.txt", "cobalt.txt"]
    );
}

#[test]
fn names_are_unique_and_stay_inside_the_output_folder() {
    let data = "- name: A\n- name: a\n- name: ../../escape\n- name: /etc/passwd\n- name: ''\n";
    let dir = project(&[
        ("doc.md", "---\ntitle: T\n---\n\n{{ record.name }}\n"),
        ("s.yaml", data),
    ]);
    let run = quire(&[
        "build", "doc.md", "--data", "s.yaml", "--to", "txt", "-o", "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        names_in(&dir.path().join("out/doc")),
        [
            "a-2.txt",
            "a.txt",
            "escape.txt",
            "etc-passwd.txt",
            "record-5.txt"
        ]
    );
    assert_eq!(names_in(dir.path()), ["doc.md", "out", "s.yaml"]);
    // `--name` templates are made safe the same way.
    let run = quire(&[
        "build",
        "doc.md",
        "--data",
        "s.yaml",
        "--to",
        "txt",
        "-o",
        "named",
        "--name",
        "../{{ number }}/{{ record.name }}",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        names_in(&dir.path().join("named/doc")),
        [
            "1-a.txt",
            "2-a.txt",
            "3-escape.txt",
            "4-etc-passwd.txt",
            "5.txt"
        ]
    );
}

#[test]
fn a_template_syntax_error_points_at_its_line_and_nothing_is_written() {
    let doc = "---\ntitle: T\n---\n\nFine line.\n\n{% for b in record.benefits %}\n- {{ b }\n{% endfor %}\n";
    let dir = project(&[("doc.md", doc), ("s.yaml", "- name: A\n  benefits: [x]\n")]);
    let run = quire(&[
        "build", "doc.md", "--data", "s.yaml", "--to", "txt", "-o", "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("doc.md:8:"), "{}", run.stderr);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_front_matter_template_error_points_at_its_key() {
    let doc = "---\ntitle: T\nsubtitle: \"{{ record.missing }}\"\n---\n\nBody\n";
    let dir = project(&[("doc.md", doc), ("s.yaml", "- name: A\n")]);
    let run = quire(&[
        "build", "doc.md", "--data", "s.yaml", "--to", "txt", "-o", "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("doc.md:3:11"), "{}", run.stderr);
}

#[test]
fn a_broken_data_file_is_an_error_at_its_line() {
    let dir = project(&[("doc.md", LETTER), ("s.csv", "name,level\nA,Gold\nB\n")]);
    let run = quire(&[
        "build", "doc.md", "--data", "s.csv", "--to", "txt", "-o", "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("s.csv:3:"), "{}", run.stderr);
}

#[test]
fn the_sponsor_briefs_are_one_pdf_per_sponsor() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let run = quire(&["build", "source/sponsor-brief.md", "--to", "pdf", "-o", out]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let folder = dir.path().join("sponsor-brief");
    assert_eq!(
        names_in(&folder),
        ["acme-analytics.pdf", "blue-fern.pdf", "smith-co.pdf"]
    );
    for (file, name) in [
        ("acme-analytics.pdf", "Acme Analytics"),
        ("smith-co.pdf", "Smith & *Co* <Ltd>"),
    ] {
        let pdf = folder.join(file);
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(check.status.success(), "qpdf --check {file}");
        let text = common::pdf_text(&pdf).replace('\n', " ");
        assert!(
            text.contains(&format!("sponsorship: {name}")),
            "{file}: {text}"
        );
        let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
        let info = String::from_utf8_lossy(&info.stdout).into_owned();
        assert!(
            info.contains(&format!("sponsorship: {name}")),
            "{file}: {info}"
        );
        // A letter: one page, the signature on it.
        assert!(info.contains("Pages:           1"), "{file}: {info}");
        assert!(text.contains("Python Software Foundation"), "{file}");
    }
}

#[test]
fn check_renders_every_record_and_reports_each_problem_once() {
    let data = "- name: Acme\n  level: Gold\n- name: Blue Fern\n- name: Cobalt\n";
    let dir = project(&[("letter.md", LETTER), ("s.yaml", data)]);
    let run = quire(&["check", "letter.md", "--data", "s.yaml"])
        .in_dir(dir.path())
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("letter.md:6:").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 error(s)"), "{}", run.stderr);
    assert!(!dir.path().join("dist").exists());
}
