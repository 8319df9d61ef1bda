//! Fetching sitemaps and pages from the docs site: bounded in time and
//! size, redirects followed only within the same host (and a few of them),
//! `robots.txt` respected unless told otherwise. The client here is not the
//! SDK's and carries nothing of it: the Wonderchat key never goes to the
//! docs site.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::OnceCell;
use url::Url;

use crate::SyncError;

/// The part of a `robots.txt` read.
const ROBOTS_BYTES: u64 = 512 << 10;

/// How pages and sitemaps are fetched.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Pages fetched at once.
    pub concurrency: usize,
    /// The longest one fetch may take, body included.
    pub timeout: Duration,
    /// The largest page body read (a larger page is skipped).
    pub max_page_bytes: u64,
    /// Redirects followed per fetch (all within the first address's host).
    pub max_redirects: usize,
    /// Honour `robots.txt` (RFC 9309) for pages.
    pub robots: bool,
    /// The `User-Agent` sent, and the agent `robots.txt` rules are read for.
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            concurrency: 8,
            timeout: Duration::from_secs(30),
            max_page_bytes: 10 << 20,
            max_redirects: 5,
            robots: true,
            user_agent: format!("wonderchat-sync/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Fetches from the docs site.
#[derive(Debug)]
pub struct Fetcher {
    http: reqwest::Client,
    options: FetchOptions,
    robots: Mutex<HashMap<String, Arc<OnceCell<Robots>>>>,
}

/// What a site's `robots.txt` allows.
enum Robots {
    All,
    Nothing,
    /// The file's text (Google's matcher reads it per question).
    Rules(String),
}

impl std::fmt::Debug for Robots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Robots::All => "All",
            Robots::Nothing => "Nothing",
            Robots::Rules(_) => "Rules",
        })
    }
}

impl Fetcher {
    /// A fetcher with `options`.
    ///
    /// # Errors
    /// [`SyncError::Setup`] when the HTTP client cannot be built (TLS).
    pub fn new(options: FetchOptions) -> Result<Self, SyncError> {
        let max_redirects = options.max_redirects;
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            let first = attempt.previous().first().map(host_of);
            if attempt.previous().len() > max_redirects {
                attempt.error(format!("more than {max_redirects} redirects"))
            } else if first.is_some_and(|first| first != host_of(attempt.url())) {
                let to = attempt.url().host_str().unwrap_or_default().to_owned();
                attempt.error(format!("redirected to another host ({to})"))
            } else {
                attempt.follow()
            }
        });
        let setup = |e: Box<dyn std::error::Error + Send + Sync>| SyncError::Setup {
            reason: "cannot build the HTTP client for the docs site".to_owned(),
            cause: Some(e),
        };
        let http = wonderchat::http_client_builder()
            .map_err(|e| setup(Box::new(e)))?
            .user_agent(options.user_agent.clone())
            .redirect(policy)
            .connect_timeout(options.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| setup(Box::new(e)))?;
        Ok(Self {
            http,
            options,
            robots: Mutex::new(HashMap::new()),
        })
    }

    /// The options it fetches with.
    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    /// The body at `url` (a 2xx answer), at most `cap` bytes.
    ///
    /// # Errors
    /// A short reason: the status, a timeout, the size, a redirect refused.
    pub async fn get(&self, url: &Url, cap: u64) -> Result<Vec<u8>, String> {
        match self.fetch(url, cap, false).await? {
            (status, body) if status.is_success() => Ok(body),
            (status, _) => Err(format!("HTTP {}", status.as_u16())),
        }
    }

    /// The status at `url` and, for a 2xx answer, the body: at most `cap`
    /// bytes (more is an error, or with `truncate` cut off), within the
    /// fetch timeout.
    async fn fetch(
        &self,
        url: &Url,
        cap: u64,
        truncate: bool,
    ) -> Result<(reqwest::StatusCode, Vec<u8>), String> {
        let too_large = || format!("larger than {}", size(cap));
        let fetch = async {
            let response = self.http.get(url.clone()).send().await.map_err(describe)?;
            let status = response.status();
            if !status.is_success() {
                return Ok((status, Vec::new()));
            }
            if !truncate && response.content_length().is_some_and(|n| n > cap) {
                return Err(too_large());
            }
            let mut body = Vec::new();
            let mut stream = response.bytes_stream();
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(describe)?;
                let room = usize::try_from(cap)
                    .unwrap_or(usize::MAX)
                    .saturating_sub(body.len());
                if chunk.len() > room {
                    if truncate {
                        body.extend_from_slice(&chunk[..room]);
                        break;
                    }
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            Ok((status, body))
        };
        match tokio::time::timeout(self.options.timeout, fetch).await {
            Ok(result) => result,
            Err(_) => Err(format!(
                "no answer within {} s",
                self.options.timeout.as_secs_f64()
            )),
        }
    }

    /// Whether `robots.txt` lets this agent fetch `url` (always, when the
    /// fetcher ignores it). Read once per site: 4xx means no rules, any
    /// other failure means nothing may be fetched (RFC 9309, 2.3.1).
    pub async fn allowed(&self, url: &Url) -> bool {
        if !self.options.robots {
            return true;
        }
        let origin = url.origin().ascii_serialization();
        let cell = {
            let mut sites = self.robots.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(sites.entry(origin.clone()).or_default())
        };
        let robots = cell
            .get_or_init(|| async {
                let Ok(at) = Url::parse(&format!("{origin}/robots.txt")) else {
                    return Robots::All;
                };
                // RFC 9309: at least 500 KiB are read; the rest is not.
                match self.fetch(&at, ROBOTS_BYTES, true).await {
                    Ok((status, _)) if status.is_client_error() => Robots::All,
                    Ok((status, body)) if status.is_success() => {
                        Robots::Rules(String::from_utf8_lossy(&body).into_owned())
                    }
                    _ => Robots::Nothing,
                }
            })
            .await;
        match robots {
            Robots::All => true,
            Robots::Nothing => false,
            Robots::Rules(text) => {
                // The product token: `wonderchat-sync` of `wonderchat-sync/0.2.0`.
                let agent = self
                    .options
                    .user_agent
                    .split('/')
                    .next()
                    .unwrap_or_default();
                robotstxt::DefaultMatcher::default().one_agent_allowed_by_robots(
                    text,
                    agent,
                    url.as_str(),
                )
            }
        }
    }
}

/// A host and port: what redirects must stay within.
fn host_of(url: &Url) -> (Option<String>, Option<u16>) {
    (
        url.host_str().map(str::to_owned),
        url.port_or_known_default(),
    )
}

/// A transport error in a few words, with its causes (never a key: the
/// fetcher has none).
fn describe(e: reqwest::Error) -> String {
    let mut text = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "cannot connect".to_owned()
    } else if e.is_redirect() {
        "redirect refused".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut cause = std::error::Error::source(&e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    wonderchat::printable(&text)
}

/// A local file's bytes, at most `cap` (more is an error, not read).
pub(crate) fn read_file(path: &std::path::Path, cap: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err(format!("larger than {}", size(cap)));
    }
    Ok(bytes)
}

/// Bytes said in KiB, MiB or GiB.
pub(crate) fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 => format!("{} MiB", b >> 20),
        b => format!("{} KiB", b >> 10),
    }
}
