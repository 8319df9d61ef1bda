//! Builds the API client from the global options, starting the built-in
//! mock first when `--mock` is given.

use std::time::Duration;

use wonderchat::{Client, DEFAULT_OPERATION_TIMEOUT, RetryPolicy};
use wonderchat_mock::MockServer;

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::plumbing::profile::{Settings, resolve};

/// A client, and the mock it talks to when `--mock` was given (kept alive
/// as long as the client is used).
pub(crate) struct Target {
    /// The configured client.
    pub client: Client,
    /// The resolved settings (the default chatbot among them).
    pub settings: Settings,
    _mock: Option<MockServer>,
}

/// What the client is for: its retry budget follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Usage {
    /// Chat: needs no key (one is used when configured).
    Chat,
    /// One request a person waits for: 3 attempts, a 30 s-scale deadline.
    Interactive,
    /// A report: as interactive; with `--mock`, the mock is seeded with a
    /// month of realistic chatlogs, so the report shows something.
    Report,
    /// The MCP server: as interactive, and with `--mock` seeded as for a
    /// report, so that export and report tools show something.
    Agent,
    /// A bulk import: 10 attempts per row, long waits allowed, and (unless
    /// `adaptive` is false) a send rate that adapts to 429 answers.
    Bulk {
        /// Whether the send rate adapts.
        adaptive: bool,
        /// Requests on the wire at once.
        in_flight: usize,
    },
}

/// A flag's positive number of seconds.
pub(crate) fn seconds(flag: &str, value: f64) -> Result<Duration, CliError> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|t| !t.is_zero())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "{flag} {value} is not a positive number of seconds"
            ))
        })
}

/// Connects as the options say.
pub(crate) async fn connect(global: &GlobalArgs, usage: Usage) -> Result<Target, CliError> {
    let settings = resolve(global)?;
    let timeout = seconds("--timeout", settings.timeout)?;
    let (default_attempts, retry) = match usage {
        Usage::Chat | Usage::Interactive | Usage::Report | Usage::Agent => {
            (3, RetryPolicy::default())
        }
        Usage::Bulk { adaptive, .. } => (
            10,
            RetryPolicy::default()
                .with_adaptive(adaptive)
                .with_max_retry_after(Duration::from_secs(120)),
        ),
    };
    let attempts = settings.max_attempts.unwrap_or(default_attempts);
    // Room for every attempt and a few seconds of backoff or Retry-After each
    // (saturating: a huge --timeout means "no deadline", not a crash).
    let deadline = timeout
        .saturating_add(Duration::from_secs(5))
        .saturating_mul(attempts)
        .saturating_add(Duration::from_secs(20))
        .max(DEFAULT_OPERATION_TIMEOUT);
    let mut builder = Client::builder();
    if let Usage::Bulk { in_flight, .. } = usage {
        builder = builder.max_in_flight(in_flight);
    }
    if let Some(idle) = global.idle_timeout {
        builder = builder.stream_idle_timeout(seconds("--idle-timeout", idle)?);
    }
    if let Some(bytes) = global.max_response_size {
        builder = builder.max_response_bytes(bytes);
    }
    let builder = builder
        .attempt_timeout(timeout)
        .operation_timeout(deadline)
        .retry(retry.with_max_attempts(attempts));
    let (builder, mock) = if global.mock {
        // Any message id is a message: single commands work as written.
        let seeded = if matches!(usage, Usage::Report | Usage::Agent) {
            2_000
        } else {
            0
        };
        let mock = MockServer::builder()
            .strict_messages(false)
            .seed_chatlogs(seeded)
            .start()
            .await
            .map_err(|e| CliError::Usage(format!("cannot start the built-in mock server: {e}")))?;
        if !global.quiet {
            eprintln!(
                "using the built-in mock server at {} with its demo key; nothing is sent to \
                 Wonderchat",
                mock.base_url()
            );
        }
        let builder = builder.api_key(mock.api_key()).base_url(mock.base_url());
        (builder, Some(mock))
    } else {
        let builder = builder.base_url(&settings.base_url);
        let builder = match &settings.api_key {
            Some(key) => builder.api_key(key.clone()),
            None if usage == Usage::Chat => builder,
            None => return Err(CliError::Usage(crate::error::NO_API_KEY.to_owned())),
        };
        (builder, None)
    };
    Ok(Target {
        client: builder.build()?,
        settings,
        _mock: mock,
    })
}
