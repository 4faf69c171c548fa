//! `ssooidc help --man`: the man page `ssooidc.1`, in roff, made of the same pages as the help
//! text (the main page, then every operation and command) plus the sections a man page has.

use super::page::{Block, Item, Page};
use super::{page, Topic};
use crate::cli::commands::COMMANDS;
use crate::service::model::SSO_OIDC;

/// The exit codes, as the README's table lists them.
const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Success, including answers that print nothing (an empty body, {}, 204).",
    ),
    (
        "2",
        "Usage error: a missing required option, an invalid choice, an ambiguous abbreviation.",
    ),
    ("130", "Interrupted by SIGINT."),
    ("143", "Stopped by SIGTERM."),
    (
        "255",
        "Everything else: service errors, connection errors, parameter validation, unknown \
         options.",
    ),
];

/// The environment variables people set most; the README lists them all.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE",
        "The shared config and credentials files.",
    ),
    ("AWS_PROFILE, AWS_DEFAULT_PROFILE", "The profile to use."),
    (
        "AWS_DEFAULT_REGION, AWS_REGION",
        "The region, after --region and before the profile's region.",
    ),
    ("AWS_DEFAULT_OUTPUT", "The output format."),
    (
        "AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL",
        "The endpoint, after --endpoint-url.",
    ),
    ("AWS_CA_BUNDLE", "Certificates to trust."),
    (
        "AWS_RETRY_MODE, AWS_MAX_ATTEMPTS",
        "How failed calls are retried (legacy, standard or adaptive) and how often.",
    ),
    (
        "HTTPS_PROXY, HTTP_PROXY, NO_PROXY",
        "The proxy to send through, and the hosts that bypass it.",
    ),
    (
        "NO_COLOR",
        "Any non-empty value turns colour off under --color auto.",
    ),
];

const FILES: &[(&str, &str)] = &[
    (
        "~/.aws/config",
        "Profiles, [sso-session] sections and settings.",
    ),
    ("~/.aws/credentials", "Access keys, by profile."),
    (
        "~/.aws/sso/cache/",
        "IAM Identity Center tokens and client registrations, shared with the AWS CLI v2 and \
         the SDKs.",
    ),
    (
        "~/.aws/cli/cache/",
        "Role credentials, shared with the AWS CLI.",
    ),
];

/// The whole man page.
pub(crate) fn man_page() -> String {
    let main = page(Topic::Main);
    let mut out = format!(
        ".TH SSOOIDC 1 \"\" \"ssooidc {}\" \"User Commands\"\n",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str(".SH NAME\nssooidc \\- a fast native client for AWS SSO\\-OIDC\n");
    let (usage, sections): (Vec<_>, Vec<_>) =
        main.sections.iter().partition(|s| s.heading == "USAGE");
    out.push_str(".SH SYNOPSIS\n");
    for section in usage {
        write_blocks(&section.blocks, &mut out);
    }
    out.push_str(".SH DESCRIPTION\n");
    write_blocks(&main.intro, &mut out);
    for section in sections {
        out.push_str(&format!(".SH {}\n", section.heading));
        write_blocks(&section.blocks, &mut out);
    }
    let pages = SSO_OIDC
        .operations
        .iter()
        .map(|op| page(Topic::Operation(op)))
        .chain(COMMANDS.iter().map(|c| page(Topic::Command(c))));
    out.push_str(".SH COMMAND REFERENCE\n");
    for page in pages {
        write_subpage(&page, &mut out);
    }
    for (heading, entries) in [
        ("ENVIRONMENT", ENVIRONMENT),
        ("FILES", FILES),
        ("EXIT STATUS", EXIT_STATUS),
    ] {
        out.push_str(&format!(".SH {heading}\n"));
        let items: Vec<Item> = entries.iter().map(|(t, x)| Item::new(*t, *x)).collect();
        write_items(&items, &mut out);
    }
    out.push_str(".SH SEE ALSO\n.BR aws (1)\n");
    out
}

/// One operation's or command's page as a subsection; its global options are the main page's.
fn write_subpage(page: &Page, out: &mut String) {
    out.push_str(&format!(".SS {}\n", escape(&page.title)));
    write_blocks(&page.intro, out);
    for section in page
        .sections
        .iter()
        .filter(|s| s.heading != "GLOBAL OPTIONS")
    {
        out.push_str(&format!(
            ".PP\n.I {}\n",
            escape(&title_case(section.heading))
        ));
        write_blocks(&section.blocks, out);
    }
}

fn write_blocks(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::Text(text) => out.push_str(&format!(".PP\n{}\n", escape(text))),
            Block::Lines(lines) => {
                out.push_str(".PP\n.nf\n");
                for line in lines {
                    out.push_str(&format!("{}\n", escape(line)));
                }
                out.push_str(".fi\n");
            }
            Block::List(_, items) => write_items(items, out),
        }
    }
}

fn write_items(items: &[Item], out: &mut String) {
    for item in items {
        out.push_str(&format!(".TP\n.B {}\n", escape(&item.term)));
        if !item.text.is_empty() {
            out.push_str(&format!("{}\n", escape(&item.text)));
        }
        if !item.nested.is_empty() {
            out.push_str(".RS\n");
            write_items(&item.nested, out);
            out.push_str(".RE\n");
        }
    }
}

/// `OPTIONS` as `Options`.
fn title_case(heading: &str) -> String {
    let mut chars = heading.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_string() + &chars.as_str().to_lowercase()
    })
}

/// Text made safe for roff: backslashes and hyphens escaped (so options copy as typed), and a
/// line that would start with a control character guarded.
fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_guards_roff_control_characters() {
        assert_eq!(escape("--client-name"), "\\-\\-client\\-name");
        assert_eq!(escape("a\\b"), "a\\eb");
        assert_eq!(escape(".hidden"), "\\&.hidden");
        assert_eq!(escape("'quoted'"), "\\&'quoted'");
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn the_page_has_every_operation_command_and_global_option() {
        let man = man_page();
        assert!(man.starts_with(".TH SSOOIDC 1 "), "{man}");
        for op in SSO_OIDC.operations {
            assert!(
                man.contains(&format!(".SS {}\n", escape(op.command))),
                "{}",
                op.command
            );
            for member in op.input {
                assert!(man.contains(&escape(member.flag)), "{}", member.flag);
            }
        }
        for command in COMMANDS {
            assert!(man.contains(&format!(".SS {}\n", escape(command.name))));
        }
        for name in [
            "\\-\\-v2\\-debug",
            "\\-\\-ca\\-bundle PATH",
            "NO_COLOR",
            "EXIT STATUS",
        ] {
            assert!(man.contains(name), "{name}");
        }
        // No line may start with a stray control character from the text.
        for line in man.lines() {
            assert!(!line.starts_with('\''), "{line}");
        }
    }

    #[test]
    fn the_synopsis_is_the_usage_line_and_usage_no_section_of_its_own() {
        let man = man_page();
        assert!(
            man.contains(
                ".SH SYNOPSIS\n.PP\n.nf\nssooidc [options] <command> [parameters]\n.fi\n\
                 .SH DESCRIPTION\n"
            ),
            "{man}"
        );
        assert!(!man.contains(".SH USAGE"), "{man}");
    }

    #[test]
    fn items_show_their_text_and_indent_their_nested_items() {
        let items = [
            Item {
                term: "--out".into(),
                text: "The output.".into(),
                nested: vec![Item::new("inner", "")],
            },
            Item::new("last", "Text."),
        ];
        let mut out = String::new();
        write_items(&items, &mut out);
        assert_eq!(
            out,
            ".TP\n.B \\-\\-out\nThe output.\n.RS\n.TP\n.B inner\n.RE\n.TP\n.B last\nText.\n"
        );
    }

    #[test]
    fn title_case_lowers_all_but_the_first_letter() {
        assert_eq!(title_case("OPTIONS"), "Options");
        assert_eq!(title_case(""), "");
    }
}
