//! Faces cut for screens: the EPUB's and the HTML page's `@font-face`.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

/// A face cut to `chars` for a screen (the EPUB's and HTML page's
/// `@font-face`): only their glyphs, renumbered, with a `cmap` for them and
/// the face's own `OS/2` (browsers and reading systems refuse a face that
/// lacks either). The outlines are cut by the subsetter krilla uses for the
/// PDF, which writes no OpenType layout tables (a PDF needs none), so the
/// screen sets the cut face without kerning or ligatures. `None` when the
/// face cannot be cut.
pub fn subset_for_screen(
    data: Cow<'static, [u8]>,
    index: u32,
    chars: &BTreeSet<char>,
) -> Option<Vec<u8>> {
    // Text that needs the layout tables to be set at all (joining forms,
    // marks placed on their letters) is given the whole face.
    if chars.iter().any(|&ch| needs_shaping(ch)) {
        return None;
    }
    // The HTML page and the EPUB of one document ask for the same cut: the
    // last few are kept, known by the face's bytes (a layout's own files
    // are read afresh for each; a vendored face is never copied) and the
    // characters.
    struct Cut {
        face: Cow<'static, [u8]>,
        index: u32,
        chars: BTreeSet<char>,
        cut: Vec<u8>,
    }
    const KEPT: usize = 8;
    static CUTS: Mutex<Vec<Cut>> = Mutex::new(Vec::new());
    let same = |cut: &&Cut| cut.index == index && cut.chars == *chars && *cut.face == *data;
    if let Some(cut) = CUTS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(same)
    {
        return Some(cut.cut.clone());
    }
    let cut = cut_face(&data, index, chars)?;
    let mut cuts = CUTS.lock().unwrap_or_else(PoisonError::into_inner);
    if cuts.len() == KEPT {
        cuts.remove(0);
    }
    cuts.push(Cut {
        face: data,
        index,
        chars: chars.clone(),
        cut: cut.clone(),
    });
    Some(cut)
}

/// Whether adding `chars` to a set would change the face's screen cut:
/// one has a glyph in it (line ends and the like have none), or one needs
/// the layout tables (and so the whole face). `true` when the face does not
/// parse.
pub fn would_change_cut(data: &[u8], index: u32, chars: &BTreeSet<char>) -> bool {
    if chars.iter().any(|&ch| needs_shaping(ch)) {
        return true;
    }
    match rustybuzz::ttf_parser::Face::parse(data, index) {
        Ok(face) => chars.iter().any(|&ch| face.glyph_index(ch).is_some()),
        Err(_) => true,
    }
}

/// Whether a character is set right only through a face's OpenType layout
/// tables, which a screen cut does not keep: combining marks, and every
/// script from Hebrew on (joining, reordering, stacking), bar the blocks of
/// punctuation, symbols, and precomposed Latin and Greek.
fn needs_shaping(ch: char) -> bool {
    let c = ch as u32;
    let marks = matches!(c, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F);
    let simple = c < 0x0590
        || matches!(c, 0x1E00..=0x1FFF | 0x2000..=0x2BFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFB00..=0xFB06 | 0xFE00..=0xFE0F | 0xFFF0..=0xFFFF);
    marks || !simple
}

fn cut_face(data: &[u8], index: u32, chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    use write_fonts::read::{FontRef, TableProvider};
    use write_fonts::tables::cmap::Cmap;
    use write_fonts::types::{GlyphId, Tag};
    let face = rustybuzz::ttf_parser::Face::parse(data, index).ok()?;
    let mut glyphs = subsetter::GlyphRemapper::new();
    let mut mappings = Vec::new();
    for &ch in chars {
        if let Some(gid) = face.glyph_index(ch) {
            mappings.push((ch, GlyphId::new(glyphs.remap(gid.0).into())));
        }
    }
    let cut = subsetter::subset(data, index, &glyphs).ok()?;
    let original = FontRef::from_index(data, index).ok()?;
    let os2 = original.os2().ok()?;
    let mut font = write_fonts::FontBuilder::new();
    font.add_table(&Cmap::from_mappings(mappings).ok()?).ok()?;
    font.add_raw(Tag::new(b"OS/2"), os2.offset_data().as_bytes());
    font.copy_missing_tables(FontRef::new(&cut).ok()?);
    Some(font.build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{DEJAVU_MONO, DEJAVU_SANS, INTER_BOLD};

    /// Text that needs the layout tables (Arabic joining, a combining
    /// accent) gets the whole face, which a cut would break.
    #[test]
    fn text_that_needs_shaping_is_not_cut() {
        for text in ["سلام", "e\u{301}", "שלום"] {
            let chars: BTreeSet<char> = format!("ab {text}").chars().collect();
            assert!(
                subset_for_screen(Cow::Borrowed(DEJAVU_SANS), 0, &chars).is_none(),
                "{text}"
            );
        }
        let latin: BTreeSet<char> = "Ærø, Łódź, Ελλάδα, Россия — 50 €".chars().collect();
        assert!(subset_for_screen(Cow::Borrowed(DEJAVU_SANS), 0, &latin).is_some());
    }

    /// A cut face keeps the characters asked for, drops the rest, and is
    /// a fraction of the whole; CFF (Inter) and TrueType (DejaVu) alike.
    #[test]
    fn screen_subsets_keep_only_the_characters_asked() {
        let chars: BTreeSet<char> = "Python Software Foundation, ½ — «¿»".chars().collect();
        for whole in [INTER_BOLD, DEJAVU_MONO, DEJAVU_SANS] {
            let cut =
                subset_for_screen(Cow::Borrowed(whole), 0, &chars).expect("the vendored faces cut");
            let face = rustybuzz::ttf_parser::Face::parse(&cut, 0).expect("the cut face parses");
            for ch in chars.iter().filter(|c| !c.is_whitespace()) {
                assert!(face.glyph_index(*ch).is_some(), "{ch} kept");
            }
            assert!(face.glyph_index('Z').is_none(), "Z dropped");
            assert!(face.tables().os2.is_some(), "OS/2 kept");
            assert!(
                cut.len() * 10 < whole.len(),
                "{} of {}",
                cut.len(),
                whole.len()
            );
        }
    }
}
