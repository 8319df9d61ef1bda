//! `wonderchat webhook verify` (a saved delivery) and `webhook listen` (a
//! local receiver, like `stripe listen`: verifies each delivery, answers
//! 200 or 401, prints each event as a line of JSON, and can forward
//! verified deliveries to a local app).

use std::io::Read;
use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use http_body_util::Full;
use wonderchat::webhook::{SIGNATURE_HEADER, TIMESTAMP_HEADER, Verifier, WebhookEvent};

use crate::CliError;
use crate::args::{GlobalArgs, WebhookCommand, WebhookListenArgs, WebhookVerifyArgs};
use crate::signals::Signals;

/// Runs `webhook verify|listen`.
pub async fn run(global: &GlobalArgs, command: WebhookCommand) -> Result<(), CliError> {
    match command {
        WebhookCommand::Verify(args) => verify(global, args),
        WebhookCommand::Listen(args) => listen(global, args).await,
    }
}

fn verifier(
    path: &std::path::Path,
    tolerance: Option<std::time::Duration>,
) -> Result<Verifier, CliError> {
    let secret = crate::profile::read_key_file(path)?;
    let verifier = Verifier::new(secret);
    Ok(match tolerance {
        Some(window) => verifier.tolerance(window),
        None => verifier,
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
    let verifier = verifier(&args.secret_file, args.tolerance)?;
    let mut body = Vec::new();
    let read = match &args.body {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut body))
        }
        _ => std::io::stdin().read_to_end(&mut body),
    };
    read.map_err(|e| CliError::Usage(format!("cannot read the delivery: {e}")))?;
    let event = verifier
        .verify(&body, &args.signature, args.timestamp.as_deref())
        .map_err(|e| CliError::Failed(format!("invalid delivery: {e}")))?;
    let value = event_json(&event);
    if global.json {
        crate::write_stdout(&format!("{value}\n"))
    } else {
        crate::write_stdout(&format!(
            "valid {} delivery\n{}\n",
            event.name(),
            serde_json::to_string_pretty(&value).unwrap_or_default()
        ))
    }
}

struct Listener {
    verifier: Verifier,
    forward_to: Option<String>,
    http: hyper_util::client::legacy::Client<
        hyper_util::client::legacy::connect::HttpConnector,
        Full<Bytes>,
    >,
}

async fn listen(global: &GlobalArgs, args: WebhookListenArgs) -> Result<(), CliError> {
    let mut signals =
        Signals::new().map_err(|e| CliError::Usage(format!("cannot listen for Ctrl-C: {e}")))?;
    let listener = Arc::new(Listener {
        verifier: verifier(&args.secret_file, args.tolerance)?,
        forward_to: args.forward_to.clone(),
        http: hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build_http(),
    });
    let app = axum::Router::new().fallback(axum::routing::post(
        move |headers: HeaderMap, body: Bytes| {
            let listener = Arc::clone(&listener);
            async move { listener.receive(&headers, body).await }
        },
    ));
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
    axum::serve(socket, app)
        .with_graceful_shutdown(stop)
        .await
        .map_err(|e| CliError::Failed(format!("the receiver failed: {e}")))
}

impl Listener {
    async fn receive(&self, headers: &HeaderMap, body: Bytes) -> StatusCode {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let signature = header(SIGNATURE_HEADER).unwrap_or_default();
        let timestamp = header(TIMESTAMP_HEADER);
        match self.verifier.verify(&body, signature, timestamp) {
            Ok(event) => {
                let _ = crate::write_stdout(&format!("{}\n", event_json(&event)));
                if let Some(url) = &self.forward_to {
                    self.forward(url, headers, body).await;
                }
                StatusCode::OK
            }
            Err(e) => {
                eprintln!("refused a delivery (401): {e}");
                StatusCode::UNAUTHORIZED
            }
        }
    }

    /// Passes a verified delivery on, with its signature headers.
    async fn forward(&self, url: &str, headers: &HeaderMap, body: Bytes) {
        let mut request = axum::http::Request::post(url);
        for name in [SIGNATURE_HEADER, TIMESTAMP_HEADER, "content-type"] {
            if let Some(value) = headers.get(name) {
                request = request.header(name, value);
            }
        }
        let result = match request.body(Full::new(body)) {
            Ok(request) => self
                .http
                .request(request)
                .await
                .map(|r| r.status())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match result {
            Ok(status) => eprintln!("forwarded to {url}: HTTP {}", status.as_u16()),
            Err(e) => eprintln!("could not forward to {url}: {e}"),
        }
    }
}
