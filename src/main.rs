//! The `quire` binary: everything is in `cli/`.

mod cli;

fn main() -> std::process::ExitCode {
    keep_freed_memory();
    std::process::ExitCode::from(cli::run_args(std::env::args_os()))
}

/// glibc's allocator hands each large block (a compressor's 270 KB of
/// tables, a font being cut) to the kernel and back, and shrinks a worker
/// thread's heap whenever its top is free, so the same pages are mapped,
/// zeroed and faulted in again and again (193 one-page `mprotect` calls in
/// the seed's html build; a twentieth of its time, and of the EPUB's). A
/// build is short and its memory all goes at exit, so this keeps freed
/// memory for the next use. (The binary only:
/// inside Python, the interpreter's process is not ours to tune.)
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_memory() {
    use std::ffi::c_int;
    // glibc's malloc.h.
    const M_TRIM_THRESHOLD: c_int = -1;
    const M_MMAP_THRESHOLD: c_int = -3;
    extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    // SAFETY: mallopt only sets the allocator's parameters, called before
    // any other thread starts; a refused value leaves the default.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 128 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_freed_memory() {}
