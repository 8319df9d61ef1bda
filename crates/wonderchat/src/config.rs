//! [`ClientBuilder`]: the API key, the base URL, timeouts, retries and the
//! HTTP client, checked once when the client is built.

use std::net::IpAddr;
use std::time::Duration;

use reqwest::Url;
use wonderchat_api::{ApiKey, CallContext, Redactor};

use crate::{Client, Error, RetryPolicy};

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://app.wonderchat.io";
/// The environment variable [`Client::from_env`] reads the key from.
pub const API_KEY_ENV: &str = "WONDERCHAT_API_KEY";
/// The environment variable [`Client::from_env`] reads the base URL from.
pub const BASE_URL_ENV: &str = "WONDERCHAT_BASE_URL";
/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The default time one attempt may take, from sending to the whole answer.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default time a whole call may take, retries and waits included.
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit on the body of a JSON answer.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1 << 20;
/// The default longest wait for the next bytes of a streamed answer (a
/// chat's events, an export) once its head has arrived.
pub const DEFAULT_STREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit on one chatlog of an export (the export as a whole has
/// none: it is read one chatlog at a time).
pub const DEFAULT_MAX_CHATLOG_BYTES: usize = 32 << 20;

/// Everything a built [`Client`] uses; shared by its clones.
pub(crate) struct Config {
    /// `None`: only `chat`, which needs no key, can be called.
    pub(crate) api_key: Option<ApiKey>,
    /// Removes the key (and other secrets) from server text.
    pub(crate) redactor: std::sync::Arc<Redactor>,
    pub(crate) max_response_bytes: usize,
    pub(crate) base_url: String,
    pub(crate) timeout: Duration,
    pub(crate) deadline: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) stream_idle_timeout: Duration,
    pub(crate) user_agent: String,
    pub(crate) allow_insecure_http: bool,
    pub(crate) max_in_flight: Option<usize>,
    pub(crate) retry: RetryPolicy,
    /// The shared send rate, in adaptive mode.
    pub(crate) rate: Option<std::sync::Arc<crate::adaptive::AdaptiveRate>>,
    /// Permits for requests in flight, when limited.
    pub(crate) in_flight: Option<std::sync::Arc<tokio::sync::Semaphore>>,
    /// Set by [`Client::shutdown`]: no new request starts.
    pub(crate) shut_down: std::sync::atomic::AtomicBool,
    /// The generated client every call goes through, built once: a call
    /// puts its own [`CallContext`] in force around each request.
    pub(crate) api: wonderchat_api::Client,
    /// The contexts of calls without secrets of their own, by body mode.
    pub(crate) contexts: Contexts,
}

/// A [`CallContext`] per way of reading an answer, built once per client.
#[derive(Debug)]
pub(crate) struct Contexts {
    pub(crate) json: CallContext,
    pub(crate) ignored: CallContext,
    pub(crate) stream: CallContext,
}

impl Contexts {
    pub(crate) fn new(max_response_bytes: usize, redactor: std::sync::Arc<Redactor>) -> Self {
        let json = CallContext::new(max_response_bytes, redactor);
        Contexts {
            ignored: json.clone().ignoring_body(),
            stream: json.clone().streaming(),
            json,
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("api_key", &self.api_key)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]; start with [`Client::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    api_key: Option<ApiKey>,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    deadline: Duration,
    stream_idle_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    allow_insecure_http: bool,
    max_in_flight: Option<usize>,
    max_response_bytes: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: DEFAULT_ATTEMPT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            deadline: DEFAULT_OPERATION_TIMEOUT,
            stream_idle_timeout: DEFAULT_STREAM_IDLE_TIMEOUT,
            user_agent: concat!("wonderchat-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            allow_insecure_http: false,
            max_in_flight: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl ClientBuilder {
    /// The API key: every operation but `chat` needs one (without it they
    /// fail with [`Error::InvalidInput`] before sending anything).
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The API's base URL, `https://app.wonderchat.io` by default. Plain
    /// `http://` is accepted only for loopback hosts unless
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The time one attempt may take, from sending to the whole answer (10 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time a connection may take to open (5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The time a whole call may take, retries and waits included (30 s).
    pub fn operation_timeout(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The `User-Agent` header, `wonderchat-rs/<version>` by default.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// When to send a failed request again; [`RetryPolicy::disabled`] turns
    /// retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// At most this many requests of this client (and its clones) on the
    /// wire at once; more calls wait for a turn. Waits between retries do
    /// not hold a turn, so a call that waits for `Retry-After` does not
    /// slow the others down. Unlimited by default.
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.max_in_flight = Some(requests.max(1));
        self
    }

    /// The largest JSON answer body read (1 MiB by default). A larger one
    /// fails the call with [`Error::ResponseTooLarge`] without being read
    /// (its connection is closed) and is not retried.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// The longest wait for the next bytes of a streamed answer (a chat's
    /// events, an export) once its head has arrived; then the stream ends
    /// with [`Error::Stalled`]. Default: [`DEFAULT_STREAM_IDLE_TIMEOUT`].
    /// The attempt and operation timeouts bound the wait for the head; a
    /// stream's whole length is bounded by `stream_timeout` on the call.
    pub fn stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.stream_idle_timeout = timeout;
        self
    }

    /// Allows `http://` base URLs to hosts other than loopback. The API key
    /// then crosses the network in clear text: only for trusted networks.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a blank key, [`Error::InsecureBaseUrl`]
    /// for plain `http://` to a host other than loopback (unless
    /// [`allow_insecure_http`](Self::allow_insecure_http)), and
    /// [`Error::Config`] for a base URL that does not parse or an HTTP
    /// client that cannot be set up (TLS).
    pub fn build(self) -> Result<Client, Error> {
        if self.api_key.as_ref().is_some_and(ApiKey::is_blank) {
            return Err(Error::InvalidInput {
                field: "apiKey",
                reason: "the API key is empty or blank: pass the key from your Wonderchat \
                         account settings"
                    .to_owned(),
            });
        }
        let api_key = self.api_key;
        let base_url = check_base_url(&self.base_url, self.allow_insecure_http)?;
        let http = build_http_client(&self.user_agent, self.connect_timeout)?;
        let (user_agent, connect_timeout) = (self.user_agent, self.connect_timeout);
        let (allow_insecure_http, max_in_flight) = (self.allow_insecure_http, self.max_in_flight);
        let redactor =
            std::sync::Arc::new(Redactor::new(api_key.as_ref().map(ApiKey::expose_secret)));
        let contexts = Contexts::new(self.max_response_bytes, std::sync::Arc::clone(&redactor));
        let api = wonderchat_api::Client::new_with_client(&base_url, http, contexts.json.clone());
        Ok(Client::from_config(Config {
            redactor,
            api,
            contexts,
            max_response_bytes: self.max_response_bytes,
            api_key,
            base_url,
            timeout: self.timeout,
            deadline: self.deadline,
            connect_timeout,
            stream_idle_timeout: self.stream_idle_timeout,
            user_agent,
            allow_insecure_http,
            max_in_flight,
            rate: self.retry.adaptive().then(Default::default),
            in_flight: self
                .max_in_flight
                .map(|n| std::sync::Arc::new(tokio::sync::Semaphore::new(n))),
            shut_down: std::sync::atomic::AtomicBool::new(false),
            retry: self.retry,
        }))
    }
}

/// A `reqwest` client builder with this SDK's TLS set-up (rustls with the
/// ring provider and the platform's verifier under the `rustls` feature,
/// the platform's library under `native-tls`) and nothing else: no key, no
/// base URL. For fetching other sites (a docs site's sitemap and pages)
/// through the same TLS code as the SDK's own requests.
///
/// # Errors
/// [`Error::Config`] when TLS cannot be set up.
pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
    let builder = reqwest::Client::builder();
    #[cfg(feature = "rustls")]
    let builder = builder.tls_backend_preconfigured(rustls_config()?);
    Ok(builder)
}

fn build_http_client(
    user_agent: &str,
    connect_timeout: Duration,
) -> Result<reqwest::Client, Error> {
    let builder = http_client_builder()?
        .user_agent(user_agent)
        .connect_timeout(connect_timeout)
        // The key is in the body: never resend it to wherever a redirect points.
        .redirect(reqwest::redirect::Policy::none())
        .tcp_nodelay(true)
        .pool_idle_timeout(Duration::from_secs(60));
    builder.build().map_err(|e| Error::Config {
        message: "cannot build the HTTP client".to_owned(),
        source: Some(Box::new(e)),
    })
}

/// TLS through rustls with the ring provider, for this client only: a
/// library must not choose the process-wide provider for its users.
#[cfg(feature = "rustls")]
fn rustls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let fail = |e: rustls::Error| Error::Config {
        message: "cannot set up TLS".to_owned(),
        source: Some(Box::new(e)),
    };
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(fail)?
        .with_platform_verifier()
        .map_err(fail)?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// Accepts `https://…`, and `http://…` to loopback or when allowed; returns
/// the URL without a trailing slash.
fn check_base_url(raw: &str, allow_insecure_http: bool) -> Result<String, Error> {
    let config = |message: String| Error::Config {
        message,
        source: None,
    };
    let url = Url::parse(raw.trim()).map_err(|e| Error::Config {
        message: format!("base URL {raw:?} is not a valid URL; use e.g. {DEFAULT_BASE_URL}"),
        source: Some(Box::new(e)),
    })?;
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&url) => {}
        "http" => {
            return Err(Error::InsecureBaseUrl {
                url: raw.to_owned(),
            });
        }
        other => {
            return Err(config(format!(
                "base URL {raw:?} has scheme {other:?}; use https://"
            )));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config(format!(
            "base URL {raw:?} has a query or fragment; give only scheme, host, port and path prefix"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_and_loopback_http_are_accepted() {
        for url in [
            "https://app.wonderchat.io",
            "https://app.wonderchat.io/",
            "http://127.0.0.1:8080",
            "http://localhost:3000/",
            "http://[::1]:9/",
        ] {
            let checked = check_base_url(url, false).unwrap();
            assert!(!checked.ends_with('/'), "{checked}");
        }
    }

    #[test]
    fn plain_http_elsewhere_needs_an_opt_in() {
        let err = check_base_url("http://example.com", false).unwrap_err();
        assert!(err.to_string().contains("clear text"), "{err}");
        assert!(
            err.remedy()
                .to_string()
                .contains("allow_insecure_http(true)"),
            "{}",
            err.remedy()
        );
        assert_eq!(
            check_base_url("http://example.com/", true).unwrap(),
            "http://example.com"
        );
    }

    #[test]
    fn malformed_urls_are_explained() {
        for url in ["not a url", "ftp://example.com", "https://x.io/?a=1"] {
            let err = check_base_url(url, false).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("invalid client configuration: base URL"),
                "{err}"
            );
        }
    }
}
