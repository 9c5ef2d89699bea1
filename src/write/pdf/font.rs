//! Fonts: the built-in faces, a layout's own files, shaping with rustybuzz,
//! measuring, and per-character fallback along a chain of faces.

use crate::error::Result;
use crate::fonts::{FaceBytes, ProjectFace};
use crate::layout::{Layout, Style};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

mod cache;
mod clusters;
mod face;

use cache::{shape_cache, Shaped, CACHED_LENGTH, CACHED_WORDS};

pub use face::Face;
use face::{builtin_faces, own_face, system_face};

pub use clusters::may_cut_between;
use clusters::{is_invisible, is_mark, stands_for, substitute_glyph, NOTDEF, SUBSTITUTE_FACE};

/// The underline of a font whose `post` table gives none: its position
/// below the baseline and its thickness, in em (Inter's own: 0.1, 0.07).
pub const DEFAULT_UNDERLINE: (f64, f64) = (0.1, 0.07);

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
    /// The characters this glyph adds to its line's text: its cluster's
    /// on the cluster's first glyph (several for a ligature), none on the
    /// rest. Shared: glyphs are copied from the shaping cache into every
    /// line that sets them.
    pub text: Arc<str>,
    /// The characters of the whole cluster the glyph is part of, on each of
    /// its glyphs: what the glyph stands for in the PDF, where the
    /// cluster's glyphs may be drawn apart (a mark in another face).
    pub cluster: Arc<str>,
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
    /// chain. A character no face has, and one no font draws (a control
    /// character, an unassigned code point), is drawn as the substitute
    /// glyph and keeps its text; it is remembered in `missing`.
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
        // Runs of the first face that has each character: (chain slot,
        // start, end); no slot for characters drawn as the substitute.
        let mut runs: Vec<(Option<usize>, usize, usize)> = Vec::new();
        for (pos, ch) in text.char_indices() {
            let end = pos + ch.len_utf8();
            let previous = runs.last().and_then(|r| r.0);
            let face_of = |slot: usize| {
                let number = chain
                    .get(slot)
                    .copied()
                    .unwrap_or_else(|| system[slot - chain.len()]);
                self.faces[number]
            };
            let slot = if ch.is_whitespace() || is_invisible(ch) {
                // Spaces and invisible controls of the text (joiners,
                // selectors) are set in the face of what they follow.
                Some(previous.unwrap_or(0))
            } else if crate::fonts::never_drawn(ch) {
                None
            } else if is_mark(ch) && previous.is_some_and(|s| face_of(s).has(ch)) {
                // A mark stays in its base's face, which places it.
                previous
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
            if slot.is_none() {
                missing.push(ch);
            }
            match runs.last_mut() {
                Some(last) if last.0 == slot && last.2 == pos => last.2 = end,
                _ => runs.push((slot, pos, end)),
            }
        }
        // The substitute is DejaVu Sans's, which every chain ends with.
        let substitute_slot = chain.iter().position(|&i| i == SUBSTITUTE_FACE);
        let substitute = |text: &str, slot: usize| {
            let (gid, advance) = substitute_glyph();
            let text: Arc<str> = stands_for(text).into();
            Glyph {
                face: slot,
                gid,
                advance,
                x_offset: 0.0,
                y_offset: 0.0,
                text: text.clone(),
                cluster: text,
            }
        };
        let mut out = Vec::new();
        for (slot, start, end) in runs {
            let run_text = &text[start..end];
            let Some(slot) = slot else {
                if let Some(at) = substitute_slot {
                    let mut buffer = [0; 4];
                    for ch in run_text.chars() {
                        out.push(substitute(ch.encode_utf8(&mut buffer), at));
                    }
                }
                continue;
            };
            let face_index = chain
                .get(slot)
                .copied()
                .unwrap_or_else(|| system[slot - chain.len()]);
            let face = self.faces[face_index];
            let upem = face.units_per_em;
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
            // Where each cluster begins in the text, in the text's order:
            // a cluster ends where the next begins (right-to-left runs list
            // their clusters backwards).
            let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
            starts.sort_unstable();
            starts.dedup();
            let mut cluster_text: Arc<str> = Arc::from("");
            for (k, (info, p)) in infos.iter().zip(positions).enumerate() {
                let cluster = info.cluster as usize;
                let first_of_cluster = k == 0 || infos[k - 1].cluster != info.cluster;
                if first_of_cluster {
                    let next = match starts.binary_search(&cluster) {
                        Ok(i) => starts.get(i + 1).copied().unwrap_or(run_text.len()),
                        Err(_) => run_text.len(),
                    };
                    cluster_text = stands_for(run_text.get(cluster..next).unwrap_or("")).into();
                }
                let text = if first_of_cluster {
                    cluster_text.clone()
                } else {
                    Arc::from("")
                };
                let mut glyph = Glyph {
                    face: slot,
                    gid: info.glyph_id as u16,
                    advance: p.x_advance as f64 / upem,
                    x_offset: p.x_offset as f64 / upem,
                    y_offset: p.y_offset as f64 / upem,
                    text,
                    cluster: cluster_text.clone(),
                };
                if glyph.gid == NOTDEF {
                    // A space the face lacks (a tab) is its space; anything
                    // else it lacks (a mark on a base of another face) is
                    // the substitute, and a warning.
                    let space = face.tables.glyph_index(' ');
                    match space {
                        Some(space) if cluster_text.chars().all(char::is_whitespace) => {
                            glyph.gid = space.0;
                            glyph.advance =
                                face.tables.glyph_hor_advance(space).unwrap_or(0) as f64 / upem;
                        }
                        _ => {
                            if let Some(at) = substitute_slot {
                                let text = std::mem::take(&mut glyph.text);
                                glyph = Glyph {
                                    text,
                                    ..substitute(&cluster_text, at)
                                };
                            }
                            missing.extend(cluster_text.chars().filter(|&c| {
                                !face.has(c) && !c.is_whitespace() && !is_invisible(c)
                            }));
                        }
                    }
                }
                out.push(glyph);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{DEJAVU_SANS, INTER_REGULAR};
    use crate::layout::Style;

    #[test]
    fn builtin_faces_parse_and_shape_ligatures() {
        let face = Face::new(INTER_REGULAR).unwrap();
        assert!(face.units_per_em > 0.0);
        let rb = rustybuzz::Face::from_slice(INTER_REGULAR, 0).unwrap();
        assert!(rb.glyph_index('a').is_some());
        let sans = rustybuzz::Face::from_slice(DEJAVU_SANS, 0).unwrap();
        assert!(sans.glyph_index('Ж').is_some());
    }

    fn built_in() -> Fonts {
        let mut fonts = Fonts::from_style(&Style::default(), &[], |_| Ok(None)).unwrap();
        fonts.system = false;
        fonts
    }

    const TEXT: Variant = Variant {
        role: Role::Text,
        bold: false,
        italic: false,
    };

    #[test]
    fn every_glyph_of_a_cluster_stands_for_the_whole_cluster() {
        let mut fonts = built_in();
        // q and a combining acute: two glyphs, one cluster.
        let glyphs = fonts.shape("q\u{301}x", TEXT);
        assert_eq!(glyphs.len(), 3, "{glyphs:?}");
        assert_eq!(
            (&*glyphs[0].text, &*glyphs[0].cluster),
            ("q\u{301}", "q\u{301}")
        );
        assert_eq!((&*glyphs[1].text, &*glyphs[1].cluster), ("", "q\u{301}"));
        assert_eq!((&*glyphs[2].text, &*glyphs[2].cluster), ("x", "x"));
        assert!(glyphs.iter().all(|g| g.gid != NOTDEF));
    }

    #[test]
    fn a_character_no_font_draws_is_the_substitute_with_its_text() {
        let mut fonts = built_in();
        // A control character, an unassigned code point, and Thai, which
        // no built-in face has (system fonts are off).
        let glyphs = fonts.shape("a\u{5}b\u{378}ก", TEXT);
        let texts: Vec<&str> = glyphs.iter().map(|g| &*g.text).collect();
        assert_eq!(texts, ["a", "\u{5}", "b", "\u{378}", "ก"]);
        let (gid, advance) = substitute_glyph();
        assert!(gid != NOTDEF && advance > 0.0);
        for g in [&glyphs[1], &glyphs[3], &glyphs[4]] {
            assert_eq!((g.face, g.gid), (SUBSTITUTE_FACE, gid));
        }
        assert!(glyphs.iter().all(|g| g.gid != NOTDEF));
        let missing: Vec<char> = fonts.missing.iter().copied().collect();
        assert_eq!(missing, ['\u{5}', '\u{378}', 'ก']);
    }

    #[test]
    fn a_tab_the_face_lacks_is_its_space() {
        let mut fonts = built_in();
        let glyphs = fonts.shape("a\tb", TEXT);
        let space = builtin_faces()[0].tables.glyph_index(' ').unwrap().0;
        assert_eq!(glyphs[1].gid, space);
        assert_eq!(&*glyphs[1].text, "\t");
        assert!(fonts.missing.is_empty());
    }
}
