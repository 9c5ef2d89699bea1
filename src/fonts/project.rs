//! The project's own fonts: the `fonts/` folder beside its sources, read
//! when a writer first needs its faces.

use super::{VENDORED, VENDORED_FACES};
use crate::files;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// One face of a font file in the project's `fonts/` folder.
#[derive(Clone)]
pub struct ProjectFace {
    /// Its family as a layout names it (the typographic family, else the
    /// family: `Source Serif 4`, not `Source Serif 4 Semibold`).
    pub family: String,
    pub bold: bool,
    pub italic: bool,
    /// Its weight class (OpenType's usWeightClass: 400 regular, 700 bold).
    pub weight: u16,
    /// The file's name in the folder (`SourceSerif4-Bold.otf`).
    pub file: String,
    pub data: FaceBytes,
    /// The face's number in the file (a `.ttc` holds several).
    pub index: u32,
}

impl std::fmt::Debug for ProjectFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}, face {})", self.family, self.file, self.index)
    }
}

/// Of each family's faces, per variant (regular, bold, italic, bold
/// italic), the one whose weight is nearest the variant's (400 or 700), as
/// CSS's font matching picks, so a full family's ExtraLight and Black are
/// not taken for its regular and bold; in the folder's order.
pub fn nearest_faces(faces: &[ProjectFace]) -> Vec<&ProjectFace> {
    let slot = |face: &ProjectFace| (face.bold as usize) + 2 * (face.italic as usize);
    let distance = |face: &ProjectFace| {
        let target: u16 = if face.bold { 700 } else { 400 };
        face.weight.abs_diff(target)
    };
    let mut chosen: Vec<&ProjectFace> = Vec::new();
    for face in faces {
        let same = chosen
            .iter()
            .position(|c| c.family.eq_ignore_ascii_case(&face.family) && slot(c) == slot(face));
        match same {
            Some(n) if distance(face) < distance(chosen[n]) => chosen[n] = face,
            Some(_) => {}
            None => chosen.push(face),
        }
    }
    chosen
}

/// A project face's bytes: a vendored face's (the file is a copy of it,
/// not read), or the file's.
#[derive(Clone)]
pub enum FaceBytes {
    /// The place in `VENDORED`.
    Vendored(usize),
    File(Arc<[u8]>),
}

impl std::ops::Deref for FaceBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FaceBytes::Vendored(n) => VENDORED[*n],
            FaceBytes::File(bytes) => bytes,
        }
    }
}

/// The Windows language id of US English (name records are sorted by
/// language, so a German or Chinese name can come before it).
const ENGLISH_US: u16 = 0x0409;

/// Weight from which a face counts as bold (OpenType's usWeightClass:
/// 600 is semibold, the lightest weight set as `bold` by CSS's `bolder`).
const BOLD_WEIGHT: u16 = 600;

/// The project's `fonts/` folder, read when a writer first asks for its
/// faces (a text or JSON build never does), once for every document and
/// record of a build.
#[derive(Default)]
pub struct ProjectFonts {
    dir: PathBuf,
    read: OnceLock<FontFolder>,
}

impl std::fmt::Debug for ProjectFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProjectFonts({})", self.dir.display())
    }
}

/// The fonts of a folder.
struct FontFolder {
    /// Every face of its font files, in file-name order.
    faces: Vec<ProjectFace>,
    /// Each file that looks like a font but cannot be used, and why.
    refused: Vec<(String, &'static str)>,
}

impl ProjectFonts {
    pub fn new(dir: PathBuf) -> ProjectFonts {
        ProjectFonts {
            dir,
            read: OnceLock::new(),
        }
    }

    /// The folder's faces, reading it on the first call.
    pub fn faces(&self) -> &[ProjectFace] {
        &self.read.get_or_init(|| folder(&self.dir)).faces
    }

    /// Each file of the folder that looks like a font but cannot be used,
    /// and why: none when no writer has read the folder.
    pub fn refused(&self) -> Vec<(PathBuf, &'static str)> {
        self.read.get().map_or_else(Vec::new, |read| {
            read.refused
                .iter()
                .map(|(file, reason)| (self.dir.join(file), *reason))
                .collect()
        })
    }
}

/// The fonts directly in `dir` (none when it does not exist). Other
/// files (licences, specimens) are not read.
fn folder(dir: &Path) -> FontFolder {
    use rustybuzz::ttf_parser::{fonts_in_collection, name_id, Face};
    let mut faces = Vec::new();
    let mut refused = Vec::new();
    for file in files::file_names(dir) {
        let extension = file.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        match extension.as_str() {
            "ttf" | "otf" | "ttc" | "otc" => {}
            "woff" | "woff2" => {
                refused.push((file, "WOFF is made for browsers; give the .ttf or .otf"));
                continue;
            }
            _ => continue,
        }
        let path = dir.join(&file);
        // A file with a vendored face's name and size is that face (this
        // repository's own `fonts/` is the vendored set): not read again.
        let vendored = VENDORED_FACES
            .iter()
            .position(|v| v.file == file && files::size(&path) == Some(v.bytes.len() as u64));
        let data = match vendored {
            Some(n) => FaceBytes::Vendored(n),
            None => match files::read(&path) {
                Ok(bytes) => FaceBytes::File(bytes.into()),
                Err(_) => {
                    refused.push((file, "cannot be read"));
                    continue;
                }
            },
        };
        let count = fonts_in_collection(&data).unwrap_or(1);
        let before = faces.len();
        for index in 0..count {
            let Ok(face) = Face::parse(&data, index) else {
                continue;
            };
            // The English name, as layouts name families; else the first.
            let name = |id: u16| {
                let names = || {
                    face.names()
                        .into_iter()
                        .filter(move |n| n.name_id == id && n.is_unicode())
                };
                names()
                    .filter(|n| n.language_id == ENGLISH_US)
                    .find_map(|n| n.to_string())
                    .or_else(|| names().find_map(|n| n.to_string()))
            };
            let Some(family) = name(name_id::TYPOGRAPHIC_FAMILY).or_else(|| name(name_id::FAMILY))
            else {
                continue;
            };
            faces.push(ProjectFace {
                family,
                bold: face.is_bold() || face.weight().to_number() >= BOLD_WEIGHT,
                weight: face.weight().to_number(),
                italic: face.is_italic() || face.is_oblique(),
                file: file.clone(),
                data: data.clone(),
                index,
            });
        }
        if faces.len() == before {
            refused.push((file, "not a TrueType or OpenType font that can be read"));
        }
    }
    FontFolder { faces, refused }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full family's ExtraLight and Black are not its regular and bold.
    #[test]
    fn the_faces_nearest_regular_and_bold_are_chosen() {
        let face = |file: &str, weight: u16| ProjectFace {
            family: "Test Sans".to_owned(),
            bold: weight >= BOLD_WEIGHT,
            italic: false,
            weight,
            file: file.to_owned(),
            data: FaceBytes::Vendored(0),
            index: 0,
        };
        let faces = [
            face("TestSans-Black.otf", 900),
            face("TestSans-Bold.otf", 700),
            face("TestSans-ExtraLight.otf", 200),
            face("TestSans-Regular.otf", 400),
        ];
        let chosen: Vec<&str> = nearest_faces(&faces)
            .iter()
            .map(|f| f.file.as_str())
            .collect();
        assert_eq!(chosen, ["TestSans-Bold.otf", "TestSans-Regular.otf"]);
    }
}
