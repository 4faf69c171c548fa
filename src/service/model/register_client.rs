//! RegisterClient (`POST /client/register`), as modelled in botocore 1.43.11.

use super::{Member, MemberType, Operation};

const fn input(
    name: &'static str,
    flag: &'static str,
    kind: MemberType,
    required: bool,
    help: &'static str,
) -> Member {
    Member {
        name,
        flag,
        kind,
        required,
        sensitive: false,
        help,
    }
}

const fn output(
    name: &'static str,
    kind: MemberType,
    sensitive: bool,
    help: &'static str,
) -> Member {
    Member {
        name,
        flag: "",
        kind,
        required: false,
        sensitive,
        help,
    }
}

/// Registers a public client with IAM Identity Center.
pub const REGISTER_CLIENT: Operation = Operation {
    name: "RegisterClient",
    command: "register-client",
    method: "POST",
    path: "/client/register",
    summary: "Registers a public client with IAM Identity Center. This allows clients to perform \
              authorization using the authorization code grant with Proof Key for Code Exchange \
              (PKCE) or the device code grant.",
    input: &[
        input("clientName", "--client-name", MemberType::String, true,
            "The friendly name of the client."),
        input("clientType", "--client-type", MemberType::String, true,
            "The type of client. The service supports only public as a client type."),
        input("scopes", "--scopes", MemberType::StringList, false,
            "The list of scopes that are defined by the client."),
        input("redirectUris", "--redirect-uris", MemberType::StringList, false,
            "The list of redirect URIs that are defined by the client."),
        input("grantTypes", "--grant-types", MemberType::StringList, false,
            "The list of OAuth 2.0 grant types that are defined by the client \
             (authorization_code, urn:ietf:params:oauth:grant-type:device_code, refresh_token)."),
        input("issuerUrl", "--issuer-url", MemberType::String, false,
            "The IAM Identity Center Issuer URL associated with an instance of IAM Identity Center."),
        input("entitledApplicationArn", "--entitled-application-arn", MemberType::String, false,
            "The IAM Identity Center application ARN that restricts the client's scopes, grants \
             and redirect URIs."),
    ],
    output: &[
        output("clientId", MemberType::String, false,
            "The unique identifier string for each client."),
        output("clientSecret", MemberType::String, true,
            "A secret string generated for the client."),
        output("clientIdIssuedAt", MemberType::Long, false,
            "The time at which the clientId and clientSecret were issued."),
        output("clientSecretExpiresAt", MemberType::Long, false,
            "The time at which the clientId and clientSecret will become invalid."),
        output("authorizationEndpoint", MemberType::String, false,
            "An endpoint that the client can use to request authorization."),
        output("tokenEndpoint", MemberType::String, false,
            "An endpoint that the client can use to create tokens."),
    ],
};
