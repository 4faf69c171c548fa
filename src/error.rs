//! Every way a run can fail, the line it prints and the exit code it ends with.
//!
//! One place decides both, so that a message and its exit code cannot drift apart. The texts are
//! the AWS CLI v1's wherever a script might match on them; where v1 leaks Python internals we
//! print a clear line of our own instead (policy P3 in the README).

use std::process::ExitCode;

/// How the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// The command succeeded (0).
    Success,
    /// A usage error found while parsing the command line (2, as argparse).
    Usage,
    /// Interrupted by SIGINT (130 = 128 + 2, as the AWS CLI).
    Interrupted,
    /// Stopped by SIGTERM (143 = 128 + 15, the shell's convention for a process a signal ended;
    /// v1 has no handler and dies of the signal itself).
    Terminated,
    /// Every other failure (255, as the AWS CLI).
    Failure,
}

impl ExitStatus {
    /// The numeric exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Usage => 2,
            ExitStatus::Interrupted => 130,
            ExitStatus::Terminated => 143,
            ExitStatus::Failure => 255,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}

/// A failure, with the exact text the user sees.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A command-line usage error (argparse's `error()`), printed after the usage block.
    #[error("{0}")]
    Usage(String),
    /// Options no parser recognised, printed after the usage block, exit 255.
    #[error("Unknown options: {}", .0.join(", "))]
    UnknownOptions(Vec<String>),
    /// No region anywhere. Printed without the leading blank line, as v1 does.
    #[error(
        "You must specify a region. You can also configure your region by running \"aws configure\"."
    )]
    NoRegion,
    /// No provider of the credential chain found credentials for a signed operation. Printed
    /// without the leading blank line, as v1 does.
    #[error(
        "Unable to locate credentials. You can configure credentials by running \"aws configure\"."
    )]
    NoCredentials,
    /// A value given for a parameter could not be read or decoded.
    #[error("Error parsing parameter '{param}': {message}")]
    Param {
        /// The parameter as v1 names it (`--scopes`, or `cli-input-json` for JSON errors).
        param: String,
        /// What went wrong.
        message: String,
    },
    /// Client-side validation of the input failed; one line per problem.
    #[error("Parameter validation failed:\n{}", .0.join("\n"))]
    Validation(Vec<String>),
    /// The service answered with an error.
    #[error(
        "An error occurred ({code}) when calling the {operation} operation{}: {message}",
        retry_suffix(*.retries)
    )]
    Service {
        /// The error code (`InvalidScopeException`, or the HTTP status).
        code: String,
        /// The operation name.
        operation: &'static str,
        /// The error message (possibly empty).
        message: String,
        /// Retries made before giving up, when the attempts ran out.
        retries: Option<u32>,
    },
    /// The SSO session a profile uses has expired, was never logged in to, or the portal refused
    /// its token: `message` is botocore's text (what `create-token-with-iam` prints, as v1),
    /// `login` the ssooidc command that logs in again (`ssooidc login --sso-session NAME`), which
    /// `export-credentials` prints instead.
    #[error("{message}")]
    SsoLogin {
        /// botocore's message.
        message: String,
        /// The command to run.
        login: String,
    },
    /// Any other failure, printed as is.
    #[error("{0}")]
    Message(String),
    /// Writing the output failed for a reason other than a closed pipe.
    #[error("Unable to write output: {0}")]
    Output(std::io::Error),
    /// SIGINT arrived.
    #[error("")]
    Interrupted,
    /// SIGTERM arrived.
    #[error("")]
    Terminated,
}

fn retry_suffix(retries: Option<u32>) -> String {
    retries
        .map(|n| format!(" (reached max retries: {n})"))
        .unwrap_or_default()
}

impl Error {
    /// A plain message.
    pub fn msg(message: impl Into<String>) -> Self {
        Error::Message(message.into())
    }

    /// The exit status this failure ends the process with.
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::Usage(_) => ExitStatus::Usage,
            Error::Interrupted => ExitStatus::Interrupted,
            Error::Terminated => ExitStatus::Terminated,
            _ => ExitStatus::Failure,
        }
    }

    /// Whether v1 prints a blank line before the message (its `write_exception`); it does not for
    /// the region and credentials errors, which `clidriver.main` reports itself.
    pub fn leading_blank_line(&self) -> bool {
        !matches!(
            self,
            Error::NoRegion
                | Error::NoCredentials
                | Error::Usage(_)
                | Error::UnknownOptions(_)
                | Error::Interrupted
                | Error::Terminated
        )
    }
}

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_error_text() {
        let err = Error::Service {
            code: "InternalServerException".into(),
            operation: "RegisterClient",
            message: "Internal server error".into(),
            retries: Some(4),
        };
        assert_eq!(
            err.to_string(),
            "An error occurred (InternalServerException) when calling the RegisterClient \
             operation (reached max retries: 4): Internal server error"
        );
        assert_eq!(err.exit_status().code(), 255);
    }

    #[test]
    fn validation_text() {
        let err = Error::Validation(vec!["a".into(), "b".into()]);
        assert_eq!(err.to_string(), "Parameter validation failed:\na\nb");
    }

    #[test]
    fn signals_exit_with_128_plus_their_number() {
        assert_eq!(Error::Interrupted.exit_status().code(), 130);
        assert_eq!(Error::Terminated.exit_status().code(), 143);
    }
}
