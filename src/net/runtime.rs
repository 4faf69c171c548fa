//! Network work run to completion from synchronous code: one current-thread runtime, and an
//! end at once on SIGINT or SIGTERM, whatever is being waited for (a connection, an answer, a
//! back-off).

use std::future::Future;

use crate::error::{Error, Result};

/// A single-threaded runtime for the network work of one run.
pub struct Runtime(tokio::runtime::Runtime);

impl Runtime {
    /// A runtime with I/O and timers.
    pub fn new() -> Result<Runtime> {
        tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map(Runtime)
            .map_err(|err| Error::msg(format!("Unable to start the I/O runtime: {err}")))
    }

    /// Runs `future` to its end, or until SIGINT (`Error::Interrupted`) or SIGTERM
    /// (`Error::Terminated`) arrives.
    pub fn run<F: Future>(&self, future: F) -> Result<F::Output> {
        self.0.block_on(async {
            tokio::select! {
                output = future => Ok(output),
                signal = interrupted() => Err(signal),
            }
        })
    }

    /// Ends the runtime without waiting for blocking work still in flight (a name lookup stuck
    /// in getaddrinfo, after a signal or a connect timeout): the process is about to exit, and
    /// dropping the runtime would join those threads.
    pub fn close(self) {
        self.0.shutdown_background();
    }
}

/// Resolves with the error for SIGINT or SIGTERM when one arrives; never, if the handlers cannot
/// be installed. Before they are installed (parsing and reading files, well under a
/// millisecond) the default dispositions apply: the signal ends the process at once, which a
/// shell reports as 130 or 143 too. Once installed they stay for the rest of the run, so a
/// signal during the microseconds of rendering and writing is not acted on.
async fn interrupted() -> Error {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(mut int), Ok(mut term)) => {
                tokio::select! {
                    _ = int.recv() => Error::Interrupted,
                    _ = term.recv() => Error::Terminated,
                }
            }
            _ => std::future::pending::<Error>().await,
        }
    }
    #[cfg(not(unix))]
    {
        match tokio::signal::ctrl_c().await {
            Ok(()) => Error::Interrupted,
            Err(_) => std::future::pending::<Error>().await,
        }
    }
}
