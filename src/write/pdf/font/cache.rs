//! Shaped words, remembered across documents: a batch sets the same words
//! in the same faces record after record.

use super::Glyph;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Words already shaped, shared by every document of the process: a batch
/// sets the same words in the same faces record after record, and a long
/// document repeats its words. A word's glyphs depend only on its text and
/// the chain of faces it falls back along; faces live as long as the
/// process, so a chain is known by their addresses.
pub(super) struct ShapeCache {
    /// Each chain (its faces' addresses) and its words.
    pub chains: Vec<(Vec<usize>, Words)>,
    pub words: usize,
}

pub(super) type Words = HashMap<Box<str>, Arc<Shaped>>;

/// One word's glyphs, each `face` a place in its chain rather than a face
/// number (which is the document's own), and the characters no face has.
/// Places past the chain's end are system faces, in `system`'s order (the
/// document's face numbers): such a word is not cached, as the faces
/// found depend on the document's language and options.
pub(super) struct Shaped {
    pub glyphs: Vec<Glyph>,
    pub missing: Vec<char>,
    pub system: Vec<usize>,
    /// False when a system face was asked for: not cached.
    pub cache: bool,
}

/// Bounds the cache (watch mode runs for hours; a word is some hundreds of
/// bytes): when it is full it starts again empty.
pub(super) const CACHED_WORDS: usize = 50_000;
/// Longer text (a code line, a run with no spaces) seldom repeats.
pub(super) const CACHED_LENGTH: usize = 48;

pub(super) fn shape_cache() -> std::sync::MutexGuard<'static, ShapeCache> {
    static CACHE: Mutex<ShapeCache> = Mutex::new(ShapeCache {
        chains: Vec::new(),
        words: 0,
    });
    CACHE.lock().unwrap_or_else(PoisonError::into_inner)
}
