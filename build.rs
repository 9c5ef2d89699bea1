//! The built-in layouts' `layout.yaml` files, read at build time and kept
//! in the binary as JSON beside their text: a layout file with that text
//! (a built-in one, or a project's unchanged copy, as `quire new
//! --layout-from` makes) is not parsed again at run time. Parsing YAML
//! (libyaml, ~400 instructions a byte) was a sixth of a plain-text build.
//! A built-in file that does not parse stops the build here.
//!
//! On Linux with glibc it also links the binary with packed relative
//! relocations (DT_RELR): the start-up's 42,676 pointer fixes are read from
//! a 13 KB table instead of a 1 MB one, a tenth of `quire --version`'s
//! time (1.91 → 1.75 ms here) and as much off every build. The linker
//! leaves it out where the C library cannot load it.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = |key: &str| std::env::var(key).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "linux" && target("CARGO_CFG_TARGET_ENV") == "gnu" {
        // The binary only: the Python extension is loaded by older glibcs.
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo:rerun-if-changed=layouts");
    let mut folders: Vec<_> = std::fs::read_dir("layouts")
        .expect("the layouts folder")
        .map(|entry| entry.expect("a layout folder").path())
        .filter(|path| path.join("layout.yaml").is_file())
        .collect();
    folders.sort();
    let mut table = String::from("&[\n");
    for folder in folders {
        let file = folder.join("layout.yaml");
        let text = std::fs::read_to_string(&file).expect("layout.yaml is text");
        let value: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        let json =
            serde_json::to_string(&value).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        writeln!(table, "    ({text:?}, {json:?}),").expect("a String takes writes");
    }
    table.push(']');
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("builtin_styles.rs"), table).expect("OUT_DIR is writable");
}
