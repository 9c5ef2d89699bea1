//! Any bytes as a source file: decoding, the front matter split and its
//! metadata must give a value or a diagnostic, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(source) = quire::Source::decode("fuzz.md", bytes) else {
        return;
    };
    let Ok(split) = source.split() else {
        return;
    };
    if let Ok((meta, _)) = source.meta(&split) {
        // The keys a diagnostic may point at.
        for key in meta.extra.keys() {
            let _ = source.key_diagnostic(key, "fuzz");
        }
    }
});
