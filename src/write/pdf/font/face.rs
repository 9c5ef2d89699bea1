//! One font file: the built-in faces, a layout's or the project's own
//! files, and system faces, each parsed once per process.

use super::DEFAULT_UNDERLINE;
use crate::fonts::VENDORED;
use std::sync::{Mutex, OnceLock, PoisonError};

/// One font file, parsed once per process for its metrics and, on its
/// first shaping, for its shaper: building rustybuzz's lookup tables was
/// most of a one-page PDF's time when done per document, and is left
/// undone for the built-in faces a document never sets (of the six, the
/// seed's PDF sets two: 819 k → 367 k instructions of table building).
pub struct Face {
    pub data: &'static [u8],
    /// The face's number in its file (a collection, `.ttc`, holds several).
    pub index: u32,
    pub units_per_em: f64,
    /// The underline's position below the baseline and its thickness, in
    /// em, as the font's `post` table gives them.
    pub underline: (f64, f64),
    /// The font's tables, read where they lie (which faces have a
    /// character is asked of these, not of the shaper).
    pub(super) tables: rustybuzz::ttf_parser::Face<'static>,
    shaper: OnceLock<rustybuzz::Face<'static>>,
}

impl Face {
    pub(super) fn new(data: &'static [u8]) -> Option<Face> {
        Face::in_file(data, 0)
    }

    fn in_file(data: &'static [u8], index: u32) -> Option<Face> {
        let tables = rustybuzz::ttf_parser::Face::parse(data, index).ok()?;
        let units_per_em = tables.units_per_em() as f64;
        let underline = tables
            .underline_metrics()
            .filter(|m| m.thickness > 0)
            .map_or(DEFAULT_UNDERLINE, |m| {
                (
                    -(m.position as f64) / units_per_em,
                    m.thickness as f64 / units_per_em,
                )
            });
        Some(Face {
            data,
            index,
            units_per_em,
            underline,
            tables,
            shaper: OnceLock::new(),
        })
    }

    pub(super) fn has(&self, ch: char) -> bool {
        self.tables.glyph_index(ch).is_some()
    }

    pub(super) fn shaper(&self) -> &rustybuzz::Face<'static> {
        self.shaper
            .get_or_init(|| rustybuzz::Face::from_face(self.tables.clone()))
    }
}

/// The built-in faces, parsed on first use: 0..4 Inter regular, bold,
/// italic, bold italic; 4 DejaVu Sans Mono; 5 DejaVu Sans (last fallback).
pub(super) fn builtin_faces() -> &'static [Face] {
    static FACES: OnceLock<Vec<Face>> = OnceLock::new();
    FACES.get_or_init(|| VENDORED.into_iter().filter_map(Face::new).collect())
}

/// A layout's own font file, parsed once per process however many
/// documents, records and rebuilds use it: each distinct file's bytes are
/// kept for the life of the process (a rebuild with the same file adds
/// nothing). `None` when the file is not a font.
pub(super) fn own_face(bytes: &[u8], index: u32) -> Option<&'static Face> {
    static OWN: Mutex<Vec<&'static Face>> = Mutex::new(Vec::new());
    let mut own = OWN.lock().unwrap_or_else(PoisonError::into_inner);
    let same = |face: &&&'static Face| face.data == bytes && face.index == index;
    if let Some(face) = own.iter().find(same) {
        return Some(face);
    }
    // Checked before the bytes are kept, so a broken file is not.
    rustybuzz::ttf_parser::Face::parse(bytes, index).ok()?;
    let data: &'static [u8] = Box::leak(bytes.to_vec().into_boxed_slice());
    let face: &'static Face = Box::leak(Box::new(Face::in_file(data, index)?));
    own.push(face);
    Some(face)
}

/// A system font's face, parsed once per process (see `crate::fonts`).
pub(super) fn system_face(found: crate::fonts::SystemFace) -> Option<&'static Face> {
    static SYSTEM: Mutex<Vec<&'static Face>> = Mutex::new(Vec::new());
    let mut system = SYSTEM.lock().unwrap_or_else(PoisonError::into_inner);
    let same =
        |face: &&&'static Face| std::ptr::eq(face.data, found.data) && face.index == found.index;
    if let Some(face) = system.iter().find(same) {
        return Some(face);
    }
    let face: &'static Face = Box::leak(Box::new(Face::in_file(found.data, found.index)?));
    system.push(face);
    Some(face)
}
