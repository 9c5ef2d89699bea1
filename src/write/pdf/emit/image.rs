//! Images as krilla draws them: a JPEG goes in as it is (DCTDecode), a PNG
//! as its samples, the alpha channel a soft mask. Each distinct file is
//! embedded once however often it is drawn (krilla knows an image by the
//! hash of its bytes), and its decoded samples are kept for the documents
//! that follow: a batch draws the layout's logo on every record. An SVG is
//! drawn as vectors (krilla-svg), from the tree `image.rs` cleaned.

use crate::error::{Error, Result};
use crate::image::{ImageData, ImageKind, Images as Loaded};
use krilla::geom::{Size, Transform};
use krilla::image::Image;
use krilla::surface::Surface;
use krilla_svg::{SurfaceExt, SvgSettings};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Images made for earlier documents, by their loaded file (kept alive
/// here, so an address names one file); at most this many.
const KEPT: usize = 64;

fn made_before(data: &Arc<ImageData>) -> std::result::Result<Image, String> {
    static MADE: Mutex<Vec<(Arc<ImageData>, Image)>> = Mutex::new(Vec::new());
    let lock = || MADE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, image)) = lock().iter().find(|(d, _)| Arc::ptr_eq(d, data)) {
        return Ok(image.clone());
    }
    let bytes = krilla::Data::from(data.bytes.clone());
    // No interpolation: PDF/A forbids it, and print needs none.
    let image = match data.kind {
        ImageKind::Png => Image::from_png(bytes, false),
        ImageKind::Jpeg => Image::from_jpeg(bytes, false),
        // Drawn as vectors by `Images::draw`, never made an image.
        ImageKind::Svg => Err("an SVG is drawn, not embedded as an image".to_owned()),
    }?;
    let mut made = lock();
    if made.len() >= KEPT {
        made.clear();
    }
    made.push((data.clone(), image.clone()));
    Ok(image)
}

pub struct Images<'a> {
    loaded: &'a Loaded,
    made: HashMap<&'a str, Image>,
}

impl<'a> Images<'a> {
    pub fn new(loaded: &'a Loaded) -> Self {
        Images {
            loaded,
            made: HashMap::new(),
        }
    }

    /// Draws the image of `key` into the box (x, y from the top left, w,
    /// h); an image that was not loaded draws nothing.
    pub fn draw(
        &mut self,
        surface: &mut Surface<'_>,
        key: &str,
        (x, y, w, h): (f64, f64, f64, f64),
    ) -> Result<()> {
        let Some((key, data)) = self.loaded.get_key_value(key) else {
            return Ok(());
        };
        if let Some(tree) = &data.svg {
            let Some(size) = Size::from_wh(w as f32, h as f32) else {
                return Ok(());
            };
            // Text in the SVG as outlines, as the cleaned copy in HTML has
            // it: the figure's alt text is what a reader gets.
            let settings = SvgSettings {
                embed_text: false,
                ..SvgSettings::default()
            };
            surface.push_transform(&Transform::from_translate(x as f32, y as f32));
            surface.draw_svg(tree, size, settings);
            surface.pop();
            return Ok(());
        }
        let image = match self.made.get(key.as_str()) {
            Some(image) => image.clone(),
            None => {
                let image = made_before(data).map_err(|reason| {
                    Error::Write(format!("the image `{key}` cannot be embedded: {reason}"))
                })?;
                self.made.insert(key.as_str(), image.clone());
                image
            }
        };
        let Some(size) = Size::from_wh(w as f32, h as f32) else {
            return Ok(());
        };
        surface.push_transform(&Transform::from_translate(x as f32, y as f32));
        surface.draw_image(image, size);
        surface.pop();
        Ok(())
    }
}
