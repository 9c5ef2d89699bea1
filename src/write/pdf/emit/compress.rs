//! The PDF's streams flate-compressed (`/FlateDecode`): level 3, one
//! compressor per thread, font programs compressed once per process.

use super::fonts;
use lopdf::Object;

/// Flate-compresses every stream not already filtered. Level 3, not
/// lopdf's 9: files some 8% larger, made five times as fast (level 9 was a
/// third of a batch's time, 6 still a fifth). In parallel for a document on
/// its own; a batch's records already are, and a record waiting on nested
/// work would take up another record meanwhile (memory grew with the list).
pub fn compress(lo: &mut lopdf::Document) {
    use rayon::prelude::*;
    if rayon::current_thread_index().is_some() {
        lo.objects.values_mut().for_each(compress_stream);
    } else {
        lo.objects
            .par_iter_mut()
            .for_each(|(_, object)| compress_stream(object));
    }
}

fn compress_stream(object: &mut Object) {
    let Object::Stream(stream) = object else {
        return;
    };
    if !stream.allows_compression || stream.dict.has(b"Filter") {
        return;
    }
    let compressed = if fonts::is_program(&stream.dict) {
        fonts::compressed_program(&stream.content)
    } else {
        deflate(&stream.content)
    };
    // The `/Filter /FlateDecode` entry costs bytes of its own.
    if compressed.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
}

/// zlib-wrapped deflate (`/FlateDecode`), level 3. One compressor per
/// thread, reset for each stream: a new one allocates and clears some
/// 300 KB of tables, which per stream was both time and, freed and made
/// again record after record, memory the allocator did not give back.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    use std::cell::RefCell;
    thread_local! {
        static COMPRESS: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(3), true));
    }
    COMPRESS.with_borrow_mut(|compress| {
        compress.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let done = compress.total_in() as usize;
            match compress.compress_vec(&data[done..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return out,
                // Out of room: grow and go on.
                Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(64)),
                // Cannot happen with a reset compressor and `Finish`; the
                // stream then stays uncompressed (`compress_stream`).
                Err(_) => return data.to_vec(),
            }
        }
    })
}
