//! The HTTP side of the credential providers that ask a local endpoint (the container endpoint,
//! instance metadata): a client with the provider's timeout, its own runtime, and a run that ends
//! at once on SIGINT/SIGTERM.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::net::runtime::Runtime;
use crate::net::tls::Trust;
use crate::net::transport::{self, ClientSettings, Request, Response, TransportError};

/// A client for one provider's requests.
pub(super) struct Fetcher {
    runtime: Option<Runtime>,
    client: reqwest::Client,
    proxy: Option<String>,
}

impl Fetcher {
    /// A client whose connect and read timeouts are both `timeout` (urllib3's single timeout),
    /// sending through `proxy` if given.
    pub(super) fn new(timeout: Duration, proxy: Option<String>) -> Result<Fetcher> {
        let settings = ClientSettings {
            connect_timeout: Some(timeout),
            read_timeout: Some(timeout),
            // botocore's sessions for these endpoints verify with its default bundle, never
            // `AWS_CA_BUNDLE` or `ca_bundle`.
            trust: Trust::WebPki,
            user_agent: transport::user_agent("legacy"),
            proxy: proxy.clone(),
        };
        let client = transport::build_client(&settings).map_err(|err| match err {
            transport::SetupError::Tls(reason) | transport::SetupError::Other(reason) => {
                Error::msg(format!(
                    "An HTTP Client raised an unhandled exception: {reason}"
                ))
            }
        })?;
        Ok(Fetcher {
            runtime: Some(Runtime::new()?),
            client,
            proxy,
        })
    }

    /// The runtime: there until the fetcher is dropped.
    fn runtime(&self) -> Result<&Runtime> {
        self.runtime
            .as_ref()
            .ok_or_else(|| Error::msg("the I/O runtime has already ended"))
    }

    /// Sends `request`; the outer error is a signal, the inner one the exchange's failure.
    pub(super) fn send(&self, request: &Request) -> Result<Result<Response, TransportError>> {
        self.runtime()?.run(transport::send(
            &self.client,
            request,
            self.proxy.as_deref(),
        ))
    }

    /// Waits `duration` (a signal ends the wait, and the run).
    pub(super) fn sleep(&self, duration: Duration) -> Result<()> {
        self.runtime()?.run(tokio::time::sleep(duration))
    }
}

impl Drop for Fetcher {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.close();
        }
    }
}

/// Whether botocore retries after this failure (its `RETRYABLE_HTTP_ERRORS`: read and connect
/// timeouts, refused and closed connections); anything else propagates as it is.
pub(super) fn retryable(err: &TransportError) -> bool {
    matches!(
        err,
        TransportError::Connect { .. }
            | TransportError::ConnectTimeout { .. }
            | TransportError::ReadTimeout { .. }
            | TransportError::Closed { .. }
    )
}

/// A body as Python's `bytes.decode('utf-8')` would give it, `None` when it is not UTF-8.
pub(super) fn text(response: &Response) -> Option<String> {
    String::from_utf8(response.body.expose().clone()).ok()
}
