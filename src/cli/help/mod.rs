//! Help, version and usage texts, built from the model and the command tables so that help, the
//! man page and the parser never disagree.
//!
//! v1 answers `--help` and `-h` with a usage error; people type them, no script depends on that
//! error, so ssooidc shows the help instead (see `cli::help_requested`).

mod man;
mod page;

use super::argparse::{ArgSpec, Nargs};
use super::commands::{Command, COMMANDS};
use crate::service::model::{Auth, Member, MemberType, Operation, SSO_OIDC};
pub(crate) use man::man_page;
use page::{Block, Item, Layout, Page, Section};

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

/// Which help to show.
#[derive(Debug, Clone, Copy)]
pub enum Topic {
    /// `ssooidc help`: the commands and the global options.
    Main,
    /// `ssooidc OPERATION help`.
    Operation(&'static Operation),
    /// `ssooidc COMMAND help` for one of ssooidc's own commands.
    Command(&'static Command),
}

/// The help on `topic`, wrapped to `width` columns.
pub fn help_text(topic: Topic, width: usize) -> String {
    page(topic).to_text(width)
}

fn page(topic: Topic) -> Page {
    match topic {
        Topic::Main => main_page(),
        Topic::Operation(operation) => operation_page(operation),
        Topic::Command(command) => command_page(command),
    }
}

/// Each global option: the option, the value it takes, and what it does. In the parser's order,
/// with `--help` added; a test checks that it names every option the parser knows.
const GLOBAL_OPTIONS: &[(&str, &str, &str)] = &[
    (
        "--debug",
        "",
        "Log what ssooidc resolves and does to stderr (secrets shown as ***).",
    ),
    (
        "--endpoint-url",
        "URL",
        "Send requests to URL instead of the region's endpoint.",
    ),
    (
        "--no-verify-ssl",
        "",
        "Do not verify TLS certificates (prints a warning).",
    ),
    (
        "--no-paginate",
        "",
        "Accepted for compatibility; no operation here paginates.",
    ),
    (
        "--output",
        "json|text|table",
        "The output format (default json, or AWS_DEFAULT_OUTPUT / output).",
    ),
    (
        "--query",
        "EXPR",
        "A JMESPath expression applied to the output.",
    ),
    (
        "--profile",
        "NAME",
        "The profile of the shared config files to use.",
    ),
    (
        "--region",
        "REGION",
        "The region (else AWS_DEFAULT_REGION, region, AWS_REGION).",
    ),
    (
        "--color",
        "on|off|auto",
        "Colour table output (auto: on a terminal, unless NO_COLOR is set).",
    ),
    (
        "--no-sign-request",
        "",
        "Send create-token-with-iam unsigned, without credentials.",
    ),
    (
        "--ca-bundle",
        "PATH",
        "PEM certificates to trust instead of the built-in roots.",
    ),
    (
        "--cli-read-timeout",
        "SECS",
        "Time allowed between reads (default 60, 0 = none).",
    ),
    (
        "--cli-connect-timeout",
        "SECS",
        "Time allowed to connect (default 60, 0 = none).",
    ),
    (
        "--v2-debug",
        "",
        "Accepted for compatibility with AWS CLI v1; changes nothing here.",
    ),
    ("--version", "", "Print the version and exit."),
    (
        "--help, -h",
        "",
        "Show help (also `ssooidc <command> --help`).",
    ),
];

fn global_options() -> Section {
    let items = GLOBAL_OPTIONS
        .iter()
        .map(|(name, value, text)| {
            let term = if value.is_empty() {
                (*name).to_owned()
            } else {
                format!("{name} {value}")
            };
            Item::new(term, *text)
        })
        .collect();
    Section {
        heading: "GLOBAL OPTIONS",
        blocks: vec![Block::List(Layout::Compact, items)],
    }
}

fn main_page() -> Page {
    let operations = SSO_OIDC
        .operations
        .iter()
        .map(|op| Item::new(op.command, first_sentence(op.summary)));
    let own = COMMANDS
        .iter()
        .map(|c| Item::new(c.name, first_sentence(c.summary)));
    let help = Item::new("help", "Show this text");
    Page {
        title: "ssooidc".into(),
        intro: vec![
            Block::Text(
            "A fast native client for AWS SSO-OIDC (IAM Identity Center OIDC), compatible with \
             `aws sso-oidc` from AWS CLI v1."
                .into(),
            ),
            Block::Text(
                "Run `ssooidc <command> help` or `ssooidc <command> --help` for a command's \
                 parameters."
                    .into(),
            ),
        ],
        sections: vec![
            Section {
                heading: "USAGE",
                blocks: vec![Block::Lines(vec![
                    "ssooidc [options] <command> [parameters]".into(),
                ])],
            },
            Section {
                heading: "COMMANDS",
                blocks: vec![Block::List(
                    Layout::Compact,
                    operations.chain(own).chain([help]).collect(),
                )],
            },
            global_options(),
        ],
    }
}

fn operation_page(operation: &Operation) -> Page {
    let signing = match operation.auth {
        Auth::None => "The request is not signed: it needs no AWS credentials.",
        Auth::SigV4 => "The request is signed with your AWS credentials (Signature Version 4).",
    };
    let mut synopsis = vec![format!("ssooidc {}", operation.command)];
    for member in operation.input {
        let value = if member.kind.is_list() {
            " <value> [<value>...]"
        } else {
            " <value>"
        };
        synopsis.push(if member.required {
            format!("  {}{value}", member.flag)
        } else {
            format!("  [{}{value}]", member.flag)
        });
    }
    synopsis.push("  [--cli-input-json <value>]".into());
    synopsis.push("  [--generate-cli-skeleton <value>]".into());
    let mut options: Vec<Item> = operation
        .input
        .iter()
        .map(|member| {
            let required = if member.required { ", required" } else { "" };
            let term = format!("{} ({}{required})", member.flag, member.kind.name());
            Item::new(term, member.help)
        })
        .collect();
    options.push(Item::new(
        "--cli-input-json (string)",
        "Read the parameters from a JSON document (inline or file://PATH); flags given on the \
         command line win.",
    ));
    options.push(Item::new(
        "--generate-cli-skeleton (input|output)",
        "Print a JSON input skeleton (input, the default) or a sample output, and send nothing.",
    ));
    let mut values = vec![Block::Text(
        "Any value may be file://PATH (the file's text) or fileb://PATH (its bytes).".into(),
    )];
    if operation.input.iter().any(|m| m.kind.is_list()) {
        values.push(Block::Text(
            "A list takes several values, or one JSON list such as '[\"a\", \"b\"]'; it is never \
             split on commas."
                .into(),
        ));
    }
    Page {
        title: operation.command.into(),
        intro: vec![
            Block::Text(operation.summary.into()),
            Block::Text(signing.into()),
        ],
        sections: vec![
            synopsis_section(synopsis),
            options_section(options),
            Section {
                heading: "VALUES",
                blocks: values,
            },
            Section {
                heading: "OUTPUT",
                blocks: vec![Block::List(Layout::Hanging, output_items(operation.output))],
            },
            global_options(),
        ],
    }
}

fn synopsis_section(lines: Vec<String>) -> Section {
    Section {
        heading: "SYNOPSIS",
        blocks: vec![Block::Lines(lines)],
    }
}

fn options_section(options: Vec<Item>) -> Section {
    Section {
        heading: "OPTIONS",
        blocks: vec![Block::List(Layout::Hanging, options)],
    }
}

/// The output members, a structure's members nested under it.
fn output_items(members: &[Member]) -> Vec<Item> {
    members
        .iter()
        .map(|member| Item {
            term: format!("{} ({})", member.name, member.kind.name()),
            text: member.help.into(),
            nested: match member.kind {
                MemberType::Structure(inner) => output_items(inner),
                _ => Vec::new(),
            },
        })
        .collect()
}

fn command_page(command: &Command) -> Page {
    let mut synopsis = vec![format!("ssooidc {}", command.name)];
    for (spec, _) in command.options {
        synopsis.push(if spec.required {
            format!("  {}", term(spec))
        } else {
            format!("  [{}]", term(spec))
        });
    }
    let options = command
        .options
        .iter()
        .map(|(spec, text)| Item::new(term(spec), *text))
        .collect();
    Page {
        title: command.name.into(),
        intro: vec![Block::Text(command.summary.into())],
        sections: vec![
            synopsis_section(synopsis),
            options_section(options),
            global_options(),
        ],
    }
}

/// How an option of one of ssooidc's own commands is shown: `--force`, `--format VALUE`, or a
/// positional as `SHELL`.
fn term(spec: &ArgSpec) -> String {
    let Some(name) = spec.name.strip_prefix("--") else {
        return spec.name.to_uppercase();
    };
    match spec.nargs {
        Nargs::Zero => format!("--{name}"),
        _ => format!("--{name} VALUE"),
    }
}

/// The first sentence of a summary, without its final period.
fn first_sentence(text: &str) -> &str {
    let first = text.split_once(". ").map_or(text, |(first, _)| first);
    first.strip_suffix('.').unwrap_or(first)
}

#[cfg(test)]
mod tests;
