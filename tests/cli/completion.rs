//! Shell completion: the hidden entry point the scripts call back (`ssooidc __complete INDEX
//! WORDS...`) run on partial command lines against a temporary config, `ssooidc completion
//! SHELL`, and the scripts in the shells themselves: bash always on Unix; zsh and fish, which a
//! machine may not have, in ignored tests (`cargo test --test cli completion -- --ignored`).

use std::path::Path;
use std::process::Output;

use crate::support::{run, ssooidc, TempDir};

/// Profiles in the config file (`[default]`, `[profile ...]`) and only in the credentials file,
/// and two sso-sessions; a `[services]` section that names no profile.
const CONFIG: &str = "[default]\nregion = us-east-1\n\n[profile dev]\nsso_session = corp\n\n\
                      [profile 'prod']\nregion = eu-west-1\n\n[sso-session corp]\n\
                      sso_start_url = https://corp.example/start\n\n[sso-session lab]\n\
                      sso_start_url = https://lab.example/start\n\n[services local]\n";
const CREDENTIALS: &str = "[ci]\naws_access_key_id = AKIDEXAMPLE\n\n[dev]\nregion = us-west-2\n";

/// A home with the config and credentials files where `ssooidc()` points.
fn home() -> TempDir {
    let dir = TempDir::new();
    std::fs::write(dir.path().join("config"), CONFIG).unwrap();
    std::fs::write(dir.path().join("credentials"), CREDENTIALS).unwrap();
    dir
}

/// The candidates for `line` with the cursor at its end (a trailing space starts a new word),
/// checking that the entry point exits 0 and says nothing on stderr.
fn complete_in(dir: &Path, line: &str) -> Vec<String> {
    let mut words: Vec<&str> = line.split(' ').collect();
    words.insert(0, "ssooidc");
    let index = (words.len() - 1).to_string();
    let out = run(ssooidc(dir).arg("__complete").arg(index).args(words), None);
    quiet_lines(&out, line)
}

fn quiet_lines(out: &Output, what: &str) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{what}: stderr {stderr:?}");
    assert!(stderr.is_empty(), "{what}: stderr {stderr:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout.lines().map(str::to_owned).collect()
}

#[test]
fn operations_commands_and_options() {
    let dir = home();
    let complete = |line: &str| complete_in(dir.path(), line);
    assert_eq!(complete("reg"), ["register-client"]);
    assert_eq!(
        complete("create-token"),
        ["create-token", "create-token-with-iam"]
    );
    assert_eq!(complete("comp"), ["completion"]);
    assert_eq!(
        complete("register-client --client-"),
        ["--client-name", "--client-type"]
    );
    let options = complete("create-token --client-id x --");
    assert!(!options.contains(&"--client-id".to_owned()), "{options:?}");
    for option in [
        "--grant-type",
        "--generate-cli-skeleton",
        "--profile",
        "--debug",
    ] {
        assert!(
            options.contains(&option.to_owned()),
            "{option}: {options:?}"
        );
    }
    assert_eq!(complete("login --f"), ["--force"]);
    assert_eq!(
        complete("completion "),
        ["bash", "zsh", "fish", "powershell", "help"]
    );
}

#[test]
fn choices_and_regions() {
    let dir = home();
    let complete = |line: &str| complete_in(dir.path(), line);
    assert_eq!(complete("--output "), ["json", "text", "table"]);
    assert_eq!(complete("--color a"), ["auto"]);
    assert_eq!(
        complete("export-credentials --format env"),
        ["env", "env-no-export"]
    );
    assert_eq!(
        complete("register-client --generate-cli-skeleton o"),
        ["output"]
    );
    assert_eq!(
        complete("--region=ap-northeast-"),
        [
            "--region=ap-northeast-1",
            "--region=ap-northeast-2",
            "--region=ap-northeast-3"
        ]
    );
    assert_eq!(
        complete("--region us-gov-"),
        ["us-gov-east-1", "us-gov-west-1"]
    );
    assert_eq!(complete("--ca-bundle "), [":files"]);
}

#[test]
fn profiles_and_sessions_from_the_config_files() {
    let dir = home();
    let complete = |line: &str| complete_in(dir.path(), line);
    // The credentials file adds `ci`; its `[dev]` is the config file's profile.
    assert_eq!(complete("--profile "), ["default", "dev", "prod", "ci"]);
    assert_eq!(complete("register-client --profile d"), ["default", "dev"]);
    assert_eq!(complete("login --sso-session "), ["corp", "lab"]);
    assert_eq!(complete("logout --sso-session=l"), ["--sso-session=lab"]);
    // Read at completion time: a profile added now is offered at once.
    let mut config = CONFIG.to_owned();
    config.push_str("[profile added]\n");
    std::fs::write(dir.path().join("config"), config).unwrap();
    assert_eq!(complete("--profile a"), ["added"]);
}

// Guards: without AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE the files are botocore's
// defaults under the home directory, `~` expanded as for every other run.
#[test]
fn default_files_are_under_home() {
    let dir = TempDir::new();
    std::fs::create_dir(dir.path().join(".aws")).unwrap();
    std::fs::write(dir.path().join(".aws/config"), CONFIG).unwrap();
    std::fs::write(dir.path().join(".aws/credentials"), CREDENTIALS).unwrap();
    let mut cmd = ssooidc(dir.path());
    cmd.env_remove("AWS_CONFIG_FILE")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .args(["__complete", "2", "ssooidc", "--profile", ""]);
    let out = run(&mut cmd, None);
    assert_eq!(
        quiet_lines(&out, "default files"),
        ["default", "dev", "prod", "ci"]
    );
}

// Guards: a completion never fails or prints an error, whatever the words or the config.
#[test]
fn trouble_gives_no_candidates_and_exit_0() {
    let dir = TempDir::new();
    std::fs::write(dir.path().join("config"), "[profile broken\nregion = x\n").unwrap();
    let cases: &[&[&str]] = &[
        &[],
        &["x"],
        &["-3", "ssooidc"],
        &["0", "ssooidc"],
        &["2", "ssooidc", "--profile"],
        &["3", "ssooidc", "--output", "=", "="],
    ];
    for args in cases {
        let out = run(ssooidc(dir.path()).arg("__complete").args(*args), None);
        assert!(
            quiet_lines(&out, &format!("{args:?}")).is_empty(),
            "{args:?}"
        );
    }
    // Past the last word is a new, empty word.
    assert_eq!(complete_in(dir.path(), "").len(), 10);
}

// Builds an argument from raw bytes, which only Unix's OsString is.
#[cfg(unix)]
#[test]
fn words_that_are_not_utf8_are_only_compared() {
    use std::os::unix::ffi::OsStringExt;
    let dir = home();
    let raw = std::ffi::OsString::from_vec(b"\xff\xfe".to_vec());
    let out = run(
        ssooidc(dir.path())
            .args(["__complete", "2", "ssooidc"])
            .arg(&raw)
            .arg("--out"),
        None,
    );
    assert_eq!(quiet_lines(&out, "non-UTF-8"), ["--output"]);
}

#[test]
fn completion_prints_a_script_per_shell() {
    let dir = TempDir::new();
    for (shell, marker) in [
        ("bash", "complete -F _ssooidc ssooidc"),
        ("zsh", "#compdef ssooidc"),
        ("fish", "complete -c ssooidc"),
        ("powershell", "Register-ArgumentCompleter -Native"),
    ] {
        let out = run(ssooidc(dir.path()).args(["completion", shell]), None);
        let script = quiet_lines(&out, shell).join("\n");
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("ssooidc __complete"), "{shell}: {script}");
    }
    let out = run(ssooidc(dir.path()).args(["completion", "tcsh"]), None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("argument shell: Invalid choice"),
        "{stderr}"
    );
    let out = run(ssooidc(dir.path()).arg("completion"), None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.ends_with("the following arguments are required: shell\n"),
        "{stderr}"
    );
    let out = run(ssooidc(dir.path()).args(["completion", "help"]), None);
    let help = quiet_lines(&out, "completion help").join("\n");
    assert!(help.contains("ssooidc completion\n    SHELL"), "{help}");
}

/// The scripts in the shells themselves, which need a Unix shell.
#[cfg(unix)]
mod shells {
    use std::path::{Path, PathBuf};
    use std::process::Command;

    use super::home;
    use crate::support::{run, spawn_bounded, ssooidc, Finished};

    /// The directory of the built binary, first on PATH, as an installed `ssooidc` would be.
    fn path_with_binary() -> String {
        let binary = assert_cmd::cargo::cargo_bin("ssooidc");
        let dir = binary
            .parent()
            .expect("binary directory")
            .display()
            .to_string();
        match std::env::var("PATH") {
            Ok(path) => format!("{dir}:{path}"),
            Err(_) => dir,
        }
    }

    /// `program` run with `args` in `dir` with a clean environment (the binary on PATH, the config
    /// files of `dir`), stopped if it takes more than 30 s (a completion that waits on a
    /// terminal would otherwise hang the suite).
    fn shell(program: &str, args: &[&str], dir: &Path) -> Finished {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env_clear()
            .env("PATH", path_with_binary())
            .env("HOME", dir)
            .env("AWS_CONFIG_FILE", dir.join("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"))
            .current_dir(dir)
            .stdin(std::process::Stdio::null());
        let out = spawn_bounded(&mut cmd, std::time::Duration::from_secs(30));
        assert_eq!(
            out.code(),
            Some(0),
            "{program}: stderr {:?}",
            out.stderr_text()
        );
        out
    }

    /// Writes the script for `name` into `dir` and returns its path.
    fn script_file(dir: &Path, name: &str, file: &str) -> PathBuf {
        let out = run(ssooidc(dir).args(["completion", name]), None);
        let path = dir.join(file);
        std::fs::write(&path, &out.stdout).unwrap();
        path
    }

    // Guards: the bash script, sourced into a real bash, registers itself and fills COMPREPLY from
    // the binary it finds on PATH. COMP_WORDS is set as bash's completion sets it (split at `=`);
    // sourced from a file, as `source <(...)` fails in the bash 3.2 of macOS.
    #[test]
    fn bash_script_completes_in_bash() {
        let dir = home();
        script_file(dir.path(), "bash", "ssooidc.bash");
        let test = r#"source ./ssooidc.bash
    complete -p ssooidc
    show() {
        COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
        COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _ssooidc
        printf '%s| %s\n' "$*" "${COMPREPLY[*]}"
    }
    show ssooidc reg
    show ssooidc register-client --cl
    show ssooidc --profile ''
    show ssooidc --output = t
    show ssooidc --ca-bundle ''
    "#;
        std::fs::write(dir.path().join("test.sh"), test).unwrap();
        let out = shell("bash", &["--norc", "--noprofile", "test.sh"], dir.path());
        assert_eq!(
            out.stdout_text(),
            "complete -F _ssooidc ssooidc\n\
             ssooidc reg| register-client\n\
             ssooidc register-client --cl| --client-name --client-type --cli-input-json \
             --cli-read-timeout --cli-connect-timeout\n\
             ssooidc --profile | default dev prod ci\n\
             ssooidc --output = t| text table\n\
             ssooidc --ca-bundle | \n"
        );
    }

    // Guards: the zsh script parses, registers itself for `ssooidc` when sourced after compinit,
    // and completes in a real interactive zsh (driven through zsh/zpty) when autoloaded from $fpath.
    #[test]
    #[ignore = "needs zsh: cargo test --test cli completion -- --ignored"]
    fn zsh_script_completes_in_zsh() {
        let dir = home();
        let script = script_file(dir.path(), "zsh", "_ssooidc");
        let script = script.to_str().unwrap();
        shell("zsh", &["-n", script], dir.path());
        let registered = format!(
            "autoload -Uz compinit && compinit -u -D; source {script}; print -r -- $_comps[ssooidc]"
        );
        let out = shell("zsh", &["-f", "-c", &registered], dir.path());
        assert_eq!(out.stdout_text(), "_ssooidc\n");
        std::fs::write(dir.path().join("capture.zsh"), ZSH_CAPTURE).unwrap();
        for (line, expected) in [
            ("ssooidc reg", "register-client"),
            ("ssooidc --profile ", "default dev prod ci"),
            ("ssooidc --output=t", "--output=text --output=table"),
            ("ssooidc login --sso-session ", "corp lab"),
        ] {
            let out = shell("zsh", &["-f", "capture.zsh", line], dir.path());
            let text = out.stdout_text().replace('\r', "");
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(words.join(" "), expected, "{line}");
        }
    }

    /// Types a line and a tab into an interactive zsh (compinit loading `_ssooidc` from the current
    /// directory) and prints what the completion offered, between markers spelled so that the
    /// echoed input never matches them.
    const ZSH_CAPTURE: &str = r#"zmodload zsh/zpty
    zpty z zsh -f -i
    zpty -w z 'PS1= ; PROMPT= ; RPROMPT='
    zpty -w z 'fpath=($PWD $fpath); autoload -Uz compinit; compinit -u -D'
    zpty -w z 'compprefuncs=( _cap_setup ); _cap_setup() { comppostfuncs=( _cap_done ) }'
    zpty -w z '_cap_done() { compstate[insert]=""; compstate[list]=""; print -n "<<"BEGIN">>"; print -r -- $_capdata; print -n "<<"END">>" }'
    zpty -w z 'compadd() { builtin compadd -O _c "$@"; _capdata+=($_c); builtin compadd "$@" }; _capdata=()'
    zpty -n -w z "$1"$'\t'
    zpty -r z line '*<<BEGIN>>'
    zpty -r z line '*<<END>>'
    print -r -- "${line%<<END>>}"
    zpty -d z
    "#;

    // Guards: the fish script parses and completes through fish's own `complete -C`, including a
    // file name after `--ca-bundle=`.
    #[test]
    #[ignore = "needs fish: cargo test --test cli completion -- --ignored"]
    fn fish_script_completes_in_fish() {
        let dir = home();
        let script = script_file(dir.path(), "fish", "ssooidc.fish");
        let script = script.to_str().unwrap();
        shell("fish", &["--no-config", "-n", script], dir.path());
        std::fs::write(dir.path().join("bundle.pem"), "").unwrap();
        let commands = format!(
            "source {script}; complete -C'ssooidc reg'; complete -C'ssooidc register-client --client-'; \
             complete -C'ssooidc --profile '; complete -C'ssooidc --ca-bundle=bund'"
        );
        let out = shell("fish", &["--no-config", "-c", &commands], dir.path());
        // fish sorts the candidates.
        assert_eq!(
            out.stdout_text(),
            "register-client\n--client-name\n--client-type\nci\ndefault\ndev\nprod\n\
             --ca-bundle=bundle.pem\n"
        );
    }
}
