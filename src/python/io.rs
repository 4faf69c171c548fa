//! Reading a file the user named (a parameter file, a CA bundle) as Python's `open().read()`
//! would, with Python's `OSError` texts, and without ever blocking on a named pipe.

use std::io::Read;
use std::path::Path;

/// The largest file read; anything larger is certainly not a parameter value, and
/// reading it whole could exhaust memory.
const MAX_PARAMFILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a parameter file once (so `file:///dev/stdin` works, unlike v1: policy P4).
///
/// Never blocks on a named pipe that nothing writes to: the file is opened without waiting for a
/// writer, and a pipe that is empty with no writer is refused. A pipe whose writer is there
/// (`file:///dev/stdin` from a pipe, `file://<(cmd)`, a FIFO with its writer started first) is
/// read to its end as usual.
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    if path.is_dir() {
        return Err(std::io::Error::from_raw_os_error(21));
    }
    let mut file = open_for_reading(path)?;
    let mut bytes = Vec::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file.metadata()?.file_type().is_fifo() {
            bytes = probe_pipe(&mut file, path)?;
        }
        set_blocking(&file)?;
    }
    let limit = (MAX_PARAMFILE_BYTES + 1).saturating_sub(bytes.len() as u64);
    (&mut file).take(limit).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_PARAMFILE_BYTES {
        return Err(std::io::Error::other(format!(
            "the file is larger than {} MiB",
            MAX_PARAMFILE_BYTES / 1024 / 1024
        )));
    }
    Ok(bytes)
}

/// Opens `path` for reading; on Unix without blocking, since opening a named pipe otherwise waits
/// until some process opens it for writing, which may be never.
fn open_for_reading(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The first bytes of a pipe opened without blocking: what is there already, or nothing when a
/// writer is connected but has not written yet. End of file at once means no writer (or one that
/// wrote nothing): there is nothing to read, and waiting would wait forever.
#[cfg(unix)]
fn probe_pipe(file: &mut std::fs::File, path: &Path) -> std::io::Result<Vec<u8>> {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => {
                return Err(std::io::Error::other(format!(
                    "{} is a pipe with nothing to read (no process is writing to it)",
                    path.display()
                )))
            }
            Ok(n) => {
                buf.truncate(n);
                return Ok(buf);
            }
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => return Ok(Vec::new()),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
}

/// Clears `O_NONBLOCK` so the rest is read normally (a terminal or a slow writer is waited for).
#[cfg(unix)]
fn set_blocking(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function's caller owns and keeps open; F_GETFL and
    // F_SETFL only read and set the file status flags.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// An I/O error in Python's `OSError` form: `[Errno 2] No such file or directory: 'path'`.
pub fn os_error_text(err: &std::io::Error, path: &str) -> String {
    match err.raw_os_error() {
        Some(_) => format!(
            "{}: {}",
            errno_text(err),
            crate::python::json::repr_str(path)
        ),
        None => err.to_string(),
    }
}

/// The `[Errno N] reason` part of Python's `OSError` text (the error itself when it has no
/// errno).
pub fn errno_text(err: &std::io::Error) -> String {
    let text = err.to_string();
    match err.raw_os_error() {
        Some(code) => {
            let reason = text
                .strip_suffix(&format!(" (os error {code})"))
                .unwrap_or(&text);
            format!("[Errno {code}] {reason}")
        }
        None => text,
    }
}
