//! `wonderchat webhook verify` (a saved delivery) and `webhook listen` (a
//! local receiver, like `stripe listen`: verifies each delivery, answers
//! 200 or 401, prints each event as a line of JSON, and can forward
//! verified deliveries to a local app).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use http_body_util::Full;
use wonderchat::webhook::{SIGNATURE_HEADER, TIMESTAMP_HEADER, Verifier, WebhookEvent};

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::plumbing::signals::Signals;

use clap::{Args, Subcommand};
use std::path::PathBuf;

/// `wonderchat webhook`.
#[derive(Debug, Subcommand)]
pub(crate) enum WebhookCommand {
    /// Verify a saved delivery and print its event (exit 1 if invalid).
    #[command(
        after_help = "Example:\n  wonderchat webhook verify --secret-file secret.txt --signature 3f5a... --timestamp 2024-01-31T12:00:00Z body.json"
    )]
    Verify(WebhookVerifyArgs),
    /// Receive deliveries on a local port: verify each, answer 200 or 401,
    /// print each event as a line of JSON.
    #[command(
        after_help = "Example:\n  wonderchat webhook listen --port 4242 --secret-file secret.txt --forward-to http://127.0.0.1:3000/hooks"
    )]
    Listen(WebhookListenArgs),
}

/// `webhook verify`.
#[derive(Debug, Args)]
pub(crate) struct WebhookVerifyArgs {
    /// The webhook secret, read from this file.
    #[arg(long, value_name = "FILE")]
    pub secret_file: PathBuf,

    /// The X-Wonderchat-Signature header.
    #[arg(long)]
    pub signature: String,

    /// The X-Wonderchat-Timestamp header (unsigned: the body's signed
    /// timestamp is what --tolerance checks).
    #[arg(long)]
    pub timestamp: Option<String>,

    /// Refuse deliveries whose signed timestamp is further than this from
    /// now [default: 5m].
    #[arg(long, value_parser = humantime::parse_duration, conflicts_with = "any_age")]
    pub tolerance: Option<std::time::Duration>,

    /// Accept a delivery whatever its timestamp (to check one saved long
    /// ago; a receiver must never do this: it lets old deliveries replay).
    #[arg(long)]
    pub any_age: bool,

    /// The delivery's body, as received (- or nothing for stdin).
    pub body: Option<PathBuf>,
}

/// `webhook listen`.
#[derive(Debug, Args)]
pub(crate) struct WebhookListenArgs {
    /// The port to listen on (loopback).
    #[arg(long, default_value_t = 4242)]
    pub port: u16,

    /// The webhook secret, read from this file.
    #[arg(long, value_name = "FILE")]
    pub secret_file: PathBuf,

    /// Refuse deliveries whose signed timestamp is further than this from
    /// now [default: 5m]; a delivery seen already within it is refused too
    /// (409), so a replay is never acted on twice.
    #[arg(long, value_parser = humantime::parse_duration)]
    pub tolerance: Option<std::time::Duration>,

    /// Also POST each verified delivery (body and headers) to this local
    /// URL. The sender is answered at once, whatever the forward does.
    #[arg(long, value_name = "URL")]
    pub forward_to: Option<String>,

    /// Give up on a forward after this long.
    #[arg(long, value_parser = humantime::parse_duration, default_value = "10s")]
    pub forward_timeout: std::time::Duration,

    /// How long a sender may take to send a request's head or body, and a
    /// connection may stay idle (2s at most once 192 of the 256 connections
    /// are taken).
    #[arg(long, value_parser = humantime::parse_duration, default_value = "10s")]
    pub request_timeout: std::time::Duration,
}

/// Runs `webhook verify|listen`.
pub(crate) async fn run(global: &GlobalArgs, command: WebhookCommand) -> Result<(), CliError> {
    match command {
        WebhookCommand::Verify(args) => verify(global, args),
        WebhookCommand::Listen(args) => listen(global, args).await,
    }
}

/// A verifier for the secret in `path`: the default window (5 minutes),
/// `tolerance` instead, or none with `any_age`.
fn verifier(
    path: &std::path::Path,
    tolerance: Option<Duration>,
    any_age: bool,
) -> Result<Verifier, CliError> {
    let secret = crate::plumbing::files::read_secret_line(path, "webhook secret")?;
    let verifier = Verifier::new(secret);
    Ok(match (tolerance, any_age) {
        (_, true) => verifier.without_tolerance(),
        (Some(window), false) => verifier.tolerance(window),
        (None, false) => verifier,
    })
}

/// An event as one JSON object: its name, timestamp and data.
fn event_json(event: &WebhookEvent) -> serde_json::Value {
    match event {
        WebhookEvent::LiveChatInitiated(data) => {
            serde_json::json!({"event": event.name(), "data": data})
        }
        WebhookEvent::Other {
            event: name,
            timestamp,
            data,
        } => serde_json::json!({"event": name, "timestamp": timestamp, "data": data}),
        _ => serde_json::json!({"event": event.name()}),
    }
}

fn verify(global: &GlobalArgs, args: WebhookVerifyArgs) -> Result<(), CliError> {
    let verifier = verifier(&args.secret_file, args.tolerance, args.any_age)?;
    let mut body = Vec::new();
    // A delivery is small: read at most one byte past the limit.
    let limit = MAX_DELIVERY_BYTES as u64 + 1;
    let read = match &args.body {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut body))
        }
        _ => std::io::stdin().take(limit).read_to_end(&mut body),
    };
    read.map_err(|e| CliError::Usage(format!("cannot read the delivery: {e}")))?;
    if body.len() > MAX_DELIVERY_BYTES {
        return Err(CliError::Usage(format!(
            "the delivery is larger than {} KiB: not a webhook delivery",
            MAX_DELIVERY_BYTES / 1024
        )));
    }
    let event = verifier
        .verify(&body, &args.signature, args.timestamp.as_deref())
        .map_err(|e| CliError::Failed(format!("invalid delivery: {e}")))?;
    let value = event_json(&event);
    if global.json {
        crate::plumbing::output::write_stdout(&format!(
            "{}\n",
            crate::plumbing::output::json(&value)?
        ))
    } else {
        crate::plumbing::output::write_stdout(&format!(
            "valid {} delivery\n{}\n",
            wonderchat::printable(event.name()),
            crate::plumbing::output::json(&value)?
        ))
    }
}

/// The largest delivery read (Wonderchat's are a few hundred bytes).
const MAX_DELIVERY_BYTES: usize = 1 << 20;

/// Connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 256;

struct Listener {
    verifier: Verifier,
    forward_to: Option<String>,
    forward_timeout: Duration,
    request_timeout: Duration,
    http: hyper_util::client::legacy::Client<
        hyper_util::client::legacy::connect::HttpConnector,
        Full<Bytes>,
    >,
    /// Deliveries accepted within the window, by signature.
    seen: Mutex<Seen>,
}

/// The signatures of deliveries accepted, each remembered until its signed
/// timestamp has left the window (a delivery signed for the future is
/// accepted until then: it must be remembered that long, not a window from
/// when it arrived), at most [`Seen::CAP`] (a receiver under a flood refuses
/// what it cannot remember rather than forget and accept a replay).
#[derive(Default)]
struct Seen {
    /// When each is forgotten, soonest first.
    expiry: BinaryHeap<Reverse<(Instant, String)>>,
    set: HashSet<String>,
}

impl Seen {
    const CAP: usize = 100_000;

    /// Records `signature` of a delivery signed at `signed` (accepted within
    /// `window` of now); `Err` when it was seen already, or when the record
    /// is full.
    fn first_time(
        &mut self,
        signature: &str,
        signed: Option<chrono::DateTime<chrono::Utc>>,
        window: Duration,
    ) -> Result<(), &'static str> {
        self.first_time_at(
            signature,
            signed,
            window,
            Instant::now(),
            chrono::Utc::now(),
        )
    }

    /// [`first_time`](Self::first_time) at `now` (`wall`, on the calendar).
    fn first_time_at(
        &mut self,
        signature: &str,
        signed: Option<chrono::DateTime<chrono::Utc>>,
        window: Duration,
        now: Instant,
        wall: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), &'static str> {
        while let Some(Reverse((at, _))) = self.expiry.peek() {
            if *at > now {
                break;
            }
            if let Some(Reverse((_, old))) = self.expiry.pop() {
                self.set.remove(&old);
            }
        }
        let key = signature.trim().to_ascii_lowercase();
        if self.set.contains(&key) {
            return Err("a replay: this delivery was accepted already");
        }
        if self.set.len() >= Self::CAP {
            return Err("too many deliveries within the window to check for replays");
        }
        // How far in the future it was signed (nothing for the past).
        let ahead = signed
            .and_then(|t| (t - wall).to_std().ok())
            .unwrap_or_default();
        let forget = now
            .checked_add(ahead)
            .and_then(|t| t.checked_add(window))
            .unwrap_or(now + Duration::from_secs(365 * 86_400));
        self.set.insert(key.clone());
        self.expiry.push(Reverse((forget, key)));
        Ok(())
    }
}

async fn listen(global: &GlobalArgs, args: WebhookListenArgs) -> Result<(), CliError> {
    let mut signals =
        Signals::new().map_err(|e| CliError::Usage(format!("cannot listen for Ctrl-C: {e}")))?;
    let listener = Arc::new(Listener {
        verifier: verifier(&args.secret_file, args.tolerance, false)?,
        forward_to: args.forward_to.clone(),
        forward_timeout: args.forward_timeout,
        request_timeout: args.request_timeout,
        http: hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build_http(),
        seen: Mutex::new(Seen::default()),
    });
    let app = axum::Router::new().fallback(axum::routing::post(move |request: Request| {
        let listener = Arc::clone(&listener);
        async move { listener.receive(request).await }
    }));
    let socket = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
        .await
        .map_err(|e| CliError::Usage(format!("cannot listen on 127.0.0.1:{}: {e}", args.port)))?;
    let addr = socket
        .local_addr()
        .map_err(|e| CliError::Failed(e.to_string()))?;
    if !global.quiet {
        eprintln!("listening for webhook deliveries on http://{addr}/ (Ctrl-C stops)");
    }
    let stop = async move {
        signals.recv().await;
    };
    wonderchat_mock::serve_bounded(
        socket,
        app,
        stop,
        wonderchat_mock::ConnectionLimits::new(MAX_CONNECTIONS, args.request_timeout),
    )
    .await;
    Ok(())
}

impl Listener {
    /// Verifies one delivery and answers its sender; a forward runs on its
    /// own, so a slow target never holds the sender (who would retry).
    async fn receive(self: Arc<Self>, request: Request) -> StatusCode {
        let (parts, body) = request.into_parts();
        let body = match tokio::time::timeout(
            self.request_timeout,
            axum::body::to_bytes(body, MAX_DELIVERY_BYTES),
        )
        .await
        {
            Ok(Ok(body)) => body,
            Ok(Err(_)) => {
                eprintln!("refused a delivery (413): larger than 1 MiB");
                return StatusCode::PAYLOAD_TOO_LARGE;
            }
            Err(_) => {
                eprintln!("refused a delivery (408): its body did not arrive in time");
                return StatusCode::REQUEST_TIMEOUT;
            }
        };
        let headers = &parts.headers;
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let signature = header(SIGNATURE_HEADER).unwrap_or_default();
        let event = match self
            .verifier
            .verify(&body, signature, header(TIMESTAMP_HEADER))
        {
            Ok(event) => event,
            Err(e) => {
                eprintln!("refused a delivery (401): {e}");
                return StatusCode::UNAUTHORIZED;
            }
        };
        let window = self
            .verifier
            .window()
            .unwrap_or(wonderchat::webhook::DEFAULT_TOLERANCE);
        let first = self
            .seen
            .lock()
            .map_err(|_| "the replay record is broken")
            .and_then(|mut seen| seen.first_time(signature, event.timestamp(), window));
        if let Err(why) = first {
            eprintln!("refused a delivery (409): {why}");
            return StatusCode::CONFLICT;
        }
        if let Ok(line) = crate::plumbing::output::json(&event_json(&event)) {
            let _ = crate::plumbing::output::write_stdout(&format!("{line}\n"));
        }
        if let Some(url) = self.forward_to.clone() {
            let listener = Arc::clone(&self);
            let headers = headers.clone();
            tokio::spawn(async move { listener.forward(&url, &headers, body).await });
        }
        StatusCode::OK
    }

    /// Passes a verified delivery on, with its signature headers, within
    /// the forward timeout.
    async fn forward(&self, url: &str, headers: &HeaderMap, body: Bytes) {
        let mut request = axum::http::Request::post(url);
        for name in [SIGNATURE_HEADER, TIMESTAMP_HEADER, "content-type"] {
            if let Some(value) = headers.get(name) {
                request = request.header(name, value);
            }
        }
        let url = wonderchat::printable(url);
        let result = match request.body(Full::new(body)) {
            Ok(request) => {
                match tokio::time::timeout(self.forward_timeout, self.http.request(request)).await {
                    Ok(answer) => answer.map(|r| r.status()).map_err(|e| e.to_string()),
                    Err(_) => Err(format!(
                        "no answer within {}",
                        humantime::format_duration(self.forward_timeout)
                    )),
                }
            }
            Err(e) => Err(e.to_string()),
        };
        match result {
            Ok(status) => eprintln!("forwarded to {url}: HTTP {}", status.as_u16()),
            Err(e) => eprintln!("could not forward to {url}: {}", wonderchat::printable(&e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_is_accepted_once_within_the_window() {
        let mut seen = Seen::default();
        let window = Duration::from_secs(300);
        let now = Some(chrono::Utc::now());
        assert!(seen.first_time("AB12", now, window).is_ok());
        assert!(seen.first_time("ab12", now, window).is_err());
        assert!(seen.first_time("cd34", now, window).is_ok());
        // Past the window, it is forgotten (the verifier refuses it as stale).
        let mut seen = Seen::default();
        assert!(seen.first_time("ab12", now, Duration::ZERO).is_ok());
        assert!(seen.first_time("ab12", now, Duration::ZERO).is_ok());
    }

    #[test]
    fn a_delivery_signed_for_the_future_is_remembered_until_its_time_has_passed() {
        // Signed 4 minutes ahead, with a window of 5: accepted now and valid
        // until 9 minutes from now; 6 minutes from now (past a window from
        // its arrival) it is still refused as a replay, 10 minutes from now
        // forgotten (the verifier refuses it as stale by then).
        let mut seen = Seen::default();
        let window = Duration::from_secs(300);
        let (now, wall) = (Instant::now(), chrono::Utc::now());
        let ahead = wall + chrono::Duration::minutes(4);
        let at = |minutes: u64| {
            (
                now + Duration::from_secs(60 * minutes),
                wall + chrono::Duration::minutes(minutes as i64),
            )
        };
        assert!(
            seen.first_time_at("f00d", Some(ahead), window, now, wall)
                .is_ok()
        );
        let (later, later_wall) = at(6);
        assert!(
            seen.first_time_at("f00d", Some(ahead), window, later, later_wall)
                .is_err()
        );
        let (much_later, much_later_wall) = at(10);
        assert!(
            seen.first_time_at("f00d", Some(ahead), window, much_later, much_later_wall)
                .is_ok()
        );
    }
}
