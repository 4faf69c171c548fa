//! The endpoint chain: `--endpoint-url`, the configured endpoints (`AWS_ENDPOINT_URL_<ID>`,
//! `AWS_ENDPOINT_URL`, the `[services]` section, the profile's `endpoint_url`), then the service's
//! endpoint rules with the FIPS and dual-stack switches.

use crate::config::env::Environment;
use crate::config::shared::SharedConfig;
use crate::error::{Error, Result};
use crate::service::endpoint::EndpointParams;
use crate::service::model::Service;

/// A boolean setting as botocore reads it: `true` in any case is true.
fn is_true(value: Option<String>) -> bool {
    value.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// The endpoint, by v1's precedence: `--endpoint-url`, `AWS_ENDPOINT_URL_<SERVICE>`,
/// `AWS_ENDPOINT_URL`, the `[services]` section, the profile's `endpoint_url` (the configured
/// ones skipped when `ignore_configured_endpoint_urls` is true), else the service's endpoint
/// rules for the region.
pub fn resolve_endpoint(
    flag: Option<&str>,
    region: &str,
    config: &SharedConfig,
    env: &dyn Environment,
    service: &Service,
) -> Result<String> {
    let id = service.config_id;
    if let Some(url) = flag {
        return Ok(url.to_owned());
    }
    let ignore = is_true(
        env.var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .or_else(|| config.get("ignore_configured_endpoint_urls")),
    );
    if !ignore {
        let configured = env
            .var(&format!("AWS_ENDPOINT_URL_{}", id.to_ascii_uppercase()))
            .or_else(|| env.var("AWS_ENDPOINT_URL"))
            .or_else(|| config.service_endpoint(id))
            .or_else(|| config.get("endpoint_url"));
        if let Some(url) = configured {
            return Ok(url);
        }
    }
    let params = EndpointParams {
        region: Some(region.to_owned()),
        use_fips: is_true(
            env.var("AWS_USE_FIPS_ENDPOINT")
                .or_else(|| config.get("use_fips_endpoint")),
        ),
        use_dual_stack: is_true(
            env.var("AWS_USE_DUALSTACK_ENDPOINT")
                .or_else(|| config.get("use_dualstack_endpoint")),
        ),
        endpoint: None,
    };
    (service.endpoint_rules)(&params).map_err(|err| Error::msg(err.to_string()))
}
