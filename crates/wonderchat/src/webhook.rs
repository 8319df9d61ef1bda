//! Webhooks: verify a delivery Wonderchat sent to your server and read its
//! event.
//!
//! Each delivery is a JSON POST with `X-Wonderchat-Signature` (lowercase
//! hex HMAC-SHA256 of the body, keyed with the webhook's secret) and
//! `X-Wonderchat-Timestamp` (when it was sent). [`Verifier::verify`] checks
//! the signature over the raw body (and, as the reference's snippet does,
//! over the body re-serialised compactly), compares in constant time, and
//! refuses deliveries whose `timestamp` is further than the tolerance from
//! now ([`DEFAULT_TOLERANCE`], 5 minutes, unless set otherwise): the
//! timestamp *inside the body* counts, because the signature covers it; the
//! header, which it does not cover, is not trusted for this. The window
//! bounds replays; a receiver that must act once per delivery also
//! remembers the signatures it accepted within the window (as
//! `wonderchat webhook listen` does).
//!
//! ```
//! use wonderchat::webhook::{Verifier, WebhookEvent, sign};
//!
//! let sent = chrono::Utc::now().to_rfc3339();
//! let body = format!(r#"{{"event":"LIVE_CHAT_INITIATED","timestamp":"{sent}","data":{{"chatlogId":"c1","chatbotId":"b1"}}}}"#);
//! let signature = sign("whsec_test", body.as_bytes()); // what Wonderchat sends
//! let event = Verifier::new("whsec_test").verify(body.as_bytes(), &signature, Some(&sent)).unwrap();
//! assert!(matches!(event, WebhookEvent::LiveChatInitiated(ref e) if e.chatlog_id == "c1"));
//! ```

use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy_string::Secret;
use wonderchat_api::signature::signature_matches;
use wonderchat_api::types;

pub use wonderchat_api::signature::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};

/// How far from now a delivery's signed timestamp may be, unless
/// [`Verifier::tolerance`] says otherwise.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

mod secrecy_string {
    /// A webhook secret: never shown by `Debug`.
    #[derive(Clone)]
    pub(super) struct Secret(pub(super) String);

    impl std::fmt::Debug for Secret {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("WebhookSecret([redacted])")
        }
    }
}

/// Verifies deliveries with one secret.
#[derive(Debug, Clone)]
pub struct Verifier {
    secret: Secret,
    tolerance: Option<Duration>,
}

/// Why a delivery was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// No signature was given.
    #[error("the delivery has no {SIGNATURE_HEADER} header: it cannot be verified")]
    MissingSignature,
    /// The signature does not match the body and the secret.
    #[error(
        "the signature does not match: the body was changed, or the secret is not this \
         webhook's (check the secret in Wonderchat's dashboard)"
    )]
    BadSignature,
    /// The timestamp is not a date-time (kept for callers' matches; the
    /// verifier reads the signed timestamp in the body, a malformed one is
    /// [`Malformed`](Self::Malformed)).
    #[error("the {TIMESTAMP_HEADER} header is missing or not an ISO 8601 date-time")]
    BadTimestamp,
    /// The signed timestamp is outside the window: a late or replayed delivery.
    #[error(
        "the delivery's signed timestamp is {age_secs} s from now, outside the accepted window: \
         a late or replayed delivery"
    )]
    Stale {
        /// How far from now, in seconds.
        age_secs: i64,
    },
    /// The (verified) body is not a JSON event.
    #[error("the delivery is signed but is not a JSON event ({0})")]
    Malformed(String),
}

impl Verifier {
    /// A verifier for this webhook secret, refusing deliveries signed
    /// further than [`DEFAULT_TOLERANCE`] from now.
    pub fn new(secret: impl Into<String>) -> Self {
        Self {
            secret: Secret(secret.into()),
            tolerance: Some(DEFAULT_TOLERANCE),
        }
    }

    /// Refuse deliveries whose signed timestamp is further than `window`
    /// from now (default [`DEFAULT_TOLERANCE`]).
    pub fn tolerance(mut self, window: Duration) -> Self {
        self.tolerance = Some(window);
        self
    }

    /// Accept deliveries whatever their timestamp: a delivery captured
    /// once then verifies forever. Only for checking saved deliveries.
    pub fn without_tolerance(mut self) -> Self {
        self.tolerance = None;
        self
    }

    /// The window set, if any.
    pub fn window(&self) -> Option<Duration> {
        self.tolerance
    }

    /// Checks a delivery: `body` as received (the raw bytes), `signature`
    /// and `timestamp` from its headers (the timestamp header is unsigned,
    /// so not trusted: the window is checked against the `timestamp` inside
    /// the signed body).
    ///
    /// # Errors
    /// [`WebhookError`]: the signature is missing or wrong, the timestamp is
    /// out of the window, or the body is not an event.
    pub fn verify(
        &self,
        body: &[u8],
        signature: &str,
        timestamp: Option<&str>,
    ) -> Result<WebhookEvent, WebhookError> {
        let signature = signature.trim();
        if signature.is_empty() {
            return Err(WebhookError::MissingSignature);
        }
        let expected = hex::decode(signature).map_err(|_| WebhookError::BadSignature)?;
        let matches = |bytes: &[u8]| signature_matches(&self.secret.0, bytes, &expected);
        if !matches(body) && !compact(body).is_some_and(|c| matches(&c)) {
            return Err(WebhookError::BadSignature);
        }
        let event = WebhookEvent::parse(body)?;
        let Some(window) = self.tolerance else {
            return Ok(event);
        };
        // The signed time is the body's: anyone can set the header (and a
        // retried delivery's header is later than its event).
        let _unsigned_header = timestamp;
        let signed = event.timestamp().ok_or_else(|| {
            WebhookError::Malformed("its timestamp is not an ISO 8601 date-time".to_owned())
        })?;
        let age = Utc::now().signed_duration_since(signed);
        let window = chrono::Duration::from_std(window).unwrap_or(chrono::Duration::MAX);
        if age.abs() > window {
            return Err(WebhookError::Stale {
                age_secs: age.num_seconds(),
            });
        }
        Ok(event)
    }
}

/// The body without white space outside strings: what `JSON.stringify` of
/// the parsed body gives for an ordinary JSON body (the reference's
/// verification snippet signs that). `None` when it is not JSON.
fn compact(body: &[u8]) -> Option<Vec<u8>> {
    serde_json::from_slice::<serde::de::IgnoredAny>(body).ok()?;
    let mut out = Vec::with_capacity(body.len());
    let (mut in_string, mut escaped) = (false, false);
    for &b in body {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if !b.is_ascii_whitespace() {
            in_string = b == b'"';
            out.push(b);
        }
    }
    Some(out)
}

/// A verified delivery's event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WebhookEvent {
    /// `LIVE_CHAT_INITIATED`: a user asked for a human agent.
    LiveChatInitiated(LiveChatInitiated),
    /// An event this version does not know, as sent.
    Other {
        /// Its `event` name.
        event: String,
        /// Its `timestamp`, when it is a date-time.
        timestamp: Option<DateTime<Utc>>,
        /// Its `data`.
        data: serde_json::Value,
    },
}

/// A user asked for a human agent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LiveChatInitiated {
    /// When.
    pub timestamp: DateTime<Utc>,
    /// The conversation.
    pub chatlog_id: String,
    /// The chatbot.
    pub chatbot_id: String,
    /// The chatbot's name.
    pub chatbot_name: Option<String>,
    /// The user's message that asked for a human.
    pub user_message: Option<String>,
    /// The user's e-mail address.
    pub email: Option<String>,
    /// The user's name.
    pub name: Option<String>,
    /// The user's phone number.
    pub phone_number: Option<String>,
}

impl WebhookEvent {
    /// Reads an event from a body (already verified).
    ///
    /// # Errors
    /// [`WebhookError::Malformed`] when the body is not an event envelope.
    pub fn parse(body: &[u8]) -> Result<Self, WebhookError> {
        let malformed = |e: serde_json::Error| WebhookError::Malformed(e.to_string());
        let envelope: types::WebhookEvent = serde_json::from_slice(body).map_err(malformed)?;
        if envelope.event == "LIVE_CHAT_INITIATED" {
            let event: types::LiveChatInitiatedEvent =
                serde_json::from_slice(body).map_err(malformed)?;
            let data = event.data;
            return Ok(WebhookEvent::LiveChatInitiated(LiveChatInitiated {
                timestamp: event.timestamp,
                chatlog_id: data.chatlog_id,
                chatbot_id: data.chatbot_id,
                chatbot_name: data.chatbot_name,
                user_message: data.user_message,
                email: data.email,
                name: data.name,
                phone_number: data.phone_number,
            }));
        }
        Ok(WebhookEvent::Other {
            event: envelope.event,
            timestamp: Some(envelope.timestamp),
            data: serde_json::Value::Object(envelope.data),
        })
    }

    /// When the event was sent: its signed `timestamp`.
    pub fn timestamp(&self) -> Option<DateTime<Utc>> {
        match self {
            WebhookEvent::LiveChatInitiated(event) => Some(event.timestamp),
            WebhookEvent::Other { timestamp, .. } => *timestamp,
        }
    }

    /// The event's name.
    pub fn name(&self) -> &str {
        match self {
            WebhookEvent::LiveChatInitiated(_) => "LIVE_CHAT_INITIATED",
            WebhookEvent::Other { event, .. } => event,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_5f1e";
    const BODY: &str = r#"{"event":"LIVE_CHAT_INITIATED","timestamp":"2023-10-15T14:30:00.000Z","data":{"chatlogId":"clm1234567890abcdef","userMessage":"I need help with my order","email":"john@example.com","name":"John Doe","phoneNumber":"+1234567890","chatbotId":"clm0987654321fedcba","chatbotName":"Customer Support Bot"}}"#;

    /// HMAC-SHA256 of `BODY` keyed with `SECRET`, computed independently
    /// (Python's `hmac.new(secret, body, hashlib.sha256).hexdigest()`), not
    /// by `sign`.
    const SIGNATURE: &str = "964bbbed3c72864e8827c3aee6e5143e616dbcf497c86e9314193a4699843936";

    #[test]
    fn a_valid_delivery_is_read() {
        assert_eq!(sign(SECRET, BODY.as_bytes()), SIGNATURE);
        let signature = SIGNATURE;
        let event = Verifier::new(SECRET)
            .without_tolerance()
            .verify(BODY.as_bytes(), signature, Some("2023-10-15T14:30:00.000Z"))
            .unwrap();
        let WebhookEvent::LiveChatInitiated(event) = event else {
            panic!()
        };
        assert_eq!(event.chatlog_id, "clm1234567890abcdef");
        assert_eq!(event.chatbot_name.as_deref(), Some("Customer Support Bot"));
        // Upper-case hex is the same signature.
        assert!(
            Verifier::new(SECRET)
                .without_tolerance()
                .verify(BODY.as_bytes(), &signature.to_uppercase(), None)
                .is_ok()
        );
    }

    #[test]
    fn tampering_a_wrong_secret_or_no_signature_is_refused() {
        let signature = sign(SECRET, BODY.as_bytes());
        let tampered = BODY.replace("John", "Jane");
        let verifier = Verifier::new(SECRET).without_tolerance();
        assert_eq!(
            verifier.verify(tampered.as_bytes(), &signature, None),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            Verifier::new("other")
                .without_tolerance()
                .verify(BODY.as_bytes(), &signature, None),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            verifier.verify(BODY.as_bytes(), "", None),
            Err(WebhookError::MissingSignature)
        );
        assert_eq!(
            verifier.verify(BODY.as_bytes(), "zz", None),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            verifier.verify(tampered.as_bytes(), SIGNATURE, None),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn the_re_serialised_variant_of_the_reference_is_accepted() {
        // The reference signs JSON.stringify(parsed body): the compact form.
        // A body delivered with white space still verifies against it.
        let spaced = BODY.replace(",\"", ", \"").replace(":{", ": {\n  ");
        assert_ne!(spaced, BODY);
        assert!(
            Verifier::new(SECRET)
                .without_tolerance()
                .verify(spaced.as_bytes(), SIGNATURE, None)
                .is_ok()
        );
        // White space inside strings is part of the value: not removed.
        assert_eq!(compact(br#"{ "a" : "b c" }"#).unwrap(), br#"{"a":"b c"}"#);
    }

    /// A body like the reference's, sent `age` ago.
    fn body_sent(age: chrono::Duration) -> (String, String) {
        let sent = (Utc::now() - age).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        (BODY.replace("2023-10-15T14:30:00.000Z", &sent), sent)
    }

    #[test]
    fn the_signed_timestamp_counts_not_the_header() {
        // Issue 20.9: a 2023 delivery with a fresh (unsigned) header verified.
        let verifier = Verifier::new(SECRET);
        let fresh = Utc::now().to_rfc3339();
        assert!(matches!(
            verifier.verify(BODY.as_bytes(), SIGNATURE, Some(&fresh)),
            Err(WebhookError::Stale { .. })
        ));
        assert!(matches!(
            verifier.verify(BODY.as_bytes(), SIGNATURE, None),
            Err(WebhookError::Stale { .. })
        ));
        let (body, sent) = body_sent(chrono::Duration::seconds(10));
        let signature = sign(SECRET, body.as_bytes());
        assert!(
            verifier
                .verify(body.as_bytes(), &signature, Some(&sent))
                .is_ok()
        );
        assert!(verifier.verify(body.as_bytes(), &signature, None).is_ok());
        // Past the window, and the window set by hand.
        let (old, _) = body_sent(chrono::Duration::seconds(600));
        let signature = sign(SECRET, old.as_bytes());
        assert!(matches!(
            verifier.verify(old.as_bytes(), &signature, None),
            Err(WebhookError::Stale { .. })
        ));
        assert!(
            Verifier::new(SECRET)
                .tolerance(Duration::from_secs(900))
                .verify(old.as_bytes(), &signature, None)
                .is_ok()
        );
    }

    #[test]
    fn unknown_events_are_kept_raw_and_the_secret_never_shows() {
        let body =
            br#"{"event":"CHAT_ENDED","timestamp":"2023-10-15T14:30:00.000Z","data":{"x":1}}"#;
        let event = Verifier::new(SECRET)
            .without_tolerance()
            .verify(body, &sign(SECRET, body), None)
            .unwrap();
        assert_eq!(event.name(), "CHAT_ENDED");
        assert!(!format!("{:?}", Verifier::new(SECRET)).contains(SECRET));
    }
}
