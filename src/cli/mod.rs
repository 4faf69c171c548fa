//! The command-line grammar: global options, operations and their arguments.
//!
//! Parsing runs in the AWS CLI's two passes: the global options and the operation name first,
//! then the operation's own arguments over whatever the first pass did not recognise. Each pass
//! is an argparse-compatible parse (see `argparse.rs`), so abbreviations, ambiguity errors and
//! unknown options behave as in `aws`.

pub(crate) mod argparse;
pub mod commands;
pub mod complete;
pub(crate) mod help;
pub mod input;
pub(crate) mod params;
pub(crate) mod skeleton;

use crate::config::settings::Flags;
use crate::error::{Error, Result};
use crate::service::model::{Member, Operation, SSO_OIDC};
use argparse::{ArgSpec, Nargs, Outcome, ParseError, Parsed, Parser};
pub use help::Topic;

const OUTPUT_CHOICES: &[&str] = &["json", "text", "table"];
const COLOR_CHOICES: &[&str] = &["on", "off", "auto"];
const SKELETON_CHOICES: &[&str] = &["input", "output"];

/// The global options, in the AWS CLI's order (`awscli/data/cli.json`); the order shows in
/// "ambiguous option" messages.
pub(crate) const GLOBAL_OPTIONS: &[ArgSpec] = &[
    ArgSpec::new("--debug", Nargs::Zero),
    ArgSpec::one("--endpoint-url"),
    ArgSpec::new("--no-verify-ssl", Nargs::Zero),
    ArgSpec::new("--no-paginate", Nargs::Zero),
    ArgSpec::one("--output").choices(OUTPUT_CHOICES),
    ArgSpec::one("--query"),
    ArgSpec::one("--profile"),
    ArgSpec::one("--region"),
    ArgSpec::one("--color").choices(COLOR_CHOICES),
    ArgSpec::new("--no-sign-request", Nargs::Zero),
    ArgSpec::one("--ca-bundle"),
    ArgSpec::one("--cli-read-timeout"),
    ArgSpec::one("--cli-connect-timeout"),
    ArgSpec::new("--v2-debug", Nargs::Zero),
    // Last: the AWS CLI re-adds `--version` after the table above, which moves it to the end.
    ArgSpec::new("--version", Nargs::Zero),
];

/// The names the first pass accepts as an operation, in the order v1 lists them: the model's
/// operations, then ssooidc's own commands, then `help`.
fn operation_choices() -> Vec<&'static str> {
    SSO_OIDC
        .operations
        .iter()
        .map(|op| op.command)
        .chain(commands::COMMANDS.iter().map(|c| c.name))
        .chain(["help"])
        .collect()
}

/// What the global options say, before any of it is resolved against config files.
#[derive(Debug, Default, Clone)]
pub struct Globals {
    /// `--debug`.
    pub debug: bool,
    /// `--output`.
    pub output: Option<String>,
    /// `--query`.
    pub query: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--color` (defaults to `auto`).
    pub color: Option<String>,
    /// `--no-sign-request`: send signed operations unsigned, without looking for credentials.
    pub no_sign_request: bool,
    /// The options that choose how to reach the service (region, endpoint, trust, timeouts).
    pub settings: Flags,
}

/// A value typed for one operation parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawValue {
    /// The value of a scalar parameter.
    One(String),
    /// The values of a list parameter (possibly none).
    List(Vec<String>),
}

/// Which skeleton `--generate-cli-skeleton` asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skeleton {
    /// The input skeleton (the default).
    Input,
    /// A sample output, printed through the normal output path.
    Output,
}

/// The operation's own arguments, as typed.
#[derive(Debug, Clone)]
pub struct OperationArgs {
    /// The operation.
    pub operation: &'static Operation,
    /// Parameters given on the command line, in model order.
    pub params: Vec<(&'static Member, RawValue)>,
    /// `--cli-input-json`.
    pub cli_input_json: Option<String>,
    /// `--generate-cli-skeleton`.
    pub skeleton: Option<Skeleton>,
}

/// What the first pass found.
#[derive(Debug)]
pub enum FirstPass {
    /// `--version` was reached.
    Version,
    /// Global options, the operation name, and the words left for the second pass.
    Command {
        /// The global options.
        globals: Box<Globals>,
        /// The operation name (`help` included).
        operation: String,
        /// The words the first pass did not recognise.
        rest: Vec<String>,
    },
}

/// What the second pass found.
#[derive(Debug)]
pub enum SecondPass {
    /// `ssooidc help`, `ssooidc OPERATION help` or `ssooidc COMMAND help`.
    Help(Topic),
    /// `ssooidc help --man`: the man page.
    Man,
    /// An operation to run.
    Run(OperationArgs),
    /// One of ssooidc's own commands to run.
    Command(commands::CommandArgs),
}

/// Parses the global options and the operation name.
pub fn parse_globals(args: &[String]) -> Result<FirstPass> {
    let mut specs = GLOBAL_OPTIONS.to_vec();
    // The operation's choices are checked after this pass, as the AWS CLI's service parser
    // checks them after the global pass: a `--version` anywhere wins over a bad operation.
    specs.push(ArgSpec::one("operation").required(true));
    let outcome = match Parser::new(&specs).parse_known(args) {
        Ok(outcome) => outcome,
        Err(ParseError::Version) => return Ok(FirstPass::Version),
        Err(ParseError::Usage(message)) => return Err(Error::Usage(message)),
    };
    let globals = Globals {
        debug: outcome.flag("--debug"),
        output: owned(&outcome, "--output"),
        query: owned(&outcome, "--query"),
        profile: owned(&outcome, "--profile"),
        color: owned(&outcome, "--color"),
        no_sign_request: outcome.flag("--no-sign-request"),
        settings: Flags {
            region: owned(&outcome, "--region"),
            endpoint_url: owned(&outcome, "--endpoint-url"),
            ca_bundle: owned(&outcome, "--ca-bundle"),
            no_verify_ssl: outcome.flag("--no-verify-ssl"),
            read_timeout: owned(&outcome, "--cli-read-timeout"),
            connect_timeout: owned(&outcome, "--cli-connect-timeout"),
        },
    };
    let operation = owned(&outcome, "operation").unwrap_or_default();
    if let Err(ParseError::Usage(message)) =
        argparse::check_choice("operation", &operation, &operation_choices())
    {
        return Err(Error::Usage(message));
    }
    Ok(FirstPass::Command {
        globals: Box::new(globals),
        operation,
        rest: outcome.extras,
    })
}

fn owned(outcome: &Outcome, name: &str) -> Option<String> {
    outcome.one(name).map(str::to_owned)
}

/// The help `--help` or `-h` asks for, if one of them is on the command line before `--`.
///
/// Not argparse's: v1 has no such option and answers both with a usage error, which no script
/// relies on. Here they show the help `help` shows: the operation's or command's when the rest
/// of the line names one, else the main help. They win over every other word, as in most tools,
/// so `ssooidc register-client --client-name -h` shows help rather than an argparse error.
pub fn help_requested(args: &[String]) -> Option<Topic> {
    let is_help = |word: &String| word == "--help" || word == "-h";
    let end_of_options = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let (options, values) = args.split_at(end_of_options);
    if !options.iter().any(is_help) {
        return None;
    }
    let rest: Vec<String> = options
        .iter()
        .filter(|word| !is_help(word))
        .chain(values)
        .cloned()
        .collect();
    let topic = match parse_globals(&rest) {
        Ok(FirstPass::Command { operation, .. }) => {
            if let Some(command) = commands::find(&operation) {
                Topic::Command(command)
            } else if let Some(operation) = SSO_OIDC.operation(&operation) {
                Topic::Operation(operation)
            } else {
                Topic::Main
            }
        }
        _ => Topic::Main,
    };
    Some(topic)
}

/// Parses an operation's own arguments (the words the first pass left).
pub fn parse_operation(operation: &str, args: &[String]) -> Result<SecondPass> {
    if let Some(command) = commands::find(operation) {
        if args.len() == 1 && args[0] == "help" {
            return Ok(SecondPass::Help(Topic::Command(command)));
        }
        return commands::parse(command, args).map(SecondPass::Command);
    }
    let Some(operation) = SSO_OIDC.operation(operation) else {
        // Only `help` reaches here: the first pass accepted nothing else.
        if args == ["--man"] {
            return Ok(SecondPass::Man);
        }
        return Ok(SecondPass::Help(Topic::Main));
    };
    // argparse's special case in the AWS CLI's ArgTableArgParser: a lone `help`.
    if args.len() == 1 && args[0] == "help" {
        return Ok(SecondPass::Help(Topic::Operation(operation)));
    }
    let specs = operation_specs(operation, required_args_apply(args));
    let mut outcome = Parser::new(&specs)
        .parse_known(args)
        .map_err(|err| match err {
            ParseError::Usage(message) => Error::Usage(message),
            // Unreachable: the second pass has no --version, the first pass handled it.
            ParseError::Version => Error::Usage("unexpected --version".into()),
        })?;
    match outcome.values.remove("help") {
        Some(Parsed::One(word)) if word == "help" => {
            return Ok(SecondPass::Help(Topic::Operation(operation)))
        }
        // v1 keeps the positional only when it is truthy (`elif parsed_args.help:` in
        // clidriver.py): an empty word there is dropped, not an unknown option.
        Some(Parsed::One(word)) if !word.is_empty() => outcome.extras.push(word),
        _ => {}
    }
    if !outcome.extras.is_empty() {
        return Err(Error::UnknownOptions(outcome.extras));
    }
    let params = operation
        .input
        .iter()
        .filter_map(|member| {
            let value = match outcome.values.remove(member.flag)? {
                Parsed::List(values) => RawValue::List(values),
                Parsed::One(value) => RawValue::One(value),
                Parsed::Flag => return None,
            };
            Some((member, value))
        })
        .collect();
    let skeleton = outcome
        .one("--generate-cli-skeleton")
        .map(|kind| match kind {
            "output" => Skeleton::Output,
            _ => Skeleton::Input,
        });
    Ok(SecondPass::Run(OperationArgs {
        operation,
        params,
        cli_input_json: owned(&outcome, "--cli-input-json"),
        skeleton,
    }))
}

/// Whether the model's required arguments are enforced by the parser. As in the AWS CLI
/// (`OverrideRequiredArgsArgument`), they are not when the exact word `--cli-input-json`, or
/// `--generate-cli-skeleton` not followed by `output`, is on the command line.
fn required_args_apply(args: &[String]) -> bool {
    let input_json = args.iter().any(|a| a == "--cli-input-json");
    let skeleton = args
        .iter()
        .position(|a| a == "--generate-cli-skeleton")
        .is_some_and(|i| args.get(i + 1).map(String::as_str) != Some("output"));
    !(input_json || skeleton)
}

fn operation_specs(operation: &Operation, enforce_required: bool) -> Vec<ArgSpec> {
    let mut specs: Vec<ArgSpec> = operation
        .input
        .iter()
        .map(|member| {
            let nargs = if member.kind.is_list() {
                Nargs::ZeroOrMore
            } else {
                Nargs::One
            };
            ArgSpec::new(member.flag, nargs).required(member.required && enforce_required)
        })
        .collect();
    specs.push(ArgSpec::one("--cli-input-json"));
    specs.push(
        ArgSpec::new("--generate-cli-skeleton", Nargs::Optional)
            .choices(SKELETON_CHOICES)
            .constant("input"),
    );
    specs.push(ArgSpec::new("help", Nargs::Optional));
    specs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    fn run(args: &[&str]) -> Result<SecondPass> {
        match parse_globals(&words(args))? {
            FirstPass::Version => panic!("unexpected version"),
            FirstPass::Command {
                operation, rest, ..
            } => parse_operation(&operation, &rest),
        }
    }

    #[test]
    fn globals_anywhere() {
        let args = words(&[
            "--output",
            "text",
            "register-client",
            "--client-name",
            "n",
            "--region",
            "eu-west-1",
        ]);
        let FirstPass::Command {
            globals,
            operation,
            rest,
        } = parse_globals(&args).unwrap()
        else {
            panic!()
        };
        assert_eq!(globals.output.as_deref(), Some("text"));
        assert_eq!(globals.settings.region.as_deref(), Some("eu-west-1"));
        assert_eq!(operation, "register-client");
        assert_eq!(rest, vec!["--client-name", "n"]);
    }

    #[test]
    fn missing_operation() {
        let err = parse_globals(&[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the following arguments are required: operation"
        );
    }

    #[test]
    fn unknown_options_collect_values() {
        let err = run(&[
            "register-client",
            "--client-name",
            "n",
            "--client-type",
            "t",
            "--bogus",
            "1",
        ]);
        let Err(Error::UnknownOptions(words)) = err else {
            panic!()
        };
        assert_eq!(words, vec!["--bogus", "1"]);
    }

    #[test]
    fn cli_input_json_lifts_required() {
        let out = run(&["register-client", "--cli-input-json", "{}"]).unwrap();
        let SecondPass::Run(args) = out else { panic!() };
        assert_eq!(args.cli_input_json.as_deref(), Some("{}"));
        // `=` form does not lift it, as in v1.
        let err = run(&["register-client", "--cli-input-json={}"]).unwrap_err();
        assert!(matches!(err, Error::Usage(_)));
    }

    #[test]
    fn skeleton_output_keeps_required() {
        let err = run(&["register-client", "--generate-cli-skeleton", "output"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the following arguments are required: --client-name, --client-type"
        );
        let out = run(&["register-client", "--generate-cli-skeleton"]).unwrap();
        let SecondPass::Run(args) = out else { panic!() };
        assert_eq!(args.skeleton, Some(Skeleton::Input));
    }

    #[test]
    fn help_words() {
        assert!(matches!(
            run(&["register-client", "help"]),
            Ok(SecondPass::Help(Topic::Operation(_)))
        ));
        assert!(matches!(
            run(&["login", "help"]),
            Ok(SecondPass::Help(Topic::Command(_)))
        ));
        assert!(matches!(run(&["help"]), Ok(SecondPass::Help(Topic::Main))));
        assert!(matches!(run(&["help", "--man"]), Ok(SecondPass::Man)));
        assert!(matches!(
            run(&["help", "--man", "x"]),
            Ok(SecondPass::Help(Topic::Main))
        ));
    }

    fn topic_name(args: &[&str]) -> Option<&'static str> {
        help_requested(&words(args)).map(|topic| match topic {
            Topic::Main => "main",
            Topic::Operation(op) => op.command,
            Topic::Command(command) => command.name,
        })
    }

    #[test]
    fn help_flags_ask_for_the_help_of_what_the_line_names() {
        assert_eq!(topic_name(&["--help"]), Some("main"));
        assert_eq!(topic_name(&["-h"]), Some("main"));
        assert_eq!(topic_name(&["--region", "x", "-h"]), Some("main"));
        assert_eq!(topic_name(&["bogus", "--help"]), Some("main"));
        assert_eq!(topic_name(&["--output", "bad", "--help"]), Some("main"));
        assert_eq!(
            topic_name(&["register-client", "--client-name", "-h"]),
            Some("register-client")
        );
        assert_eq!(topic_name(&["-h", "create-token"]), Some("create-token"));
        assert_eq!(topic_name(&["login", "--help"]), Some("login"));
        // Taken out before the line is read: it does not stand for an option's missing value.
        assert_eq!(
            topic_name(&["--region", "-h", "eu-west-1", "login"]),
            Some("login")
        );
        // Not a help flag: after `--`, abbreviated, or part of a word.
        assert_eq!(topic_name(&["register-client", "--", "-h"]), None);
        assert_eq!(topic_name(&["register-client", "--hel"]), None);
        assert_eq!(topic_name(&["register-client", "--client-name=-h"]), None);
        assert_eq!(topic_name(&["register-client"]), None);
        // After `--` a help word is a value: here the operation name, which is no operation.
        assert_eq!(topic_name(&["-h", "--", "-h", "login"]), Some("main"));
        assert_eq!(topic_name(&["-h", "--", "login"]), Some("login"));
    }

    #[test]
    fn an_empty_positional_is_dropped_as_v1_drops_it() {
        let with = |extra: &[&'static str]| {
            let mut args = vec![
                "register-client",
                "--client-name",
                "n",
                "--client-type",
                "p",
            ];
            args.extend(extra);
            run(&args)
        };
        assert!(matches!(with(&[""]), Ok(SecondPass::Run(_))));
        let err = with(&["", "-5"]).unwrap_err();
        assert!(
            matches!(&err, Error::UnknownOptions(words) if words == &["-5"]),
            "{err}"
        );
        let err = with(&["x", "-5"]).unwrap_err();
        assert!(
            matches!(&err, Error::UnknownOptions(words) if words == &["-5", "x"]),
            "{err}"
        );
    }
}
