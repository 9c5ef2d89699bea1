//! The built-in layouts' `layout.yaml` files, read at build time and kept
//! in the binary as JSON beside their text: a layout file with that text
//! (a built-in one, or a project's unchanged copy, as `quire new
//! --layout-from` makes) is not parsed again at run time. Parsing YAML
//! (libyaml, ~400 instructions a byte) was a sixth of a plain-text build.
//! A built-in file that does not parse stops the build here.
//!
//! On Linux with glibc it also links the binary as a position-dependent
//! executable (`-no-pie`) when that links and runs here, else with packed
//! relative relocations (DT_RELR). A position-independent binary has its
//! 42,676 own pointers fixed at every start, and each of the ~200 pages of
//! `.data.rel.ro` and `.got` they sit in is copied on its first write:
//! `quire --version` took 317 page faults, a plain-text build 409; without
//! them 119 and 196, a millisecond off every run (timed in turns: 3.2 →
//! 2.1 ms for --version, 4.9 → 3.7 ms for the seed to txt). The cost: the
//! binary's own code and data no longer load at a random address (its
//! libraries, heap and stack still do), as Go's binaries do by default.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // The binary only: the Python extension is a shared library, which
    // must stay position-independent, and is loaded by older glibcs. The
    // probe is built with RUSTFLAGS, so it sees a static build asked for
    // there (`-no-pie` after rustc's `-static-pie` makes a binary that
    // crashes, and the probe's crashes too); flags given as `cargo rustc
    // -- …` never reach a build script. The tests learn which was chosen.
    let link_arg = [POSITION_DEPENDENT, PACK_RELATIVE_RELOCS]
        .into_iter()
        .find(|link_arg| links_and_runs(link_arg));
    if let Some(link_arg) = link_arg {
        println!("cargo:rustc-link-arg-bins={link_arg}");
    }
    println!("cargo:rustc-env=QUIRE_LINK_ARG={}", link_arg.unwrap_or(""));
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

/// No relative relocations left to apply at start (gcc ≥ 6 and clang
/// know it); the few that name a library's symbols remain.
const POSITION_DEPENDENT: &str = "-no-pie";
const PACK_RELATIVE_RELOCS: &str = "-Wl,-z,pack-relative-relocs";

/// Whether a program linked with `link_arg` links and runs here. The
/// linkers that know packed relative relocations (GNU ld 2.38, lld, mold)
/// mark the binary as needing a glibc of 2.36 or later whatever glibc they
/// link against, and gold refuses them; a toolchain may refuse `-no-pie`.
/// So the only sure test is a tried one: an empty program built as the
/// binary will be (this rustc, its linker and flags) and started. Not when
/// cross-compiling (it could not start), nor off Linux with glibc.
fn links_and_runs(link_arg: &str) -> bool {
    use std::process::{Command, Stdio};
    let var = |key: &str| std::env::var(key).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("TARGET") != var("HOST")
    {
        return false;
    }
    let out = Path::new(&var("OUT_DIR")).to_path_buf();
    let (source, program) = (out.join("link_probe.rs"), out.join("link_probe"));
    if std::fs::write(&source, "fn main() {}\n").is_err() {
        return false;
    }
    let mut rustc = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()));
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    rustc.args(flags.split('\x1f').filter(|flag| !flag.is_empty()));
    if let Some(linker) = std::env::var_os("RUSTC_LINKER") {
        rustc
            .arg("-C")
            .arg(format!("linker={}", linker.to_string_lossy()));
    }
    rustc
        .args(["--edition", "2021", "--target", &var("TARGET"), "-C"])
        .arg(format!("link-arg={link_arg}"))
        .arg("-o")
        .arg(&program)
        .arg(&source)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let linked = rustc.status().is_ok_and(|status| status.success());
    linked
        && Command::new(&program)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
}
