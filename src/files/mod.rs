//! The only place that touches the file system: reads with clear errors,
//! atomic writes (temporary file in the same folder, then rename).

mod watch;

pub use watch::{Change, Stopper, Watch};

use crate::diag::Diagnostic;
use crate::error::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Reads a whole file; a failure names the file and the reason.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|err| {
        Diagnostic::error(
            display(path),
            format!("cannot read the file: {}", io_reason(&err)),
        )
        .into()
    })
}

/// Reads standard input.
pub fn read_stdin() -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
        .map_err(|err| Diagnostic::error("-", format!("cannot read standard input: {err}")))?;
    Ok(bytes)
}

/// Reads a file if it exists: `Ok(None)` when it does not.
pub fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(Diagnostic::error(
            display(path),
            format!("cannot read the file: {}", io_reason(&err)),
        )
        .into()),
    }
}

/// What reading a file confined to a folder found.
#[derive(Debug)]
pub enum Confined {
    /// The file's canonical path (symlinks resolved) and its bytes.
    Read(PathBuf, Vec<u8>),
    /// Nothing there.
    Missing,
    /// The path, once `..` and symlinks are resolved, leaves the folder.
    Outside,
    /// There, but not readable as a file (a folder, no permission, …).
    Unreadable(String),
}

/// Reads `path` only if it lies inside one of `roots` (the project, and the
/// folders `--allow-outside` names) once `..` and symlinks are
/// resolved, so a document cannot pull `../../etc/passwd` or a link that
/// points out of the project into its outputs. A path that does not exist
/// is judged by the part of it that does: `../gone.png` outside the root is
/// `Outside`, not `Missing`.
pub fn read_inside(roots: &[PathBuf], path: &Path) -> Confined {
    let roots: Vec<PathBuf> = roots
        .iter()
        .filter_map(|root| std::fs::canonicalize(root).ok())
        .collect();
    if roots.is_empty() {
        return Confined::Unreadable("the project folder cannot be resolved".to_owned());
    }
    let inside = |path: &Path| roots.iter().any(|root| path.starts_with(root));
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        match std::env::current_dir() {
            Ok(cwd) => cwd.join(path),
            Err(err) => return Confined::Unreadable(io_reason(&err)),
        }
    };
    // `..` is applied as written first, as a browser resolves a URL
    // (`docs/../a.png` is `a.png` even without a `docs` folder); then
    // symlinks are resolved, and the file must still be inside.
    let absolute = normalize(&absolute);
    let resolved = match std::fs::canonicalize(&absolute) {
        Ok(resolved) => resolved,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return if inside(&resolve_lexically(&absolute)) {
                Confined::Missing
            } else {
                Confined::Outside
            };
        }
        Err(err) => return Confined::Unreadable(io_reason(&err)),
    };
    if !inside(&resolved) {
        return Confined::Outside;
    }
    if resolved.is_dir() {
        return Confined::Unreadable("it is a folder".to_owned());
    }
    match std::fs::read(&resolved) {
        Ok(bytes) => Confined::Read(resolved, bytes),
        Err(err) => Confined::Unreadable(io_reason(&err)),
    }
}

/// `path` with `.` and `..` applied as written, without the file system.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The deepest existing ancestor of `path` with its symlinks resolved, the
/// rest appended with `.` and `..` applied as written.
fn resolve_lexically(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut existing = path;
    let mut rest = Vec::new();
    let mut base = loop {
        if let Ok(base) = std::fs::canonicalize(existing) {
            break base;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => break PathBuf::from("/"),
        }
    };
    for component in rest.into_iter().rev() {
        match component {
            Component::ParentDir => {
                base.pop();
            }
            Component::Normal(name) => base.push(name),
            _ => {}
        }
    }
    base
}

pub fn is_dir(path: &Path) -> bool {
    path.is_dir()
}

pub fn is_file(path: &Path) -> bool {
    path.is_file()
}

/// Every file under `dir`, relative to it and sorted: regular files only
/// (no symlinks followed, so no cycle), hidden ones (`.quire-*.tmp` while a
/// write is under way) left out. Empty when `dir` does not exist.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(dir.join(&rel)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(rel.join(&name)),
                Ok(kind) if kind.is_file() => found.push(rel.join(&name)),
                _ => {}
            }
        }
    }
    found.sort();
    found
}

/// The Markdown files in a folder and its subfolders, sorted, so builds are
/// reproducible.
pub fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|err| {
            Diagnostic::error(
                display(&dir),
                format!("cannot read the folder: {}", io_reason(&err)),
            )
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| {
                ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown")
            }) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The files directly in `dir`, by name (empty when it does not exist).
pub fn files_in(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    file_names(dir)
        .into_iter()
        .map(|name| {
            let bytes = read(&dir.join(&name))?;
            Ok((name, bytes))
        })
        .collect()
}

/// The size of a file in bytes, if it is one.
pub fn size(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

/// The names of the files directly in `dir`, sorted (empty when it does
/// not exist).
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The names of the sub-folders of `dir` (empty when it does not exist).
pub fn subfolders(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Writes `bytes` to `path` atomically: readers see the old file or the new
/// one, never half of it, and a failure leaves nothing behind. A file that
/// already holds these bytes is left as it is, only marked as written now.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    // Builds are reproducible, so a rebuild mostly makes what is there. A
    // rename over a file costs ext4 a flush of the new one and the freeing
    // (with `discard`, a synchronous trim) of the old: 0.7 ms of a 5.7 ms
    // HTML build here, where the old one is read and compared in memory.
    if holds_already(path, bytes) {
        return Ok(());
    }
    let fail = |err: std::io::Error| {
        Diagnostic::error(
            display(path),
            format!("cannot write the file: {}", io_reason(&err)),
        )
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".quire-").suffix(".tmp");
    // Outputs are ordinary files (0666 less the umask), not the temporary
    // file's private 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(dir).map_err(fail)?;
    // No fsync: the rename alone means no reader ever sees half a file, and
    // waiting for the disk once per file made a batch of a thousand records
    // wait on it a thousand times. Only a power cut can still lose the file,
    // as it loses any compiler's output.
    temp.write_all(bytes).map_err(fail)?;
    temp.persist(path).map_err(|err| fail(err.error))?;
    Ok(())
}

/// Whether `path` is a regular file (not a link to one) that holds exactly
/// `bytes`, then given a modification time of now, as a write would give
/// it, so that a make-style tool sees the output as newer than its sources.
fn holds_already(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let same_size = std::fs::symlink_metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64);
    let Some(mut file) = same_size.then(|| std::fs::File::open(path).ok()).flatten() else {
        return false;
    };
    let mut buffer = vec![0; bytes.len().clamp(1, COMPARED_BYTES)];
    let mut rest = bytes;
    loop {
        match file.read(&mut buffer) {
            Ok(0) if rest.is_empty() => break,
            Ok(n) if n > 0 && n <= rest.len() && buffer[..n] == rest[..n] => rest = &rest[n..],
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            _ => return false,
        }
    }
    file.set_modified(std::time::SystemTime::now()).is_ok()
}

/// How much of an old output is read at a time to compare it with the new.
const COMPARED_BYTES: usize = 1 << 16;

/// Writes to standard output.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|err| {
            Diagnostic::error("-", format!("cannot write to standard output: {err}")).into()
        })
}

/// `path` relative to the working folder when it is inside it, for shorter messages.
pub fn relative_to_cwd(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| path.to_path_buf())
}

/// The path with links and `..` resolved, to compare two names of one file.
pub fn canonical(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// A path as diagnostics show it: relative to the working folder, as
/// rustc prints them (`layouts/bad/layout.yaml`, `../shared/logo.png`);
/// a relative path as given; an absolute one that shares no folder with
/// the working folder but the root, as it is.
pub fn display(path: &Path) -> String {
    if !path.is_absolute() {
        return path.display().to_string();
    }
    match std::env::current_dir() {
        Ok(cwd) => relative_from(path, &cwd)
            .unwrap_or_else(|| path.to_path_buf())
            .display()
            .to_string(),
        Err(_) => path.display().to_string(),
    }
}

/// `path` relative to the folder `from` (both absolute), with `..` up to
/// the folder they share; `None` when they share only the root.
fn relative_from(path: &Path, from: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let path: Vec<Component> = path.components().collect();
    let from: Vec<Component> = from.components().collect();
    let shared = path.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let below_root = path
        .iter()
        .take(shared)
        .any(|c| matches!(c, Component::Normal(_)));
    if !below_root {
        return None;
    }
    let mut relative = PathBuf::new();
    for _ in shared..from.len() {
        relative.push("..");
    }
    relative.extend(&path[shared..]);
    if relative.as_os_str().is_empty() {
        relative.push(".");
    }
    Some(relative)
}

fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_from_the_working_folder() {
        let from = Path::new("/work/project/sub");
        let shown = |p: &str| relative_from(Path::new(p), from).map(|p| p.display().to_string());
        assert_eq!(shown("/work/project/sub/doc.md").as_deref(), Some("doc.md"));
        assert_eq!(
            shown("/work/project/layouts/bad/layout.yaml").as_deref(),
            Some("../layouts/bad/layout.yaml")
        );
        assert_eq!(shown("/work/project/sub").as_deref(), Some("."));
        assert_eq!(shown("/etc/passwd"), None);
        assert_eq!(display(Path::new("a/../b.md")), "a/../b.md");
    }

    #[test]
    fn reads_are_confined_to_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        let roots = [root.clone()];
        std::fs::create_dir_all(root.join("images")).unwrap();
        std::fs::write(root.join("images/a.png"), b"a").unwrap();
        std::fs::write(dir.path().join("secret.png"), b"s").unwrap();
        assert!(matches!(
            read_inside(&roots, &root.join("docs/../images/a.png")),
            Confined::Read(_, bytes) if bytes == b"a"
        ));
        assert!(matches!(
            read_inside(&roots, &root.join("images/b.png")),
            Confined::Missing
        ));
        assert!(matches!(
            read_inside(&roots, &root.join("../secret.png")),
            Confined::Outside
        ));
        assert!(matches!(
            read_inside(&roots, &root.join("images/../../gone.png")),
            Confined::Outside
        ));
        assert!(matches!(
            read_inside(&roots, &root.join("images")),
            Confined::Unreadable(_)
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.png"), root.join("link.png"))
                .unwrap();
            assert!(matches!(
                read_inside(&roots, &root.join("link.png")),
                Confined::Outside
            ));
        }
        // A folder allowed besides the project (`--allow-outside`).
        let allowed = [root.clone(), dir.path().to_path_buf()];
        assert!(matches!(
            read_inside(&allowed, &root.join("../secret.png")),
            Confined::Read(..)
        ));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/a.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .flatten()
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn an_output_with_the_same_bytes_is_left_in_place_and_marked_written() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        let long: Vec<u8> = (0..3 * COMPARED_BYTES + 7)
            .map(|i| (i % 251) as u8)
            .collect();
        write_atomic(&path, &long).unwrap();
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        std::fs::File::open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let inode = std::fs::metadata(&path).unwrap().ino();

        write_atomic(&path, &long).unwrap();
        let same = std::fs::metadata(&path).unwrap();
        assert_eq!(same.ino(), inode, "the same bytes are not written again");
        assert!(
            same.modified().unwrap() > old,
            "but the file is marked as written now"
        );

        // One byte changed past the first comparison, or one more byte: a new file.
        for changed in [
            [
                &long[..2 * COMPARED_BYTES],
                b"x",
                &long[2 * COMPARED_BYTES + 1..],
            ]
            .concat(),
            [&long[..], b"x"].concat(),
        ] {
            let inode = std::fs::metadata(&path).unwrap().ino();
            write_atomic(&path, &changed).unwrap();
            assert_ne!(std::fs::metadata(&path).unwrap().ino(), inode);
            assert_eq!(std::fs::read(&path).unwrap(), changed);
        }

        // A link to a file with the same bytes is replaced by the file, as before.
        let target = dir.path().join("target.txt");
        std::fs::write(&target, b"same").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"same").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_file());

        // An empty output over an empty file.
        let empty = dir.path().join("empty.txt");
        write_atomic(&empty, b"").unwrap();
        let inode = std::fs::metadata(&empty).unwrap().ino();
        write_atomic(&empty, b"").unwrap();
        assert_eq!(std::fs::metadata(&empty).unwrap().ino(), inode);
    }
}
