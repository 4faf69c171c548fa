//! The SSO portal (`sso/2019-06-10/service-2.json` of botocore 1.43.11): the two operations the
//! credential chain (and later login and logout) needs. They are not commands of ssooidc: the
//! command line lists [`super::SSO_OIDC`] alone. Their members travel in the query string and in
//! a header, not in a JSON body.

use super::{Auth, Location, Member, MemberType, Operation, Service};

use MemberType::{Long, String as Str, Structure};

/// The SSO portal (`serviceId` SSO, endpoint prefix `portal.sso`).
pub const SSO_PORTAL: Service = Service {
    config_id: "sso",
    endpoint_rules: crate::service::endpoint::resolve_portal,
    signing_name: "awsssoportal",
    operations: &[&GET_ROLE_CREDENTIALS, &LOGOUT],
};

/// The bearer token of an SSO session, in the `x-amz-sso_bearer_token` header.
const ACCESS_TOKEN: Member = Member::input(
    "accessToken",
    "--access-token",
    Str,
    "The token issued by the CreateToken API call.",
)
.at(Location::Header("x-amz-sso_bearer_token"))
.required()
.sensitive();

const ROLE_CREDENTIALS: &[Member] = &[
    Member::output(
        "accessKeyId",
        Str,
        "The identifier used for the temporary security credentials.",
    ),
    Member::output(
        "secretAccessKey",
        Str,
        "The key that is used to sign the request.",
    )
    .sensitive(),
    Member::output(
        "sessionToken",
        Str,
        "The token used for temporary credentials.",
    )
    .sensitive(),
    Member::output(
        "expiration",
        Long,
        "The date on which temporary security credentials expire (milliseconds since the epoch).",
    ),
];

/// `GET /federation/credentials?role_name=...&account_id=...`, unsigned.
pub const GET_ROLE_CREDENTIALS: Operation = Operation {
    name: "GetRoleCredentials",
    command: "get-role-credentials",
    method: "GET",
    request_uri: "/federation/credentials",
    auth: Auth::None,
    input: &[
        Member::input(
            "roleName",
            "--role-name",
            Str,
            "The friendly name of the role that is assigned to the user.",
        )
        .at(Location::Query("role_name"))
        .required(),
        Member::input(
            "accountId",
            "--account-id",
            Str,
            "The identifier for the AWS account that is assigned to the user.",
        )
        .at(Location::Query("account_id"))
        .required(),
        ACCESS_TOKEN,
    ],
    output: &[Member::output(
        "roleCredentials",
        Structure(ROLE_CREDENTIALS),
        "The credentials for the role that is assigned to the user.",
    )],
    summary: "Returns the STS short-term credentials for a given role name that is assigned to \
              the user.",
};

/// `POST /logout`, unsigned, with no body.
pub const LOGOUT: Operation = Operation {
    name: "Logout",
    command: "logout",
    method: "POST",
    request_uri: "/logout",
    auth: Auth::None,
    input: &[ACCESS_TOKEN],
    output: &[],
    summary: "Removes the locally stored SSO tokens from the client-side cache and sends an API \
              call to the IAM Identity Center service to invalidate the corresponding server-side \
              IAM Identity Center sign in session.",
};
