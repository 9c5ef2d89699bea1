//! The reproducible parts of the package: a name-based UUID, dates from the
//! input, and the zip rewritten with fixed times and a stable entry order.

use crate::date::Stamp;
use crate::error::{Error, Result};
use crate::write::zip_time;
use std::io::{Cursor, Read, Write};

/// A UUID v5 (RFC 9562, SHA-1, URL namespace) of `name`.
pub fn uuid_v5(name: &str) -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
}

fn zip_error(err: impl std::fmt::Display) -> Error {
    Error::Write(format!("could not assemble the EPUB: {err}"))
}

/// One entry of the rewritten zip: kept from epub-builder's, or new.
enum Entry {
    /// The entry at this index of epub-builder's zip, deflated as it is.
    Kept(usize),
    Made(Vec<u8>),
}

/// Rewrites an EPUB: `mimetype` first and stored, then every other entry
/// deflated in `order` (then by name), all with the same time; `replace`
/// swaps the content of named entries. An entry epub-builder deflated and
/// that is not replaced is copied as it is compressed: deflating the same
/// bytes again at the same level gives the same bytes (inflating and
/// deflating every entry again was a third of the seed's EPUB time).
pub fn rewrite(epub: &[u8], stamp: Stamp, replace: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).map_err(zip_error)?;
    let mut entries: Vec<(String, Entry)> = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(zip_error)?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().to_owned();
        let entry = if let Some((_, new)) = replace.iter().find(|(n, _)| *n == name) {
            Entry::Made(new.clone())
        } else if file.compression() == zip::CompressionMethod::Deflated {
            Entry::Kept(i)
        } else {
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map_err(zip_error)?;
            Entry::Made(bytes)
        };
        entries.push((name, entry));
    }
    for (name, bytes) in replace {
        if !entries.iter().any(|(n, _)| n == name) {
            entries.push((name.clone(), Entry::Made(bytes.clone())));
        }
    }
    entries.retain(|(name, _)| name != "mimetype");
    entries.sort_by(|(a, _), (b, _)| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    let time = zip_time(stamp);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644);
    writer.start_file("mimetype", stored).map_err(zip_error)?;
    writer
        .write_all(b"application/epub+zip")
        .map_err(zip_error)?;
    let deflated = stored.compression_method(zip::CompressionMethod::Deflated);
    for (name, entry) in entries {
        match entry {
            Entry::Kept(i) => {
                let file = archive.by_index_raw(i).map_err(zip_error)?;
                writer
                    .raw_copy_file_touch(file, time, Some(0o644))
                    .map_err(zip_error)?;
            }
            Entry::Made(bytes) => {
                writer.start_file(name, deflated).map_err(zip_error)?;
                writer.write_all(&bytes).map_err(zip_error)?;
            }
        }
    }
    Ok(writer.finish().map_err(zip_error)?.into_inner())
}

/// The container and the package first, then the navigation, then content.
fn rank(name: &str) -> u8 {
    match name {
        "META-INF/container.xml" => 0,
        "OEBPS/content.opf" => 1,
        "OEBPS/nav.xhtml" => 2,
        "OEBPS/toc.ncx" => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_matches_python() {
        // Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://www.python.org")
        assert_eq!(
            uuid_v5("https://www.python.org").urn().to_string(),
            "urn:uuid:30709ed8-a35e-547c-8ef0-c6bf5e229681"
        );
    }
}
