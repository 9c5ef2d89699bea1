//! Test projects as folders (mdBook's way): `tests/scenarios/NAME/` holds a
//! project (quire.yaml, source/) and `expected/`, the files a build must
//! write, byte for byte. `QUIRE_BLESS=1` rewrites `expected/` from the
//! build, to review like code.

use crate::common::{quire, repo};
use std::path::Path;

/// Builds scenario `name` into a temporary folder and compares every file
/// of its `expected/` folder; no other file may be written.
fn scenario(name: &str) {
    let root = repo().join("tests/scenarios").join(name);
    let out = tempfile::tempdir().unwrap();
    let run = quire(&["build", "-o", out.path().to_str().unwrap(), "--quiet"])
        .in_dir(&root)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .run();
    assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    let expected = root.join("expected");
    if std::env::var_os("QUIRE_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&expected);
        copy(out.path(), &expected);
        return;
    }
    let mut written: Vec<String> = names(out.path());
    let mut wanted: Vec<String> = names(&expected);
    written.sort();
    wanted.sort();
    assert_eq!(written, wanted, "{name}: the files written");
    for file in wanted {
        let got = std::fs::read_to_string(out.path().join(&file)).unwrap();
        let want = std::fs::read_to_string(expected.join(&file)).unwrap();
        assert!(
            got == want,
            "{name}/{file} differs from expected/ (QUIRE_BLESS=1 to accept):\n{got}"
        );
    }
}

fn names(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for name in names(from) {
        std::fs::copy(from.join(&name), to.join(&name)).unwrap();
    }
}

#[test]
fn a_minimal_project() {
    scenario("minimal");
}

#[test]
fn links_are_mended_against_the_base_url() {
    scenario("links");
}
