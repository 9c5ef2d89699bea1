//! Fonts: the built-in faces, a layout's own files, shaping with rustybuzz,
//! measuring, and per-character fallback along a chain of faces.

use crate::error::Result;
use crate::layout::{Layout, Style};
use std::borrow::Cow;
use std::collections::BTreeSet;

const INTER_REGULAR: &[u8] = include_bytes!("../../../fonts/Inter-Regular.otf");
const INTER_BOLD: &[u8] = include_bytes!("../../../fonts/Inter-Bold.otf");
const INTER_ITALIC: &[u8] = include_bytes!("../../../fonts/Inter-Italic.otf");
const INTER_BOLD_ITALIC: &[u8] = include_bytes!("../../../fonts/Inter-BoldItalic.otf");
const DEJAVU_MONO: &[u8] = include_bytes!("../../../fonts/DejaVuSansMono.ttf");
const DEJAVU_SANS: &[u8] = include_bytes!("../../../fonts/DejaVuSans.ttf");

/// One font file, parsed once for its metrics.
pub struct Face {
    pub data: Cow<'static, [u8]>,
    pub units_per_em: f64,
    /// The PostScript name, for the embedded font's `/BaseFont`.
    pub postscript_name: String,
}

impl Face {
    fn new(data: Cow<'static, [u8]>) -> Option<Face> {
        let face = rustybuzz::Face::from_slice(&data, 0)?;
        let units_per_em = face.units_per_em() as f64;
        let postscript_name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == rustybuzz::ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_graphic()))
            .unwrap_or_else(|| "Font".to_owned());
        Some(Face {
            data,
            units_per_em,
            postscript_name,
        })
    }
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
    /// second glyph of a cluster).
    pub text: String,
}

/// Every face the document may use, and the fallback chains per variant.
pub struct Fonts {
    pub faces: Vec<Face>,
    /// The built-in faces parsed for shaping once, not per run (parsing
    /// builds lookup tables and was most of a one-page PDF's time); `None`
    /// for a layout's own files, parsed per run.
    shapers: Vec<Option<rustybuzz::Face<'static>>>,
    chains: Vec<(Variant, Vec<usize>)>,
    /// Characters no face could draw; they are skipped.
    pub missing: BTreeSet<char>,
}

const BUILTIN: [&str; 3] = ["inter", "dejavu sans mono", "dejavu sans"];

impl Fonts {
    pub fn load(layout: &Layout) -> Result<Fonts> {
        Fonts::from_style(&layout.style, |path| layout.asset(path))
    }

    /// The faces a style names; `asset` reads the layout's own font files.
    pub fn from_style(
        style: &Style,
        mut asset: impl FnMut(&str) -> Result<Option<Vec<u8>>>,
    ) -> Result<Fonts> {
        let mut faces = Vec::new();
        // 0..4: Inter R/B/I/BI; 4: mono; 5: DejaVu Sans (last fallback).
        for data in [
            INTER_REGULAR,
            INTER_BOLD,
            INTER_ITALIC,
            INTER_BOLD_ITALIC,
            DEJAVU_MONO,
            DEJAVU_SANS,
        ] {
            if let Some(face) = Face::new(Cow::Borrowed(data)) {
                faces.push(face);
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
                        if let Some(face) = Face::new(Cow::Owned(bytes)) {
                            faces.push(face);
                            slots[n] = Some(faces.len() - 1);
                        }
                    }
                }
            }
            own.push((family.to_lowercase(), slots));
        }
        let mut chains = Vec::new();
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
                    for family in families {
                        let family = family.to_lowercase();
                        if let Some((_, slots)) = own.iter().find(|(f, _)| *f == family) {
                            // Nearest variant the layout gave: exact, then regular.
                            if let Some(i) = slots[slot].or(slots[0]) {
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
                    for &i in fallback {
                        if i < faces.len() && !chain.contains(&i) {
                            chain.push(i);
                        }
                    }
                    chains.push((Variant { role, bold, italic }, chain));
                }
            }
        }
        let shapers = faces
            .iter()
            .map(|face| match face.data {
                Cow::Borrowed(data) => rustybuzz::Face::from_slice(data, 0),
                Cow::Owned(_) => None,
            })
            .collect();
        Ok(Fonts {
            faces,
            shapers,
            chains,
            missing: BTreeSet::new(),
        })
    }

    pub fn chain(&self, variant: Variant) -> &[usize] {
        self.chains
            .iter()
            .find(|(v, _)| *v == variant)
            .map(|(_, c)| c.as_slice())
            .unwrap_or(&[])
    }

    /// Shape `text` in `variant`, falling back per character along the chain.
    /// Characters no face has are skipped and remembered in `missing`.
    pub fn shape(&mut self, text: &str, variant: Variant) -> Vec<Glyph> {
        let chain: Vec<usize> = self.chain(variant).to_vec();
        let own: Vec<Option<rustybuzz::Face>> = chain
            .iter()
            .map(|&i| match self.shapers[i] {
                Some(_) => None,
                None => rustybuzz::Face::from_slice(&self.faces[i].data, 0),
            })
            .collect();
        let parsed: Vec<Option<&rustybuzz::Face>> = chain
            .iter()
            .zip(&own)
            .map(|(&i, own)| self.shapers[i].as_ref().or(own.as_ref()))
            .collect();
        let mut missing = Vec::new();
        // Split into runs of the first face that has each character.
        let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (chain slot, start, end)
        for (pos, ch) in text.char_indices() {
            let end = pos + ch.len_utf8();
            let slot = if ch.is_whitespace() || ch.is_control() || is_mark(ch) {
                runs.last().map(|r| r.0).or(Some(0))
            } else {
                parsed
                    .iter()
                    .position(|f| f.is_some_and(|f| f.glyph_index(ch).is_some()))
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
            let Some(face) = parsed[slot] else {
                continue;
            };
            let face_index = chain[slot];
            let upem = self.faces[face_index].units_per_em;
            let run_text = &text[start..end];
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(run_text);
            buffer.guess_segment_properties();
            let features = [
                rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(b"kern"), 1, ..),
                rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(b"liga"), 1, ..),
            ];
            let shaped = rustybuzz::shape(face, &features, buffer);
            let infos = shaped.glyph_infos();
            let positions = shaped.glyph_positions();
            for (k, (info, p)) in infos.iter().zip(positions).enumerate() {
                let cluster = info.cluster as usize;
                let first_of_cluster = k == 0 || infos[k - 1].cluster != info.cluster;
                let next = infos
                    .iter()
                    .skip(k + 1)
                    .map(|i| i.cluster as usize)
                    .find(|&c| c != cluster)
                    .unwrap_or(run_text.len());
                let text = if first_of_cluster && next > cluster {
                    run_text.get(cluster..next).unwrap_or("").to_owned()
                } else {
                    String::new()
                };
                out.push(Glyph {
                    face: face_index,
                    gid: info.glyph_id as u16,
                    advance: p.x_advance as f64 / upem,
                    x_offset: p.x_offset as f64 / upem,
                    y_offset: p.y_offset as f64 / upem,
                    text,
                });
            }
        }
        self.missing.extend(missing);
        out
    }
}

fn is_mark(ch: char) -> bool {
    matches!(ch as u32, 0x0300..=0x036F | 0x200B..=0x200D | 0xFE00..=0xFE0F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_faces_parse_and_shape_ligatures() {
        let face = Face::new(Cow::Borrowed(INTER_REGULAR)).unwrap();
        assert!(face.units_per_em > 0.0);
        let rb = rustybuzz::Face::from_slice(INTER_REGULAR, 0).unwrap();
        assert!(rb.glyph_index('a').is_some());
        let sans = rustybuzz::Face::from_slice(DEJAVU_SANS, 0).unwrap();
        assert!(sans.glyph_index('Ж').is_some());
    }
}
