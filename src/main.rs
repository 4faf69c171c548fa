//! The `ssooidc` binary: everything lives in the library so that tests can drive it.

fn main() -> std::process::ExitCode {
    ssooidc::run(std::env::args_os())
}
