//! The SSO-OIDC service (`sso-oidc/2019-06-10/service-2.json` of botocore 1.43.11): its four
//! operations, members in model order, help texts shortened to their first sentences.

use super::{Auth, Member, MemberType, Operation, Service};

use MemberType::{Integer, Long, String as Str, StringList, Structure};

const fn flag(
    name: &'static str,
    flag: &'static str,
    kind: MemberType,
    help: &'static str,
) -> Member {
    Member::input(name, flag, kind, help)
}

const fn out(name: &'static str, kind: MemberType, help: &'static str) -> Member {
    Member::output(name, kind, help)
}

/// SSO-OIDC, as the AWS CLI lists its operations.
pub const SSO_OIDC: Service = Service {
    config_id: "sso_oidc",
    endpoint_rules: crate::service::endpoint::resolve,
    signing_name: "sso-oauth",
    operations: &[
        &CREATE_TOKEN,
        &CREATE_TOKEN_WITH_IAM,
        &REGISTER_CLIENT,
        &START_DEVICE_AUTHORIZATION,
    ],
};

const CLIENT_ID: Member = flag(
    "clientId",
    "--client-id",
    Str,
    "The unique identifier string for the client or application.",
)
.required();
const CLIENT_SECRET: Member = flag(
    "clientSecret",
    "--client-secret",
    Str,
    "A secret string generated for the client, from the result of RegisterClient.",
)
.required()
.sensitive();
// The model does not mark AuthCode sensitive; an authorization code is a credential for as long
// as it lives, so ssooidc never logs it either.
const CODE: Member = flag(
    "code",
    "--code",
    Str,
    "Used only for the Authorization Code grant type: the short-lived code of this \
     authorization request.",
)
.sensitive();
const REFRESH_TOKEN_IN: Member = flag(
    "refreshToken",
    "--refresh-token",
    Str,
    "Used only for the Refresh Token grant type: the token that refreshes short-lived tokens.",
)
.sensitive();
const SCOPE: Member = flag(
    "scope",
    "--scope",
    StringList("Scope"),
    "The list of scopes for which authorization is requested.",
);
const REDIRECT_URI: Member = flag(
    "redirectUri",
    "--redirect-uri",
    Str,
    "Used only for the Authorization Code grant type: where the authorization code was sent.",
);
const CODE_VERIFIER: Member = flag(
    "codeVerifier",
    "--code-verifier",
    Str,
    "Used only for the Authorization Code grant type: the verifier of the original code \
     challenge.",
)
.sensitive();
const ACCESS_TOKEN: Member = out(
    "accessToken",
    Str,
    "A bearer token to access Amazon Web Services accounts and applications assigned to a user.",
)
.sensitive();
const TOKEN_TYPE: Member = out(
    "tokenType",
    Str,
    "The type of the token returned; the supported type is Bearer.",
);
const EXPIRES_IN: Member = out(
    "expiresIn",
    Integer,
    "The number of seconds until the access token expires.",
);
const REFRESH_TOKEN_OUT: Member = out(
    "refreshToken",
    Str,
    "A token that, if present, can be used to refresh the access token.",
)
.sensitive();
const ID_TOKEN: Member = out(
    "idToken",
    Str,
    "A JSON Web Token (JWT) that identifies the user associated with the issued access token.",
)
.sensitive();

/// Creates access and refresh tokens for a client authenticated with its secret.
pub const CREATE_TOKEN: Operation = Operation {
    name: "CreateToken",
    command: "create-token",
    method: "POST",
    request_uri: "/token",
    auth: Auth::None,
    summary: "Creates and returns access and refresh tokens for clients that are authenticated \
              using client secrets. The access token can be used to fetch short-lived credentials \
              for the assigned AWS accounts or to access application APIs using bearer \
              authentication.",
    input: &[
        CLIENT_ID,
        CLIENT_SECRET,
        flag(
            "grantType",
            "--grant-type",
            Str,
            "The OAuth grant type: authorization_code, \
             urn:ietf:params:oauth:grant-type:device_code or refresh_token.",
        )
        .required(),
        flag(
            "deviceCode",
            "--device-code",
            Str,
            "Used only for the Device Code grant type: the device code from \
             StartDeviceAuthorization.",
        )
        .sensitive(),
        CODE,
        REFRESH_TOKEN_IN,
        SCOPE,
        REDIRECT_URI,
        CODE_VERIFIER,
    ],
    output: &[
        ACCESS_TOKEN,
        TOKEN_TYPE,
        EXPIRES_IN,
        REFRESH_TOKEN_OUT,
        ID_TOKEN,
    ],
};

/// Creates tokens for a client application authenticated with AWS credentials (signed).
pub const CREATE_TOKEN_WITH_IAM: Operation = Operation {
    name: "CreateTokenWithIAM",
    command: "create-token-with-iam",
    method: "POST",
    request_uri: "/token?aws_iam=t",
    auth: Auth::SigV4,
    summary: "Creates and returns access and refresh tokens for authorized client applications \
              that are authenticated using any IAM entity, such as a service role or user. These \
              tokens might contain defined scopes that specify permissions such as read:profile \
              or write:data.",
    input: &[
        flag(
            "clientId",
            "--client-id",
            Str,
            "The unique identifier string for the client or application: an application ARN \
             that has OAuth grants configured.",
        )
        .required(),
        flag(
            "grantType",
            "--grant-type",
            Str,
            "The OAuth grant type: authorization_code, refresh_token, \
             urn:ietf:params:oauth:grant-type:jwt-bearer or \
             urn:ietf:params:oauth:grant-type:token-exchange.",
        )
        .required(),
        CODE,
        REFRESH_TOKEN_IN,
        flag(
            "assertion",
            "--assertion",
            Str,
            "Used only for the JWT Bearer grant type: the JWT issued by a trusted token issuer.",
        )
        .sensitive(),
        SCOPE,
        REDIRECT_URI,
        flag(
            "subjectToken",
            "--subject-token",
            Str,
            "Used only for the Token Exchange grant type: the subject of the exchange.",
        )
        .sensitive(),
        flag(
            "subjectTokenType",
            "--subject-token-type",
            Str,
            "Used only for the Token Exchange grant type: the type of the subject token.",
        ),
        flag(
            "requestedTokenType",
            "--requested-token-type",
            Str,
            "Used only for the Token Exchange grant type: the type of token requested.",
        ),
        CODE_VERIFIER,
    ],
    output: &[
        ACCESS_TOKEN,
        TOKEN_TYPE,
        EXPIRES_IN,
        REFRESH_TOKEN_OUT,
        ID_TOKEN,
        out(
            "issuedTokenType",
            Str,
            "The type of tokens that are issued by IAM Identity Center.",
        ),
        out(
            "scope",
            StringList("Scope"),
            "The list of scopes for which authorization is granted.",
        ),
        out(
            "awsAdditionalDetails",
            Structure(&[out(
                "identityContext",
                Str,
                "The trusted context assertion, signed and encrypted by STS.",
            )]),
            "Information from IAM Identity Center managed user and group information.",
        ),
    ],
};

/// Registers a public client with IAM Identity Center.
pub const REGISTER_CLIENT: Operation = Operation {
    name: "RegisterClient",
    command: "register-client",
    method: "POST",
    request_uri: "/client/register",
    auth: Auth::None,
    summary: "Registers a public client with IAM Identity Center. This allows clients to perform \
              authorization using the authorization code grant with Proof Key for Code Exchange \
              (PKCE) or the device code grant.",
    input: &[
        flag("clientName", "--client-name", Str, "The friendly name of the client.").required(),
        flag("clientType", "--client-type", Str,
            "The type of client. The service supports only public as a client type.").required(),
        flag("scopes", "--scopes", StringList("Scope"),
            "The list of scopes that are defined by the client."),
        flag("redirectUris", "--redirect-uris", StringList("URI"),
            "The list of redirect URIs that are defined by the client."),
        flag("grantTypes", "--grant-types", StringList("GrantType"),
            "The list of OAuth 2.0 grant types that are defined by the client \
             (authorization_code, urn:ietf:params:oauth:grant-type:device_code, refresh_token)."),
        flag("issuerUrl", "--issuer-url", Str,
            "The IAM Identity Center Issuer URL associated with an instance of IAM Identity Center."),
        flag("entitledApplicationArn", "--entitled-application-arn", Str,
            "The IAM Identity Center application ARN that restricts the client's scopes, grants \
             and redirect URIs."),
    ],
    output: &[
        out("clientId", Str, "The unique identifier string for each client."),
        out("clientSecret", Str, "A secret string generated for the client.").sensitive(),
        out("clientIdIssuedAt", Long,
            "The time at which the clientId and clientSecret were issued."),
        out("clientSecretExpiresAt", Long,
            "The time at which the clientId and clientSecret will become invalid."),
        out("authorizationEndpoint", Str,
            "An endpoint that the client can use to request authorization."),
        out("tokenEndpoint", Str, "An endpoint that the client can use to create tokens."),
    ],
};

/// Starts a device authorization: a pair of verification codes.
pub const START_DEVICE_AUTHORIZATION: Operation = Operation {
    name: "StartDeviceAuthorization",
    command: "start-device-authorization",
    method: "POST",
    request_uri: "/device_authorization",
    auth: Auth::None,
    summary: "Initiates device authorization by requesting a pair of verification codes from the \
              authorization service.",
    input: &[
        flag(
            "clientId",
            "--client-id",
            Str,
            "The unique identifier string for the client registered with IAM Identity Center.",
        )
        .required(),
        CLIENT_SECRET,
        flag(
            "startUrl",
            "--start-url",
            Str,
            "The URL for the Amazon Web Services access portal.",
        )
        .required(),
    ],
    output: &[
        out(
            "deviceCode",
            Str,
            "The short-lived code that is used by the device when polling for a session token.",
        )
        .sensitive(),
        out("userCode", Str, "A one-time user verification code."),
        out(
            "verificationUri",
            Str,
            "The URI of the verification page that takes the userCode to authorize the device.",
        ),
        out(
            "verificationUriComplete",
            Str,
            "An alternate URL that the client can use to automatically launch a browser.",
        ),
        out(
            "expiresIn",
            Integer,
            "The number of seconds in which the verification code will become invalid.",
        ),
        out(
            "interval",
            Integer,
            "The number of seconds the client must wait between attempts when polling.",
        ),
    ],
};
