//! DOCX: the agreement and the kitchen sink as Word files, checked by the
//! tools a lawyer's copy meets: openxml-audit (no finding, with quire's
//! styles and with a reference document that lacks some), python-docx
//! reading the structure back, LibreOffice converting them; two builds
//! byte-identical.

use crate::common;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const AGREEMENT: &str = "tests/fixtures/sponsorship-agreement.md";
const KITCHEN_SINK: &str = "tests/fixtures/kitchen-sink.md";

/// A tool of the DOCX checkers' venv (`make deps` makes it).
fn venv_tool(name: &str) -> PathBuf {
    let tool = common::repo().join("target/docx-venv/bin").join(name);
    assert!(
        tool.exists(),
        "{} is not installed; run `make deps`",
        tool.display()
    );
    tool
}

/// `quire build SOURCES --to docx` into `out`, dated.
fn build(sources: &[&str], out: &Path, extra: &[&str]) {
    let mut args = vec!["build"];
    args.extend_from_slice(sources);
    args.extend_from_slice(&["--to", "docx", "-o", out.to_str().unwrap(), "--quiet"]);
    args.extend_from_slice(extra);
    let run = common::quire(&args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn docx(out: &Path, source: &str) -> PathBuf {
    let stem = Path::new(source).file_stem().unwrap().to_str().unwrap();
    out.join(format!("{stem}.docx"))
}

/// A reference document as pandoc users make them: Times, a Body Text
/// with its size written twice and out of order, a Block Text based on a
/// style it does not define, no headings, no Table, no Verbatim Char; a
/// header, and US Letter with one-inch margins.
fn reference_lacking_styles(dir: &Path) -> PathBuf {
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"{W}\">\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>\
         <w:rPr><w:sz w:val=\"20\"/><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"BodyText\"><w:name w:val=\"Body Text\"/><w:basedOn w:val=\"Normal\"/>\
         <w:rPr><w:sz w:val=\"20\"/><w:sz w:val=\"20\"/><w:b w:val=\"false\"/></w:rPr>\
         <w:pPr><w:jc w:val=\"both\"/><w:ind w:firstLine=\"576\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"BlockText\"><w:name w:val=\"Block Text\"/><w:basedOn w:val=\"Quote\"/>\
         <w:pPr><w:ind w:left=\"4680\"/></w:pPr></w:style></w:styles>"
    );
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>\
         <w:p/><w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId9\"/>\
         <w:pgSz w:w=\"12240\" w:h=\"15840\"/>\
         <w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>"
    );
    let rels = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId9\" Type=\"{R}/header\" Target=\"header1.xml\"/></Relationships>"
    );
    let header = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:hdr xmlns:w=\"{W}\"><w:p><w:r><w:t>DRAFT</w:t></w:r></w:p></w:hdr>"
    );
    let path = dir.join("reference.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (name, text) in [
        ("word/styles.xml", styles),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", rels),
        ("word/header1.xml", header),
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    path
}

/// openxml-audit's verdict: its last line, `Errors: N`, and the report.
fn audit(docx: &Path) -> (String, String) {
    let out = Command::new(venv_tool("openxml-audit"))
        .arg(docx)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let last = text
        .lines()
        .rev()
        .find(|l| l.starts_with("Errors:"))
        .unwrap_or("")
        .to_owned();
    (last, text)
}

#[test]
fn openxml_audit_finds_nothing_with_quire_styles_or_a_lacking_reference() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    let referenced = dir.path().join("referenced");
    build(&[AGREEMENT, KITCHEN_SINK], &plain, &[]);
    let reference = reference_lacking_styles(dir.path());
    build(
        &[AGREEMENT, KITCHEN_SINK],
        &referenced,
        &["--reference-doc", reference.to_str().unwrap()],
    );
    for out in [&plain, &referenced] {
        for source in [AGREEMENT, KITCHEN_SINK] {
            let (verdict, report) = audit(&docx(out, source));
            assert_eq!(
                verdict,
                "Errors: 0",
                "{source} in {}:\n{report}",
                out.display()
            );
        }
    }
    // The reference's own header and page went in.
    let document = read_part(&docx(&referenced, AGREEMENT), "word/document.xml");
    assert!(document.contains("w:left=\"1440\""), "{document}");
    assert!(read_part(&docx(&referenced, AGREEMENT), "word/header1.xml").contains("DRAFT"));
}

/// One part of a DOCX package, as text.
pub(crate) fn read_part(docx: &Path, name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// What python-docx (and lxml under it) reads back from a DOCX.
const READ_BACK: &str = r#"
import sys, json, re, zipfile, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
formats = {}
numbering = d.part.numbering_part.element
abstract = {a.get(qn('w:abstractNumId')): a for a in numbering.findall(qn('w:abstractNum'))}
for n in numbering.findall(qn('w:num')):
    a = abstract[n.find(qn('w:abstractNumId')).get(qn('w:val'))]
    formats[n.get(qn('w:numId'))] = {l.get(qn('w:ilvl')): l.find(qn('w:numFmt')).get(qn('w:val')) for l in a.findall(qn('w:lvl'))}
paragraphs = []
for p in d.paragraphs:
    num = p._p.xpath('./w:pPr/w:numPr')
    fmt = None
    if num:
        num_id = num[0].find(qn('w:numId')).get(qn('w:val'))
        level = num[0].find(qn('w:ilvl')).get(qn('w:val'))
        fmt = formats[num_id][level]
    paragraphs.append({
        'style': p.style.name,
        'text': p.text,
        'format': fmt,
        'page_break': bool(p._p.xpath('./w:pPr/w:pageBreakBefore') or p._p.xpath('.//w:br[@w:type="page"]')),
        'underlined': [r.text for r in p.runs if r.underline],
    })
notes = zipfile.ZipFile(sys.argv[1]).read('word/footnotes.xml').decode()
body = d.element.body
print(json.dumps({
    'paragraphs': paragraphs,
    'notes': sum(1 for i in re.findall(r'<w:footnote [^>]*w:id="(-?[0-9]+)"', notes) if int(i) > 0),
    'header_rows': [len(t._tbl.xpath('./w:tr[w:trPr/w:tblHeader]')) for t in d.tables],
    'alt': body.xpath('.//wp:docPr/@descr'),
    'links': len(body.xpath('.//w:hyperlink')),
    'anchors': body.xpath('.//w:hyperlink/@w:anchor'),
    'bookmarks': body.xpath('.//w:bookmarkStart/@w:name'),
}))
"#;

fn read_back(docx: &Path) -> serde_json::Value {
    let out = Command::new(venv_tool("python"))
        .arg("-c")
        .arg(READ_BACK)
        .arg(docx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python-docx (make deps): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn python_docx_reads_back_the_structure() {
    let dir = tempfile::tempdir().unwrap();
    build(&[AGREEMENT, KITCHEN_SINK], dir.path(), &[]);

    let agreement = read_back(&docx(dir.path(), AGREEMENT));
    let paragraphs = agreement["paragraphs"].as_array().unwrap();
    let find = |needle: &str| {
        paragraphs
            .iter()
            .find(|p| p["text"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no paragraph says {needle:?}"))
    };
    assert_eq!(find("SPONSORSHIP AGREEMENT")["style"], "Title");
    assert_eq!(find("RECITALS")["style"], "Heading 2");
    // Numbered clauses, their underlined titles, and lettered sub-items.
    let clause = find("Each of the above Recitals is incorporated");
    assert_eq!(clause["format"], "decimal");
    assert_eq!(clause["underlined"][0], "Recitals Incorporated");
    assert_eq!(find("Grant of License by the PSF")["format"], "lowerLetter");
    // The signature page and the exhibit each start a page (at the
    // heading over them).
    let starts_page = |needle: &str| {
        let at = paragraphs
            .iter()
            .position(|p| p["text"].as_str().unwrap().starts_with(needle))
            .unwrap_or_else(|| panic!("no paragraph starts {needle:?}"));
        paragraphs[at.saturating_sub(2)..=at]
            .iter()
            .any(|p| p["page_break"] == true)
    };
    assert!(
        starts_page("IN WITNESS WHEREOF"),
        "no page break before the signatures"
    );
    assert!(starts_page("EXHIBIT A"), "no page break before the exhibit");
    assert!(!starts_page("RECITALS"));
    assert!(agreement["links"].as_u64().unwrap() > 0);

    let sink = read_back(&docx(dir.path(), KITCHEN_SINK));
    let paragraphs = sink["paragraphs"].as_array().unwrap();
    let styles: Vec<&str> = paragraphs
        .iter()
        .map(|p| p["style"].as_str().unwrap())
        .collect();
    for style in [
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Block Text",
        "Source Code",
        "Image Caption",
        "Compact",
    ] {
        assert!(styles.contains(&style), "no {style} in {styles:?}");
    }
    assert_eq!(sink["notes"], 1);
    assert_eq!(sink["header_rows"], serde_json::json!([1]));
    assert_eq!(
        sink["alt"],
        serde_json::json!(["A diagram of the pipeline"])
    );
    // An external link and one to the table's heading, which is bookmarked.
    assert!(sink["links"].as_u64().unwrap() >= 2);
    let anchor = sink["anchors"][0].as_str().unwrap();
    assert!(
        sink["bookmarks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b == anchor),
        "{sink}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&[KITCHEN_SINK, AGREEMENT], &a, &[]);
    build(&[KITCHEN_SINK, AGREEMENT], &b, &[]);
    for source in [KITCHEN_SINK, AGREEMENT] {
        assert_eq!(
            std::fs::read(docx(&a, source)).unwrap(),
            std::fs::read(docx(&b, source)).unwrap(),
            "{source}"
        );
    }
}

/// LibreOffice converts both; with a reference like the PSF's (Times
/// 10 pt, one-inch margins) the agreement takes 7 ± 1 pages, as pandoc's.
#[test]
fn libreoffice_converts_them() {
    let soffice = which("soffice");
    let dir = tempfile::tempdir().unwrap();
    let reference = reference_lacking_styles(dir.path());
    build(&[AGREEMENT, KITCHEN_SINK], dir.path(), &[]);
    let referenced = dir.path().join("referenced");
    build(
        &[AGREEMENT],
        &referenced,
        &["--reference-doc", reference.to_str().unwrap()],
    );
    let pdfs = dir.path().join("pdf");
    let inputs = [docx(dir.path(), AGREEMENT), docx(dir.path(), KITCHEN_SINK)];
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let out = Command::new(&soffice)
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdfs)
        .args(&inputs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = common::pdf_text(&pdfs.join("kitchen-sink.pdf"));
    assert!(text.contains("Kitchen Sink"), "{text}");
    assert!(common::pdf_text(&pdfs.join("sponsorship-agreement.pdf")).contains("EXHIBIT A"));

    let out = Command::new(&soffice)
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&referenced)
        .arg(docx(&referenced, AGREEMENT))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = pages(&referenced.join("sponsorship-agreement.pdf"));
    assert!((6..=8).contains(&pages), "{pages} pages");
}

fn which(tool: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(tool))
                .find(|p| p.exists())
        })
        .unwrap_or_else(|| panic!("`{tool}` is not installed; run `make deps`"))
}

fn pages(pdf: &Path) -> u32 {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (make deps)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}
