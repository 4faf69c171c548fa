//! SSO-OIDC endpoint resolution: a hand translation of botocore's
//! `data/sso-oidc/2019-06-10/endpoint-rule-set-1.json.gz` with the partition table of
//! `data/partitions.json` (botocore 1.43.11) embedded, plus `validate_region_name`.

use std::fmt;

/// Inputs of the rule set (`Region`, `UseFIPS`, `UseDualStack`, `Endpoint`).
///
/// botocore fills these from the client: when an endpoint URL is given
/// (`--endpoint-url` or a configured one) it passes `use_fips = use_dual_stack =
/// false` (`ClientArgsCreator.compute_endpoint_resolver_builtin_defaults`), so the
/// two "custom endpoint" errors are never seen from the CLI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointParams {
    /// `AWS::Region`; `Some("")` counts as set, as in botocore.
    pub region: Option<String>,
    /// `AWS::UseFIPS`.
    pub use_fips: bool,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`, returned verbatim when set.
    pub endpoint: Option<String>,
}

/// A rule-set error (its `Display` is the rule set's text exactly) or botocore's
/// `InvalidRegionError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointError {
    /// Endpoint set together with FIPS.
    FipsWithCustomEndpoint,
    /// Endpoint set together with dual-stack.
    DualStackWithCustomEndpoint,
    /// FIPS and dual-stack requested, partition lacks one.
    FipsAndDualStackUnsupported,
    /// FIPS requested, partition lacks it.
    FipsUnsupported,
    /// Dual-stack requested, partition lacks it.
    DualStackUnsupported,
    /// Neither endpoint nor region.
    MissingRegion,
    /// `botocore.utils.validate_region_name` rejected the region.
    InvalidRegion(String),
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::FipsWithCustomEndpoint => {
                "Invalid Configuration: FIPS and custom endpoint are not supported"
            }
            Self::DualStackWithCustomEndpoint => {
                "Invalid Configuration: Dualstack and custom endpoint are not supported"
            }
            Self::FipsAndDualStackUnsupported => {
                "FIPS and DualStack are enabled, but this partition does not support one or both"
            }
            Self::FipsUnsupported => "FIPS is enabled but this partition does not support FIPS",
            Self::DualStackUnsupported => {
                "DualStack is enabled but this partition does not support DualStack"
            }
            Self::MissingRegion => "Invalid Configuration: Missing Region",
            Self::InvalidRegion(region) => {
                return write!(
                    f,
                    "Provided region_name '{region}' doesn't match a supported format."
                );
            }
        })
    }
}

impl std::error::Error for EndpointError {}

/// One entry of `partitions.json` (its `outputs`, regions and regex).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// Partition id, also the `name` output.
    pub id: &'static str,
    /// `regionRegex` as written in partitions.json (documentation; see `prefixes`).
    pub region_regex: &'static str,
    /// Every regex is `^(P1|P2|..)\-\w+\-\d+$`; these are the P alternatives.
    prefixes: &'static [&'static str],
    /// Regions listed explicitly.
    pub regions: &'static [&'static str],
    /// `dnsSuffix`.
    pub dns_suffix: &'static str,
    /// `dualStackDnsSuffix`.
    pub dual_stack_dns_suffix: &'static str,
    /// `supportsFIPS`.
    pub supports_fips: bool,
    /// `supportsDualStack`.
    pub supports_dual_stack: bool,
    /// `implicitGlobalRegion`.
    pub implicit_global_region: &'static str,
}

impl Partition {
    /// `re.match(regionRegex, region)` without a regex engine.
    pub fn matches_regex(&self, region: &str) -> bool {
        self.prefixes.iter().any(|prefix| {
            region
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(word_dash_digits)
        })
    }
}

/// `\w+\-\d+$`. `\w` cannot match `-`, so there is exactly one dash; Python's `$`
/// also matches before one trailing `\n`. ASCII classes suffice because
/// `validate_region_name`, which botocore runs first, admits only `[A-Za-z0-9-]`.
fn word_dash_digits(rest: &str) -> bool {
    let body = rest.strip_suffix('\n').unwrap_or(rest);
    let Some((word, digits)) = body.split_once('-') else {
        return false;
    };
    !word.is_empty()
        && !digits.is_empty()
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && digits.chars().all(|c| c.is_ascii_digit())
}

const fn partition(
    id: &'static str,
    region_regex: &'static str,
    prefixes: &'static [&'static str],
    regions: &'static [&'static str],
    suffixes: [&'static str; 2],
    implicit_global_region: &'static str,
) -> Partition {
    Partition {
        id,
        region_regex,
        prefixes,
        regions,
        dns_suffix: suffixes[0],
        dual_stack_dns_suffix: suffixes[1],
        // Every partition in botocore 1.43.11 supports both.
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region,
    }
}

/// partitions.json, in file order (the order `aws.partition` tries them).
pub static PARTITIONS: [Partition; 8] = [
    partition(
        "aws",
        r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
        &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
        &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
        ["amazonaws.com", "api.aws"],
        "us-east-1",
    ),
    partition(
        "aws-cn",
        r"^cn\-\w+\-\d+$",
        &["cn"],
        &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        ["amazonaws.com.cn", "api.amazonwebservices.com.cn"],
        "cn-northwest-1",
    ),
    partition(
        "aws-eusc",
        r"^eusc\-(de)\-\w+\-\d+$",
        &["eusc-de"],
        &["eusc-de-east-1"],
        ["amazonaws.eu", "api.amazonwebservices.eu"],
        "eusc-de-east-1",
    ),
    partition(
        "aws-iso",
        r"^us\-iso\-\w+\-\d+$",
        &["us-iso"],
        &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        ["c2s.ic.gov", "api.aws.ic.gov"],
        "us-iso-east-1",
    ),
    partition(
        "aws-iso-b",
        r"^us\-isob\-\w+\-\d+$",
        &["us-isob"],
        &["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
        ["sc2s.sgov.gov", "api.aws.scloud"],
        "us-isob-east-1",
    ),
    partition(
        "aws-iso-e",
        r"^eu\-isoe\-\w+\-\d+$",
        &["eu-isoe"],
        &["aws-iso-e-global", "eu-isoe-west-1"],
        ["cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"],
        "eu-isoe-west-1",
    ),
    partition(
        "aws-iso-f",
        r"^us\-isof\-\w+\-\d+$",
        &["us-isof"],
        &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        ["csp.hci.ic.gov", "api.aws.hci.ic.gov"],
        "us-isof-south-1",
    ),
    partition(
        "aws-us-gov",
        r"^us\-gov\-\w+\-\d+$",
        &["us-gov"],
        &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        ["amazonaws.com", "api.aws"],
        "us-gov-west-1",
    ),
];

/// `aws.partition` (`RuleSetStandardLibrary.aws_partition`): the first partition,
/// in file order, that lists the region or whose regex matches it; else `aws`.
pub fn partition_for(region: &str) -> &'static Partition {
    let [aws, ..] = &PARTITIONS;
    PARTITIONS
        .iter()
        .find(|p| p.regions.contains(&region) || p.matches_regex(region))
        .unwrap_or(aws)
}

/// Evaluates the SSO-OIDC rule set and returns the endpoint URL.
pub fn resolve(params: &EndpointParams) -> Result<String, EndpointError> {
    resolve_prefixed("oidc", params)
}

/// Evaluates the SSO portal's rule set (`sso/2019-06-10/endpoint-rule-set-1.json.gz`): the same
/// rules as SSO-OIDC's with the host prefix `portal.sso`.
pub fn resolve_portal(params: &EndpointParams) -> Result<String, EndpointError> {
    resolve_prefixed("portal.sso", params)
}

/// The rule set both services share, for the host prefix `prefix` (`oidc`, `portal.sso`): FIPS
/// hosts are `{prefix}-fips`.
fn resolve_prefixed(prefix: &str, params: &EndpointParams) -> Result<String, EndpointError> {
    if let Some(endpoint) = &params.endpoint {
        if params.use_fips {
            return Err(EndpointError::FipsWithCustomEndpoint);
        }
        if params.use_dual_stack {
            return Err(EndpointError::DualStackWithCustomEndpoint);
        }
        return Ok(endpoint.clone());
    }
    let Some(region) = &params.region else {
        return Err(EndpointError::MissingRegion);
    };
    let p = partition_for(region);
    match (params.use_fips, params.use_dual_stack) {
        (true, true) if p.supports_fips && p.supports_dual_stack => Ok(format!(
            "https://{prefix}-fips.{region}.{}",
            p.dual_stack_dns_suffix
        )),
        (true, true) => Err(EndpointError::FipsAndDualStackUnsupported),
        // GovCloud's regular endpoints are already FIPS-validated.
        (true, false) if p.supports_fips && p.id == "aws-us-gov" => {
            Ok(format!("https://{prefix}.{region}.amazonaws.com"))
        }
        (true, false) if p.supports_fips => {
            Ok(format!("https://{prefix}-fips.{region}.{}", p.dns_suffix))
        }
        (true, false) => Err(EndpointError::FipsUnsupported),
        (false, true) if p.supports_dual_stack => Ok(format!(
            "https://{prefix}.{region}.{}",
            p.dual_stack_dns_suffix
        )),
        (false, true) => Err(EndpointError::DualStackUnsupported),
        (false, false) => Ok(format!("https://{prefix}.{region}.{}", p.dns_suffix)),
    }
}

/// `botocore.utils.validate_region_name`, run by `Session._resolve_region_name` on
/// every client creation, before and regardless of any endpoint URL. Regex:
/// `^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{,63}(?<!-)$` -- so `""` is valid, all-digit names
/// are not, and (Python `$`) one trailing `\n` is tolerated.
pub fn validate_region_name(region: &str) -> Result<(), EndpointError> {
    let body = region.strip_suffix('\n').unwrap_or(region);
    let valid = body.len() <= 63
        && body.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !body.starts_with('-')
        && !body.ends_with('-')
        && (body.is_empty() || !body.chars().all(|c| c.is_ascii_digit()));
    if valid {
        Ok(())
    } else {
        Err(EndpointError::InvalidRegion(region.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_regions_map_to_their_partition() {
        for p in &PARTITIONS {
            for region in p.regions {
                assert_eq!(partition_for(region).id, p.id, "{region}");
            }
        }
    }

    #[test]
    fn regex_examples() {
        let find = |id: &str| PARTITIONS.iter().find(|p| p.id == id);
        let cases = [
            ("aws", "mx-foo-9", true),
            ("aws", "us-gov-west-1", false),
            ("aws", "us-east-1\n", true),
            ("aws", "us-east-1\n\n", false),
            ("aws", "xx-east-1", false),
            ("aws-eusc", "eusc-de-x_1-22", true),
            ("aws-eusc", "eusc-fr-east-1", false),
            ("aws-iso-b", "us-isob-east-", false),
            ("aws-us-gov", "us-gov-west-1a", false),
        ];
        for (id, region, expected) in cases {
            let matched = find(id).is_some_and(|p| p.matches_regex(region));
            assert_eq!(matched, expected, "{id} {region:?}");
        }
    }

    // Guards: the portal's rule set is SSO-OIDC's with the `portal.sso` prefix (checked against
    // botocore's `sso/2019-06-10/endpoint-rule-set-1.json.gz`), GovCloud's FIPS exception
    // included.
    #[test]
    fn portal_endpoints() {
        let params = |region: &str, use_fips: bool, use_dual_stack: bool| EndpointParams {
            region: Some(region.to_owned()),
            use_fips,
            use_dual_stack,
            endpoint: None,
        };
        let cases = [
            (
                params("eu-west-1", false, false),
                "https://portal.sso.eu-west-1.amazonaws.com",
            ),
            (
                params("us-east-1", true, false),
                "https://portal.sso-fips.us-east-1.amazonaws.com",
            ),
            (
                params("us-east-1", false, true),
                "https://portal.sso.us-east-1.api.aws",
            ),
            (
                params("us-east-1", true, true),
                "https://portal.sso-fips.us-east-1.api.aws",
            ),
            (
                params("us-gov-west-1", true, false),
                "https://portal.sso.us-gov-west-1.amazonaws.com",
            ),
            (
                params("cn-north-1", false, false),
                "https://portal.sso.cn-north-1.amazonaws.com.cn",
            ),
        ];
        for (params, want) in cases {
            assert_eq!(resolve_portal(&params).unwrap(), want, "{params:?}");
        }
    }

    #[test]
    fn unknown_region_falls_back_to_aws() {
        assert_eq!(partition_for("xx-foo-1").id, "aws");
        assert_eq!(partition_for("").id, "aws");
    }
}
