//! The service model: the operations ssooidc knows, their input and output members.
//!
//! This is the part of botocore's `sso-oidc/2019-06-10/service-2.json` that the CLI needs: member
//! names and order (they decide the request body, the skeletons and the JSON output order), types
//! (they decide how values are parsed and validated) and which members are secrets. Adding an
//! operation means adding one `Operation` value to [`SSO_OIDC`], not new code paths; what a member
//! type means lives in `types.rs`, once.

mod sso_oidc;
mod sso_portal;
mod types;

use crate::python::value::Map;
use crate::service::endpoint::{EndpointError, EndpointParams};
pub use sso_oidc::{
    CREATE_TOKEN, CREATE_TOKEN_WITH_IAM, REGISTER_CLIENT, SSO_OIDC, START_DEVICE_AUTHORIZATION,
};

pub use sso_portal::{GET_ROLE_CREDENTIALS, LOGOUT, SSO_PORTAL};
pub use types::{check_structure, read_structure, skeleton, MemberType, Sample};

/// One member of an operation's input or output structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// The wire and model name (`clientName`).
    pub name: &'static str,
    /// The command-line option (`--client-name`), for input members.
    pub flag: &'static str,
    /// Its type.
    pub kind: MemberType,
    /// Whether the input requires it.
    pub required: bool,
    /// Whether its value is a secret (never logged, never quoted in an error).
    pub sensitive: bool,
    /// One-line help text.
    pub help: &'static str,
    /// Where the member travels in a request (outputs are always read from the body).
    pub location: Location,
}

/// Where an input member travels, as botocore's rest-json serializer places it (the model's
/// `location` and `locationName`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A member of the JSON body (no `location` in the model).
    Body,
    /// A query-string parameter with this name (`location: querystring`).
    Query(&'static str),
    /// A header with this name (`location: header`).
    Header(&'static str),
}

impl Member {
    /// An optional input member.
    pub const fn input(
        name: &'static str,
        flag: &'static str,
        kind: MemberType,
        help: &'static str,
    ) -> Member {
        Member {
            name,
            flag,
            kind,
            required: false,
            sensitive: false,
            help,
            location: Location::Body,
        }
    }

    /// An output member (outputs are never required).
    pub const fn output(name: &'static str, kind: MemberType, help: &'static str) -> Member {
        Member::input(name, "", kind, help)
    }

    /// The same member, required.
    pub const fn required(self) -> Member {
        Member {
            required: true,
            ..self
        }
    }

    /// The same member, sent in `location` instead of the body.
    pub const fn at(self, location: Location) -> Member {
        Member { location, ..self }
    }

    /// The same member, holding a secret.
    pub const fn sensitive(self) -> Member {
        Member {
            sensitive: true,
            ..self
        }
    }
}

/// How a request is authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Sent as it is (`smithy.api#noAuth`): RegisterClient, StartDeviceAuthorization, CreateToken.
    None,
    /// Signed with Signature Version 4 under the service's signing name.
    SigV4,
}

/// One operation of the service.
#[derive(Debug)]
pub struct Operation {
    /// The model name (`RegisterClient`), used in error messages and table titles.
    pub name: &'static str,
    /// The command name (`register-client`).
    pub command: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The request URI, appended to the endpoint's path; it may carry a static query
    /// (`/token?aws_iam=t`).
    pub request_uri: &'static str,
    /// How the request is authenticated.
    pub auth: Auth,
    /// The input members in model order.
    pub input: &'static [Member],
    /// The output members in model order.
    pub output: &'static [Member],
    /// A short description for help text.
    pub summary: &'static str,
}

impl Operation {
    /// The input member named `name`.
    pub fn input_member(&self, name: &str) -> Option<&'static Member> {
        self.input.iter().find(|m| m.name == name)
    }

    /// botocore's `ParamValidator` on a whole input: every problem, one line each, in botocore's
    /// order (missing required members, unknown members, wrong types).
    pub fn validate(&self, input: &Map) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        check_structure(self.input, "", input, &mut problems);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// A service: its names and its operations.
#[derive(Debug)]
pub struct Service {
    /// The id in configuration: the `[services]` key and the `AWS_ENDPOINT_URL_<ID>` suffix.
    pub config_id: &'static str,
    /// The service's endpoint rules: the URL for a region and the FIPS and dual-stack switches.
    pub endpoint_rules: fn(&EndpointParams) -> Result<String, EndpointError>,
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// Every operation, in the order the AWS CLI lists them. Only SSO-OIDC's are commands of
    /// ssooidc; the portal's serve the credential chain.
    pub operations: &'static [&'static Operation],
}

impl Service {
    /// The operation whose command name is `command`.
    pub fn operation(&self, command: &str) -> Option<&'static Operation> {
        self.operations
            .iter()
            .copied()
            .find(|op| op.command == command)
    }

    /// Whether a member named `name` holds a secret in any shape of the service, at any depth:
    /// what `--debug` and error messages hide.
    pub fn is_sensitive(&self, name: &str) -> bool {
        fn any_sensitive(members: &[Member], name: &str) -> bool {
            members.iter().any(|m| {
                (m.sensitive && m.name == name)
                    || matches!(m.kind, MemberType::Structure(inner) if any_sensitive(inner, name))
            })
        }
        self.operations
            .iter()
            .any(|op| any_sensitive(op.input, name) || any_sensitive(op.output, name))
    }
}

/// Every service ssooidc calls: SSO-OIDC (the commands) and the SSO portal (the credential
/// chain's SSO provider).
pub const SERVICES: &[&Service] = &[&SSO_OIDC, &SSO_PORTAL];

/// Whether a member named `name` holds a secret in any service's model: the one rule for what
/// `--debug`, `Debug` formatting and error messages hide.
pub fn is_sensitive(name: &str) -> bool {
    SERVICES.iter().any(|service| service.is_sensitive(name))
}
