//! Fonts: the built-in faces, a layout's own files, shaping with rustybuzz,
//! measuring, and per-character fallback along a chain of faces.

use crate::error::Result;
use crate::fonts::{FaceBytes, ProjectFace, VENDORED};
use crate::layout::{Layout, Style};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// The underline of a font whose `post` table gives none: its position
/// below the baseline and its thickness, in em (Inter's own: 0.1, 0.07).
pub const DEFAULT_UNDERLINE: (f64, f64) = (0.1, 0.07);

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
    tables: rustybuzz::ttf_parser::Face<'static>,
    shaper: OnceLock<rustybuzz::Face<'static>>,
}

impl Face {
    fn new(data: &'static [u8]) -> Option<Face> {
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

    fn has(&self, ch: char) -> bool {
        self.tables.glyph_index(ch).is_some()
    }

    fn shaper(&self) -> &rustybuzz::Face<'static> {
        self.shaper
            .get_or_init(|| rustybuzz::Face::from_face(self.tables.clone()))
    }
}

/// The built-in faces, parsed on first use: 0..4 Inter regular, bold,
/// italic, bold italic; 4 DejaVu Sans Mono; 5 DejaVu Sans (last fallback).
fn builtin_faces() -> &'static [Face] {
    static FACES: OnceLock<Vec<Face>> = OnceLock::new();
    FACES.get_or_init(|| VENDORED.into_iter().filter_map(Face::new).collect())
}

/// A layout's own font file, parsed once per process however many
/// documents, records and rebuilds use it: each distinct file's bytes are
/// kept for the life of the process (a rebuild with the same file adds
/// nothing). `None` when the file is not a font.
fn own_face(bytes: &[u8], index: u32) -> Option<&'static Face> {
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
fn system_face(found: crate::fonts::SystemFace) -> Option<&'static Face> {
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

/// Which family list of the layout a run draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Text,
    Heading,
    Mono,
}

/// A face variant: the role plus bold and italic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Variant {
    pub role: Role,
    pub bold: bool,
    pub italic: bool,
}

/// One shaped glyph: its face, id, advance and the text it stands for.
#[derive(Debug, Clone)]
pub struct Glyph {
    pub face: usize,
    pub gid: u16,
    /// Advance in em.
    pub advance: f64,
    pub x_offset: f64,
    pub y_offset: f64,
    /// The characters this glyph draws (several for a ligature; empty for the
    /// second glyph of a cluster). Shared: glyphs are copied from the shaping
    /// cache into every line that sets them.
    pub text: Arc<str>,
}

/// Every face the document may use, and the fallback chains per variant.
pub struct Fonts {
    pub faces: Vec<&'static Face>,
    chains: Vec<(Variant, Vec<usize>)>,
    /// Per chain: whether DejaVu Sans is in it only as the last resort (the
    /// layout does not name it), so a system face made for the script goes
    /// before it (Arabic, Hebrew).
    resort: Vec<bool>,
    /// Each chain's number in the shaping cache, in the order of `chains`.
    cached_chains: Vec<usize>,
    /// Shaping plans by face and the text's direction and script: making a
    /// plan reads the face's feature tables, so once per document, not per
    /// run.
    plans: HashMap<PlanKey, rustybuzz::ShapePlan>,
    /// Characters no face could draw; they are skipped.
    pub missing: BTreeSet<char>,
    /// Whether the system's fonts are asked for characters the layout's
    /// lack (`--no-system-fonts` turns it off).
    pub system: bool,
    /// The document's language, which picks a CJK face's forms.
    pub lang: String,
}

/// Words already shaped, shared by every document of the process: a batch
/// sets the same words in the same faces record after record, and a long
/// document repeats its words. A word's glyphs depend only on its text and
/// the chain of faces it falls back along; faces live as long as the
/// process, so a chain is known by their addresses.
struct ShapeCache {
    /// Each chain (its faces' addresses) and its words.
    chains: Vec<(Vec<usize>, Words)>,
    words: usize,
}

type Words = HashMap<Box<str>, Arc<Shaped>>;

/// One word's glyphs, each `face` a place in its chain rather than a face
/// number (which is the document's own), and the characters no face has.
/// Places past the chain's end are system faces, in `system`'s order (the
/// document's face numbers): such a word is not cached, as the faces
/// found depend on the document's language and options.
struct Shaped {
    glyphs: Vec<Glyph>,
    missing: Vec<char>,
    system: Vec<usize>,
    /// False when a system face was asked for: not cached.
    cache: bool,
}

/// Bounds the cache (watch mode runs for hours; a word is some hundreds of
/// bytes): when it is full it starts again empty.
const CACHED_WORDS: usize = 50_000;
/// Longer text (a code line, a run with no spaces) seldom repeats.
const CACHED_LENGTH: usize = 48;

fn shape_cache() -> std::sync::MutexGuard<'static, ShapeCache> {
    static CACHE: Mutex<ShapeCache> = Mutex::new(ShapeCache {
        chains: Vec::new(),
        words: 0,
    });
    CACHE.lock().unwrap_or_else(PoisonError::into_inner)
}

type PlanKey = (
    usize,
    rustybuzz::Direction,
    Option<rustybuzz::Script>,
    Option<rustybuzz::Language>,
);

const BUILTIN: [&str; 3] = ["inter", "dejavu sans mono", "dejavu sans"];

impl Fonts {
    /// The layout's fonts, then the project's (`project`, its `fonts/`).
    pub fn load(layout: &Layout, project: &[ProjectFace]) -> Result<Fonts> {
        Fonts::from_style(&layout.style, project, |path| layout.asset(path))
    }

    /// The faces a style names, then the project's; `asset` reads the
    /// layout's own font files.
    pub fn from_style(
        style: &Style,
        project: &[ProjectFace],
        mut asset: impl FnMut(&str) -> Result<Option<Vec<u8>>>,
    ) -> Result<Fonts> {
        let mut faces: Vec<&'static Face> = builtin_faces().iter().collect();
        // The project's faces by family, in the folder's order; a copy of
        // a vendored face is that face.
        let mut shared: Vec<(String, [Option<usize>; 4])> = Vec::new();
        for face in crate::fonts::nearest_faces(project) {
            let slot = (face.bold as usize) + 2 * (face.italic as usize);
            let number = match &face.data {
                FaceBytes::Vendored(n) => Some(*n),
                FaceBytes::File(bytes) => own_face(bytes, face.index).map(|parsed| {
                    faces.push(parsed);
                    faces.len() - 1
                }),
            };
            let Some(number) = number else { continue };
            let family = face.family.to_lowercase();
            match shared.iter_mut().find(|(f, _)| *f == family) {
                Some((_, slots)) => {
                    slots[slot].get_or_insert(number);
                }
                None => {
                    let mut slots = [None; 4];
                    slots[slot] = Some(number);
                    shared.push((family, slots));
                }
            }
        }
        // A layout's own font files, by family name.
        let mut own: Vec<(String, [Option<usize>; 4])> = Vec::new();
        for (family, files) in &style.fonts.files {
            let mut slots = [None; 4];
            for (n, path) in [
                &files.regular,
                &files.bold,
                &files.italic,
                &files.bold_italic,
            ]
            .iter()
            .enumerate()
            {
                if let Some(path) = path {
                    if let Some(bytes) = asset(path)? {
                        if let Some(face) = own_face(&bytes, 0) {
                            faces.push(face);
                            slots[n] = Some(faces.len() - 1);
                        }
                    }
                }
            }
            own.push((family.to_lowercase(), slots));
        }
        let mut chains = Vec::new();
        let mut resort = Vec::new();
        for role in [Role::Text, Role::Heading, Role::Mono] {
            let families = match role {
                Role::Text => &style.fonts.text,
                Role::Heading => &style.fonts.heading,
                Role::Mono => &style.fonts.mono,
            };
            for bold in [false, true] {
                for italic in [false, true] {
                    let slot = (bold as usize) + 2 * (italic as usize);
                    let mut chain = Vec::new();
                    // Nearest variant a family has: exact, then regular,
                    // then any.
                    let nearest = |slots: &[Option<usize>; 4]| {
                        slots[slot]
                            .or(slots[0])
                            .or_else(|| slots.iter().flatten().next().copied())
                    };
                    for family in families {
                        let family = family.to_lowercase();
                        let named = own.iter().chain(&shared).find(|(f, _)| *f == family);
                        if let Some((_, slots)) = named {
                            if let Some(i) = nearest(slots) {
                                chain.push(i);
                            }
                        } else if family == BUILTIN[0] {
                            chain.push(slot);
                        } else if family == BUILTIN[1] {
                            chain.push(4);
                        } else if family == BUILTIN[2] {
                            chain.push(5);
                        }
                    }
                    let fallback: &[usize] = if role == Role::Mono {
                        &[4, slot, 5]
                    } else {
                        &[slot, 5, 4]
                    };
                    resort.push(!chain.contains(&5));
                    // The project's fonts, before the vendored fallbacks.
                    for (_, slots) in &shared {
                        if let Some(i) = nearest(slots) {
                            if !chain.contains(&i) {
                                chain.push(i);
                            }
                        }
                    }
                    for &i in fallback {
                        if i < faces.len() && !chain.contains(&i) {
                            chain.push(i);
                        }
                    }
                    chains.push((Variant { role, bold, italic }, chain));
                }
            }
        }
        let cached_chains = {
            let mut cache = shape_cache();
            chains
                .iter()
                .map(|(_, chain)| {
                    let key: Vec<usize> = chain
                        .iter()
                        .map(|&i| std::ptr::from_ref(faces[i]) as usize)
                        .collect();
                    match cache.chains.iter().position(|(k, _)| *k == key) {
                        Some(n) => n,
                        None => {
                            cache.chains.push((key, HashMap::new()));
                            cache.chains.len() - 1
                        }
                    }
                })
                .collect()
        };
        Ok(Fonts {
            faces,
            chains,
            resort,
            cached_chains,
            plans: HashMap::new(),
            missing: BTreeSet::new(),
            system: true,
            lang: String::new(),
        })
    }

    /// Shape `text` in `variant`, falling back per character along the chain.
    /// Characters no face has are skipped and remembered in `missing`.
    pub fn shape(&mut self, text: &str, variant: Variant) -> Vec<Glyph> {
        let Some(n) = self.chains.iter().position(|(v, _)| *v == variant) else {
            return Vec::new();
        };
        let cached = self.cached_chains[n];
        let hit = (text.len() <= CACHED_LENGTH)
            .then(|| shape_cache().chains[cached].1.get(text).cloned())
            .flatten();
        let shaped = match hit {
            Some(shaped) => shaped,
            None => {
                let chain = std::mem::take(&mut self.chains[n].1);
                let resort = self.resort[n].then_some(5);
                let shaped = Arc::new(self.shape_along(text, &chain, variant, resort));
                self.chains[n].1 = chain;
                if text.len() <= CACHED_LENGTH && shaped.cache {
                    let mut cache = shape_cache();
                    if cache.words >= CACHED_WORDS {
                        cache.chains.iter_mut().for_each(|(_, words)| words.clear());
                        cache.words = 0;
                    }
                    let words = &mut cache.chains[cached].1;
                    if words.insert(text.into(), shaped.clone()).is_none() {
                        cache.words += 1;
                    }
                }
                shaped
            }
        };
        self.missing.extend(&shaped.missing);
        let chain = &self.chains[n].1;
        shaped
            .glyphs
            .iter()
            .map(|g| Glyph {
                face: match chain.get(g.face) {
                    Some(&face) => face,
                    None => shaped.system[g.face - chain.len()],
                },
                ..g.clone()
            })
            .collect()
    }

    /// Shapes `text` along `chain`; each glyph's `face` is its place in the
    /// chain.
    fn shape_along(
        &mut self,
        text: &str,
        chain: &[usize],
        variant: Variant,
        resort: Option<usize>,
    ) -> Shaped {
        let mut missing = Vec::new();
        let mut system: Vec<usize> = Vec::new();
        // Whether the faces found depend on more than the chain.
        let mut cache = true;
        // Split into runs of the first face that has each character.
        let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (chain slot, start, end)
        for (pos, ch) in text.char_indices() {
            let end = pos + ch.len_utf8();
            let slot = if ch.is_whitespace() || ch.is_control() || is_mark(ch) {
                runs.last().map(|r| r.0).or(Some(0))
            } else {
                let found = chain.iter().position(|&i| self.faces[i].has(ch));
                match found {
                    Some(s) if Some(chain[s]) == resort && crate::fonts::wants_own_face(ch) => {
                        cache = false;
                        self.system_slot(ch, chain.len(), &mut system, variant)
                            .or(found)
                    }
                    None => {
                        cache = false;
                        self.system_slot(ch, chain.len(), &mut system, variant)
                    }
                    found => found,
                }
            };
            match slot {
                Some(s) => match runs.last_mut() {
                    Some(last) if last.0 == s && last.2 == pos => last.2 = end,
                    _ => runs.push((s, pos, end)),
                },
                None => missing.push(ch),
            }
        }
        let mut out = Vec::new();
        for (slot, start, end) in runs {
            let face_index = chain
                .get(slot)
                .copied()
                .unwrap_or_else(|| system[slot - chain.len()]);
            let face = self.faces[face_index];
            let upem = face.units_per_em;
            let run_text = &text[start..end];
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(run_text);
            buffer.guess_segment_properties();
            // Text with no script of its own (digits, punctuation) keeps
            // none, as `rustybuzz::shape` would plan it.
            let script = Some(buffer.script()).filter(|&s| s != rustybuzz::script::UNKNOWN);
            let key = (face_index, buffer.direction(), script, buffer.language());
            let plan = self.plans.entry(key).or_insert_with_key(|key| {
                let features = [
                    rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(b"kern"), 1, ..),
                    rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(b"liga"), 1, ..),
                ];
                let (direction, script, language) = (key.1, key.2, key.3.as_ref());
                rustybuzz::ShapePlan::new(face.shaper(), direction, script, language, &features)
            });
            let shaped = rustybuzz::shape_with_plan(face.shaper(), plan, buffer);
            let infos = shaped.glyph_infos();
            let positions = shaped.glyph_positions();
            for (k, (info, p)) in infos.iter().zip(positions).enumerate() {
                let cluster = info.cluster as usize;
                let first_of_cluster = k == 0 || infos[k - 1].cluster != info.cluster;
                // The cluster ends where the next one in the text begins:
                // right-to-left runs list their clusters backwards.
                let next = infos
                    .iter()
                    .map(|i| i.cluster as usize)
                    .filter(|&c| c > cluster)
                    .min()
                    .unwrap_or(run_text.len());
                let text = if first_of_cluster && next > cluster {
                    run_text.get(cluster..next).unwrap_or("")
                } else {
                    ""
                };
                out.push(Glyph {
                    face: slot,
                    gid: info.glyph_id as u16,
                    advance: p.x_advance as f64 / upem,
                    x_offset: p.x_offset as f64 / upem,
                    y_offset: p.y_offset as f64 / upem,
                    text: text.into(),
                });
            }
        }
        Shaped {
            glyphs: out,
            missing,
            system,
            cache,
        }
    }

    /// The math face (STIX Two Math), added to the document's faces when a
    /// formula is first drawn: a document without math never embeds it.
    pub fn math_face(&mut self) -> Option<usize> {
        static MATH: OnceLock<Option<Face>> = OnceLock::new();
        let face = MATH
            .get_or_init(|| Face::new(crate::fonts::STIX_TWO_MATH))
            .as_ref()?;
        Some(
            match self.faces.iter().position(|f| std::ptr::eq(*f, face)) {
                Some(n) => n,
                None => {
                    self.faces.push(face);
                    self.faces.len() - 1
                }
            },
        )
    }

    /// The place past the chain's end of a system face that draws `ch`,
    /// adding it to the document's faces (and `system`) on first use.
    fn system_slot(
        &mut self,
        ch: char,
        chain_len: usize,
        system: &mut Vec<usize>,
        variant: Variant,
    ) -> Option<usize> {
        if !self.system {
            return None;
        }
        let found = crate::fonts::fallback(ch, variant.bold, variant.italic, &self.lang)?;
        let face = system_face(found)?;
        let number = match self.faces.iter().position(|f| std::ptr::eq(*f, face)) {
            Some(n) => n,
            None => {
                self.faces.push(face);
                self.faces.len() - 1
            }
        };
        let place = match system.iter().position(|&n| n == number) {
            Some(p) => p,
            None => {
                system.push(number);
                system.len() - 1
            }
        };
        Some(chain_len + place)
    }
}

fn is_mark(ch: char) -> bool {
    matches!(ch as u32, 0x0300..=0x036F | 0x200B..=0x200D | 0xFE00..=0xFE0F)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{DEJAVU_SANS, INTER_REGULAR};

    #[test]
    fn builtin_faces_parse_and_shape_ligatures() {
        let face = Face::new(INTER_REGULAR).unwrap();
        assert!(face.units_per_em > 0.0);
        let rb = rustybuzz::Face::from_slice(INTER_REGULAR, 0).unwrap();
        assert!(rb.glyph_index('a').is_some());
        let sans = rustybuzz::Face::from_slice(DEJAVU_SANS, 0).unwrap();
        assert!(sans.glyph_index('Ж').is_some());
    }
}
