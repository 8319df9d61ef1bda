//! `mcp --http`: the streamable HTTP transport at `/mcp`, on loopback
//! unless `--allow-remote`, and then only with a bearer token that every
//! request must carry (compared in constant time). Served as the mock and
//! `webhook listen` are (`serve_bounded`: a connection cap, a request-head
//! timeout); a browser page of another site is refused (403 for an `Origin`
//! that is not loopback, as the MCP specification requires); at most
//! [`MAX_SESSIONS`] sessions live at once (503 beyond), each closed after
//! five idle minutes.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use super::McpArgs;
use super::Server;
use crate::error::CliError;

/// The environment variable that may hold the bearer token.
pub(crate) const TOKEN_ENV: &str = "WONDERCHAT_MCP_TOKEN";

/// The shortest bearer token accepted.
const MIN_TOKEN: usize = 16;

/// Sessions at once: a few clients on one machine need a handful.
pub(crate) const MAX_SESSIONS: usize = 64;

/// Connections at once, and how long a request's head may take.
const MAX_CONNECTIONS: usize = 128;
const HEAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// The origins a browser page may call from: this machine's, any port.
const LOOPBACK_ORIGINS: [&str; 6] = [
    "http://localhost:*",
    "http://127.0.0.1:*",
    "http://[::1]:*",
    "https://localhost:*",
    "https://127.0.0.1:*",
    "https://[::1]:*",
];

/// The bearer token, from `--token-file` or `WONDERCHAT_MCP_TOKEN`.
pub(crate) fn token(args: &McpArgs) -> Result<Option<String>, CliError> {
    let token = match &args.token_file {
        Some(path) => Some(crate::plumbing::files::read_secret_line(
            path,
            "bearer token",
        )?),
        None => std::env::var(TOKEN_ENV)
            .ok()
            .filter(|t| !t.trim().is_empty()),
    };
    match token {
        Some(token) if token.trim().len() < MIN_TOKEN => Err(CliError::Usage(format!(
            "the bearer token is shorter than {MIN_TOKEN} characters: use a long random one \
             (openssl rand -hex 32)"
        ))),
        other => Ok(other.map(|t| t.trim().to_owned())),
    }
}

/// Refuses an address other machines can reach unless `--allow-remote`
/// and a token were given.
pub(crate) fn check_address(
    addr: SocketAddr,
    allow_remote: bool,
    has_token: bool,
) -> Result<(), CliError> {
    if addr.ip().is_loopback() {
        return Ok(());
    }
    if !allow_remote {
        return Err(CliError::Usage(format!(
            "--http {addr} is not a loopback address: anyone who reaches it could use your \
             Wonderchat key through the tools. Use 127.0.0.1, or add --allow-remote with a \
             bearer token ({TOKEN_ENV} or --token-file)"
        )));
    }
    if !has_token {
        return Err(CliError::Usage(format!(
            "--allow-remote needs a bearer token: set {TOKEN_ENV} or pass --token-file"
        )));
    }
    Ok(())
}

/// Starts serving; returns the bound address (port 0 picks one).
pub(crate) async fn serve(
    addr: SocketAddr,
    server: Server,
    token: Option<String>,
) -> Result<SocketAddr, CliError> {
    let mut config = StreamableHttpServerConfig::default()
        .with_allowed_origins(LOOPBACK_ORIGINS)
        .enforce_origin_validation();
    if !addr.ip().is_loopback() {
        // Other hosts name this one as they like; the token guards it.
        config = config.disable_allowed_hosts();
    }
    let sessions = Arc::new(LocalSessionManager::default());
    let service: StreamableHttpService<Server, LocalSessionManager> =
        StreamableHttpService::new(move || Ok(server.clone()), Arc::clone(&sessions), config);
    let mut router =
        axum::Router::new()
            .nest_service("/mcp", service)
            .layer(axum::middleware::from_fn(move |request, next| {
                let sessions = Arc::clone(&sessions);
                async move { limit_sessions(&sessions, request, next).await }
            }));
    if let Some(token) = token {
        let token = Arc::new(token);
        router = router.layer(axum::middleware::from_fn(move |request, next| {
            let token = Arc::clone(&token);
            async move { authorize(&token, request, next).await }
        }));
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| CliError::Usage(format!("cannot listen on {addr}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| CliError::Usage(format!("cannot listen on {addr}: {e}")))?;
    tokio::spawn(wonderchat_mock::serve_bounded(
        listener,
        router,
        std::future::pending(),
        wonderchat_mock::ConnectionLimits::new(MAX_CONNECTIONS, HEAD_TIMEOUT),
    ));
    Ok(bound)
}

/// Refuses a request that would open a session (one without
/// `Mcp-Session-Id`) while [`MAX_SESSIONS`] are open: 503, retry later.
async fn limit_sessions(sessions: &LocalSessionManager, request: Request, next: Next) -> Response {
    let opens = request.method() == axum::http::Method::POST
        && !request.headers().contains_key("mcp-session-id");
    if opens && sessions.sessions.read().await.len() >= MAX_SESSIONS {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "60")],
            format!(
                "this server has {MAX_SESSIONS} sessions open; close one (DELETE /mcp) or retry \
                 in a minute\n"
            ),
        )
            .into_response();
    }
    next.run(request).await
}

/// Lets a request through only with `Authorization: Bearer <token>`.
async fn authorize(token: &str, request: Request, next: Next) -> Response {
    // The scheme's name is case-insensitive (RFC 7235).
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map_or("", |(_, token)| token.trim());
    if same(given.as_bytes(), token.as_bytes()) {
        next.run(request).await
    } else {
        (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "a bearer token is required\n",
        )
            .into_response()
    }
}

/// Equal, in a time that does not depend on where they differ (`subtle`,
/// as the SDK's key comparison).
fn same(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_address_needs_allow_remote_and_a_token() {
        let public: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(check_address(public, false, true).is_err());
        assert!(check_address(public, true, false).is_err());
        assert!(check_address(public, true, true).is_ok());
        assert!(check_address("127.0.0.1:0".parse().unwrap(), false, false).is_ok());
        assert!(check_address("[::1]:0".parse().unwrap(), false, false).is_ok());
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
    }
}
