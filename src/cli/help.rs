//! Help, version and usage texts.

use crate::service::model::{Operation, SSO_OIDC};

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
  --color on|off|auto        Colour table output (auto: only on a terminal).
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
    for operation in SSO_OIDC.operations {
        text.push_str(&format!(
            "  {:<26} {}\n",
            operation.command,
            first_sentence(operation.summary)
        ));
    }
    text.push_str("  help                       Show this text.\n\n");
    text.push_str(GLOBAL_HELP);
    text.push_str("\nRun `ssooidc <command> help` for a command's parameters.\n");
    text
}

fn operation_help(operation: &Operation) -> String {
    let mut text = format!(
        "{}\n\n{}\n\nSYNOPSIS\n  ssooidc {}",
        operation.command, operation.summary, operation.command
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
         or fileb://PATH (its bytes). A list takes\n  several values, or one JSON list such as \
         '[\"a\", \"b\"]'; it is never split on commas.\n\n",
    );
    text.push_str(GLOBAL_HELP);
    text
}

fn first_sentence(text: &str) -> &str {
    text.split_once(". ").map_or(text, |(first, _)| first)
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
    fn operation_help_lists_every_flag() {
        let text = help_text(Some(&crate::service::model::REGISTER_CLIENT));
        for member in crate::service::model::REGISTER_CLIENT.input {
            assert!(text.contains(member.flag), "{}", member.flag);
        }
    }
}
