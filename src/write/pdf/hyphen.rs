//! Where a word may be hyphenated: the patterns of the text's language
//! (`lang`, the document's or a span's), embedded in the binary, within the
//! layout's minimum word and fragment lengths. A language without patterns
//! is set without hyphenation.

use super::lines::Settings;
use hyphenation::{Hyphenator, Language, Load, Standard};
use std::sync::OnceLock;

/// The languages whose patterns are embedded (see Cargo.toml's features).
const LANGUAGES: [Language; 16] = [
    Language::EnglishUS,
    Language::EnglishGB,
    Language::Spanish,
    Language::German1996,
    Language::French,
    Language::Portuguese,
    Language::Italian,
    Language::Dutch,
    Language::Catalan,
    Language::Polish,
    Language::Czech,
    Language::Swedish,
    Language::Danish,
    Language::Finnish,
    Language::Russian,
    Language::Ukrainian,
];

/// The patterns for a BCP 47 tag (`en`, `es-MX`, `de-AT`…): `None` when
/// none are embedded. An empty tag is English.
pub fn language(tag: &str) -> Option<Language> {
    let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
    let primary = tag.split('-').next().unwrap_or("");
    Some(match primary {
        "" | "en" if tag.ends_with("-gb") => Language::EnglishGB,
        "" | "en" => Language::EnglishUS,
        "es" => Language::Spanish,
        "de" => Language::German1996,
        "fr" => Language::French,
        "pt" => Language::Portuguese,
        "it" => Language::Italian,
        "nl" => Language::Dutch,
        "ca" => Language::Catalan,
        "pl" => Language::Polish,
        "cs" => Language::Czech,
        "sv" => Language::Swedish,
        "da" => Language::Danish,
        "fi" => Language::Finnish,
        "ru" => Language::Russian,
        "uk" => Language::Ukrainian,
        _ => return None,
    })
}

/// Whether `tag` has patterns (documents in another language get a note).
pub fn has_patterns(tag: &str) -> bool {
    language(tag).is_some()
}

fn dictionary(lang: Language) -> Option<&'static Standard> {
    static DICTS: [OnceLock<Option<Standard>>; LANGUAGES.len()] =
        [const { OnceLock::new() }; LANGUAGES.len()];
    let n = LANGUAGES.iter().position(|&l| l == lang)?;
    DICTS[n]
        .get_or_init(|| Standard::from_embedded(lang).ok())
        .as_ref()
}

/// Byte offsets inside `word` where it may be hyphenated in `lang`.
pub fn hyphen_points(word: &str, s: &Settings, lang: Option<Language>) -> Vec<usize> {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if !s.hyphenate || letters < s.min_word || !word.chars().all(|c| c.is_alphabetic()) {
        return Vec::new();
    }
    if word.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return Vec::new(); // ALL-CAPS and CamelCase stay whole
    }
    let Some(dict) = lang.and_then(dictionary) else {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_by_tag() {
        assert_eq!(language("es-MX"), Some(Language::Spanish));
        assert_eq!(language("en-GB"), Some(Language::EnglishGB));
        assert_eq!(language(""), Some(Language::EnglishUS));
        assert_eq!(language("ja"), None);
        for lang in LANGUAGES {
            assert!(dictionary(lang).is_some(), "{lang:?} is not embedded");
        }
    }
}
