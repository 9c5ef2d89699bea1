//! pandoc JSON filters on the command line: run once per pandoc writer
//! among the formats, on the tree as the reader made it, their output
//! given ids and written; a failing filter is an error in its own words;
//! Lua filters are refused.

use crate::common::quire;
use std::io::Read;
use std::path::Path;

const SOURCE: &str =
    "---\ntitle: Filtered\n---\n\n# Intro\n\nBefore.\n\n```{=latex}\n\\newpage\n```\n\nAfter.\n";

/// A filter (Python, no library) that adds a heading naming its writer,
/// and says on standard error whether it saw the raw `\newpage`.
const NAMING_FILTER: &str = r#"import json, sys
doc = json.load(sys.stdin)
raw = [b for b in doc["blocks"] if b["t"] == "RawBlock"]
sys.stderr.write("raw blocks for %s: %s\n" % (sys.argv[1], json.dumps([b["c"] for b in raw])))
doc["blocks"].append({"t": "Header", "c": [2, ["", [], []], [
    {"t": "Str", "c": "Made"}, {"t": "Space"}, {"t": "Str", "c": "for"}, {"t": "Space"},
    {"t": "Str", "c": sys.argv[1]}]]})
json.dump(doc, sys.stdout)
"#;

/// pythondotorg's page-break filter without panflute: the raw LaTeX page
/// break becomes an OpenXML one for DOCX.
const PAGE_BREAK_FILTER: &str = r#"import json, sys
doc = json.load(sys.stdin)
BREAK = '<w:p><w:r><w:br w:type="page" /></w:r></w:p>'
def walk(blocks):
    return [{"t": "RawBlock", "c": ["openxml", BREAK]}
            if b["t"] == "RawBlock" and b["c"][1] == "\\newpage" and sys.argv[1] == "docx" else b
            for b in blocks]
doc["blocks"] = walk(doc["blocks"])
json.dump(doc, sys.stdout)
"#;

fn project(dir: &Path) {
    std::fs::write(dir.join("doc.md"), SOURCE).unwrap();
    std::fs::write(dir.join("naming.py"), NAMING_FILTER).unwrap();
    std::fs::write(dir.join("pagebreak.py"), PAGE_BREAK_FILTER).unwrap();
}

#[test]
fn a_filter_runs_once_per_pandoc_writer_on_the_tree_as_read() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let out = quire(&[
        "build",
        "doc.md",
        "--to",
        "txt,html,fragment,pandoc-json",
        "--filter",
        "naming.py",
        "-o",
        "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let read = |name: &str| std::fs::read_to_string(dir.path().join("out").join(name)).unwrap();
    assert!(read("doc.txt").contains("Made for plain"));
    // The page and the fragment share pandoc's `html` writer: one run.
    assert!(read("doc.html").contains("Made for html"));
    assert!(read("doc.fragment.html").contains("Made for html"));
    assert!(read("doc.pandoc.json").contains(r#"{"t":"Str","c":"json"}"#));
    // The heading the filter made was given its id after it ran.
    assert!(
        read("doc.html").contains(r#"id="made-for-html""#),
        "{}",
        read("doc.html")
    );
    // It saw the page break as the raw LaTeX pandoc's reader makes.
    for writer in ["plain", "html", "json"] {
        let saw = format!(r#"raw blocks for {writer}: [["latex", "\\newpage"]]"#);
        assert!(out.stderr.contains(&saw), "{}", out.stderr);
    }
}

#[test]
fn a_page_break_filter_makes_the_docx_break_the_page() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let out = quire(&[
        "build",
        "doc.md",
        "--to",
        "docx",
        "--filter",
        "pagebreak.py",
        "-o",
        "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let file = std::fs::File::open(dir.path().join("out/doc.docx")).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let before = xml.find("Before.").unwrap();
    let after = xml.find("After.").unwrap();
    let page_break = xml.find(r#"<w:br w:type="page""#).expect("a page break");
    assert!(before < page_break && page_break < after, "{xml}");
}

#[test]
fn filters_run_in_order_and_a_failing_one_says_why() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    std::fs::write(
        dir.path().join("fails.py"),
        "import sys\nsys.stderr.write('no sponsor name given\\n')\nsys.exit(3)\n",
    )
    .unwrap();
    let out = quire(&[
        "build",
        "doc.md",
        "--to",
        "txt",
        "--filter",
        "naming.py",
        "--filter",
        "fails.py",
        "-o",
        "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("filter `fails.py` failed: it exited with status 3: no sponsor name given"),
        "{}",
        out.stderr
    );
    assert!(!dir.path().join("out/doc.txt").exists());
    let missing = quire(&[
        "build",
        "doc.md",
        "--to",
        "txt",
        "--filter",
        "nowhere.py",
        "-o",
        "-",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("filter `nowhere.py` failed"),
        "{}",
        missing.stderr
    );
}

#[test]
fn lua_filters_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let out = quire(&[
        "build",
        "doc.md",
        "--lua-filter",
        "x.lua",
        "--to",
        "txt",
        "-o",
        "-",
    ])
    .in_dir(dir.path())
    .run();
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("Lua filters are not supported"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
}
