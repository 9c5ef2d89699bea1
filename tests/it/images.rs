//! Images and standards as a user meets them: an image outside the
//! project, missing or broken is a warning and its alt text; a
//! site-absolute path is read from the project's root; a format that
//! cannot meet its standard costs only that format.

use crate::common;
use common::{files_in, quire};
use std::path::Path;

/// A project in a temporary folder that also holds `outside.png`, beside
/// the project; the project has `images/badge.png` and `doc.md`.
fn image_project(markdown: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir_all(project.join("images")).unwrap();
    std::fs::write(project.join("quire.yaml"), "lang: en\n").unwrap();
    let badge = common::repo().join("tests/fixtures/images/badge.png");
    std::fs::copy(&badge, project.join("images/badge.png")).unwrap();
    std::fs::copy(&badge, dir.path().join("outside.png")).unwrap();
    std::fs::write(project.join("doc.md"), markdown).unwrap();
    (dir, project)
}

fn epub_entry(path: &Path, name: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// An image outside the project is not read, and costs only itself: a
/// warning at its place and its alt text in every format (it stopped
/// every format of the document: one corpus lost 428 of 4,315 pages so);
/// `quire check --deny-warnings` fails on it.
#[test]
fn an_image_outside_the_project_is_its_alt_text_with_a_warning_at_its_place() {
    let (dir, project) = image_project("");
    let outside = dir.path().join("outside.png");
    let mut urls = vec![
        "../outside.png".to_owned(),
        "images/../../outside.png".to_owned(),
        outside.to_str().unwrap().to_owned(),
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, project.join("images/link.png")).unwrap();
        urls.push("images/link.png".to_owned());
    }
    for url in urls {
        std::fs::write(
            project.join("doc.md"),
            format!("# Doc\n\nSome text.\n\n![a way out]({url})\n"),
        )
        .unwrap();
        let _ = std::fs::remove_dir_all(project.join("out"));
        let output = quire(&["build", "doc.md", "--to", "pdf,html,epub", "-o", "out"])
            .in_dir(&project)
            .run();
        assert_eq!(output.code, 0, "{url}: {}", output.stderr);
        assert!(
            output.stderr.contains("warning: image")
                && output.stderr.contains("doc.md:5:1")
                && output.stderr.contains("outside the project"),
            "{url}: {}",
            output.stderr
        );
        assert_eq!(
            files_in(&project.join("out")),
            ["doc.epub", "doc.html", "doc.pdf"],
            "{url}"
        );
        let html = std::fs::read_to_string(project.join("out/doc.html")).unwrap();
        assert!(
            !html.contains("data:image/png") && html.contains("a way out"),
            "{url}: {html}"
        );
        let chapter = epub_entry(&project.join("out/doc.epub"), "OEBPS/chapter-1.xhtml");
        assert!(
            chapter.contains("<span class=\"quire-image-alt\">a way out</span>"),
            "{url}: {chapter}"
        );
        assert!(
            common::pdf_text(&project.join("out/doc.pdf")).contains("a way out"),
            "{url}"
        );
        let check = quire(&["check", "doc.md"]).in_dir(&project).run();
        assert_eq!(check.code, 0, "{url}: {}", check.stderr);
        assert!(check.stderr.contains("doc.md:5:1"), "{}", check.stderr);
        let strict = quire(&["check", "--deny-warnings", "doc.md"])
            .in_dir(&project)
            .run();
        assert_eq!(strict.code, 1, "{url}: {}", strict.stderr);
    }
}

/// A site-absolute path (`/images/badge.png`, as a site generator writes
/// it) is looked up from the project's root, wherever the source is.
#[test]
fn a_site_absolute_image_is_read_from_the_project_root() {
    let (_dir, project) = image_project("");
    std::fs::create_dir_all(project.join("source/deep")).unwrap();
    std::fs::write(
        project.join("source/deep/doc.md"),
        "# Doc\n\n![the badge](/images/badge.png)\n\n![gone](/images/gone.png)\n",
    )
    .unwrap();
    let output = quire(&["build", "source/deep/doc.md", "--to", "html", "-o", "out"])
        .in_dir(&project)
        .run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    let html = std::fs::read_to_string(project.join("out/doc.html")).unwrap();
    assert!(html.contains("src=\"data:image/png;base64,"), "{html}");
    assert!(
        output.stderr.contains("doc.md:5:1") && output.stderr.contains("was not found"),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains("doc.md:3:1"), "{}", output.stderr);
}

/// A format whose standard cannot be met is an error naming the format,
/// the rule and the source line; the other formats are still written,
/// and the build fails.
#[test]
fn an_unmet_pdf_standard_costs_only_the_pdf() {
    let (_dir, project) = image_project(
        "---\ntitle: Doc\ndate: 2024-05-01\n---\n# Doc\n\nSome text.\n\n![the badge](images/badge.png)\n",
    );
    let output = quire(&[
        "build",
        "doc.md",
        "--to",
        "pdf,html,txt",
        "--pdf-standard",
        "a-1b",
        "-o",
        "out",
    ])
    .in_dir(&project)
    .run();
    assert_eq!(output.code, 1, "{}", output.stderr);
    assert!(
        output.stderr.contains("error: no PDF written")
            && output.stderr.contains("`a-1b`")
            && output.stderr.contains("transparent")
            && output.stderr.contains("doc.md:9:1"),
        "{}",
        output.stderr
    );
    assert_eq!(files_in(&project.join("out")), ["doc.html", "doc.txt"]);
    let quiet = quire(&[
        "build",
        "doc.md",
        "--to",
        "pdf,html",
        "--pdf-standard",
        "a-1b",
        "-o",
        "out",
        "--quiet",
    ])
    .in_dir(&project)
    .run();
    assert_eq!(quiet.code, 1, "{}", quiet.stderr);
    assert!(quiet.stderr.contains("no PDF written"), "{}", quiet.stderr);
}

#[test]
fn allow_outside_opens_one_folder_for_images_and_data() {
    let (dir, project) =
        image_project("---\ntitle: Doc\ndata: ../records.yaml\n---\n\n# {{ record.name }}\n\n![badge](../outside.png)\n");
    std::fs::write(
        dir.path().join("records.yaml"),
        "- name: Ada\n- name: Grace\n",
    )
    .unwrap();
    let refused = quire(&["build", "doc.md", "--to", "html", "-o", "out"])
        .in_dir(&project)
        .run();
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("records.yaml") && refused.stderr.contains("--allow-outside"),
        "{}",
        refused.stderr
    );
    let parent = dir.path().to_str().unwrap();
    let allowed = quire(&[
        "build",
        "doc.md",
        "--to",
        "html",
        "-o",
        "out",
        "--allow-outside",
        parent,
    ])
    .in_dir(&project)
    .run();
    assert_eq!(allowed.code, 0, "{}", allowed.stderr);
    let html = std::fs::read_to_string(project.join("out/doc/ada.html")).unwrap();
    assert!(html.contains("src=\"data:image/png;base64,"), "{html}");
}

#[test]
fn a_missing_or_broken_image_is_a_warning_and_its_alt_text_stands_in() {
    let (_dir, project) = image_project(
        "# Doc\n\n![the missing chart](images/gone.png)\n\n![a damaged picture](images/damaged.png)\n\n\
         ![a cut picture](images/cut.png)\n\n![just text](images/notes.png)\n\n![the badge](images/badge.png)\n",
    );
    let badge = std::fs::read(project.join("images/badge.png")).unwrap();
    let mut damaged = badge.clone();
    damaged[80..90].fill(0xAA);
    std::fs::write(project.join("images/damaged.png"), damaged).unwrap();
    std::fs::write(project.join("images/cut.png"), &badge[..100]).unwrap();
    std::fs::write(project.join("images/notes.png"), "not a picture at all").unwrap();
    let output = quire(&["build", "doc.md", "--to", "pdf,epub,html", "-o", "out"])
        .in_dir(&project)
        .run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(!output.stderr.contains("panicked"), "{}", output.stderr);
    for (place, what) in [
        ("doc.md:3:1", "was not found"),
        ("doc.md:5:1", "cannot be used"),
        ("doc.md:7:1", "cannot be used"),
        ("doc.md:9:1", "not a PNG, JPEG or SVG"),
    ] {
        let at = output.stderr.find(place).unwrap_or_else(|| {
            panic!("no warning at {place}:\n{}", output.stderr);
        });
        let before = &output.stderr[..at];
        let message = &before[before.rfind("warning:").unwrap()..];
        assert!(message.contains(what), "{place}: {message}");
    }
    assert!(!output.stderr.contains("doc.md:11:"), "{}", output.stderr);
    let chapter = epub_entry(&project.join("out/doc.epub"), "OEBPS/chapter-1.xhtml");
    assert!(
        chapter.contains("<span class=\"quire-image-alt\">the missing chart</span>")
            && chapter.contains("<img src=\"images/image-1.png\" alt=\"the badge\" />"),
        "{chapter}"
    );
    let html = std::fs::read_to_string(project.join("out/doc.html")).unwrap();
    assert!(
        html.contains("src=\"data:image/png;base64,iVBORw0KGgo")
            && html.contains("src=\"images/gone.png\""),
        "{html}"
    );
    let check = quire(&["check", "doc.md"]).in_dir(&project).run();
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("4 warning(s)"), "{}", check.stderr);
}
