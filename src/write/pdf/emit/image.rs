//! Images as krilla draws them: a JPEG goes in as it is (DCTDecode), a PNG
//! as its samples, the alpha channel a soft mask. Each distinct file is
//! embedded once however often it is drawn (krilla knows an image by the
//! hash of its bytes).

use crate::error::{Error, Result};
use crate::image::{ImageKind, Images as Loaded};
use krilla::geom::{Size, Transform};
use krilla::image::Image;
use krilla::surface::Surface;
use std::collections::HashMap;

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
        let image = match self.made.get(key.as_str()) {
            Some(image) => image.clone(),
            None => {
                let bytes = krilla::Data::from(data.bytes.clone());
                // No interpolation: PDF/A forbids it, and print needs none.
                let image = match data.kind {
                    ImageKind::Png => Image::from_png(bytes, false),
                    ImageKind::Jpeg => Image::from_jpeg(bytes, false),
                }
                .map_err(|reason| {
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
