//! Opening a URL in the user's browser, as Python's `webbrowser.open_new_tab` does for the AWS
//! CLI v2: `$BROWSER` first (commands separated by `:`, `;` on Windows, each split as a shell
//! line, `%s` replaced by the URL or else the URL appended; the first that starts is used), else
//! the platform's opener. Failing to open is not an error: the URL is printed anyway. And
//! whether this machine can show a browser at all.

use std::process::{Command, Stdio};

use crate::config::env::Environment;

/// Why no browser can be shown here (no `$BROWSER` and no display, or an SSH session), if so.
pub(super) fn headless_reason(env: &dyn Environment) -> Option<&'static str> {
    if env.var("BROWSER").is_some_and(|b| !b.is_empty()) {
        return None;
    }
    if env.var("SSH_CONNECTION").is_some() || env.var("SSH_TTY").is_some() {
        return Some("this is an SSH session");
    }
    let no_display = env.var("DISPLAY").is_none_or(|d| d.is_empty())
        && env.var("WAYLAND_DISPLAY").is_none_or(|d| d.is_empty());
    if cfg!(all(unix, not(target_vendor = "apple"))) && no_display {
        return Some("there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
    }
    None
}

/// Opens `url`; whether a browser command was started. It is not waited for.
pub(super) fn open(url: &str, env: &dyn Environment) -> bool {
    let separator = if cfg!(windows) { ';' } else { ':' };
    if let Some(choices) = env.var("BROWSER") {
        for choice in choices.split(separator).filter(|c| !c.trim().is_empty()) {
            let Ok(mut words) = crate::python::shlex::split(choice) else {
                continue;
            };
            if words.is_empty() {
                continue;
            }
            if words.iter().any(|w| w.contains("%s")) {
                for word in &mut words {
                    *word = word.replace("%s", url);
                }
            } else {
                words.push(url.to_owned());
            }
            if spawn(&words[0], &words[1..]) {
                return true;
            }
        }
        return false;
    }
    let url = url.to_owned();
    if cfg!(target_vendor = "apple") {
        spawn("open", &[url])
    } else if cfg!(windows) {
        // Python's `os.startfile(url)` (ShellExecute), without a shell: through `cmd /C start`
        // the URL's `&`s would separate commands, and a login URL has several.
        spawn("rundll32", &["url.dll,FileProtocolHandler".into(), url])
    } else {
        spawn("xdg-open", &[url])
    }
}

/// Starts `program` with its output silenced and reaps it in the background.
fn spawn(program: &str, args: &[String]) -> bool {
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match child {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
            true
        }
        Err(_) => false,
    }
}
