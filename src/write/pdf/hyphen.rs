//! Where a word may be hyphenated: the embedded en-US patterns, within the
//! layout's minimum word and fragment lengths.

use super::lines::Settings;
use hyphenation::{Hyphenator, Language, Load, Standard};
use std::sync::OnceLock;

fn dictionary() -> Option<&'static Standard> {
    static DICT: OnceLock<Option<Standard>> = OnceLock::new();
    DICT.get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
        .as_ref()
}

/// Byte offsets inside `word` where it may be hyphenated.
pub fn hyphen_points(word: &str, s: &Settings) -> Vec<usize> {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if !s.hyphenate || letters < s.min_word || !word.chars().all(|c| c.is_alphabetic()) {
        return Vec::new();
    }
    if word.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return Vec::new(); // ALL-CAPS and CamelCase stay whole
    }
    let Some(dict) = dictionary() else {
        return Vec::new();
    };
    let lower = word.to_lowercase();
    if lower.len() != word.len() {
        return Vec::new();
    }
    let total = word.chars().count();
    dict.hyphenate(&lower)
        .breaks
        .into_iter()
        .filter(|&b| {
            if !word.is_char_boundary(b) {
                return false;
            }
            let before = word[..b].chars().count();
            before >= s.min_fragment && total - before >= s.min_fragment
        })
        .collect()
}
