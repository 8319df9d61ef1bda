//! *Export Chatlogs*: [`Client::export_chatlogs`], its builder
//! [`ExportBuilder`] and its result, a [`ChatlogStream`] of [`Chatlog`]s
//! decoded as the body arrives (memory stays flat for an export of any size).

use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use wonderchat_api::operations::{self, Resource};
use wonderchat_api::{Redactor, types};

use crate::engine::CallOptions;
use crate::ops::splitter::ArraySplitter;
use crate::ops::{call_overrides, into_future, stream_overrides};
use crate::{Client, Error, ResourceId};

impl Client {
    /// Prepares an export of chatlogs: narrow it with `.chatbot(..)`,
    /// `.since(..)` and `.until(..)`, then `.stream().await` (or
    /// `.collect().await` for a small one).
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = wonderchat_mock::MockServer::start().await;
    /// # let client = wonderchat::Client::builder().base_url(mock.base_url()).api_key(mock.api_key()).build()?;
    /// use futures_util::StreamExt;
    ///
    /// let since = chrono::Utc::now() - chrono::Duration::days(30);
    /// let mut chatlogs = client.export_chatlogs().since(since).stream().await?;
    /// while let Some(chatlog) = chatlogs.next().await {
    ///     let chatlog = chatlog?; // decoded as it arrives: memory stays flat
    ///     println!("{} ({} exchanges)", chatlog.created_at, chatlog.messages.len());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn export_chatlogs(&self) -> ExportBuilder {
        ExportBuilder {
            client: self.clone(),
            chatbot_id: None,
            since: None,
            until: None,
            max_chatlog_bytes: crate::config::DEFAULT_MAX_CHATLOG_BYTES,
            options: CallOptions::default(),
        }
    }
}

/// An export, ready to run; made by [`Client::export_chatlogs`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .stream().await or .collect().await"]
pub struct ExportBuilder {
    client: Client,
    chatbot_id: Option<String>,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    max_chatlog_bytes: usize,
    options: CallOptions,
}

call_overrides!(ExportBuilder);
into_future!(ExportBuilder, ChatlogStream);
stream_overrides!(ExportBuilder, "none (the idle timeout still applies)");

impl ExportBuilder {
    /// Only this chatbot's chatlogs (by default: every chatbot of the account).
    pub fn chatbot(mut self, chatbot_id: impl Into<String>) -> Self {
        let chatbot_id = chatbot_id.into();
        self.options.ids = vec![ResourceId::new(Resource::Chatbot, &chatbot_id)];
        self.chatbot_id = Some(chatbot_id);
        self
    }

    /// Only chatlogs created at or after this time.
    pub fn since(mut self, since: DateTime<Utc>) -> Self {
        self.since = Some(since);
        self
    }

    /// Only chatlogs created at or before this time.
    pub fn until(mut self, until: DateTime<Utc>) -> Self {
        self.until = Some(until);
        self
    }

    /// The largest one chatlog of the export may be, in bytes of JSON
    /// (default [`DEFAULT_MAX_CHATLOG_BYTES`](crate::DEFAULT_MAX_CHATLOG_BYTES));
    /// the export as a whole has no limit. A larger chatlog ends the stream
    /// with [`Error::ResponseTooLarge`].
    pub fn max_chatlog_bytes(mut self, bytes: usize) -> Self {
        self.max_chatlog_bytes = bytes;
        self
    }

    /// Runs the export and returns its chatlogs one at a time, decoded as the
    /// answer arrives: memory stays flat whatever its size. One chatlog may
    /// be at most [`max_chatlog_bytes`](Self::max_chatlog_bytes) long; the
    /// stream ends with [`Error::Stalled`] when the server sends nothing for
    /// the idle timeout.
    ///
    /// # Errors
    /// As any call until the answer starts; after that, errors (a cut
    /// connection, a chatlog that does not decode) are items of the stream.
    pub async fn send(self) -> Result<ChatlogStream, Error> {
        let body = types::ExportChatlogsRequest {
            api_key: self.client.api_key()?.clone(),
            chatbot_id: self.chatbot_id.clone(),
            start_date: self.since,
            end_date: self.until,
        };
        let answered = self
            .client
            .call_stream(
                operations::EXPORT_CHATLOGS,
                &self.options,
                &body,
                "application/json",
            )
            .await?;
        let config = &self.client.config;
        let bytes = crate::ops::body::guarded(
            answered.value.into_inner(),
            self.options.stream_guard(config, None, None),
        );
        let chatlogs = chatlogs(bytes, Arc::clone(&config.redactor), self.max_chatlog_bytes);
        Ok(ChatlogStream {
            chatlogs: Box::pin(chatlogs),
            attempts: answered.attempts,
        })
    }

    /// [`send`](Self::send), by its 0.1 name.
    ///
    /// # Errors
    /// As [`send`](Self::send).
    pub async fn stream(self) -> Result<ChatlogStream, Error> {
        self.send().await
    }

    /// Runs the export and collects every chatlog (for small exports; use
    /// [`send`](Self::send) otherwise).
    ///
    /// # Errors
    /// As [`stream`](Self::stream), and the first error of the stream.
    pub async fn collect(self) -> Result<Vec<Chatlog>, Error> {
        let mut stream = self.stream().await?;
        let mut all = Vec::new();
        while let Some(chatlog) = stream.next().await {
            all.push(chatlog?);
        }
        Ok(all)
    }
}

/// The chatlogs of an export, as a [`Stream`] of `Result<Chatlog, Error>`.
pub struct ChatlogStream {
    chatlogs: Pin<Box<dyn Stream<Item = Result<Chatlog, Error>> + Send>>,
    attempts: u32,
}

impl ChatlogStream {
    /// How many requests it took until the answer started.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl std::fmt::Debug for ChatlogStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatlogStream")
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl Stream for ChatlogStream {
    type Item = Result<Chatlog, Error>;

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.chatlogs.as_mut().poll_next(cx)
    }
}

/// One exported conversation: also the record of an export file (JSON
/// Lines). Fields the export gives "if provided" are `None` when absent or
/// null.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Chatlog {
    /// When the conversation started.
    pub created_at: DateTime<Utc>,
    /// Its chatbot.
    pub chatbot_id: String,
    /// The user's e-mail address.
    #[serde(default)]
    pub user_email: Option<String>,
    /// The user's phone number.
    #[serde(default)]
    pub user_phone_number: Option<String>,
    /// The user's name.
    #[serde(default)]
    pub user_name: Option<String>,
    /// The user's country (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub country_code: Option<String>,
    /// The conversation's rating (`GOOD`, `BAD`, or a value added later).
    #[serde(default)]
    pub user_feedback: Option<String>,
    /// The chatbot's average confidence, 0.0 to 1.0.
    #[serde(default)]
    pub average_confidence: Option<f64>,
    /// Whether the chatbot resolved it (`RESOLVED`, `UNRESOLVED`, …).
    #[serde(default)]
    pub ai_resolution_state: Option<String>,
    /// The page it started on.
    #[serde(default)]
    pub initial_page_url: Option<String>,
    /// The question/answer pairs, oldest first.
    // `null` reads as none, as a missing list does.
    #[serde(default, deserialize_with = "null_as_none")]
    pub messages: Vec<ChatExchange>,
}

impl ChatExchange {
    /// One exchange at `created_at`.
    pub fn new(
        created_at: DateTime<Utc>,
        user_message: Option<String>,
        bot_message: Option<String>,
    ) -> Self {
        Self {
            user_message,
            bot_message,
            created_at,
        }
    }
}

/// A list sent as `null`: empty, as a missing one is.
fn null_as_none<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<ChatExchange>, D::Error> {
    Ok(
        <Option<Vec<ChatExchange>> as serde::Deserialize>::deserialize(deserializer)?
            .unwrap_or_default(),
    )
}

/// One question and its answer in an exported chatlog.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChatExchange {
    /// What the user wrote.
    #[serde(default)]
    pub user_message: Option<String>,
    /// What the chatbot answered.
    #[serde(default)]
    pub bot_message: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl Chatlog {
    /// A chatlog of `chatbot_id` created at `created_at`, every other field
    /// empty (set the public fields after: for readers of export files and
    /// tests).
    pub fn new(chatbot_id: impl Into<String>, created_at: DateTime<Utc>) -> Self {
        Self {
            created_at,
            chatbot_id: chatbot_id.into(),
            user_email: None,
            user_phone_number: None,
            user_name: None,
            country_code: None,
            user_feedback: None,
            average_confidence: None,
            ai_resolution_state: None,
            initial_page_url: None,
            messages: Vec::new(),
        }
    }

    /// The decoded chatlog, every text scrubbed again (a JSON-escaped secret
    /// is whole once decoded).
    pub(crate) fn from_wire(c: types::Chatlog, redactor: &Redactor) -> Self {
        Self {
            created_at: c.created_at,
            chatbot_id: redactor.string(c.chatbot_id),
            user_email: redactor.option(c.user_email),
            user_phone_number: redactor.option(c.user_phone_number),
            user_name: redactor.option(c.user_name),
            country_code: redactor.option(c.country_code),
            user_feedback: redactor.option(c.user_feedback),
            average_confidence: c.average_confidence,
            ai_resolution_state: redactor.option(c.ai_resolution_state),
            initial_page_url: redactor.option(c.initial_page_url),
            messages: c
                .messages
                .into_iter()
                .map(|m| ChatExchange {
                    user_message: redactor.option(m.user_message),
                    bot_message: redactor.option(m.bot_message),
                    created_at: m.created_at,
                })
                .collect(),
        }
    }
}

/// Bytes of `{"chatlogs": [...]}` → one [`Chatlog`] at a time.
fn chatlogs(
    bytes: impl Stream<Item = Result<bytes::Bytes, Error>> + Send + Unpin + 'static,
    redactor: Arc<Redactor>,
    limit: usize,
) -> impl Stream<Item = Result<Chatlog, Error>> + Send {
    let state = (
        bytes,
        ArraySplitter::new(b"chatlogs", limit),
        std::collections::VecDeque::<Vec<u8>>::new(),
        false,
    );
    futures_util::stream::unfold(
        state,
        move |(mut bytes, mut splitter, mut ready, mut ended)| {
            let redactor = Arc::clone(&redactor);
            async move {
                loop {
                    if let Some(element) = ready.pop_front() {
                        let element = redactor.bytes(&element).into_owned();
                        let item = serde_json::from_slice::<types::Chatlog>(&element)
                            .map(|c| Chatlog::from_wire(c, &redactor))
                            .map_err(|e| {
                                crate::classify::decode_error(&redactor, 200, &element, &e)
                            });
                        return Some((item, (bytes, splitter, ready, ended)));
                    }
                    if ended {
                        return None;
                    }
                    match bytes.next().await {
                        Some(Ok(chunk)) => match splitter.push(&chunk) {
                            Ok(elements) => ready = elements.into(),
                            Err(e) => {
                                ended = true;
                                return Some((
                                    Err(e.into_error(&redactor)),
                                    (bytes, splitter, ready, ended),
                                ));
                            }
                        },
                        Some(Err(err)) => {
                            ended = true;
                            return Some((Err(err), (bytes, splitter, ready, ended)));
                        }
                        None => {
                            ended = true;
                            if let Err(e) = splitter.finish() {
                                return Some((
                                    Err(e.into_error(&redactor)),
                                    (bytes, splitter, ready, ended),
                                ));
                            }
                        }
                    }
                }
            }
        },
    )
}
