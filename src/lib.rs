//! ssooidc: a native command-line client for AWS SSO-OIDC, a faithful clone of
//! `aws sso-oidc` from AWS CLI v1 that starts in milliseconds.
//!
//! [`run`] is the whole program as a pipeline: parse the command line (global options, then the
//! operation's arguments), stop early for help, version and input skeletons, build and validate
//! the input, resolve region, endpoint and transport settings, send with retries, and render the
//! answer. Each step lives in its own module; this file only strings them together and decides
//! what reaches stdout and stderr.

pub mod auth;
pub mod cli;
pub mod commands;
pub mod config;
pub mod debug;
pub mod error;
#[cfg(test)]
mod layers_tests;
pub mod net;
pub mod output;
pub mod python;
pub mod secret;
pub mod service;
pub mod sso;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use cli::{help, input, skeleton, FirstPass, SecondPass, Skeleton};
use config::env::{Environment, ProcessEnvironment};
use config::settings;
use error::{Error, ExitStatus, Result};
use output::render;
use service::call::Client;
use service::model::{self, Auth, SSO_OIDC};
use service::signing::{Credentials, Signer};

/// Runs the program with `args` (the first is the program name) and returns its exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().skip(1).collect();
    if args.first().is_some_and(|arg| arg == "__complete") {
        return complete(&args[1..]);
    }
    install_panic_hook();
    let result = utf8_args(args).and_then(|args| execute(&args, &ProcessEnvironment));
    let status = match result {
        Ok(text) => write_stdout(&text),
        Err(err) => {
            report(&err);
            err.exit_status()
        }
    };
    status.into()
}

/// `ssooidc __complete INDEX WORDS...`, the call-back of the completion scripts (hidden: no help
/// or list of choices names it). A special mode that stops before everything else, since it must
/// answer at every keystroke, quietly: candidates on stdout and exit 0 whatever happens, nothing
/// on stderr, no network, no file but the shared config files. Words that are not UTF-8 are read
/// lossily: they are only compared with names, never sent anywhere.
fn complete(args: &[OsString]) -> ExitCode {
    std::panic::set_hook(Box::new(|_| std::process::exit(0)));
    let args: Vec<String> = args
        .iter()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let text = cli::complete::answer(&args, &cli::complete::ConfigFiles(&ProcessEnvironment));
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    ExitCode::SUCCESS
}

/// Every argument as UTF-8; the service takes only Unicode text.
fn utf8_args(args: Vec<OsString>) -> Result<Vec<String>> {
    args.into_iter()
        .enumerate()
        .map(|(i, arg)| {
            arg.into_string().map_err(|raw| {
                Error::msg(format!(
                    "Argument {} is not valid UTF-8: {}",
                    i + 1,
                    shown_argument(&raw)
                ))
            })
        })
        .collect()
}

/// An argument quoted for a one-line message: invalid bytes as `\xNN`, control characters
/// escaped (so a newline cannot split the line), and at most 80 characters of it.
fn shown_argument(raw: &std::ffi::OsStr) -> String {
    const SHOWN: usize = 80;
    let quoted = format!("{raw:?}");
    if quoted.chars().count() <= SHOWN {
        return quoted;
    }
    let head: String = quoted.chars().take(SHOWN).collect();
    format!("{head}... ({} bytes)", raw.len())
}

/// Runs the command and returns what goes to stdout. The steps and their order are v1's: each
/// kind of mistake is reported where v1 reports it.
pub(crate) fn execute(args: &[String], env: &dyn Environment) -> Result<String> {
    // People's help flags first: they win over every mistake on the line.
    if let Some(topic) = cli::help_requested(args) {
        return Ok(help::help_text(topic, render::terminal_width()));
    }
    // Command line: the global options and the operation name.
    let (globals, operation, rest) = match cli::parse_globals(args)? {
        FirstPass::Version => return Ok(help::version()),
        FirstPass::Command {
            globals,
            operation,
            rest,
        } => (globals, operation, rest),
    };
    let query = globals
        .query
        .as_deref()
        .map(render::compile_query)
        .transpose()?;
    let early = settings::resolve_early(&globals.settings)?;
    let log = debug::Log::new(globals.debug);
    // Command line: the operation's own arguments.
    let args = match cli::parse_operation(&operation, &rest)? {
        SecondPass::Help(topic) => return Ok(help::help_text(topic, render::terminal_width())),
        SecondPass::Man => return Ok(help::man_page()),
        SecondPass::Command(args) => return commands::run(&args, &globals, env),
        SecondPass::Run(args) => args,
    };
    // Input: the flags' values, the profile (v1 reads it here, after the flags' files and
    // before --cli-input-json), then --cli-input-json.
    let flags = input::from_flags(&args.params)?;
    let config = config::SharedConfig::load(globals.profile.as_deref(), env)?;
    let input = input::merge_cli_input_json(flags, args.cli_input_json.as_deref())?;
    let operation = args.operation;
    if args.skeleton == Some(Skeleton::Input) {
        return Ok(skeleton::input_skeleton(operation));
    }
    // Settings, then validation (v1 resolves the region before it validates).
    let connection =
        settings::resolve_connection(&globals.settings, &early, &config, env, &SSO_OIDC)?;
    config.log_sources(&log);
    connection.log(&log);
    let credentials = look_up_credentials(operation, &globals, &config, env, &connection, log)?;
    operation.validate(&input).map_err(Error::Validation)?;
    // The call, with retries (the output skeleton is v1's stubbed call: nothing is signed).
    let output = if args.skeleton == Some(Skeleton::Output) {
        model::skeleton(operation.output, model::Sample::Output)
    } else {
        let signer = match credentials {
            Lookup::NotNeeded => None,
            Lookup::Found(provider, credentials) => {
                log.line(|| format!("credentials: from {provider}"));
                Some(Signer {
                    credentials,
                    region: connection.region.clone(),
                    name: SSO_OIDC.signing_name,
                })
            }
            Lookup::NotFound => return Err(Error::NoCredentials),
        };
        if let Some(warning) = connection.insecure_warning() {
            warn(&warning);
        }
        let client = Client::new(connection, log)?;
        let output = client.call(operation, &input, signer.as_ref());
        client.close();
        output?
    };
    // The answer, rendered.
    let format = render::Format::resolve(globals.output.as_deref(), &config, env)?;
    let color = render::color_enabled(globals.color.as_deref(), env);
    render::render(format, operation.name, &output, query.as_ref(), color)
}

/// What the credential chain said, for an operation about to be called.
enum Lookup {
    /// The operation is unsigned, or `--no-sign-request` was given.
    NotNeeded,
    /// A provider (named) found credentials.
    Found(&'static str, Credentials),
    /// No provider found any: an error once the call is really made.
    NotFound,
}

/// Credentials for a signed operation. v1 looks them up when it creates the client, so a
/// provider's error comes before validation, and their absence only when it signs.
fn look_up_credentials(
    operation: &model::Operation,
    globals: &cli::Globals,
    config: &config::SharedConfig,
    env: &dyn Environment,
    connection: &service::call::Connection,
    log: debug::Log,
) -> Result<Lookup> {
    if operation.auth != Auth::SigV4 || globals.no_sign_request {
        return Ok(Lookup::NotNeeded);
    }
    let sources = auth::Sources {
        env,
        config,
        explicit_profile: globals.profile.is_some(),
        connection,
        log,
        profile: None,
        sso_role_cache: None,
    };
    Ok(match auth::resolve(&sources)? {
        Some((provider, credentials)) => Lookup::Found(provider, credentials),
        None => Lookup::NotFound,
    })
}

/// One warning line on stderr.
fn warn(line: &str) {
    let _ = std::io::stderr().write_all(format!("{line}\n").as_bytes());
}

/// Writes the output in one call. A closed pipe ends quietly (the reader chose to stop); any
/// other failure is reported.
fn write_stdout(text: &str) -> ExitStatus {
    if text.is_empty() {
        return ExitStatus::Success;
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitStatus::Success,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(err) => {
            let err = Error::Output(err);
            report(&err);
            err.exit_status()
        }
    }
}

/// Prints a failure on stderr the way v1 does.
fn report(err: &Error) {
    let text = match err {
        Error::Interrupted | Error::Terminated => String::new(),
        Error::Usage(message) => format!("{}ssooidc: error: {message}\n", help::USAGE),
        Error::UnknownOptions(_) => format!("{}\n{err}\n", help::USAGE),
        _ if err.leading_blank_line() => format!("\n{err}\n"),
        _ => format!("{err}\n"),
    };
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Even an unforeseen bug ends with one line and exit 255, never a Rust backtrace.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|_| {
        let _ = std::io::stderr().write_all(
            b"\nssooidc hit an internal error and stopped. Please report this as a bug, with the \
              command you ran (leave out any secrets).\n",
        );
        std::process::exit(i32::from(ExitStatus::Failure.code()));
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Set only in the child process of `panic_hook_prints_one_line_and_exits_255`.
    const CHILD: &str = "SSOOIDC_PANIC_HOOK_CHILD";

    /// The child: installs the real hook and panics with a secret in the message. It is not a
    /// test of its own: the parent runs it with `--ignored`, and without the variable (someone
    /// running every ignored test in process) it does nothing, since the hook ends the process.
    #[test]
    #[ignore = "a child process of panic_hook_prints_one_line_and_exits_255"]
    fn panic_hook_child() {
        if std::env::var_os(CHILD).is_none() {
            return;
        }
        install_panic_hook();
        let secret = "SECRET-in-panic-payload";
        panic!("boom {secret}");
    }

    // Guards: a panic anywhere ends the process with one line of ours and exit 255: no Rust
    // panic message, no backtrace hint, nothing from the payload (which could hold a secret).
    // The test binary re-runs itself on the child test above, so no test-only hook or switch is
    // needed in the program.
    #[test]
    fn panic_hook_prints_one_line_and_exits_255() {
        let Ok(exe) = std::env::current_exe() else {
            panic!("no current_exe");
        };
        let out = std::process::Command::new(exe)
            .args([
                "--exact",
                "tests::panic_hook_child",
                "--ignored",
                "--nocapture",
            ])
            .args(["--test-threads", "1"])
            .env(CHILD, "1")
            .env("RUST_BACKTRACE", "full")
            .output();
        let Ok(out) = out else {
            panic!("could not run the test binary");
        };
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(255), "stderr {stderr:?}");
        assert_eq!(
            stderr,
            "\nssooidc hit an internal error and stopped. Please report this as a bug, with the \
             command you ran (leave out any secrets).\n"
        );
    }

    // Builds the argument from raw bytes, which only Unix's OsString is.
    #[cfg(unix)]
    #[test]
    fn invalid_utf8_argument_is_shown_on_one_bounded_line() {
        use std::os::unix::ffi::OsStringExt;
        let raw = OsString::from_vec(b"a\xffb\nc".to_vec());
        assert_eq!(shown_argument(&raw), r#""a\xFFb\nc""#);
        let long = OsString::from_vec([b'x'; 1000].to_vec());
        let shown = shown_argument(&long);
        assert!(
            shown.ends_with("... (1000 bytes)") && shown.len() < 120,
            "{shown}"
        );
    }
}
