//! Python's `os.path.expanduser` and `os.path.expandvars`, which the AWS CLI applies to the paths
//! of parameter files (`expandvars(expanduser(p))`) and botocore to config file paths
//! (`expanduser(expandvars(p))`); each caller composes them in its own order.

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

/// `posixpath.expanduser`: `~` -> `$HOME`, `~user` -> that user's home from
/// `/etc/passwd`; unknown users leave the path unchanged. Without `$HOME` Python
/// asks the password database for the current uid; we leave the path unchanged.
pub fn expand_user(path: &str) -> String {
    let Some(after) = path.strip_prefix('~') else {
        return path.to_string();
    };
    let (user, rest) = match after.split_once('/') {
        Some((user, rest)) => (user, Some(rest)),
        None => (after, None),
    };
    let home = if user.is_empty() {
        std::env::var_os("HOME").map(|h| h.to_string_lossy().into_owned())
    } else {
        passwd_home(user)
    };
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

    #[test]
    fn expand_user_like_python() {
        let home = std::env::var("HOME").unwrap_or_default();
        let home = home.trim_end_matches('/');
        assert_eq!(expand_user("~/.aws/config"), format!("{home}/.aws/config"));
        assert_eq!(expand_user("x/~"), "x/~");
        assert_eq!(expand_user("~no_such_user_x1/a"), "~no_such_user_x1/a");
        assert_eq!(expand_user("~root/a"), "/root/a");
    }
}
