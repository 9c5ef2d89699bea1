//! The book's images: which files go into the package and under what
//! names, and what the accessibility metadata says about them.

use crate::doc::{for_each_inline, plain_text, Document, Inline};
use crate::image::{ImageData, Images};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The schema.org accessibility metadata (EPUB Accessibility 1.1): what
/// the book's content is, and that its images have text alternatives.
pub fn accessibility(images: &Packaged) -> Vec<(&'static str, &'static str)> {
    let mut meta = vec![("schema:accessMode", "textual")];
    if images.files.is_empty() {
        meta.push(("schema:accessModeSufficient", "textual"));
    } else {
        meta.push(("schema:accessMode", "visual"));
        meta.push(("schema:accessModeSufficient", "textual,visual"));
        if images.described {
            meta.push(("schema:accessModeSufficient", "textual"));
            meta.push(("schema:accessibilityFeature", "alternativeText"));
        }
    }
    meta.extend([
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityHazard", "none"),
    ]);
    meta.push((
        "schema:accessibilitySummary",
        match (images.files.is_empty(), images.described) {
            (true, _) => "Text with headings for structural navigation, a table of contents and a logical reading order; \
                 no images convey information, and there are no hazards.",
            (false, true) => "Text and images with headings for structural navigation, a table of contents and a logical \
                 reading order; every image has a text alternative, and there are no hazards.",
            (false, false) => "Text and images with headings for structural navigation, a table of contents and a logical \
                 reading order; some images have no text alternative, and there are no hazards.",
        },
    ));
    meta
}

/// The images packaged into the book.
pub struct Packaged {
    /// File name inside the package → the image, each distinct file once.
    pub files: Vec<(String, Arc<ImageData>)>,
    /// Image URL in the tree → its file name.
    pub sources: BTreeMap<String, String>,
    /// Whether every image in the text has alt text.
    pub described: bool,
}

/// Names each loaded image the document uses `images/image-N.EXT`, N in
/// order of first use, so rebuilds are identical; URLs naming the same
/// bytes share one file.
pub fn package_images(doc: &Document, images: &Images) -> Packaged {
    let mut packaged = Packaged {
        files: Vec::new(),
        sources: BTreeMap::new(),
        described: true,
    };
    for_each_inline(doc, &mut |inline| {
        let Inline::Image { url, alt, .. } = inline else {
            return;
        };
        let Some(image) = images.get(url) else {
            return;
        };
        packaged.described &= !plain_text(alt).trim().is_empty();
        if packaged.sources.contains_key(url) {
            return;
        }
        let same = packaged
            .files
            .iter()
            .find(|(_, other)| Arc::ptr_eq(other, image) || other.bytes == image.bytes);
        let file = match same {
            Some((file, _)) => file.clone(),
            None => {
                let file = format!(
                    "images/image-{}.{}",
                    packaged.files.len() + 1,
                    image.kind.extension()
                );
                packaged.files.push((file.clone(), image.clone()));
                file
            }
        };
        packaged.sources.insert(url.clone(), file);
    });
    packaged
}
