//! Tagged PDF and the PDF standards: the structure tree a screen reader
//! reads (pikepdf), PDF/UA-1 and PDF/A identification, refusals with a
//! position, and the offline PDF/UA checkers.

use super::pdf::{build, require, run};
use crate::common;
use std::path::Path;
use std::process::Command;

/// Runs a Python script (pikepdf) on a PDF; its standard output.
fn pikepdf(script: &str, file: &Path) -> String {
    let (ok, text) = run("python3", &["-c", script, file.to_str().unwrap()]);
    assert!(
        ok,
        "python3 with pikepdf failed (run `make deps`, which installs it): {text}"
    );
    text
}

/// The structure tree's roles, one line, then each figure's alt text.
const ROLES: &str = r#"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
roles, alts = set(), []
def walk(node):
    if isinstance(node, pikepdf.Array):
        for kid in node:
            walk(kid)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        role = str(node.S)[1:]
        roles.add(role)
        if role == "Figure" and "/Alt" in node:
            alts.append(str(node.Alt))
        if role == "L" and "/A" in node:
            attrs = node.A if isinstance(node.A, pikepdf.Array) else [node.A]
            for attr in attrs:
                if isinstance(attr, pikepdf.Dictionary) and "/ListNumbering" in attr:
                    roles.add("L:" + str(attr.ListNumbering)[1:])
        if role == "TH" and "/A" in node:
            attrs = node.A if isinstance(node.A, pikepdf.Array) else [node.A]
            for attr in attrs:
                if isinstance(attr, pikepdf.Dictionary) and "/Scope" in attr:
                    roles.add("TH:" + str(attr.Scope))
        if "/K" in node:
            walk(node.K)
walk(pdf.Root.StructTreeRoot.K)
print(" ".join(sorted(roles)))
print("|".join(alts))
"#;

/// pandoc's Markdown in the tree: a fenced div is a `Div`, a lettered list
/// says it is lettered, a roman one roman.
#[test]
fn divs_and_list_numbering_are_in_the_structure_tree() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("pandoc.md");
    std::fs::write(
        &source,
        "---\ntitle: Terms\n---\n\n::: note\nA note.\n:::\n\n(a) first\n(b) second\n\ni. one\nii. two\n\n- a bullet\n",
    )
    .unwrap();
    let (_dir, file, out) = build(source.to_str().unwrap(), &[], Some("1700000000"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = pikepdf(ROLES, &file);
    let roles: Vec<&str> = text.lines().next().unwrap_or_default().split(' ').collect();
    for role in ["Div", "L:LowerAlpha", "L:LowerRoman", "L:Disc"] {
        assert!(roles.contains(&role), "no {role} in {roles:?}");
    }
}

#[test]
fn the_pdf_is_tagged_with_a_structure_tree_of_every_block() {
    let (_dir, file, out) = build("tests/fixtures/kitchen-sink.md", &[], Some("1700000000"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    require("pdfinfo");
    let (_, info) = run("pdfinfo", &[file.to_str().unwrap()]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "{info}"
    );
    let text = pikepdf(ROLES, &file);
    let mut lines = text.lines();
    let roles: Vec<&str> = lines.next().unwrap_or_default().split(' ').collect();
    for role in [
        "H1",
        "H2",
        "H3",
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "BlockQuote",
        "Code",
        "Table",
        "THead",
        "TBody",
        "TR",
        "TH",
        "TH:/Column",
        "TD",
        "Figure",
        "Link",
        "Note",
        "Reference",
    ] {
        assert!(roles.contains(&role), "no {role} in {roles:?}");
    }
    let alts = lines.next().unwrap_or_default();
    assert!(alts.contains("A diagram of the pipeline"), "{alts}");
}

/// The catalog's language and viewer preferences, the XMP identification
/// and the output intents.
const CATALOG: &str = r#"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
root = pdf.Root
print("lang", root.get("/Lang"))
print("display-doc-title", root.get("/ViewerPreferences", {}).get("/DisplayDocTitle"))
print("output-intents", len(root.get("/OutputIntents", [])))
for intent in root.get("/OutputIntents", []):
    print("intent", intent.get("/S"), intent.get("/OutputConditionIdentifier"))
meta = root.get("/Metadata")
print("xmp", meta.read_bytes().decode("utf-8", "replace") if meta is not None else "")
"#;

#[test]
fn pdf_ua_1_is_the_default_and_says_so() {
    let (_dir, file, out) = build("source/about-psf.md", &[], Some("1700000000"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = pikepdf(CATALOG, &file);
    assert!(text.contains("lang en"), "{text}");
    assert!(text.contains("display-doc-title True"), "{text}");
    assert!(
        text.contains("pdfuaid:part>1<") || text.contains("pdfuaid:part=\"1\""),
        "{text}"
    );
    // Without a standard: still tagged, no claim.
    let (_d, plain, out) = build(
        "source/about-psf.md",
        &["--pdf-standard", "none"],
        Some("1700000000"),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = pikepdf(CATALOG, &plain);
    assert!(!text.contains("pdfuaid"), "{text}");
    assert!(pikepdf(ROLES, &plain).contains("H1"));
}

#[test]
fn pdf_a_2b_has_its_identification_and_an_srgb_output_intent() {
    for (standard, part, conformance) in [
        ("a-2b", "2", "B"),
        ("ua-1,a-2u", "2", "U"),
        ("a-3b", "3", "B"),
    ] {
        let (_dir, file, out) = build(
            "tests/fixtures/kitchen-sink.md",
            &["--pdf-standard", standard],
            Some("1700000000"),
        );
        assert_eq!(out.code, 0, "{standard}: {}", out.stderr);
        let text = pikepdf(CATALOG, &file);
        assert!(
            text.contains(&format!("pdfaid:part>{part}<"))
                || text.contains(&format!("pdfaid:part=\"{part}\"")),
            "{standard}: {text}"
        );
        assert!(
            text.contains(&format!("pdfaid:conformance>{conformance}<"))
                || text.contains(&format!("pdfaid:conformance=\"{conformance}\"")),
            "{standard}: {text}"
        );
        assert!(text.contains("output-intents 1"), "{standard}: {text}");
        assert!(text.contains("intent /GTS_PDFA1"), "{standard}: {text}");
        require("qpdf");
        let (ok, check) = run("qpdf", &["--check", file.to_str().unwrap()]);
        assert!(ok && !check.contains("WARNING"), "{check}");
    }
}

#[test]
fn pdf_standards_that_cannot_be_met_are_errors_with_a_position() {
    // An unknown name, and two that no PDF version allows together.
    let (_dir, _, out) = build("source/about-psf.md", &["--pdf-standard", "ua-2"], None);
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("unknown PDF standard `ua-2`"),
        "{}",
        out.stderr
    );
    let (_dir, _, out) = build("source/about-psf.md", &["--pdf-standard", "a-4,ua-1"], None);
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("cannot be combined"), "{}", out.stderr);
    // A document without `title:` takes its file's name (PDF/UA needs a
    // title), and `none` writes no claim.
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.md");
    std::fs::write(&bare, "Just a paragraph, no title.\n").unwrap();
    let (_o, file, out) = build(bare.to_str().unwrap(), &[], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(pikepdf(CATALOG, &file).contains("pdfuaid"));
    let (_o, file, out) = build(bare.to_str().unwrap(), &["--pdf-standard", "none"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!pikepdf(CATALOG, &file).contains("pdfuaid"));
    // PDF/A needs a date: from the front matter or SOURCE_DATE_EPOCH.
    let dated = dir.path().join("dated.md");
    std::fs::write(&dated, "---\ntitle: Dated\n---\n\n# Dated\n\nText.\n").unwrap();
    let (_o, _, out) = build(dated.to_str().unwrap(), &["--pdf-standard", "a-2b"], None);
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("no date"), "{}", out.stderr);
    assert!(out.stderr.contains("dated.md"), "{}", out.stderr);
    // PDF/A-1 forbids transparency: the error names the image's line.
    let (_o, _, out) = build(
        "tests/fixtures/images.md",
        &["--pdf-standard", "a-1b"],
        None,
    );
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("transparent"), "{}", out.stderr);
    assert!(out.stderr.contains("images.md:15:1"), "{}", out.stderr);
}

#[test]
fn an_image_without_alt_text_is_a_warning_and_decoration() {
    let dir = tempfile::tempdir().unwrap();
    let images = common::repo().join("tests/fixtures/images");
    std::fs::copy(images.join("badge.png"), dir.path().join("badge.png")).unwrap();
    let doc = dir.path().join("noalt.md");
    std::fs::write(
        &doc,
        "---\ntitle: No alt\n---\n\n# No alt\n\n![](badge.png)\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("quire.yaml"), "lang: en\n").unwrap();
    let out = common::quire(&["build", "noalt.md", "--to", "pdf", "-o", "out"])
        .in_dir(dir.path())
        .run();
    let file = dir.path().join("out/noalt.pdf");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("no alt text"), "{}", out.stderr);
    assert!(out.stderr.contains("noalt.md:7:1"), "{}", out.stderr);
    let roles = pikepdf(ROLES, &file);
    assert!(!roles.contains("Figure"), "{roles}");
    // A layout may require alt text: then the image is an error at its line.
    std::fs::create_dir_all(dir.path().join("layouts/strict")).unwrap();
    std::fs::write(
        dir.path().join("layouts/strict/layout.yaml"),
        "extends: base\nalt_required: true\n",
    )
    .unwrap();
    let out = common::quire(&[
        "build", "noalt.md", "--to", "pdf", "-o", "out", "--layout", "strict",
    ])
    .in_dir(dir.path())
    .run();
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("an image has no alt text"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("noalt.md:7:1"), "{}", out.stderr);
}

#[test]
fn the_outline_counts_are_right_at_every_depth() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("deep.md");
    std::fs::write(
        &doc,
        "---\ntitle: Deep\n---\n\n# One\n\n## Two\n\n### Three\n\n#### Four\n\n### Three b\n\n# Last\n",
    )
    .unwrap();
    let (_o, file, out) = build(doc.to_str().unwrap(), &[], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Each item's |/Count| is the number of its open descendants; the
    // root's, of every item.
    let script = r#"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
def check(item):
    n, kid = 0, item.get("/First")
    while kid is not None:
        n += 1 + check(kid)
        kid = kid.get("/Next")
    count = int(item.get("/Count", 0))
    assert abs(count) == n, (str(item.get("/Title")), count, n)
    return n
print("items", check(pdf.Root.Outlines))
"#;
    assert!(pikepdf(script, &file).contains("items 6"));
}

#[test]
fn the_pdf_ua_checkers_find_nothing() {
    for (source, layout) in [
        ("source/about-psf.md", None),
        ("source/about-psf.md", Some("handout")),
        ("tests/fixtures/kitchen-sink.md", None),
        ("tests/fixtures/kitchen-sink.md", Some("report")),
        ("tests/fixtures/images.md", None),
        ("tests/fixtures/sponsorship-agreement.md", None),
    ] {
        let extra: Vec<&str> = layout.map(|l| vec!["--layout", l]).unwrap_or_default();
        let (_dir, file, out) = build(source, &extra, Some("1700000000"));
        assert_eq!(out.code, 0, "{}", out.stderr);
        for checker in [&["pdfua", "check"][..], &["outloud"][..]] {
            let mut args = checker[1..].to_vec();
            args.push(file.to_str().unwrap());
            let out = Command::new(checker[0]).args(&args).output();
            let out = out
                .unwrap_or_else(|_| panic!("`{}` is not installed; run `make deps`", checker[0]));
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{source}: {}: {text}", checker[0]);
            assert!(
                !text.contains("WARNING"),
                "{source}: {}: {text}",
                checker[0]
            );
        }
    }
}

#[test]
fn quire_yaml_chooses_the_pdf_standard_over_the_layout() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("quire.yaml"), "pdf_standard: ua-1,a-2b\n").unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        "---\ntitle: Archived\ndate: 2024-05-01\n---\n\n# Archived\n\nText.\n",
    )
    .unwrap();
    let out = common::quire(&["build", "doc.md", "--to", "pdf", "-o", "out"])
        .in_dir(dir.path())
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = pikepdf(CATALOG, &dir.path().join("out/doc.pdf"));
    assert!(text.contains("pdfaid"), "{text}");
    assert!(text.contains("pdfuaid"), "{text}");
    // The command line wins over both.
    let out = common::quire(&[
        "build",
        "doc.md",
        "--to",
        "pdf",
        "-o",
        "out",
        "--pdf-standard",
        "none",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = pikepdf(CATALOG, &dir.path().join("out/doc.pdf"));
    assert!(
        !text.contains("pdfaid") && !text.contains("pdfuaid"),
        "{text}"
    );
}

/// The catalogue's language, then the `/Lang` of each marked-content
/// sequence (`BDC`) on the pages, in order.
const LANGS: &str = r#"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
langs = [str(pdf.Root.Lang)]
for page in pdf.pages:
    for operands, op in pikepdf.parse_content_stream(page):
        if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/Lang" in operands[1]:
            langs.append(str(operands[1].Lang))
print(" ".join(langs))
"#;

/// A span in another language (`[…]{lang=fr}`) says so to a screen
/// reader: its marked content carries `/Lang`; the document's own
/// language is the catalogue's only.
#[test]
fn a_span_in_another_language_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("lang.md");
    std::fs::write(
        &source,
        "---\ntitle: Greetings\nlang: en\n---\n\nThe French say [bonjour tout le monde]{lang=fr}, the English [hello]{lang=en}.\n",
    )
    .unwrap();
    let (_dir, file, out) = build(source.to_str().unwrap(), &[], Some("1700000000"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The French span says so once; the English one, in the document's
    // language, says nothing.
    assert_eq!(pikepdf(LANGS, &file).trim(), "en fr");
}
