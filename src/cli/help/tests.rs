//! Tests of the help pages' content (their layout is tested in `page.rs`).

use super::*;
use crate::service::model::{CREATE_TOKEN, CREATE_TOKEN_WITH_IAM, REGISTER_CLIENT};

fn text(topic: Topic) -> String {
    help_text(topic, 100)
}

#[test]
fn version_names_the_program() {
    assert!(version().starts_with("ssooidc/"));
    assert!(version().ends_with('\n'));
}

#[test]
fn help_names_each_type() {
    let text = text(Topic::Operation(&CREATE_TOKEN_WITH_IAM));
    for line in [
        "  --client-id (string, required)",
        "  --scope (list)",
        "  expiresIn (integer)",
        "  awsAdditionalDetails (structure)",
        "      identityContext (string)",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    let text = self::text(Topic::Operation(&REGISTER_CLIENT));
    assert!(text.contains("  clientIdIssuedAt (long)"), "{text}");
}

#[test]
fn operation_help_lists_every_flag_and_output_member() {
    for operation in SSO_OIDC.operations {
        let text = text(Topic::Operation(operation));
        for member in operation.input {
            assert!(text.contains(member.flag), "{}", member.flag);
            let required = format!("  [{} <value>", member.flag);
            assert_eq!(
                text.contains(&required),
                !member.required,
                "{}",
                member.flag
            );
        }
        for member in operation.output {
            let line = format!("  {} (", member.name);
            assert!(text.contains(&line), "{}", member.name);
        }
    }
}

#[test]
fn operation_help_says_whether_the_request_is_signed() {
    let text = self::text(Topic::Operation(&CREATE_TOKEN));
    assert!(text.contains("not signed"), "{text}");
    let text = self::text(Topic::Operation(&CREATE_TOKEN_WITH_IAM));
    assert!(text.contains("signed with your AWS credentials"), "{text}");
}

#[test]
fn lists_are_explained_only_where_an_operation_has_one() {
    let lists = "A list takes several values";
    assert!(text(Topic::Operation(&CREATE_TOKEN)).contains(lists));
    let without = SSO_OIDC
        .operations
        .iter()
        .find(|op| !op.input.iter().any(|m| m.kind.is_list()));
    if let Some(op) = without {
        assert!(
            !text(Topic::Operation(op)).contains(lists),
            "{}",
            op.command
        );
    }
}

#[test]
fn main_help_lists_every_operation_and_command_by_its_first_sentence() {
    let text = text(Topic::Main);
    for operation in SSO_OIDC.operations {
        assert!(
            text.contains(&format!("\n  {} ", operation.command)),
            "{text}"
        );
    }
    for command in COMMANDS {
        assert!(text.contains(&format!("\n  {} ", command.name)), "{text}");
    }
    assert!(text.contains(" Initiates device authorization"), "{text}");
    assert!(!text.contains("authorization service."), "{text}");
}

#[test]
fn help_lists_every_global_option_the_parser_knows() {
    let documented: Vec<&str> = GLOBAL_OPTIONS
        .iter()
        .map(|(name, ..)| *name)
        .filter(|name| !name.starts_with("--help"))
        .collect();
    let parsed: Vec<&str> = crate::cli::GLOBAL_OPTIONS.iter().map(|s| s.name).collect();
    assert_eq!(documented, parsed);
    let main = text(Topic::Main);
    for topic in [
        Topic::Main,
        Topic::Operation(&REGISTER_CLIENT),
        Topic::Command(&COMMANDS[0]),
    ] {
        let text = self::text(topic);
        for name in &parsed {
            assert!(text.contains(&format!("\n  {name}")), "{name}\n{text}");
        }
        assert!(text.contains("--help, -h"), "{text}");
        assert!(main.contains("--output json|text|table"), "{main}");
    }
}

#[test]
fn command_help_shows_each_option_and_its_value() {
    let login = COMMANDS.iter().find(|c| c.name == "login").unwrap();
    let text = text(Topic::Command(login));
    assert!(text.starts_with("login\n\nLog in"), "{text}");
    assert!(text.contains("\n    [--sso-session VALUE]\n"), "{text}");
    assert!(text.contains("\n  --force\n      Log in even"), "{text}");
}

#[test]
fn an_own_commands_positional_is_shown_in_capitals() {
    let spec = ArgSpec::one("shell").required(true);
    assert_eq!(term(&spec), "SHELL");
    assert_eq!(term(&ArgSpec::new("--force", Nargs::Zero)), "--force");
    assert_eq!(term(&ArgSpec::one("--format")), "--format VALUE");
}

#[test]
fn first_sentence_drops_the_rest_and_the_period() {
    assert_eq!(first_sentence("One. Two."), "One");
    assert_eq!(first_sentence("Only one."), "Only one");
    assert_eq!(first_sentence("No period"), "No period");
}
