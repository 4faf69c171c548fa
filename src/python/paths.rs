//! Python's `os.path.expanduser` and `os.path.expandvars`, which the AWS CLI applies to the paths
//! of parameter files (`expandvars(expanduser(p))`) and botocore to config file paths
//! (`expanduser(expandvars(p))`); both orders are here, named after the Python expression.

/// `posixpath.expandvars`: `$name` / `${name}` (name = ASCII `\w+`, or anything
/// without `}` inside braces) replaced when set, left as written otherwise.
pub fn expand_vars(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some((before, after)) = rest.split_once('$') {
        out.push_str(before);
        out.push('$');
        rest = after;
        let Some((name, tail)) = var_reference(after) else {
            continue;
        };
        match env_var(name) {
            Some(value) => {
                out.pop();
                out.push_str(&value);
            }
            None => out.push_str(after.strip_suffix(tail).unwrap_or_default()),
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// The `(\w+|\{[^}]*\})` after a `$`: the variable name and the text after it.
fn var_reference(after: &str) -> Option<(&str, &str)> {
    if let Some(inner) = after.strip_prefix('{') {
        return inner.split_once('}');
    }
    let tail = after.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    let name = after.strip_suffix(tail)?;
    (!name.is_empty()).then_some((name, tail))
}

fn env_var(name: &str) -> Option<String> {
    // os.environ can never hold these names; std may reject them.
    if name.is_empty() || name.contains(['=', '\0']) {
        return None;
    }
    std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
}

/// `os.path.expanduser` as Python does it on this platform: `ntpath`'s rules on Windows,
/// `posixpath`'s elsewhere. Only this choice depends on the platform; both rule sets are plain
/// functions of their lookups, tested everywhere.
pub fn expand_user(path: &str) -> String {
    if cfg!(windows) {
        expand_user_windows(path, &env_var)
    } else {
        expand_user_posix(path, env_var("HOME"), &passwd_home)
    }
}

/// `posixpath.expanduser`: `~` -> `home` (`$HOME`), `~user` -> that user's home from `passwd`;
/// unknown users leave the path unchanged. Without `$HOME` Python asks the password database
/// for the current uid; we leave the path unchanged.
fn expand_user_posix(
    path: &str,
    home: Option<String>,
    passwd: &dyn Fn(&str) -> Option<String>,
) -> String {
    let Some(after) = path.strip_prefix('~') else {
        return path.to_string();
    };
    let (user, rest) = match after.split_once('/') {
        Some((user, rest)) => (user, Some(rest)),
        None => (after, None),
    };
    let home = if user.is_empty() { home } else { passwd(user) };
    let Some(home) = home else {
        return path.to_string();
    };
    let rest = rest.map(|r| format!("/{r}")).unwrap_or_default();
    let joined = format!("{}{rest}", home.trim_end_matches('/'));
    if joined.is_empty() {
        "/".to_string()
    } else {
        joined
    }
}

fn passwd_home(user: &str) -> Option<String> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        match fields.as_slice() {
            [name, _, _, _, _, home, ..] if *name == user => Some(home.to_string()),
            _ => None,
        }
    })
}

/// `ntpath.expanduser` (Python 3.10 and later; `env` is `os.environ`): the home is
/// `USERPROFILE`, else `HOMEDRIVE` joined with `HOMEPATH` (`HOME` is not read since Python 3.8);
/// without either the path is unchanged. `~user` other than `USERNAME` is guessed as a sibling
/// of the current home, and only when the current home's last component is `USERNAME`. Both
/// `\` and `/` end the `~user` part; the rest of the path is appended as written.
fn expand_user_windows(path: &str, env: &dyn Fn(&str) -> Option<String>) -> String {
    let Some(after) = path.strip_prefix('~') else {
        return path.to_string();
    };
    let end = after.find(['\\', '/']).unwrap_or(after.len());
    let (user, rest) = after.split_at(end);
    let home = match (env("USERPROFILE"), env("HOMEPATH")) {
        (Some(profile), _) => profile,
        (None, None) => return path.to_string(),
        (None, Some(home_path)) => nt_join(&env("HOMEDRIVE").unwrap_or_default(), &home_path),
    };
    let home = if user.is_empty() {
        home
    } else {
        let current = env("USERNAME");
        if current.as_deref() == Some(user) {
            home
        } else {
            let (parent, last) = nt_split(&home);
            if current.as_deref() != Some(last) {
                return path.to_string();
            }
            nt_join(&parent, user)
        }
    };
    format!("{home}{rest}")
}

fn is_nt_sep(c: char) -> bool {
    c == '\\' || c == '/'
}

/// `ntpath.splitdrive`: `(drive or UNC share, rest)`.
fn nt_splitdrive(p: &str) -> (&str, &str) {
    let norm = p.replace('/', "\\");
    if norm.starts_with("\\\\") {
        // UNC drives (\\server\share, \\?\UNC\server\share) and device drives (\\.\device).
        let start = if norm
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("\\\\?\\UNC\\"))
        {
            8
        } else {
            2
        };
        let Some(first) = norm[start..].find('\\').map(|i| i + start) else {
            return (p, "");
        };
        let Some(second) = norm[first + 1..].find('\\').map(|i| i + first + 1) else {
            return (p, "");
        };
        return p.split_at(second);
    }
    let mut chars = p.char_indices();
    match (chars.next(), chars.next()) {
        (Some(_), Some((colon, ':'))) => p.split_at(colon + 1),
        _ => ("", p),
    }
}

/// `ntpath.split`: `(head, tail)`, tail being the last component; `dirname` and `basename`.
fn nt_split(p: &str) -> (String, &str) {
    let (drive, rest) = nt_splitdrive(p);
    let cut = rest.rfind(is_nt_sep).map_or(0, |i| i + 1);
    let (head, tail) = rest.split_at(cut);
    let trimmed = head.trim_end_matches(is_nt_sep);
    let head = if trimmed.is_empty() { head } else { trimmed };
    (format!("{drive}{head}"), tail)
}

/// `ntpath.join(a, b)`.
fn nt_join(a: &str, b: &str) -> String {
    let (mut drive, mut path) = {
        let (d, p) = nt_splitdrive(a);
        (d.to_string(), p.to_string())
    };
    let (b_drive, b_path) = nt_splitdrive(b);
    if b_path.starts_with(is_nt_sep) {
        // The second path is absolute.
        if !b_drive.is_empty() || drive.is_empty() {
            drive = b_drive.to_string();
        }
        path = b_path.to_string();
    } else if !b_drive.is_empty() && b_drive != drive {
        if b_drive.to_lowercase() != drive.to_lowercase() {
            // Another drive: the first path is dropped.
            return format!("{b_drive}{}", with_unc_sep(b_drive, b_path));
        }
        // The same drive in another case.
        drive = b_drive.to_string();
        path = join_relative(&path, b_path);
    } else {
        path = join_relative(&path, b_path);
    }
    format!("{drive}{}", with_unc_sep(&drive, &path))
}

fn join_relative(path: &str, next: &str) -> String {
    if !path.is_empty() && !path.ends_with(is_nt_sep) {
        format!("{path}\\{next}")
    } else {
        format!("{path}{next}")
    }
}

/// The separator `ntpath.join` puts between a UNC share and a relative path.
fn with_unc_sep(drive: &str, path: &str) -> String {
    if !path.is_empty()
        && !path.starts_with(is_nt_sep)
        && !drive.is_empty()
        && !drive.ends_with(':')
    {
        format!("\\{path}")
    } else {
        path.to_string()
    }
}

/// `os.path.expandvars(os.path.expanduser(path))`: the AWS CLI's order for parameter files
/// (`awscli/paramfile.py`), also used for CA bundles.
pub fn expandvars_expanduser(path: &str) -> String {
    expand_vars(&expand_user(path))
}

/// `os.path.expanduser(os.path.expandvars(path))`: botocore's order for the shared config files
/// (`configloader.raw_config_parse`).
pub fn expanduser_expandvars(path: &str) -> String {
    expand_user(&expand_vars(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expand_vars_like_python() {
        // PATH is always set in test environments; the others never are.
        let path = std::env::var("PATH").unwrap_or_default();
        assert_eq!(expand_vars("$PATH/x"), format!("{path}/x"));
        assert_eq!(expand_vars("${PATH}y"), format!("{path}y"));
        assert_eq!(expand_vars("$NO_SUCH_VAR_X1/a"), "$NO_SUCH_VAR_X1/a");
        assert_eq!(expand_vars("a$"), "a$");
        assert_eq!(expand_vars("${}"), "${}");
        assert_eq!(expand_vars("${PATH"), "${PATH");
        assert_eq!(expand_vars("$-x"), "$-x");
        assert_eq!(expand_vars("$$PATH"), format!("${path}"));
        assert_eq!(expand_vars("a${x$y}b"), "a${x$y}b");
    }

    /// Environment variables as `(name, value)` pairs.
    type Vars<'a> = &'a [(&'a str, &'a str)];

    /// A fixed environment for the pure rule sets.
    fn env<'a>(pairs: Vars<'a>) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    // Expected values from CPython 3.11's posixpath.expanduser with the same HOME and users.
    #[test]
    fn expand_user_posix_rules() {
        let passwd = |user: &str| match user {
            "alice" => Some("/home/alice/".to_string()),
            "rootish" => Some("/".to_string()),
            _ => None,
        };
        let home = || Some("/home/me/".to_string());
        let expand = |path| expand_user_posix(path, home(), &passwd);
        assert_eq!(expand("~"), "/home/me");
        assert_eq!(expand("~/.aws/config"), "/home/me/.aws/config");
        assert_eq!(expand("~\\x"), "~\\x");
        assert_eq!(expand("x/~"), "x/~");
        assert_eq!(expand("~alice/a"), "/home/alice/a");
        assert_eq!(expand("~rootish"), "/");
        assert_eq!(expand("~rootish/a"), "/a");
        assert_eq!(expand("~nobody_x1/a"), "~nobody_x1/a");
        assert_eq!(expand_user_posix("~/a", Some("/".into()), &passwd), "/a");
        assert_eq!(expand_user_posix("~", Some(String::new()), &passwd), "/");
        assert_eq!(expand_user_posix("~/a", None, &passwd), "~/a");
    }

    // Expected values from CPython 3.11's ntpath.expanduser (`os.environ` set to each table).
    #[test]
    fn expand_user_windows_rules() {
        let me = [("USERPROFILE", r"C:\Users\me"), ("USERNAME", "me")];
        let cases = [
            ("~", r"C:\Users\me"),
            ("~/x", r"C:\Users\me/x"),
            (r"~\x", r"C:\Users\me\x"),
            (r"~\", r"C:\Users\me\"),
            ("x/~", "x/~"),
            ("~alice", r"C:\Users\alice"),
            (r"~alice\a/b", r"C:\Users\alice\a/b"),
            ("~me/d", r"C:\Users\me/d"),
            ("~a:b/c", "a:b/c"),
            ("~é/x", r"C:\Users\é/x"),
        ];
        for (path, want) in cases {
            assert_eq!(expand_user_windows(path, &env(&me)), want, "{path}");
        }
        let table: &[(Vars, &str, &str)] = &[
            // HOME is not read (Python 3.8 and later).
            (&[("HOME", "/home/me"), ("USERNAME", "me")], "~/x", "~/x"),
            (&[("HOMEDRIVE", "D:"), ("USERNAME", "me")], "~/x", "~/x"),
            // USERPROFILE wins over HOMEDRIVE + HOMEPATH.
            (
                &[
                    ("USERPROFILE", r"C:\u"),
                    ("HOMEDRIVE", "D:"),
                    ("HOMEPATH", r"\h"),
                ],
                "~/x",
                r"C:\u/x",
            ),
            (
                &[
                    ("HOMEDRIVE", "D:"),
                    ("HOMEPATH", r"\home\me"),
                    ("USERNAME", "me"),
                ],
                "~bob/c",
                r"D:\home\bob/c",
            ),
            (&[("HOMEPATH", r"\home\me")], "~/x", r"\home\me/x"),
            (
                &[
                    ("HOMEDRIVE", r"\\srv\sh"),
                    ("HOMEPATH", "me"),
                    ("USERNAME", "me"),
                ],
                "~alice",
                r"\\srv\sh\alice",
            ),
            (
                &[
                    ("HOMEDRIVE", "C:"),
                    ("HOMEPATH", "Users/me"),
                    ("USERNAME", "me"),
                ],
                "~bob/c",
                r"C:Users\bob/c",
            ),
            (
                &[
                    ("HOMEDRIVE", "C:"),
                    ("HOMEPATH", r"D:\x\me"),
                    ("USERNAME", "me"),
                ],
                "~/x",
                r"D:\x\me/x",
            ),
            // ~user is guessed only when the home's last component is USERNAME.
            (&[("USERPROFILE", r"C:\Users\me")], "~alice/x", "~alice/x"),
            (
                &[("USERPROFILE", r"C:\Users\me"), ("USERNAME", "other")],
                "~alice",
                "~alice",
            ),
            (
                &[("USERPROFILE", r"C:\Users\me\"), ("USERNAME", "me")],
                "~alice",
                "~alice",
            ),
            (
                &[("USERPROFILE", r"C:\Users\me\"), ("USERNAME", "me")],
                "~me/d",
                r"C:\Users\me\/d",
            ),
            (
                &[("USERPROFILE", r"\\server\share\me"), ("USERNAME", "me")],
                "~alice",
                r"\\server\share\alice",
            ),
            (
                &[("USERPROFILE", r"\\server\share"), ("USERNAME", "share")],
                "~alice",
                "~alice",
            ),
            (
                &[("USERPROFILE", r"C:\"), ("USERNAME", "")],
                "~alice",
                r"C:\alice",
            ),
            (
                &[("USERPROFILE", "C:me"), ("USERNAME", "me")],
                "~alice",
                "C:alice",
            ),
            (&[("USERPROFILE", ""), ("USERNAME", "")], "~alice", "alice"),
            (&[("USERPROFILE", ""), ("USERNAME", "")], "~/x", "/x"),
        ];
        for (vars, path, want) in table {
            assert_eq!(
                expand_user_windows(path, &env(vars)),
                *want,
                "{vars:?} {path}"
            );
        }
    }

    // The process's own HOME, as a POSIX Python reads it.
    #[cfg(unix)]
    #[test]
    fn expand_user_reads_home_on_unix() {
        let home = std::env::var("HOME").unwrap_or_default();
        let home = home.trim_end_matches('/');
        assert_eq!(expand_user("~/.aws/config"), format!("{home}/.aws/config"));
        assert_eq!(expand_user("~no_such_user_x1/a"), "~no_such_user_x1/a");
    }

    // root's home in /etc/passwd is /root on Linux (/var/root on macOS, which keeps users in
    // Directory Services rather than /etc/passwd).
    #[cfg(target_os = "linux")]
    #[test]
    fn expand_user_root_from_etc_passwd_on_linux() {
        assert_eq!(expand_user("~root/a"), "/root/a");
    }

    // USERPROFILE, as a Windows Python reads it (always set for a logged-in user).
    #[cfg(windows)]
    #[test]
    fn expand_user_reads_userprofile_on_windows() {
        let profile = std::env::var("USERPROFILE").unwrap_or_default();
        assert_eq!(
            expand_user(r"~\.aws\config"),
            format!(r"{profile}\.aws\config")
        );
        assert_eq!(
            expand_user("~/.aws/config"),
            format!("{profile}/.aws/config")
        );
    }
}
