//! Watching a project folder for changes (notify), debounced into bursts,
//! for `quire watch`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Changes closer together than this are one rebuild (an editor's save is
/// often a write, a rename and a metadata change).
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Folders whose changes never call for a rebuild.
const IGNORED: &[&str] = &[".git", "target", "node_modules"];
/// Files no build reads whose changes never call for one either: logs (a
/// `quire watch 2> build.log` in the project would rebuild forever),
/// editors' swap and backup files.
const IGNORED_EXTENSIONS: &[&str] = &["log", "swp", "swx", "bak", "orig"];

/// What a burst of changes touched, and so what a rebuild covers.
pub enum Change {
    /// Only these Markdown sources changed.
    Sources(Vec<PathBuf>),
    /// Something every document may use changed (layout, data, font, config).
    Everything,
}

/// What wakes the watch: a change on disk, or a request to stop.
enum Wake {
    Changed(notify::Result<notify::Event>),
    Stop,
}

/// A watch not yet started: its `Stopper` can be handed out first (to a
/// Ctrl-C handler), so a stop asked for during the first build is kept.
pub struct Watch {
    sender: mpsc::Sender<Wake>,
    wakes: mpsc::Receiver<Wake>,
}

/// Ends a watch from another thread. The watch finishes the rebuild under
/// way (never half a file written) and then returns.
#[derive(Clone)]
pub struct Stopper(mpsc::Sender<Wake>);

impl Stopper {
    pub fn stop(&self) {
        // A watch already ended needs no telling.
        let _ = self.0.send(Wake::Stop);
    }
}

impl Default for Watch {
    fn default() -> Self {
        Self::new()
    }
}

impl Watch {
    pub fn new() -> Self {
        let (sender, wakes) = mpsc::channel();
        Watch { sender, wakes }
    }

    pub fn stopper(&self) -> Stopper {
        Stopper(self.sender.clone())
    }

    /// Watches `root` (without `output`), calls `ready` once the watch is
    /// in place (a change from then on is seen), and `build` after each
    /// burst of changes. Rebuilds run one at a time on this thread; changes
    /// made during one are gathered into the next. Returns when stopped, or
    /// if the watcher cannot start.
    pub fn run(
        self,
        root: &Path,
        output: &Path,
        ready: impl FnOnce(),
        mut build: impl FnMut(Change),
    ) -> Result<(), notify::Error> {
        use notify::{RecursiveMode, Watcher};
        let sender = self.sender.clone();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(Wake::Changed(event));
        })?;
        watcher.watch(root, RecursiveMode::Recursive)?;
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let output = std::fs::canonicalize(output).unwrap_or_else(|_| root.join(output));
        ready();
        loop {
            let Ok(Wake::Changed(first)) = self.wakes.recv() else {
                return Ok(());
            };
            let mut changed = BTreeSet::new();
            collect(first, &root, &output, &mut changed);
            let deadline = Instant::now() + DEBOUNCE;
            while let Some(left) = deadline.checked_duration_since(Instant::now()) {
                match self.wakes.recv_timeout(left) {
                    Ok(Wake::Changed(event)) => collect(event, &root, &output, &mut changed),
                    Ok(Wake::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                }
            }
            if changed.is_empty() {
                continue;
            }
            let markdown =
                |p: &PathBuf| p.extension().is_some_and(|e| e == "md" || e == "markdown");
            if changed.iter().all(markdown) {
                build(Change::Sources(changed.into_iter().collect()));
            } else {
                build(Change::Everything);
            }
        }
    }
}

fn collect(
    event: notify::Result<notify::Event>,
    root: &Path,
    output: &Path,
    changed: &mut BTreeSet<PathBuf>,
) {
    let Ok(event) = event else { return };
    if event.kind.is_access() {
        return;
    }
    for path in event.paths {
        let ignored = path.starts_with(output)
            || path.strip_prefix(root).is_ok_and(|rel| {
                rel.components().any(|c| {
                    let name = c.as_os_str().to_string_lossy();
                    IGNORED.contains(&name.as_ref()) || name.starts_with(".#")
                })
            })
            || path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with('~') || n == ".DS_Store")
            || path.extension().is_some_and(|ext| {
                IGNORED_EXTENSIONS
                    .iter()
                    .any(|ignored| ext.eq_ignore_ascii_case(ignored))
            });
        if !ignored {
            changed.insert(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A log, a swap file or a backup beside the sources is no change to
    /// rebuild for; the source itself is.
    #[test]
    fn logs_and_editor_files_are_not_changes() {
        let root = Path::new("/project");
        let output = Path::new("/project/dist");
        let mut changed = BTreeSet::new();
        for name in [
            "build.log",
            ".doc.md.swp",
            "doc.md~",
            "doc.md.orig",
            ".DS_Store",
            "dist/doc.pdf",
            "doc.md",
        ] {
            let event =
                notify::Event::new(notify::EventKind::Modify(notify::event::ModifyKind::Any))
                    .add_path(root.join(name));
            collect(Ok(event), root, output, &mut changed);
        }
        assert_eq!(
            changed.into_iter().collect::<Vec<_>>(),
            [root.join("doc.md")]
        );
    }

    /// Runs `watch` on a thread; what it returned, or None if it did not end.
    fn ends(watch: impl FnOnce() -> usize + Send + 'static) -> Option<usize> {
        let (sender, ended) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = sender.send(watch());
        });
        ended.recv_timeout(Duration::from_secs(60)).ok()
    }

    #[test]
    fn a_stop_asked_before_the_watch_starts_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let watch = Watch::new();
        watch.stopper().stop();
        let builds = ends(move || {
            let mut builds = 0;
            watch
                .run(&root, &root.join("out"), || {}, |_| builds += 1)
                .unwrap();
            builds
        });
        assert_eq!(builds, Some(0));
    }

    #[test]
    fn a_stop_during_a_rebuild_ends_the_watch_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let watch = Watch::new();
        let stopper = watch.stopper();
        let builds = ends(move || {
            let mut builds = 0;
            let source = root.join("doc.md");
            watch
                .run(
                    &root,
                    &root.join("out"),
                    || std::fs::write(&source, "changed").unwrap(),
                    |change| {
                        assert!(matches!(change, Change::Sources(_)));
                        builds += 1;
                        stopper.stop();
                    },
                )
                .unwrap();
            builds
        });
        assert_eq!(builds, Some(1));
    }
}
