//! What a glyph stands for: the characters that make one cluster (marks,
//! joiners, viramas), the text a PDF may map a glyph to, and the
//! substitute drawn for a character no face has.

use super::builtin_faces;
use std::sync::OnceLock;

/// The glyph no character maps to (`.notdef`), which PDF/UA forbids.
pub(super) const NOTDEF: u16 = 0;

/// The face whose replacement character (U+FFFD, `�`) is drawn for a
/// character no face has: DejaVu Sans, the last fallback of every chain.
pub(super) const SUBSTITUTE_FACE: usize = 5;

/// The substitute's glyph in `SUBSTITUTE_FACE` and its advance in em.
pub(super) fn substitute_glyph() -> (u16, f64) {
    static GLYPH: OnceLock<(u16, f64)> = OnceLock::new();
    *GLYPH.get_or_init(|| {
        let face = &builtin_faces()[SUBSTITUTE_FACE];
        let gid = face.tables.glyph_index('\u{FFFD}').unwrap_or_default();
        let advance = face.tables.glyph_hor_advance(gid).unwrap_or(0) as f64;
        (gid.0, advance / face.units_per_em)
    })
}

/// The text a glyph stands for, as a PDF may map it: a glyph may not
/// stand for U+0000, U+FEFF or U+FFFE (ISO 32000-1 and PDF/UA), so a
/// zero-width no-break space stands for the word joiner that took its
/// place (U+2060), and the other two for the replacement character.
pub(super) fn stands_for(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\0', '\u{FEFF}', '\u{FFFE}']) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\u{FEFF}' => '\u{2060}',
            '\0' | '\u{FFFE}' => '\u{FFFD}',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// A combining mark (general category M): set with the character before
/// it, in its face where that face has it.
pub(super) fn is_mark(ch: char) -> bool {
    use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
    ch.general_category_group() == GeneralCategoryGroup::Mark
}

/// A format character (general category Cf: joiners, the soft hyphen,
/// bidi controls) or a variation selector: drawn as nothing, in the face of
/// what it follows.
pub(super) fn is_invisible(ch: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    ch.general_category() == GeneralCategory::Format
        || matches!(ch as u32, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

/// Whether a word may be cut between `before` and `after` when it is wider
/// than its line: not inside a cluster (before a mark, a joiner or a
/// selector, after a joiner, or after a virama, which joins the consonant
/// after it to the one before: Devanagari, Khmer's coeng, Myanmar).
pub fn may_cut_between(before: char, after: char) -> bool {
    const ZWJ: char = '\u{200D}';
    use unicode_ccc::{get_canonical_combining_class, CanonicalCombiningClass};
    !(is_mark(after)
        || is_invisible(after)
        || before == ZWJ
        || get_canonical_combining_class(before) == CanonicalCombiningClass::Virama)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glyph_never_stands_for_what_a_pdf_forbids() {
        assert_eq!(stands_for("a\u{FEFF}b"), "a\u{2060}b");
        assert_eq!(stands_for("\0\u{FFFE}"), "\u{FFFD}\u{FFFD}");
        assert_eq!(stands_for("ช้าง"), "ช้าง");
    }

    #[test]
    fn an_over_long_word_is_cut_between_clusters_only() {
        // Not before a mark, a joiner or a selector, nor after a virama
        // (Devanagari's, Khmer's coeng) or a joiner.
        assert!(!may_cut_between('ช', '\u{E49}'));
        assert!(!may_cut_between('क', '\u{94D}'));
        assert!(!may_cut_between('\u{94D}', 'ष'));
        assert!(!may_cut_between('\u{17D2}', 'ម'));
        assert!(!may_cut_between('a', '\u{200D}'));
        assert!(!may_cut_between('\u{200D}', 'b'));
        assert!(!may_cut_between('a', '\u{FE0F}'));
        assert!(may_cut_between('a', 'b'));
        assert!(may_cut_between('ช', 'า'));
    }
}
