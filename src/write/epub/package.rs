//! The reproducible parts of the package: a name-based UUID, dates from the
//! input, and the zip rewritten with fixed times and a stable entry order.

use crate::error::{Error, Result};
use std::io::{Cursor, Read, Write};

/// A UUID v5 (RFC 9562, SHA-1, URL namespace) of `name`, as `urn:uuid:…`.
pub fn uuid_v5(name: &str) -> String {
    const URL_NAMESPACE: [u8; 16] = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30,
        0xc8,
    ];
    let mut input = URL_NAMESPACE.to_vec();
    input.extend_from_slice(name.as_bytes());
    let hash = sha1(&input);
    let mut b = [0u8; 16];
    b.copy_from_slice(&hash[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// SHA-1, enough for a name-based UUID (not for security).
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut message = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&bit_len.to_be_bytes());
    for chunk in message.chunks(64) {
        let mut w = [0u32; 80];
        for (i, word) in chunk.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, &wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let temp = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = temp;
        }
        for (slot, value) in h.iter_mut().zip([a, b, c, d, e]) {
            *slot = slot.wrapping_add(value);
        }
    }
    let mut out = [0u8; 20];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// A calendar date and time in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl Stamp {
    /// The time of a Unix epoch (days-from-civil inverse, Howard Hinnant's algorithm).
    pub fn from_epoch(epoch: i64) -> Stamp {
        let days = epoch.div_euclid(86_400);
        let secs = epoch.rem_euclid(86_400) as u32;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Stamp {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: secs / 60 % 60,
            second: secs % 60,
        }
    }

    /// A front matter date: `YYYY-MM-DD`, optionally followed by a time we ignore.
    pub fn from_date(date: &str) -> Option<Stamp> {
        let date = date.trim();
        let head = date.get(..10)?;
        let mut parts = head.split('-');
        let year: i64 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        if head.as_bytes()[4] != b'-'
            || !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
            || year < 1
        {
            return None;
        }
        Some(Stamp {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
        })
    }

    pub fn w3c(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    pub fn day(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    fn zip_time(&self) -> zip::DateTime {
        let year = self.year.clamp(1980, 2107) as u16;
        zip::DateTime::from_date_and_time(
            year,
            self.month as u8,
            self.day as u8,
            self.hour as u8,
            self.minute as u8,
            self.second as u8,
        )
        .unwrap_or_default()
    }
}

fn zip_error(err: impl std::fmt::Display) -> Error {
    Error::Usage(format!("could not assemble the EPUB: {err}"))
}

/// Rewrites an EPUB: `mimetype` first and stored, then every other entry
/// deflated in `order` (then by name), all with the same time; `replace`
/// swaps the content of named entries.
pub fn rewrite(epub: &[u8], stamp: Stamp, replace: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).map_err(zip_error)?;
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(zip_error)?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().to_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(zip_error)?;
        if let Some((_, new)) = replace.iter().find(|(n, _)| *n == name) {
            bytes = new.clone();
        }
        entries.push((name, bytes));
    }
    for (name, bytes) in replace {
        if !entries.iter().any(|(n, _)| n == name) {
            entries.push((name.clone(), bytes.clone()));
        }
    }
    entries.retain(|(name, _)| name != "mimetype");
    entries.sort_by(|(a, _), (b, _)| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    let time = stamp.zip_time();
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
    for (name, bytes) in entries {
        writer.start_file(name, deflated).map_err(zip_error)?;
        writer.write_all(&bytes).map_err(zip_error)?;
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
    fn sha1_and_uuid_match_known_values() {
        let hex: String = sha1(b"abc").iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
        // Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://www.python.org")
        assert_eq!(
            uuid_v5("https://www.python.org"),
            format!("urn:uuid:{}", "30709ed8-a35e-547c-8ef0-c6bf5e229681")
        );
    }

    #[test]
    fn epochs_become_dates() {
        assert_eq!(
            Stamp::from_epoch(1_700_000_000).w3c(),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(Stamp::from_epoch(0).w3c(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Stamp::from_date("2024-05-17").map(|s| s.day()).as_deref(),
            Some("2024-05-17")
        );
        assert_eq!(Stamp::from_date("May 2024"), None);
    }
}
