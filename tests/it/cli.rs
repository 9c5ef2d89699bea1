//! The `quire` command as a user meets it: exit codes, diagnostics with
//! file:line:col, standard input and output, atomic writes, bad input.

use crate::common;

use common::{files_in, quire};

fn fixture(name: &str) -> String {
    format!("tests/fixtures/bad/{name}")
}

/// Builds `input` into a fresh folder; returns the run and the folder.
fn build_into(input: &str, formats: &str) -> (common::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap().to_owned();
    let output = quire(&["build", input, "--to", formats, "-o", &out]).run();
    (output, dir)
}

#[test]
fn seed_builds_four_formats() {
    let (output, dir) = build_into("source/about-psf.md", "html,fragment,txt,json");
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(
        files_in(dir.path()),
        [
            "about-psf.fragment.html",
            "about-psf.html",
            "about-psf.json",
            "about-psf.txt"
        ]
    );
    let html = std::fs::read_to_string(dir.path().join("about-psf.html")).unwrap();
    assert!(
        !html.contains("<h1></h1>") && !html.contains("<h1 id=\"section\">"),
        "empty heading left"
    );
    assert!(!html.contains("href=\"us.pycon.org\""));
    assert!(html.contains("href=\"https://us.pycon.org\""));
    assert!(html.contains("href=\"https://www.python.org/psf/mission/\""));
    assert!(html.contains("<html lang=\"en\">"));
    assert!(
        !html.contains("name=\"description\""),
        "a placeholder description must not reach the page"
    );
    let fragment = std::fs::read_to_string(dir.path().join("about-psf.fragment.html")).unwrap();
    assert!(fragment.starts_with("<div class=\"quire quire-fragment\""));
    assert!(!fragment.contains("<html") && !fragment.contains("<script"));
    let text = std::fs::read_to_string(dir.path().join("about-psf.txt")).unwrap();
    assert!(text.contains("Python-related") && text.contains("Python & Tools"));
    assert!(!text.contains("\\-") && !text.contains("\\&"));
    assert!(
        text.lines().all(|l| unicode_width(l) <= 72),
        "text wider than 72 columns"
    );
}

fn unicode_width(line: &str) -> usize {
    line.chars().count()
}

#[test]
fn check_reports_each_problem_at_its_place_and_exits_0() {
    let output = quire(&["check", "source/about-psf.md"]).run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    for place in [
        "source/about-psf.md:3:14",  // description: ...
        "source/about-psf.md:7:1",   // the empty `# `
        "source/about-psf.md:34:11", // us.pycon.org
        "source/about-psf.md:35:6",  // python.org/psf/grants
        "source/about-psf.md:36:71", // python.org/codeofconduct
        "source/about-psf.md:47:11", // pypi.org
        "source/about-psf.md:56:90", // us.pycon.org in the table
    ] {
        assert!(
            output.stderr.contains(place),
            "missing {place} in:\n{}",
            output.stderr
        );
    }
    assert!(output.stderr.contains("warning: empty heading"));
    assert!(output.stderr.contains("7 | # "), "the source line is shown");
    let strict = quire(&["check", "--deny-warnings", "source/about-psf.md"]).run();
    assert_eq!(strict.code, 1);
}

#[test]
fn stdin_to_stdout() {
    let output = quire(&["build", "-", "--to", "txt", "-o", "-"])
        .stdin_bytes(b"---\ntitle: Piped\n---\nHello *world*.\n")
        .run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output.stdout.contains("Piped") && output.stdout.contains("Hello world."),
        "{}",
        output.stdout
    );
    let json = quire(&["build", "-", "--to", "json", "-o", "-"])
        .stdin_bytes(b"# A\n")
        .run();
    let tree: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(tree["version"], 4);
    assert_eq!(tree["blocks"][0]["type"], "heading");
    assert_eq!(tree["blocks"][0]["attr"]["id"], "a");
}

#[test]
fn usage_errors_exit_2() {
    let several = quire(&[
        "build",
        "source/about-psf.md",
        "--to",
        "html,txt",
        "-o",
        "-",
    ])
    .run();
    assert_eq!(several.code, 2, "{}", several.stderr);
    let unknown = quire(&["build", "source/about-psf.md", "--to", "odt"]).run();
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("odt"));
    let help = quire(&["build", "--help"]).run();
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("Examples:"));
}

#[test]
fn bad_input_gets_a_diagnostic_and_exit_1_never_a_panic() {
    let cases: &[(&str, &str)] = &[
        ("broken-yaml.md", "broken-yaml.md:3:"),
        ("unclosed.md", "unclosed.md:1:1"),
        ("not-mapping.md", "not-mapping.md:2:1"),
        ("invalid-utf8.md", "invalid-utf8.md:2:5"),
        ("binary.md", "binary file"),
        ("missing.md", "no such file"),
        ("unknown-layout.md", "unknown layout `nonesuch`"),
    ];
    for (name, expected) in cases {
        let (output, dir) = build_into(&fixture(name), "html,txt");
        assert_eq!(output.code, 1, "{name}: {}", output.stderr);
        assert!(
            output.stderr.contains(expected),
            "{name}: expected {expected:?} in\n{}",
            output.stderr
        );
        assert!(!output.stderr.contains("panicked"), "{name}");
        assert!(
            files_in(dir.path()).is_empty(),
            "{name}: output left behind: {:?}",
            files_in(dir.path())
        );
    }
}

#[test]
fn odd_but_valid_input_builds() {
    for name in ["bom-crlf.md", "empty.md", "only-front-matter.md"] {
        let (output, dir) = build_into(&fixture(name), "html,txt,json");
        assert_eq!(output.code, 0, "{name}: {}", output.stderr);
        assert_eq!(files_in(dir.path()).len(), 3, "{name}");
    }
    let (_, dir) = build_into(&fixture("bom-crlf.md"), "txt");
    let text = std::fs::read_to_string(dir.path().join("bom-crlf.txt")).unwrap();
    assert!(
        text.contains("BOM and CRLF") && text.contains("Hello world") && !text.contains('\r'),
        "{text}"
    );
}

#[test]
fn a_failed_build_keeps_the_previous_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let good = tempfile::NamedTempFile::new_in(dir.path()).unwrap();
    std::fs::write(good.path(), "---\ntitle: One\n---\nFirst.\n").unwrap();
    let input = good.path().to_str().unwrap();
    assert_eq!(
        quire(&["build", input, "--to", "html", "-o", out])
            .run()
            .code,
        0
    );
    let stem = good
        .path()
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let before = std::fs::read(dir.path().join(format!("{stem}.html"))).unwrap();
    std::fs::write(good.path(), "---\ntitle: [broken\n---\nSecond.\n").unwrap();
    assert_eq!(
        quire(&["build", input, "--to", "html", "-o", out])
            .run()
            .code,
        1
    );
    assert_eq!(
        std::fs::read(dir.path().join(format!("{stem}.html"))).unwrap(),
        before
    );
    assert!(files_in(dir.path()).iter().all(|n| !n.ends_with(".tmp")));
}

#[test]
fn an_unwritable_output_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = blocker.join("sub");
    let output = quire(&[
        "build",
        "source/about-psf.md",
        "--to",
        "html",
        "-o",
        out.to_str().unwrap(),
    ])
    .run();
    assert_eq!(output.code, 1, "{}", output.stderr);
    assert!(output.stderr.contains("cannot write"), "{}", output.stderr);
}

#[test]
fn a_folder_without_quire_yaml_builds_with_defaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("source")).unwrap();
    std::fs::write(
        dir.path().join("source/note.md"),
        "# Note\n\nSee [docs](docs/guide.md).\n",
    )
    .unwrap();
    let output = quire(&["build"]).in_dir(dir.path()).run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    let html = std::fs::read_to_string(dir.path().join("dist/note.html")).unwrap();
    assert!(html.contains("<title>Note</title>") && html.contains("href=\"docs/guide.md\""));
}

#[test]
fn quire_yaml_unknown_key_points_at_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("quire.yaml"),
        "lang: en\nbase_ur: https://x.org\n",
    )
    .unwrap();
    let output = quire(&["check", "x.md"]).in_dir(dir.path()).run();
    assert_eq!(output.code, 1);
    assert!(
        output.stderr.contains("quire.yaml:2:1") && output.stderr.contains("base_ur"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_broken_template_names_its_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("layouts/mine")).unwrap();
    std::fs::write(
        dir.path().join("layouts/mine/page.html"),
        "<html>\n<title>{{ meta.title }</title>\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("doc.md"), "# Hi\n").unwrap();
    let output = quire(&["build", "doc.md", "--layout", "mine", "--to", "html"])
        .in_dir(dir.path())
        .run();
    assert_eq!(output.code, 1, "{}", output.stderr);
    assert!(
        output.stderr.contains("layouts/mine/page.html:2:"),
        "{}",
        output.stderr
    );
    assert!(!dir.path().join("dist/doc.html").exists());
}

#[test]
fn layouts_are_listed() {
    let output = quire(&["layouts"]).run();
    assert_eq!(output.code, 0);
    assert!(
        output.stdout.contains("base") && output.stdout.contains("factsheet"),
        "{}",
        output.stdout
    );
}

#[test]
fn new_scaffolds_a_project_that_builds_straight_away() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("handouts");
    let run = quire(&["new", project.to_str().unwrap()]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let built = quire(&["build"]).in_dir(&project).run();
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert_eq!(
        files_in(&project.join("dist")),
        ["example.html", "example.pdf", "example.txt"]
    );
    // A second `new` in the same folder refuses, and changes nothing.
    let again = quire(&["new", project.to_str().unwrap()]).run();
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("already a quire project"),
        "{}",
        again.stderr
    );

    let copy = dir.path().join("briefs");
    let run = quire(&["new", copy.to_str().unwrap(), "--layout-from", "factsheet"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(copy.join("layouts/factsheet/layout.yaml").is_file());
    let listed = quire(&["layouts"]).in_dir(&copy).run();
    assert!(
        listed
            .stdout
            .lines()
            .any(|l| l.starts_with("factsheet") && l.contains("layouts/factsheet")),
        "{}",
        listed.stdout
    );
    let unknown = quire(&[
        "new",
        dir.path().join("x").to_str().unwrap(),
        "--layout-from",
        "nope",
    ])
    .run();
    assert_eq!(unknown.code, 1, "{}", unknown.stderr);
    assert!(!dir.path().join("x/quire.yaml").exists());
}

#[test]
fn raw_html_is_sanitised_unless_the_project_trusts_it() {
    let dir = tempfile::tempdir().unwrap();
    let doc = "---\ntitle: T\n---\n\nHello <span onclick=\"steal()\">there</span>.\n\n\
               <script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n\
               <a href=\"javascript:alert(3)\">click</a> <iframe src=\"https://evil.example\"></iframe>\n\n\
               <div style=\"position:fixed;inset:0\">cover</div>\n";
    std::fs::write(dir.path().join("doc.md"), doc).unwrap();
    let run = quire(&["build", "doc.md", "--to", "html,fragment", "-o", "out"])
        .in_dir(dir.path())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in ["doc.html", "doc.fragment.html"] {
        let html = std::fs::read_to_string(dir.path().join("out").join(file)).unwrap();
        let body = &html[html.find("</style>").unwrap()..];
        for bad in [
            "<script",
            "onclick",
            "onerror",
            "javascript:",
            "<iframe",
            "position:fixed",
        ] {
            assert!(!body.contains(bad), "{file} keeps {bad}: {body}");
        }
        assert!(body.contains("<span>there</span>"), "{file}: {body}");
        assert!(body.contains("cover"), "{file}: {body}");
    }
    // A project that trusts its sources keeps raw HTML in the page only.
    std::fs::write(dir.path().join("quire.yaml"), "trust_html: true\n").unwrap();
    let run = quire(&["build", "doc.md", "--to", "html,fragment", "-o", "trusted"])
        .in_dir(dir.path())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(dir.path().join("trusted/doc.html")).unwrap();
    assert!(page.contains("<script>alert(1)</script>"));
    let fragment = std::fs::read_to_string(dir.path().join("trusted/doc.fragment.html")).unwrap();
    assert!(!fragment.contains("<script") && !fragment.contains("onerror"));
}

/// Where build.rs linked the binary position-dependent (its probe passed:
/// not for a static binary, nor where the toolchain refuses it), no start
/// copies ~200 pages of its own pointers to fix them: its ELF type (the
/// header's bytes 16–17, little-endian) is 2, an executable at a fixed
/// address, not 3, a position-independent one.
#[cfg(all(target_os = "linux", target_env = "gnu", target_arch = "x86_64"))]
#[test]
fn the_binary_is_position_dependent_where_it_was_linked_so() {
    use std::io::Read;
    let mut header = [0u8; 18];
    std::fs::File::open(env!("CARGO_BIN_EXE_quire"))
        .and_then(|mut file| file.read_exact(&mut header))
        .unwrap();
    assert_eq!(&header[..4], b"\x7fELF");
    if env!("QUIRE_LINK_ARG") == "-no-pie" {
        assert_eq!(u16::from_le_bytes([header[16], header[17]]), 2);
    }
}

/// A YAML error names the line of the bracket or quote left open, not
/// only where the parser gave up (the end of the file), in a path
/// relative to the working folder.
#[test]
fn a_yaml_error_points_at_what_was_left_open() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    std::fs::create_dir_all(project.join("layouts/bad")).unwrap();
    std::fs::create_dir_all(project.join("sub")).unwrap();
    std::fs::write(project.join("quire.yaml"), "layout: bad\n").unwrap();
    std::fs::write(
        project.join("layouts/bad/layout.yaml"),
        "extends: base\nthis: [is: broken\nother: 1\nmore: 2\n",
    )
    .unwrap();
    std::fs::write(project.join("doc.md"), "# Doc\n\nText.\n").unwrap();
    std::fs::write(
        project.join("sub/quoted.md"),
        "---\ntitle: \"Unclosed\nauthor: A\nx: 1\n---\n# Hi\n",
    )
    .unwrap();
    for (cwd, input, place) in [
        (
            project.to_path_buf(),
            "doc.md",
            "layouts/bad/layout.yaml:2:7",
        ),
        (
            project.join("sub"),
            "../doc.md",
            "../layouts/bad/layout.yaml:2:7",
        ),
        (project.join("sub"), "quoted.md", "quoted.md:2:8"),
    ] {
        let output = quire(&["build", input, "--to", "html", "-o", "out"])
            .in_dir(&cwd)
            .run();
        assert_eq!(output.code, 1, "{}", output.stderr);
        assert!(
            output.stderr.contains(&format!("--> {place}")),
            "{place}: {}",
            output.stderr
        );
        assert!(
            output.stderr.contains("that starts here") && output.stderr.contains("close this"),
            "{}",
            output.stderr
        );
    }
}
