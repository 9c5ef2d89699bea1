//! Loading a document's images: the one step between the tree and the
//! writers that reads files (through `files.rs`).
//!
//! Every image whose URL is a relative or absolute path (not `http:`,
//! `data:` or any other scheme) is resolved against the source's folder
//! (`Source::folder`); a site-absolute one (`/img/logo.png`) against the
//! project's root first, as a site generator would, then as a path on
//! this machine. It is read only if it lies inside the project root once
//! `..` and symlinks are resolved, since outputs are shared and sources may
//! come from anyone. An image that cannot be used — outside the project,
//! missing, unreadable, not a PNG, JPEG or SVG — is a warning, and every
//! writer sets the image's alt text instead: one image never costs the
//! reader the document (`quire check --deny-warnings` fails on it).

use crate::diag::Diagnostic;
use crate::doc::{for_each_inline, Document, Inline};
use crate::files::{self, Confined};
use crate::image::{ImageData, Images};
use crate::project::Project;
use crate::source::Source;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Loads the document's local images for the writers; what cannot be
/// used is a warning added to `diagnostics` (in source order).
pub fn load(
    project: &Project,
    source: &Source,
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Images {
    let (images, found) = gather(project, source, doc);
    diagnostics.extend(found);
    diagnostics.sort_by_key(|d| (d.line, d.column));
    images
}

/// Adds what loading the images would report to `diagnostics` (in source
/// order), for `quire check`.
pub fn check(
    project: &Project,
    source: &Source,
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) {
    diagnostics.extend(gather(project, source, doc).1);
    diagnostics.sort_by_key(|d| (d.line, d.column));
}

fn gather(project: &Project, source: &Source, doc: &Document) -> (Images, Vec<Diagnostic>) {
    let folders = Folders {
        source: &source.folder,
        root: &project.root,
    };
    let mut found = Vec::new();
    for_each_inline(doc, &mut |inline| {
        if let Inline::Image {
            url,
            pos,
            alt,
            title,
            ..
        } = inline
        {
            let described =
                !crate::doc::plain_text(alt).trim().is_empty() || !title.trim().is_empty();
            found.push((url.clone(), *pos, described));
        }
    });
    let roots = project.readable_roots();
    let mut images = Images::new();
    let mut diagnostics = Vec::new();
    // One read per file, however many times or under whatever names it is used.
    let mut by_path: HashMap<PathBuf, Arc<ImageData>> = HashMap::new();
    let mut outcomes: HashMap<String, Outcome> = HashMap::new();
    for (url, pos, described) in found {
        if !is_local(&url) {
            continue;
        }
        let outcome = outcomes
            .entry(url.clone())
            .or_insert_with(|| read(&roots, &folders, &url, &mut by_path))
            .clone();
        let at = |d: Diagnostic| {
            let length =
                crate::transform::links::link_length(&source.text, pos.line, pos.column, &url);
            d.at(&source.text, pos.line, pos.column).length(length)
        };
        match outcome {
            Outcome::Loaded(data) => {
                if !described {
                    diagnostics.push(at(Diagnostic::warning(
                        &source.name,
                        format!("image `{url}` has no alt text: screen readers pass over it (the PDF marks it as decoration)"),
                    )
                    .hint("say what the image shows: `![what it shows](…)`, or leave it so if it is only decoration")));
                }
                if !data.removed.is_empty() {
                    diagnostics.push(at(Diagnostic::warning(
                        &source.name,
                        format!(
                            "SVG image `{url}` is used without its {}: an image may not run scripts or read other files",
                            data.removed.join("; ")
                        ),
                    )
                    .hint("embed pictures inside the SVG as data: PNG or JPEG, and leave scripts out")));
                }
                images.insert(url, data);
            }
            Outcome::Outside => diagnostics.push(at(Diagnostic::warning(
                &source.name,
                format!("image `{url}` is outside the project folder, so it is not read; its alt text is used instead"),
            )
            .hint(format!(
                "copy the image into the project ({}) and point to the copy, or allow its folder (`--allow-outside DIR`; from Python, `allow_outside=[DIR]`)",
                files::display(&project.root)
            )))),
            Outcome::Skipped(reason) => diagnostics.push(at(Diagnostic::warning(
                &source.name,
                format!("image `{url}` {reason}; its alt text is used instead"),
            )
            .hint(if url.starts_with('/') {
                format!("check the path (from the project's folder, {}) and that the file is a PNG, JPEG or SVG", files::display(&project.root))
            } else {
                "check the path (relative to this file) and that the file is a PNG, JPEG or SVG".to_owned()
            }))),
        }
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    (images, diagnostics)
}

#[derive(Clone)]
enum Outcome {
    Loaded(Arc<ImageData>),
    Outside,
    /// Why the image cannot be used, as the end of a sentence.
    Skipped(String),
}

/// Where an image's path starts from.
struct Folders<'a> {
    /// The source's folder, for a relative path.
    source: &'a Path,
    /// The project's root, for a site-absolute path (`/img/logo.png`).
    root: &'a Path,
}

/// Reads an image's file: a relative path from the source's folder; a
/// site-absolute one from the project's root, else as an absolute path;
/// each also percent-decoded.
fn read_file(roots: &[PathBuf], folders: &Folders<'_>, url: &str) -> Confined {
    let read = |url: &str| {
        let site_absolute = url.strip_prefix('/').filter(|_| !url.starts_with("//"));
        match site_absolute {
            Some(in_root) => match files::read_inside(roots, &folders.root.join(in_root)) {
                // Not in the project: a file at that absolute path, when
                // there is one (inside an allowed folder, or refused).
                Confined::Missing if files::is_file(Path::new(url)) => {
                    files::read_inside(roots, Path::new(url))
                }
                found => found,
            },
            None => files::read_inside(roots, &folders.source.join(url)),
        }
    };
    let confined = read(url);
    // Markdown writers percent-encode spaces (`my%20photo.png`) as a
    // browser would want; the file itself has the space.
    if matches!(confined, Confined::Missing) && url.contains('%') {
        if let Some(decoded) = percent_decode(url) {
            return read(&decoded);
        }
    }
    confined
}

fn read(
    roots: &[PathBuf],
    folders: &Folders<'_>,
    url: &str,
    by_path: &mut HashMap<PathBuf, Arc<ImageData>>,
) -> Outcome {
    match read_file(roots, folders, url) {
        Confined::Read(path, bytes) => {
            if let Some(data) = by_path.get(&path) {
                return Outcome::Loaded(data.clone());
            }
            match ImageData::parse(bytes) {
                Ok(data) => {
                    let data = Arc::new(data);
                    by_path.insert(path, data.clone());
                    Outcome::Loaded(data)
                }
                Err(reason) => Outcome::Skipped(format!("cannot be used: {reason}")),
            }
        }
        Confined::Missing => Outcome::Skipped("was not found".to_owned()),
        Confined::Outside => Outcome::Outside,
        Confined::Unreadable(reason) => Outcome::Skipped(format!("cannot be read: {reason}")),
    }
}

/// A path to a file, not an address with a scheme (`https:`, `data:`,
/// `mailto:` …), a protocol-relative `//host/…`, or a fragment.
fn is_local(url: &str) -> bool {
    if url.trim().is_empty() || url.starts_with('#') || url.starts_with("//") {
        return false;
    }
    let scheme = url.split_once(':').map(|(s, _)| s);
    let has_scheme = scheme.is_some_and(|s| {
        s.len() > 1
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    !has_scheme
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_are_loaded() {
        for url in ["logo.png", "../a/b.jpg", "/abs/c.png", "my%20photo.jpg"] {
            assert!(is_local(url), "{url}");
        }
        for url in [
            "https://x.org/a.png",
            "HTTP://x.org/a.png",
            "data:image/png;base64,AAAA",
            "//cdn.example/a.png",
            "file:///etc/passwd",
            "#top",
            "",
        ] {
            assert!(!is_local(url), "{url}");
        }
        assert_eq!(
            percent_decode("my%20photo.jpg").as_deref(),
            Some("my photo.jpg")
        );
        assert_eq!(percent_decode("bad%2"), None);
    }
}
