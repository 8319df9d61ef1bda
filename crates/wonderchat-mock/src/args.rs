//! [`MockArgs`]: the standalone server's command-line flags, shared by the
//! `wonderchat-mock` binary and `wonderchat mock`.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use crate::{DEMO_API_KEY, FaultConfig, MockBuilder, MockServer};

/// Makes a panic of `program` print one short line (where, and that it is a
/// bug) and exit with code 101: never the panic's message, which may hold
/// bytes from a server or a file (terminal escapes, a key). Both programs
/// (`wonderchat`, `wonderchat-mock`) install it first thing.
pub fn quiet_panics(program: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "{program}: internal error{place}. This is a bug: please report it with the \
             command you ran (its details are not shown: they may hold data from a server or \
             a file)"
        );
        std::process::exit(101);
    }));
}

/// Flags of the standalone mock server.
#[derive(Debug, Clone, clap::Args)]
pub struct MockArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,

    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8765)]
    pub port: u16,

    /// API key to accept; repeat for several. Default: the demo key
    /// `wonderchat-demo-key`. (`wonderchat mock` also accepts the global
    /// --api-key, the key its client commands use.)
    #[arg(long = "accept-key", value_name = "KEY")]
    pub api_keys: Vec<String>,

    /// Any message id is a message (for bulk-import tests and benchmarks).
    /// By default only the ids the mock issued (chat answers, the demo
    /// chatlog's msg_123, msg_456, msg_789) or listed with --messages exist;
    /// others answer 404.
    #[arg(long)]
    pub lenient_messages: bool,

    /// The default, kept for old scripts: only known message ids exist.
    #[arg(long, hide = true, conflicts_with = "lenient_messages")]
    pub strict_messages: bool,

    /// File of message ids, one per line, that exist besides those the mock issues.
    #[arg(long, value_name = "FILE")]
    pub messages: Option<PathBuf>,

    /// Chance (0-1) of answering 429 with Retry-After.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = probability)]
    pub fail_429: f64,

    /// Retry-After seconds sent with injected 429s.
    #[arg(long, value_name = "SECS", default_value_t = 1)]
    pub retry_after: u64,

    /// Chance (0-1) of answering 500.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = probability)]
    pub fail_500: f64,

    /// Chance (0-1) of answering 503.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = probability)]
    pub fail_503: f64,

    /// Chance (0-1) of closing the connection without answering.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = probability)]
    pub drop: f64,

    /// Delay answers by this many milliseconds (see --delay-prob).
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub delay_ms: u64,

    /// Chance (0-1) that an answer is delayed by --delay-ms.
    #[arg(long, value_name = "P", default_value_t = 1.0, value_parser = probability)]
    pub delay_prob: f64,

    /// Seed of the fault draws and feedback ids, to repeat a run.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Largest request body accepted, in bytes (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024)]
    pub max_body: usize,

    /// Connections served at once.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub max_connections: usize,

    /// Another chatbot to serve besides demo-chatbot (with its pages); repeat for several.
    #[arg(long = "chatbot", value_name = "ID")]
    pub chatbots: Vec<String>,

    /// Pause between the events of a streamed chat answer, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub stream_delay_ms: u64,

    /// At most N requests per second (all keys together); more answer 429
    /// with Retry-After.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: Option<u32>,

    /// Start with N realistic chatlogs (deterministic with --seed), for
    /// exports; at most --max-chatlogs of them are kept.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed_chatlogs: usize,

    /// Spread the seeded chatlogs over the last D days.
    #[arg(long, value_name = "D", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub seed_days: u32,

    /// Keep at most N chatlogs; the oldest are dropped. Each costs about
    /// 1.2 KB: the default holds about 120 MB at most.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_chatlogs: usize,

    /// Keep at most N messages (every answer's id, with its feedback); the
    /// oldest are dropped. About 100 bytes each: the default holds about
    /// 100 MB at most.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub max_messages: usize,

    /// POST a signed LIVE_CHAT_INITIATED webhook here when a chat question
    /// asks for a human (mentions "human" or "agent"); needs
    /// --webhook-secret-file.
    #[arg(long, value_name = "URL", requires = "webhook_key")]
    pub webhook_url: Option<String>,

    /// The file whose first line is the secret that signs webhook
    /// deliveries (as the CLI takes every secret).
    #[arg(
        long,
        value_name = "FILE",
        group = "webhook_key",
        requires = "webhook_url"
    )]
    pub webhook_secret_file: Option<std::path::PathBuf>,

    /// The secret itself (hidden: for throwaway test secrets only; a value
    /// on the command line shows in the process list).
    #[arg(
        long,
        value_name = "SECRET",
        group = "webhook_key",
        requires = "webhook_url",
        hide = true
    )]
    pub webhook_secret: Option<String>,

    /// Instead of serving: send one event, like `stripe trigger`.
    #[command(subcommand)]
    pub command: Option<MockCommand>,
}

/// What the mock can do besides serving.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum MockCommand {
    /// Send one signed webhook delivery to a receiver.
    Trigger(TriggerArgs),
}

/// `trigger`: which event, where, signed with what.
#[derive(Debug, Clone, clap::Args)]
pub struct TriggerArgs {
    /// The event to send.
    #[arg(value_enum)]
    pub event: TriggerEvent,

    /// The receiver's URL.
    #[arg(long, value_name = "URL")]
    pub to: String,

    /// The webhook secret to sign with.
    #[arg(long, value_name = "SECRET")]
    pub secret: String,
}

/// Events `trigger` can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TriggerEvent {
    /// A user asked for a human agent (the reference's example delivery).
    LiveChatInitiated,
}

fn probability(text: &str) -> Result<f64, String> {
    let p: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{p} is not between 0 and 1"))
    }
}

impl MockArgs {
    /// The builder these flags describe; reads the `--messages` file.
    pub fn builder(&self) -> Result<MockBuilder, String> {
        let mut builder = MockServer::builder()
            .bind(SocketAddr::new(self.host, self.port))
            .strict_messages(!self.lenient_messages)
            .seed_chatlogs(self.seed_chatlogs)
            .seed_days(self.seed_days)
            .max_chatlogs(self.max_chatlogs)
            .max_messages(self.max_messages)
            .seed(self.seed)
            .max_body_bytes(self.max_body)
            .max_connections(self.max_connections)
            // Only an in-process caller can read the request log: keep none.
            .request_log_limit(0)
            .faults(FaultConfig {
                rate_limit: self.fail_429,
                retry_after_secs: self.retry_after,
                internal_error: self.fail_500,
                unavailable: self.fail_503,
                drop_connection: self.drop,
                delay_probability: self.delay_prob,
                delay: Duration::from_millis(self.delay_ms),
            });
        for key in &self.api_keys {
            builder = builder.api_key(key);
        }
        builder = builder
            .chatbots(self.chatbots.iter().cloned())
            .stream_delay(Duration::from_millis(self.stream_delay_ms));
        if let Some(rate) = self.rate_limit {
            builder = builder.rate_limit(rate);
        }
        let secret = match (&self.webhook_secret, &self.webhook_secret_file) {
            (Some(secret), _) => Some(secret.clone()),
            (None, Some(path)) => Some(first_line(path)?),
            (None, None) => None,
        };
        if let (Some(url), Some(secret)) = (&self.webhook_url, secret) {
            builder = builder.webhook(url, &secret);
        }
        if let Some(path) = &self.messages {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read --messages file {}: {e}", path.display()))?;
            let ids = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'));
            builder = builder.messages(ids);
        }
        Ok(builder)
    }

    /// Runs the server until Ctrl-C or SIGTERM, printing its URL and key on
    /// stdout first.
    pub async fn run(&self) -> Result<(), String> {
        if let Some(MockCommand::Trigger(trigger)) = &self.command {
            return trigger.run().await;
        }
        if !self.host.is_loopback() {
            let _ = writeln!(
                std::io::stderr(),
                "warning: listening on {}, not loopback: other machines can reach this mock and \
                 use its demo key and /mock/ endpoints; use --host 127.0.0.1 unless that is meant",
                self.host
            );
        }
        // Listen for signals before saying we are up, so none is missed.
        let signals = Signals::new()?;
        let mock = self
            .builder()?
            .start()
            .await
            .map_err(|e| format!("cannot listen on {}:{}: {e}", self.host, self.port))?;
        let key_note = if self.api_keys.is_empty() {
            format!("{DEMO_API_KEY} (the demo key)")
        } else {
            match self.api_keys.len() {
                1 => "1 key given with --api-key".to_owned(),
                n => format!("{n} keys given with --api-key"),
            }
        };
        let banner = format!(
            "wonderchat mock listening on {url}\n  POST {url}/api/v1/... (every operation of the spec)\n  \
             API key: {key_note}\n  demo chatbot: {chatbot} (chatlog {chatlog}, answers {answers})\n  \
             spec: {url}/openapi.yaml, {url}/openapi.json, reference: {url}/docs, state: {url}/mock/state\n\
             Press Ctrl-C to stop.\n",
            url = mock.base_url(),
            chatbot = crate::DEMO_CHATBOT_ID,
            chatlog = crate::DEMO_CHATLOG_ID,
            answers = crate::DEMO_MESSAGE_IDS.join(", "),
        );
        // A closed stdout (the reader went away) must not stop the server.
        let mut stdout = std::io::stdout().lock();
        let _ = stdout
            .write_all(banner.as_bytes())
            .and_then(|()| stdout.flush());
        drop(stdout);
        let stopped = mock.shutdown_token();
        tokio::select! {
            () = signals.recv() => {}
            () = stopped.cancelled() => {}
        }
        let _ = writeln!(std::io::stderr(), "shutting down");
        mock.shutdown().await;
        Ok(())
    }
}

impl TriggerArgs {
    /// Sends the event (retried while the receiver fails); an error unless
    /// the receiver answered 2xx.
    pub async fn run(&self) -> Result<(), String> {
        let body = match self.event {
            TriggerEvent::LiveChatInitiated => crate::webhooks::live_chat_initiated(
                "clm1234567890abcdef",
                "clm0987654321fedcba",
                "I need help with my order",
            ),
        };
        let target = crate::webhooks::Target::new(self.to.clone(), self.secret.clone());
        match target.deliver(&body).await {
            Ok(status) if (200..300).contains(&status) => {
                println!(
                    "delivered LIVE_CHAT_INITIATED to {}: HTTP {status}",
                    self.to
                );
                Ok(())
            }
            Ok(status) => Err(format!("the receiver answered HTTP {status}")),
            Err(e) => Err(format!("could not deliver to {}: {e}", self.to)),
        }
    }
}

/// Ctrl-C and (on Unix) SIGTERM, registered when created.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Result<Self, String> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let register =
                |kind| signal(kind).map_err(|e| format!("cannot listen for signals: {e}"));
            Ok(Self {
                interrupt: register(SignalKind::interrupt())?,
                terminate: register(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    async fn recv(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The first line of the secret file `path` (at most 16 KiB read).
fn first_line(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(16 * 1024).read_to_string(&mut text))
        .map_err(|e| format!("cannot read --webhook-secret-file {}: {e}", path.display()))?;
    let secret = text.lines().next().unwrap_or_default().trim();
    if secret.is_empty() {
        return Err(format!(
            "--webhook-secret-file {}: its first line is empty",
            path.display()
        ));
    }
    Ok(secret.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: MockArgs,
    }

    #[test]
    fn the_webhook_secret_comes_from_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("secret");
        std::fs::write(&file, "whsec-from-file\nignored\n").unwrap();
        let parsed = Wrapper::try_parse_from([
            "mock",
            "--webhook-url",
            "http://127.0.0.1:9/hook",
            "--webhook-secret-file",
            file.to_str().unwrap(),
        ])
        .unwrap();
        assert_eq!(first_line(&file).unwrap(), "whsec-from-file");
        assert!(parsed.args.builder().is_ok());
        // A URL without a secret, or a secret file that is empty, is refused.
        assert!(
            Wrapper::try_parse_from(["mock", "--webhook-url", "http://127.0.0.1:9/h"]).is_err()
        );
        std::fs::write(&file, "\n").unwrap();
        assert!(
            first_line(&file)
                .unwrap_err()
                .contains("first line is empty")
        );
    }
}
