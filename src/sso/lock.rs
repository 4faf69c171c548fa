//! A lock file beside a cache file, so that concurrent ssooidc runs for one session (a refresh,
//! a login) or one cached credential wait for each other instead of each doing the work: the
//! first does it and writes the cache, the others then read it.
//!
//! The lock is the operating system's advisory file lock (`File::try_lock`): it is released
//! when the holder's file closes, also when the process dies, so a crashed run never leaves
//! the others waiting. Waiting polls, so that it has a time limit; SIGINT ends it at once (the
//! default disposition: no handler is installed while waiting here).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How often a waiting run tries again.
const POLL: Duration = Duration::from_millis(20);

/// A held lock; dropping it releases it (the file stays, empty, for the next run).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Takes the lock at `path` (created 0600 if missing, its directory must exist), waiting at most
/// `timeout` for another run to release it.
pub fn acquire(path: &Path, timeout: Duration) -> Result<Lock> {
    let file = open(path).map_err(|err| {
        Error::msg(format!(
            "Unable to open the lock file {}: {}",
            path.display(),
            crate::python::io::errno_text(&err)
        ))
    })?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock { _file: file }),
            Err(TryLockError::WouldBlock) if started.elapsed() < timeout => {
                std::thread::sleep(POLL)
            }
            Err(TryLockError::WouldBlock) => {
                return Err(Error::msg(format!(
                    "Timed out after {} s waiting for another ssooidc run to release {}",
                    timeout.as_secs(),
                    path.display()
                )))
            }
            Err(TryLockError::Error(err)) => {
                return Err(Error::msg(format!(
                    "Unable to lock {}: {}",
                    path.display(),
                    crate::python::io::errno_text(&err)
                )))
            }
        }
    }
}

/// The lock file for cache file `path`: the same name with `.lock` added.
pub fn path_for(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

fn open(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "ssooidc-lock-{}-{}",
            std::process::id(),
            crate::service::random::next_u64()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    // Guards: a second taker waits for the first and times out while it holds the lock; once
    // the first is dropped the lock is free again.
    #[test]
    fn one_holder_at_a_time() {
        let dir = temp_dir();
        let path = path_for(&dir.join("token.json"));
        assert!(path.ends_with("token.json.lock"));
        let first = acquire(&path, Duration::from_secs(1)).unwrap();
        let started = Instant::now();
        let err = acquire(&path, Duration::from_millis(100)).unwrap_err();
        assert!(started.elapsed() >= Duration::from_millis(100));
        assert!(
            err.to_string().starts_with("Timed out after 0 s waiting"),
            "{err}"
        );
        drop(first);
        let again = acquire(&path, Duration::from_millis(100));
        assert!(again.is_ok());
        let _ = std::fs::remove_dir_all(dir);
    }

    // Guards: a waiting taker gets the lock as soon as the holder releases it.
    #[test]
    fn a_waiter_gets_it_when_released() {
        let dir = temp_dir();
        let path = path_for(&dir.join("x.json"));
        let first = acquire(&path, Duration::from_secs(1)).unwrap();
        let waiter = {
            let path = path.clone();
            std::thread::spawn(move || acquire(&path, Duration::from_secs(5)).map(|_| ()))
        };
        std::thread::sleep(Duration::from_millis(100));
        drop(first);
        assert!(waiter.join().unwrap().is_ok());
        let _ = std::fs::remove_dir_all(dir);
    }
}
