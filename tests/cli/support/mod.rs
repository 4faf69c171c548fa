//! Shared helpers for the integration tests: the loopback server and running the binary.

pub mod pki;
pub mod recorded;
pub mod server;
pub mod sigv4;
pub mod sso;
pub mod time;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A temporary folder that is removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "ssooidc-test-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The built binary with a clean environment: HOME and the shared config files point into `dir`,
/// the region is us-east-1, retries do not wait, instance metadata is off.
pub fn ssooidc(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("ssooidc"));
    cmd.env_clear();
    set_home(&mut cmd, dir)
        .env("AWS_CONFIG_FILE", dir.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"))
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("SSOOIDC_NO_RETRY_BACKOFF", "1")
        // The credential chain ends with instance metadata: never let a test ask the real
        // 169.254.169.254. Tests of that provider remove this and name a loopback endpoint.
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .current_dir(dir)
        .stdin(Stdio::null());
    cmd
}

/// Makes `dir` the home of the child `cmd` starts: `HOME`, and on Windows `USERPROFILE` (the
/// home `~` names there, for Python and ssooidc alike) and `SYSTEMROOT`, without which a child
/// whose environment was cleared cannot open sockets (Winsock finds its providers through it).
pub fn set_home<'a>(cmd: &'a mut Command, dir: &Path) -> &'a mut Command {
    cmd.env("HOME", dir);
    #[cfg(windows)]
    {
        cmd.env("USERPROFILE", dir);
        if let Some(root) = std::env::var_os("SYSTEMROOT") {
            cmd.env("SYSTEMROOT", root);
        }
    }
    cmd
}

/// The name Python is run by: `python3` on Unix; on Windows the installers (and GitHub's
/// runners) name it `python`.
pub const PYTHON: &str = if cfg!(windows) { "python" } else { "python3" };

/// `ssooidc register-client --client-name n --client-type public --endpoint-url URL`, the
/// command most tests run, in a clean environment rooted at `dir`.
pub fn register(url: &str, dir: &TempDir) -> Command {
    let mut cmd = ssooidc(dir.path());
    cmd.args([
        "register-client",
        "--client-name",
        "n",
        "--client-type",
        "public",
        "--endpoint-url",
        url,
    ]);
    cmd
}

/// Runs `cmd`, feeding `stdin` if given.
pub fn run(cmd: &mut Command, stdin: Option<&str>) -> Output {
    use std::io::Write;
    if stdin.is_some() {
        cmd.stdin(Stdio::piped());
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn ssooidc");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(text.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait for ssooidc")
}

/// How a bounded run ended.
#[cfg(unix)]
#[derive(Debug)]
pub struct Finished {
    pub status: std::process::ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Wall time from spawn to exit.
    pub elapsed: std::time::Duration,
    /// The child's peak resident set size in KiB (`ru_maxrss` from `wait4`).
    pub max_rss_kib: u64,
}

#[cfg(unix)]
impl Finished {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// Spawns `cmd` with piped output and waits at most `limit`; a child still running then is
/// killed and the test fails, so a hang shows up as a failure instead of blocking CI.
#[cfg(unix)]
pub fn spawn_bounded(cmd: &mut Command, limit: std::time::Duration) -> Finished {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ssooidc");
    wait_bounded(child, limit)
}

/// `ru_maxrss` units in a KiB: macOS counts bytes, Linux and the BSDs KiB.
#[cfg(unix)]
const RU_MAXRSS_PER_KIB: u64 = if cfg!(target_vendor = "apple") {
    1024
} else {
    1
};

/// Waits for `child` (whose stdout and stderr are piped, or null) at most `limit`.
#[cfg(unix)]
pub fn wait_bounded(mut child: std::process::Child, limit: std::time::Duration) -> Finished {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::time::{Duration, Instant};
    let started = Instant::now();
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let pid = child.id() as libc::pid_t;
    let (raw_status, usage) = loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value of this plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our own child, not yet reaped; both pointers are valid for the call.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break (status, usage);
        }
        assert!(
            reaped == 0,
            "wait4 failed: {}",
            std::io::Error::last_os_error()
        );
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            panic!(
                "ssooidc still running after {limit:?} (killed); stderr so far: {:?}",
                String::from_utf8_lossy(&stderr.join().unwrap_or_default())
            );
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = started.elapsed();
    Finished {
        status: std::process::ExitStatus::from_raw(raw_status),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        elapsed,
        max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0) / RU_MAXRSS_PER_KIB,
    }
}

/// Text that must never reach a user: Rust's panic report and its backtrace hint.
#[cfg(unix)]
pub fn assert_no_panic_text(stderr: &str) {
    for marker in [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "internal error",
    ] {
        assert!(
            !stderr.contains(marker),
            "panic text {marker:?} in {stderr:?}"
        );
    }
}

/// A failure as the README promises it: exit 255, nothing on stdout, exactly one non-empty line
/// on stderr containing `expected`, no panic text.
#[cfg(unix)]
pub fn assert_one_line_failure(out: &Finished, expected: &str) {
    let stderr = out.stderr_text();
    assert_no_panic_text(&stderr);
    assert_eq!(out.code(), Some(255), "exit code; stderr {stderr:?}");
    assert!(out.stdout.is_empty(), "stdout {:?}", out.stdout_text());
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "want one line on stderr, got {stderr:?}");
    assert!(
        lines[0].contains(expected),
        "stderr {stderr:?} lacks {expected:?}"
    );
}

/// Python with botocore 1.43.11: the system's [`PYTHON`] when it imports botocore (this
/// machine's has awscli 1.45.11), else a venv under target/ made with `pip install
/// awscli==1.45.11`. A machine with neither fails the test with the reason: it is never skipped.
pub fn python_with_botocore() -> PathBuf {
    let imports = |python: &Path| {
        Command::new(python)
            .args([
                "-c",
                "import botocore, sys; sys.exit(botocore.__version__ != '1.43.11')",
            ])
            .output()
            .is_ok_and(|out| out.status.success())
    };
    let system = PathBuf::from(PYTHON);
    if imports(&system) {
        return system;
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("botocore-venv");
    // A venv's interpreter: Scripts\python.exe on Windows, bin/python elsewhere.
    let python = if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    };
    if !imports(&python) {
        let made = Command::new(PYTHON)
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success())
            && Command::new(&python)
                .args(["-m", "pip", "install", "-q", "awscli==1.45.11"])
                .status()
                .is_ok_and(|s| s.success());
        assert!(
            made && imports(&python),
            "this test needs botocore 1.43.11: neither {PYTHON} nor {} imports it, and pip \
             could not install awscli==1.45.11",
            venv.display()
        );
    }
    python
}
