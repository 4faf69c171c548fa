//! Help, version and usage texts.

use crate::service::model::{Auth, Member, MemberType, Operation, SSO_OIDC};

/// The usage block printed before usage errors (v1's, with `ssooidc` for `aws` and without v1's
/// banner about AWS CLI v2).
pub const USAGE: &str = "usage: ssooidc [options] <command> [parameters]\n\
To see help text, you can run:\n\
\n\
\x20 ssooidc help\n\
\x20 ssooidc <command> help\n";

/// `ssooidc --version`.
pub fn version() -> String {
    format!(
        "ssooidc/{} {}/{}\n",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// `ssooidc help` (no operation) or `ssooidc OPERATION help`.
pub fn help_text(operation: Option<&Operation>) -> String {
    match operation {
        None => main_help(),
        Some(operation) => operation_help(operation),
    }
}

const GLOBAL_HELP: &str = "\
GLOBAL OPTIONS
  --debug                    Log what ssooidc resolves and does to stderr (secrets shown as ***).
  --endpoint-url URL         Send requests to URL instead of the region's endpoint.
  --no-verify-ssl            Do not verify TLS certificates (prints a warning).
  --no-paginate              Accepted for compatibility; no operation here paginates.
  --output json|text|table   The output format (default json, or AWS_DEFAULT_OUTPUT / output).
  --query EXPR               A JMESPath expression applied to the output.
  --profile NAME             The profile of the shared config files to use.
  --region REGION            The region (else AWS_DEFAULT_REGION, region, AWS_REGION).
  --version                  Print the version and exit.
  --color on|off|auto        Colour table output (auto: on a terminal, unless NO_COLOR is set).
  --no-sign-request          Send create-token-with-iam unsigned, without credentials.
  --ca-bundle PATH           PEM certificates to trust instead of the built-in roots.
  --cli-read-timeout SECS    Time allowed between reads (default 60, 0 = none).
  --cli-connect-timeout SECS Time allowed to connect (default 60, 0 = none).
";

fn main_help() -> String {
    let mut text = String::from(
        "ssooidc\n\nA fast native client for AWS SSO-OIDC (IAM Identity Center OIDC), compatible \
         with `aws sso-oidc` from AWS CLI v1.\n\nUSAGE\n  ssooidc [options] <command> \
         [parameters]\n\nCOMMANDS\n",
    );
    let operations = SSO_OIDC
        .operations
        .iter()
        .map(|op| (op.command, op.summary));
    let own = super::commands::COMMANDS
        .iter()
        .map(|c| (c.name, c.summary));
    for (name, summary) in operations.chain(own) {
        let lines = wrap(first_sentence(summary), WIDTH - COMMAND_COLUMN);
        text.push_str(&format!("  {name:<26} {}\n", lines[0]));
        for line in &lines[1..] {
            text.push_str(&format!("{:COMMAND_COLUMN$}{line}\n", ""));
        }
    }
    text.push_str("  help                       Show this text.\n\n");
    text.push_str(GLOBAL_HELP);
    text.push_str("\nRun `ssooidc <command> help` for a command's parameters.\n");
    text
}

fn operation_help(operation: &Operation) -> String {
    let signing = match operation.auth {
        Auth::None => "The request is not signed: it needs no AWS credentials.",
        Auth::SigV4 => "The request is signed with your AWS credentials (Signature Version 4).",
    };
    let mut text = format!(
        "{}\n\n{}\n\n{signing}\n\nSYNOPSIS\n  ssooidc {}",
        operation.command,
        wrap(operation.summary, WIDTH).join("\n"),
        operation.command
    );
    for member in operation.input {
        let value = if member.kind.is_list() {
            " <value> [<value>...]"
        } else {
            " <value>"
        };
        if member.required {
            text.push_str(&format!("\n    {}{value}", member.flag));
        } else {
            text.push_str(&format!("\n    [{}{value}]", member.flag));
        }
    }
    text.push_str(
        "\n    [--cli-input-json <value>]\n    [--generate-cli-skeleton <value>]\n\nOPTIONS\n",
    );
    for member in operation.input {
        let kind = member.kind.name();
        let required = if member.required { ", required" } else { "" };
        text.push_str(&format!(
            "  {} ({kind}{required})\n      {}\n",
            member.flag, member.help
        ));
    }
    text.push_str(
        "  --cli-input-json (string)\n      Read the parameters from a JSON document (inline or \
         file://PATH); flags given on the command line win.\n  --generate-cli-skeleton \
         (input|output)\n      Print a JSON input skeleton (input, the default) or a sample \
         output, and send nothing.\n\nVALUES\n  Any value may be file://PATH (the file's text) \
         or fileb://PATH (its bytes).\n",
    );
    if operation.input.iter().any(|m| m.kind.is_list()) {
        text.push_str(
            "  A list takes several values, or one JSON list such as '[\"a\", \"b\"]'; it is \
             never split on commas.\n",
        );
    }
    text.push('\n');
    text.push_str("OUTPUT\n");
    output_members(operation.output, "  ", &mut text);
    text.push('\n');
    text.push_str(GLOBAL_HELP);
    text
}

/// The output members, nested structures indented under their member.
fn output_members(members: &[Member], indent: &str, text: &mut String) {
    for member in members {
        text.push_str(&format!(
            "{indent}{} ({})\n{indent}    {}\n",
            member.name,
            member.kind.name(),
            member.help
        ));
        if let MemberType::Structure(inner) = member.kind {
            output_members(inner, &format!("{indent}    "), text);
        }
    }
}

/// The width help text is wrapped to, and the column of the command descriptions.
const WIDTH: usize = 100;
const COMMAND_COLUMN: usize = 29;

/// The first sentence of a summary, without its final period.
fn first_sentence(text: &str) -> &str {
    let first = text.split_once(". ").map_or(text, |(first, _)| first);
    first.strip_suffix('.').unwrap_or(first)
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if line.is_empty() {
            line.push_str(word);
        } else if line.chars().count() + 1 + word.chars().count() <= width {
            line.push(' ');
            line.push_str(word);
        } else {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_names_the_program() {
        assert!(version().starts_with("ssooidc/"));
        assert!(version().ends_with('\n'));
    }

    #[test]
    fn help_names_each_type() {
        let text = help_text(Some(&crate::service::model::CREATE_TOKEN_WITH_IAM));
        for line in [
            "  --client-id (string, required)",
            "  --scope (list)",
            "  expiresIn (integer)",
            "  awsAdditionalDetails (structure)",
        ] {
            assert!(text.contains(line), "{line}");
        }
        let text = help_text(Some(&crate::service::model::REGISTER_CLIENT));
        assert!(text.contains("  clientIdIssuedAt (long)"), "{text}");
    }

    #[test]
    fn operation_help_lists_every_flag_and_output_member() {
        for operation in SSO_OIDC.operations {
            let text = help_text(Some(operation));
            for member in operation.input {
                assert!(text.contains(member.flag), "{}", member.flag);
            }
            for member in operation.output {
                assert!(
                    text.contains(&format!("  {} (", member.name)),
                    "{}",
                    member.name
                );
            }
        }
    }

    #[test]
    fn operation_help_says_whether_the_request_is_signed() {
        let text = help_text(Some(&crate::service::model::CREATE_TOKEN));
        assert!(text.contains("not signed"), "{text}");
        let text = help_text(Some(&crate::service::model::CREATE_TOKEN_WITH_IAM));
        assert!(text.contains("signed with your AWS credentials"), "{text}");
    }

    #[test]
    fn main_help_lists_every_operation_in_short_lines() {
        let text = help_text(None);
        for operation in SSO_OIDC.operations {
            assert!(
                text.contains(&format!("  {} ", operation.command)),
                "{text}"
            );
        }
        for command in super::super::commands::COMMANDS {
            assert!(text.contains(&format!("  {} ", command.name)), "{text}");
        }
        assert!(text.contains(" Initiates device authorization"), "{text}");
        assert!(!text.contains("authorization service."), "{text}");
        let commands = text.split("COMMANDS\n").nth(1).unwrap();
        let commands = commands.split("\n\n").next().unwrap();
        assert!(
            commands.lines().all(|l| l.chars().count() <= WIDTH),
            "{commands}"
        );
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("averylongword x", 4), vec!["averylongword", "x"]);
        assert_eq!(first_sentence("One. Two."), "One");
        assert_eq!(first_sentence("Only one."), "Only one");
    }
}
