//! The service model: the operations ssooidc knows, their input and output members.
//!
//! This is the part of botocore's `sso-oidc/2019-06-10/service-2.json` that the CLI needs: member
//! names and order (they decide the request body, the skeletons and the JSON output order), types
//! (they decide how values are parsed and validated) and which members are secrets. Adding an
//! operation means adding one `Operation` value here, not new code paths.

mod register_client;

pub use register_client::REGISTER_CLIENT;

/// The type of one member, as far as the CLI needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberType {
    /// A string.
    String,
    /// A list of strings.
    StringList,
    /// A 64-bit integer (botocore's `long`, read with Python's `int()`).
    Long,
}

/// One member of an operation's input or output structure.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    /// The wire and model name (`clientName`).
    pub name: &'static str,
    /// The command-line option (`--client-name`), for input members.
    pub flag: &'static str,
    /// Its type.
    pub kind: MemberType,
    /// Whether the input requires it.
    pub required: bool,
    /// Whether the model marks its shape `sensitive` (never logged).
    pub sensitive: bool,
    /// One-line help text.
    pub help: &'static str,
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
    /// The request path, appended to the endpoint.
    pub path: &'static str,
    /// The input members in model order.
    pub input: &'static [Member],
    /// The output members in model order.
    pub output: &'static [Member],
    /// A short description for help text.
    pub summary: &'static str,
}

impl Operation {
    /// The input member named `name`.
    pub fn input_member(&self, name: &str) -> Option<&Member> {
        self.input.iter().find(|m| m.name == name)
    }
}

/// Every operation ssooidc implements, in the order help lists them.
pub const OPERATIONS: &[&Operation] = &[&REGISTER_CLIENT];

/// The operation whose command name is `command`.
pub fn find_operation(command: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().copied().find(|op| op.command == command)
}

/// The names of every member that holds a secret in any operation's input or output; `--debug`
/// and error messages replace their values.
pub fn is_sensitive(name: &str) -> bool {
    OPERATIONS
        .iter()
        .flat_map(|op| op.input.iter().chain(op.output))
        .any(|m| m.sensitive && m.name == name)
}
