//! Faces for embedding: each cut down to the glyphs a document draws, and
//! the cut-down font programs compressed. Both are kept for the documents
//! that follow: the records of a batch mostly draw the same glyphs, and
//! subsetting, parsing and compressing the fonts were a fifth of a brief's
//! time. The caches are bounded in bytes.

use crate::write::pdf::font::Face;
use lopdf::{Dictionary, Object};
use printpdf::ParsedFont;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

/// Bytes of font programs each cache keeps at most (a CJK subset can be a
/// megabyte); when one is full it starts again empty.
const KEPT_BYTES: usize = 32 << 20;

/// A face cut down to a set of glyphs, as printpdf embeds it.
pub struct Subset {
    pub parsed: ParsedFont,
    /// Each glyph id of the face → its id in the subset.
    pub remap: BTreeMap<u16, u16>,
    /// Each subset glyph's width as the font's /W array gives it, in 1/1000
    /// em: what a viewer advances by after drawing it.
    pub widths: BTreeMap<u16, f64>,
}

/// `face` cut down to `gids`, made once per face and glyph set.
pub fn subset(face: &'static Face, gids: &BTreeSet<u16>) -> Result<Arc<Subset>, String> {
    type Key = (usize, Vec<u16>);
    // The subsets, and the bytes of their programs.
    static KEPT_SUBSETS: Mutex<(BTreeMap<Key, Arc<Subset>>, usize)> =
        Mutex::new((BTreeMap::new(), 0));
    // Faces live as long as the process: one is known by its address.
    let key = (
        std::ptr::from_ref(face) as usize,
        gids.iter().copied().collect(),
    );
    let lock = || KEPT_SUBSETS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(subset) = lock().0.get(&key) {
        return Ok(subset.clone());
    }
    let subset = Arc::new(make_subset(face.data, gids)?);
    let size = subset.parsed.original_bytes.len();
    let (kept, bytes) = &mut *lock();
    if *bytes + size > KEPT_BYTES {
        kept.clear();
        *bytes = 0;
    }
    if kept.insert(key, subset.clone()).is_none() {
        *bytes += size;
    }
    Ok(subset)
}

/// The face cut down to `gids` (plus .notdef, which must stay glyph 0).
/// allsorts numbers the glyphs by their position in the list it is given;
/// composite parts go after them.
fn make_subset(data: &[u8], gids: &BTreeSet<u16>) -> Result<Subset, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};
    let ids: Vec<u16> = std::iter::once(0)
        .chain(gids.iter().copied().filter(|&g| g != 0))
        .collect();
    let font = ReadScope::new(data)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = font.table_provider(0).map_err(|e| e.to_string())?;
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())?;
    let remap: BTreeMap<u16, u16> = ids
        .iter()
        .enumerate()
        .map(|(new, &old)| (old, new as u16))
        .collect();
    let mut warnings = Vec::new();
    let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| "the subset cannot be read back".to_owned())?;
    let units_per_em = parsed.pdf_font_metrics.units_per_em as f32;
    // printpdf's own rounding of the /W entries (truncated).
    let widths = remap
        .values()
        .map(|&gid| {
            let width = parsed.get_glyph_width(gid).unwrap_or(0);
            (gid, (width as f32 * 1000.0 / units_per_em) as i64 as f64)
        })
        .collect();
    Ok(Subset {
        parsed,
        remap,
        widths,
    })
}

/// Is this stream a font program (`/FontFile2` has `/Length1`, `/FontFile3`
/// a `/Subtype`)?
pub fn is_program(dict: &Dictionary) -> bool {
    dict.has(b"Length1")
        || matches!(dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"OpenType" || n == b"CIDFontType0C")
}

/// A font program compressed, once per distinct program.
pub fn compressed_program(program: &[u8]) -> Vec<u8> {
    // By hash, each with its program (compared in full) and compressed
    // bytes; and the bytes of both kept.
    type Kept = HashMap<u64, Vec<(Arc<[u8]>, Arc<[u8]>)>>;
    static KEPT_PROGRAMS: LazyLock<Mutex<(Kept, usize)>> =
        LazyLock::new(|| Mutex::new((HashMap::new(), 0)));
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    program.hash(&mut hasher);
    let hash = hasher.finish();
    let lock = || KEPT_PROGRAMS.lock().unwrap_or_else(PoisonError::into_inner);
    let found = lock().0.get(&hash).and_then(|same_hash| {
        same_hash
            .iter()
            .find(|(raw, _)| **raw == *program)
            .map(|(_, compressed)| compressed.clone())
    });
    if let Some(compressed) = found {
        return compressed.to_vec();
    }
    let compressed = super::compress::deflate(program);
    let size = program.len() + compressed.len();
    let (kept, bytes) = &mut *lock();
    if *bytes + size > KEPT_BYTES {
        kept.clear();
        *bytes = 0;
    }
    let same_hash = kept.entry(hash).or_default();
    if !same_hash.iter().any(|(raw, _)| **raw == *program) {
        same_hash.push((program.into(), compressed.as_slice().into()));
        *bytes += size;
    }
    compressed
}
