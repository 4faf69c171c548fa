//! The candidates for partial command lines, with a fixed table of profile and session names.

use super::super::GLOBAL_OPTIONS;
use super::{answer, script, ConfigNames, FILES};
use crate::service::model::SSO_OIDC;

/// Names as a config file would give them.
struct Names;

impl ConfigNames for Names {
    fn profiles(&self) -> Vec<String> {
        vec!["default".into(), "dev".into(), "prod".into(), "dev".into()]
    }

    fn sso_sessions(&self) -> Vec<String> {
        vec!["corp".into(), "lab".into()]
    }
}

/// The candidates for `line`, the cursor at its end: a trailing space starts a new, empty word.
fn complete(line: &str) -> Vec<String> {
    let mut words: Vec<String> = line.split(' ').map(str::to_owned).collect();
    words.insert(0, "ssooidc".to_owned());
    let index = words.len() - 1;
    candidates(index, &words)
}

fn candidates(index: usize, words: &[String]) -> Vec<String> {
    let mut args = vec![index.to_string()];
    args.extend(words.iter().cloned());
    answer(&args, &Names).lines().map(str::to_owned).collect()
}

#[test]
fn first_word_is_a_command() {
    assert_eq!(
        complete(""),
        [
            "create-token",
            "create-token-with-iam",
            "register-client",
            "start-device-authorization",
            "login",
            "token",
            "logout",
            "export-credentials",
            "completion",
            "help"
        ]
    );
    assert_eq!(
        complete("create"),
        ["create-token", "create-token-with-iam"]
    );
    assert_eq!(complete("lo"), ["login", "logout"]);
    assert!(complete("bogus").is_empty());
}

#[test]
fn options_before_a_command_are_the_global_ones() {
    let options = complete("--");
    assert_eq!(options.first().map(String::as_str), Some("--debug"));
    assert!(options.contains(&"--v2-debug".to_owned()), "{options:?}");
    assert!(
        !options.contains(&"--client-name".to_owned()),
        "{options:?}"
    );
    assert_eq!(complete("--no-s"), ["--no-sign-request"]);
    assert_eq!(complete("--debug --output json re"), ["register-client"]);
}

#[test]
fn options_of_the_typed_operation_then_global_ones() {
    // Every operation: its members' flags in the model's order, its two options, the globals.
    for operation in SSO_OIDC.operations {
        let options = complete(&format!("{} --", operation.command));
        let mut expected: Vec<&str> = operation.input.iter().map(|m| m.flag).collect();
        expected.extend(["--cli-input-json", "--generate-cli-skeleton"]);
        expected.extend(GLOBAL_OPTIONS.iter().map(|spec| spec.name));
        assert_eq!(options, expected, "{}", operation.command);
    }
    assert_eq!(
        complete("register-client --cl"),
        [
            "--client-name",
            "--client-type",
            "--cli-input-json",
            "--cli-read-timeout",
            "--cli-connect-timeout"
        ]
    );
    // Globals count wherever they stand.
    assert_eq!(
        complete("--region eu-west-1 create-token --client-s"),
        ["--client-secret"]
    );
}

#[test]
fn options_given_are_not_offered_again() {
    let options = complete("register-client --client-name n --scopes a b --output=json --");
    for given in ["--client-name", "--scopes", "--output"] {
        assert!(!options.contains(&given.to_owned()), "{given}: {options:?}");
    }
    assert!(options.contains(&"--client-type".to_owned()), "{options:?}");
    // An abbreviation counts as the option it stands for.
    assert!(!complete("register-client --client-n x --").contains(&"--client-name".to_owned()));
}

#[test]
fn an_empty_word_after_a_command_offers_its_options_and_help() {
    let words = complete("start-device-authorization ");
    assert_eq!(
        words[..3],
        ["--client-id", "--client-secret", "--start-url"]
    );
    assert_eq!(words.last().map(String::as_str), Some("help"));
    assert_eq!(complete("register-client he"), ["help"]);
    assert!(!complete("register-client --client-name n ").contains(&"help".to_owned()));
    assert!(complete("help ").is_empty());
    assert!(complete("register-client --client-name ").is_empty());
}

#[test]
fn a_list_takes_values_until_an_option() {
    // Another scope may follow: nothing is offered for a word that is not an option.
    assert!(complete("register-client --scopes a ").is_empty());
    assert_eq!(
        complete("register-client --scopes a b --client-n"),
        ["--client-name"]
    );
}

#[test]
fn a_lone_dash_is_a_word_not_an_option() {
    // argparse reads `-` as the operation, which names none: nothing follows it.
    assert!(complete("- ").is_empty());
    assert!(complete("- reg").is_empty());
}

#[test]
fn choices() {
    assert_eq!(complete("--output "), ["json", "text", "table"]);
    assert_eq!(complete("register-client --output t"), ["text", "table"]);
    assert_eq!(complete("--color "), ["on", "off", "auto"]);
    assert_eq!(complete("--col o"), ["on", "off"]);
    assert_eq!(
        complete("export-credentials --format "),
        [
            "process",
            "env",
            "env-no-export",
            "powershell",
            "windows-cmd",
            "fish"
        ]
    );
    assert_eq!(
        complete("register-client --generate-cli-skeleton "),
        ["input", "output"]
    );
    // Its value is optional: an option may follow instead.
    assert!(complete("register-client --generate-cli-skeleton --cl")
        .contains(&"--client-name".to_owned()));
    assert!(
        complete("register-client --generate-cli-skeleton output --")
            .contains(&"--client-name".to_owned())
    );
}

#[test]
fn option_equals_value() {
    // zsh, fish and PowerShell replace the whole word.
    assert_eq!(complete("--output=t"), ["--output=text", "--output=table"]);
    assert_eq!(complete("token --sso-session=c"), ["--sso-session=corp"]);
    // Only login, token and logout have it.
    assert!(complete("--sso-session=c").is_empty());
    // bash breaks the word at `=` and replaces only what follows it.
    let bash = |words: &[&str]| {
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        candidates(words.len() - 1, &words)
    };
    assert_eq!(
        bash(&["ssooidc", "--output", "="]),
        ["json", "text", "table"]
    );
    assert_eq!(bash(&["ssooidc", "--output", "=", "t"]), ["text", "table"]);
    assert_eq!(
        bash(&["ssooidc", "--output", "=", "text", "reg"]),
        ["register-client"]
    );
    assert_eq!(
        bash(&["ssooidc", "--client-name=x", "="]),
        Vec::<String>::new()
    );
}

#[test]
fn profiles_sessions_and_regions() {
    assert_eq!(complete("--profile "), ["default", "dev", "prod"]);
    assert_eq!(complete("register-client --profile d"), ["default", "dev"]);
    assert_eq!(complete("login --sso-session "), ["corp", "lab"]);
    assert_eq!(
        complete("--region eu-w"),
        ["eu-west-1", "eu-west-2", "eu-west-3"]
    );
    let regions = complete("--region ");
    for region in ["us-east-1", "cn-north-1", "us-gov-west-1", "eu-isoe-west-1"] {
        assert!(
            regions.contains(&region.to_owned()),
            "{region}: {regions:?}"
        );
    }
    assert!(
        !regions.iter().any(|r| r.ends_with("-global")),
        "{regions:?}"
    );
}

#[test]
fn file_names_are_left_to_the_shell() {
    assert_eq!(complete("--ca-bundle "), [FILES]);
    assert_eq!(complete("register-client --cli-input-json fi"), [FILES]);
    assert_eq!(complete("register-client --cli-input-json=fi"), [FILES]);
}

#[test]
fn completion_completes_shell_names() {
    assert_eq!(
        complete("completion "),
        ["bash", "zsh", "fish", "powershell", "help"]
    );
    assert_eq!(complete("completion f"), ["fish"]);
    assert!(!complete("completion zsh ").contains(&"bash".to_owned()));
    for shell in ["bash", "zsh", "fish", "powershell"] {
        assert!(script(shell).contains("__complete"), "{shell}");
    }
}

#[test]
fn nonsense_gives_no_candidates() {
    let strings = |words: &[&str]| words.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
    assert_eq!(answer(&[], &Names), "");
    assert_eq!(answer(&strings(&["x", "ssooidc"]), &Names), "");
    assert_eq!(answer(&strings(&["-1", "ssooidc"]), &Names), "");
    assert_eq!(
        answer(&strings(&["99999999999999999999999", "ssooidc"]), &Names),
        ""
    );
    // The cursor on the program name, or past the words (a new word there).
    assert_eq!(answer(&strings(&["0", "ssooidc"]), &Names), "");
    assert!(candidates(5, &strings(&["ssooidc", "lo"])).is_empty());
    assert_eq!(candidates(5, &strings(&["ssooidc", "--debug"])).len(), 10);
    assert_eq!(candidates(1, &[]).len(), 10);
    for line in [
        "=",
        "--=",
        "-",
        "--",
        "= =",
        "--output = = =",
        "register-client --scopes = =",
    ] {
        let _ = complete(line);
    }
}

#[test]
fn names_that_would_break_the_answer_are_left_out() {
    struct Odd;
    impl ConfigNames for Odd {
        fn profiles(&self) -> Vec<String> {
            vec!["a\nb".into(), FILES.into(), "".into(), "ok".into()]
        }
        fn sso_sessions(&self) -> Vec<String> {
            Vec::new()
        }
    }
    let args: Vec<String> = ["2", "ssooidc", "--profile"].map(str::to_owned).to_vec();
    assert_eq!(answer(&args, &Odd), "ok\n");
}
