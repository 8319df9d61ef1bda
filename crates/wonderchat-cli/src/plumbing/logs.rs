//! The program's log on stderr.

/// Logs to stderr: warnings by default, more with each -v. `RUST_LOG`
/// overrides. The wrapper never logs the API key or request bodies.
pub(crate) fn init(verbose: u8, color: bool) {
    let filter = match verbose {
        0 => "warn",
        1 => "warn,wonderchat=info,wonderchat_cli=info,wonderchat_mock=info",
        2 => "info,wonderchat=debug,wonderchat_cli=debug,wonderchat_mock=debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(verbose >= 2)
        .init();
}
