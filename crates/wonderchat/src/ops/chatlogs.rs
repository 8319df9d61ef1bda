//! Chatlogs: [`Client::messages`], [`Client::export_chatlogs`] (a stream of
//! [`Chatlog`]s decoded as the body arrives, so memory stays flat for an
//! export of any size), [`Client::add_tags`] and [`Client::delete_tags`].

use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use wonderchat_api::{Redactor, operations, types};

use crate::engine::{Body, CallOptions};
use crate::ops::knowledge::Done;
use crate::ops::{call_overrides, stream_overrides};
use crate::{Client, Error};

impl Client {
    /// Prepares reading a chatlog's messages, oldest first.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = wonderchat_mock::MockServer::start().await;
    /// # let client = wonderchat::Client::builder().base_url(mock.base_url()).api_key(mock.api_key()).build()?;
    /// for message in client.messages("demo-chatlog").send().await? {
    ///     println!("{}: {}", message.author, message.content);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn messages(&self, chatlog_id: impl Into<String>) -> Messages<'_> {
        Messages {
            client: self,
            chatlog_id: chatlog_id.into(),
            options: CallOptions::default(),
        }
    }

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
    pub fn export_chatlogs(&self) -> ExportChatlogs<'_> {
        ExportChatlogs {
            client: self,
            chatbot_id: None,
            since: None,
            until: None,
            max_chatlog_bytes: crate::config::DEFAULT_MAX_CHATLOG_BYTES,
            options: CallOptions::default(),
        }
    }

    /// Prepares adding tags to a chatlog (a tag it has already stays once).
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = wonderchat_mock::MockServer::start().await;
    /// # let client = wonderchat::Client::builder().base_url(mock.base_url()).api_key(mock.api_key()).build()?;
    /// client.add_tags("demo-chatlog", ["billing", "urgent"]).send().await?;
    /// client.delete_tags("demo-chatlog", ["urgent"]).send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_tags<I, T>(&self, chatlog_id: impl Into<String>, tags: I) -> Tags<'_>
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.tags(chatlog_id.into(), tags, true)
    }

    /// Prepares removing tags from a chatlog.
    pub fn delete_tags<I, T>(&self, chatlog_id: impl Into<String>, tags: I) -> Tags<'_>
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.tags(chatlog_id.into(), tags, false)
    }

    fn tags<I, T>(&self, chatlog_id: String, tags: I, add: bool) -> Tags<'_>
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        Tags {
            client: self,
            chatlog_id,
            tags: tags.into_iter().map(Into::into).collect(),
            add,
            options: CallOptions {
                body: Body::Ignored,
                ..CallOptions::default()
            },
        }
    }
}

/// A chatlog's messages, ready to read; made by [`Client::messages`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send().await"]
pub struct Messages<'a> {
    client: &'a Client,
    chatlog_id: String,
    options: CallOptions,
}

call_overrides!(Messages);

impl Messages<'_> {
    /// Reads them.
    ///
    /// # Errors
    /// A blank chatlog id ([`Error::InvalidInput`]); any [`Error`] of the
    /// call ([`Error::MessageNotFound`] for an unknown chatlog).
    pub async fn send(self) -> Result<Vec<ChatMessage>, Error> {
        crate::ops::not_blank(
            "chatlogId",
            &self.chatlog_id,
            "a chatlog id from a chat answer",
        )?;
        let body = types::GetMessagesRequest {
            api_key: self.client.api_key()?.clone(),
            chatlog_id: self.chatlog_id.clone(),
        };
        let answered = self
            .client
            .call(operations::GET_MESSAGES, &self.options, |api| {
                let body = body.clone();
                async move { api.get_messages().body(body).send().await }
            })
            .await?;
        // Scrubbed after decoding too: a JSON-escaped secret is whole again.
        let redactor = self.options.redactor(&self.client.config);
        Ok(answered
            .value
            .messages
            .into_iter()
            .map(|m| ChatMessage {
                author: Author::from_wire(&redactor.text(&m.type_)),
                content: redactor.string(m.content),
                created_at: m.created_at,
            })
            .collect())
    }
}

/// One message of a chatlog.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChatMessage {
    /// Who wrote it.
    pub author: Author,
    /// The text.
    pub content: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Who wrote a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Author {
    /// The user.
    User,
    /// The chatbot.
    Bot,
    /// Someone else (a live-chat agent, …), as the server names them.
    Other(String),
}

impl Author {
    fn from_wire(value: &str) -> Self {
        match value {
            "user" => Author::User,
            "bot" => Author::Bot,
            other => Author::Other(other.to_owned()),
        }
    }
}

impl std::fmt::Display for Author {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            Author::User => "user",
            Author::Bot => "bot",
            Author::Other(other) => other,
        })
    }
}

impl serde::Serialize for Author {
    /// The wire value.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Tags to add or remove, ready to send; made by [`Client::add_tags`] or
/// [`Client::delete_tags`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send().await"]
pub struct Tags<'a> {
    client: &'a Client,
    chatlog_id: String,
    tags: Vec<String>,
    add: bool,
    options: CallOptions,
}

call_overrides!(Tags);

impl Tags<'_> {
    /// Sends the change (safe to repeat: tags are a set).
    ///
    /// # Errors
    /// A blank chatlog id or no tag ([`Error::InvalidInput`]); any [`Error`]
    /// of the call.
    pub async fn send(self) -> Result<Done, Error> {
        crate::ops::not_blank(
            "chatlogId",
            &self.chatlog_id,
            "a chatlog id from a chat answer",
        )?;
        if self.tags.is_empty() {
            return Err(Error::InvalidInput {
                field: "tags",
                reason: "no tag given: pass at least one".to_owned(),
            });
        }
        if let Some(at) = self.tags.iter().position(|t| t.trim().is_empty()) {
            return Err(Error::InvalidInput {
                field: "tags",
                reason: format!("tag {} is empty or blank: pass a name", at + 1),
            });
        }
        let body = types::ChatlogTagsRequest {
            api_key: self.client.api_key()?.clone(),
            chatlog_id: self.chatlog_id.clone(),
            tags: self.tags.clone(),
        };
        let answered = if self.add {
            self.client
                .call(operations::ADD_TAGS_TO_CHATLOG, &self.options, |api| {
                    let body = body.clone();
                    async move { api.add_tags_to_chatlog().body(body).send().await }
                })
                .await?
        } else {
            self.client
                .call(operations::DELETE_TAGS_FROM_CHATLOG, &self.options, |api| {
                    let body = body.clone();
                    async move { api.delete_tags_from_chatlog().body(body).send().await }
                })
                .await?
        };
        Ok(Done {
            attempts: answered.attempts,
        })
    }
}

/// An export, ready to run; made by [`Client::export_chatlogs`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .stream().await or .collect().await"]
pub struct ExportChatlogs<'a> {
    client: &'a Client,
    chatbot_id: Option<String>,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    max_chatlog_bytes: usize,
    options: CallOptions,
}

call_overrides!(ExportChatlogs);
stream_overrides!(ExportChatlogs, "none (the idle timeout still applies)");

impl ExportChatlogs<'_> {
    /// Only this chatbot's chatlogs (by default: every chatbot of the account).
    pub fn chatbot(mut self, chatbot_id: impl Into<String>) -> Self {
        self.chatbot_id = Some(chatbot_id.into());
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
    pub async fn stream(self) -> Result<ChatlogStream, Error> {
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
        })
    }

    /// Runs the export and collects every chatlog (for small exports; use
    /// [`stream`](Self::stream) otherwise).
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
}

impl std::fmt::Debug for ChatlogStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatlogStream").finish_non_exhaustive()
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

/// One exported conversation. Fields the export gives "if provided" are
/// `None` when absent or null.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Chatlog {
    /// When the conversation started.
    pub created_at: DateTime<Utc>,
    /// Its chatbot.
    pub chatbot_id: String,
    /// The user's e-mail address.
    pub user_email: Option<String>,
    /// The user's phone number.
    pub user_phone_number: Option<String>,
    /// The user's name.
    pub user_name: Option<String>,
    /// The user's country (ISO 3166-1 alpha-2).
    pub country_code: Option<String>,
    /// The conversation's rating (`GOOD`, `BAD`, or a value added later).
    pub user_feedback: Option<String>,
    /// The chatbot's average confidence, 0.0 to 1.0.
    pub average_confidence: Option<f64>,
    /// Whether the chatbot resolved it (`RESOLVED`, `UNRESOLVED`, …).
    pub ai_resolution_state: Option<String>,
    /// The page it started on.
    pub initial_page_url: Option<String>,
    /// The question/answer pairs, oldest first.
    pub messages: Vec<ChatExchange>,
}

/// One question and its answer in an exported chatlog.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChatExchange {
    /// What the user wrote.
    pub user_message: Option<String>,
    /// What the chatbot answered.
    pub bot_message: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl Chatlog {
    /// The decoded chatlog, every text scrubbed again (a JSON-escaped secret
    /// is whole once decoded).
    fn from_wire(c: types::Chatlog, redactor: &Redactor) -> Self {
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
                            .map_err(|e| crate::engine::decode_error(&redactor, 200, &element, &e));
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
                                    Err(split_error(e, &redactor)),
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
                                    Err(split_error(e, &redactor)),
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

fn split_error(e: SplitError, redactor: &Redactor) -> Error {
    match e {
        SplitError::TooLarge(limit) => Error::ResponseTooLarge {
            status: Some(200),
            limit: Some(limit),
        },
        SplitError::Malformed(why, snippet) => Error::Decode {
            status: 200,
            snippet: crate::engine::server_text(redactor, &String::from_utf8_lossy(&snippet)),
            source: crate::DecodeError::new(why),
        },
    }
}

/// Why the export's body could not be split into chatlogs.
#[derive(Debug, PartialEq, Eq)]
enum SplitError {
    /// One element is larger than the limit.
    TooLarge(usize),
    /// Not the documented shape: why, and the start of what was read.
    Malformed(&'static str, Vec<u8>),
}

/// Finds, in a byte stream, the elements of the array that is the value of
/// `key` in the top-level JSON object, one complete element at a time. It
/// only tracks nesting and strings (serde decodes each element), and holds
/// at most one element's bytes.
struct ArraySplitter {
    key: &'static [u8],
    limit: usize,
    /// Bytes kept: the element under way (or nothing).
    buf: Vec<u8>,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// At depth 1: the start of the string being read (at most one byte
    /// longer than `key`: enough to compare, so a huge top-level string
    /// costs no memory), and the last one.
    string: Vec<u8>,
    last_key: Vec<u8>,
    phase: Phase,
    /// The first bytes, for an error's snippet.
    head: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Looking for `"key": [`.
    Seek,
    /// Inside the array, between elements.
    Between,
    /// Inside an element (which started at this depth).
    Element,
    /// After the array.
    After,
}

impl ArraySplitter {
    fn new(key: &'static [u8], limit: usize) -> Self {
        Self {
            key,
            limit,
            buf: Vec::new(),
            depth: 0,
            in_string: false,
            escaped: false,
            string: Vec::new(),
            last_key: Vec::new(),
            phase: Phase::Seek,
            head: Vec::new(),
        }
    }

    /// Feeds bytes; returns the elements they complete.
    fn push(&mut self, chunk: &[u8]) -> Result<Vec<Vec<u8>>, SplitError> {
        if self.head.len() < 200 {
            let take = (200 - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        let mut done = Vec::new();
        for &b in chunk {
            if self.phase == Phase::Element {
                self.buf.push(b);
                if self.buf.len() > self.limit {
                    return Err(SplitError::TooLarge(self.limit));
                }
            }
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.depth == 1 {
                        self.last_key = std::mem::take(&mut self.string);
                    }
                } else if self.depth == 1 && self.string.len() <= self.key.len() {
                    self.string.push(b);
                }
                continue;
            }
            match b {
                b'"' => {
                    self.in_string = true;
                    self.string.clear();
                    if self.phase == Phase::Between {
                        self.start_element(b);
                    }
                }
                b'{' | b'[' => {
                    if self.phase == Phase::Seek
                        && b == b'['
                        && self.depth == 1
                        && self.last_key == self.key
                    {
                        self.phase = Phase::Between;
                    } else if self.phase == Phase::Between {
                        self.start_element(b);
                    }
                    self.depth += 1;
                    if self.depth == 1 && b == b'[' && self.phase == Phase::Seek {
                        return Err(self.malformed("the answer is not a JSON object"));
                    }
                }
                b'}' | b']' => {
                    if self.depth == 0 {
                        return Err(self.malformed("unbalanced brackets"));
                    }
                    self.depth -= 1;
                    if self.phase == Phase::Element && self.depth == 2 {
                        done.push(std::mem::take(&mut self.buf));
                        self.phase = Phase::Between;
                    } else if self.phase == Phase::Element && self.depth == 1 {
                        // A scalar element ended by the array's `]`.
                        self.buf.pop();
                        done.push(std::mem::take(&mut self.buf));
                        self.phase = Phase::After;
                    } else if self.phase == Phase::Between && self.depth == 1 {
                        self.phase = Phase::After;
                    }
                }
                b',' if self.phase == Phase::Element && self.depth == 2 => {
                    self.buf.pop();
                    done.push(std::mem::take(&mut self.buf));
                    self.phase = Phase::Between;
                }
                b if b.is_ascii_whitespace() || b == b',' || b == b':' => {}
                other => {
                    if self.depth == 0 {
                        return Err(self.malformed("the answer is not a JSON object"));
                    }
                    if self.phase == Phase::Between {
                        self.start_element(other);
                    }
                }
            }
        }
        Ok(done)
    }

    fn start_element(&mut self, first: u8) {
        self.phase = Phase::Element;
        self.buf.clear();
        self.buf.push(first);
    }

    /// At the end of the body: was the array found and closed?
    fn finish(&self) -> Result<(), SplitError> {
        match self.phase {
            Phase::After if self.depth == 0 && !self.in_string => Ok(()),
            Phase::After | Phase::Element | Phase::Between => {
                Err(self.malformed("the answer ended before its chatlogs array closed"))
            }
            Phase::Seek => Err(self.malformed("the answer has no chatlogs array")),
        }
    }

    fn malformed(&self, why: &'static str) -> SplitError {
        SplitError::Malformed(why, self.head.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(text: &str, chunk: usize) -> Result<Vec<String>, SplitError> {
        let mut splitter = ArraySplitter::new(b"chatlogs", 1 << 20);
        let mut all = Vec::new();
        for piece in text.as_bytes().chunks(chunk.max(1)) {
            all.extend(splitter.push(piece)?);
        }
        splitter.finish()?;
        Ok(all
            .into_iter()
            .map(|e| String::from_utf8(e).unwrap())
            .collect())
    }

    #[test]
    fn a_huge_top_level_string_is_not_kept() {
        // Before: every top-level string was kept whole (a 300 MB one, 608 MB RSS).
        let mut splitter = ArraySplitter::new(b"chatlogs", 1024);
        splitter.push(br#"{"note":""#).unwrap();
        for _ in 0..1000 {
            splitter.push(&[b'x'; 1000]).unwrap();
            assert!(splitter.string.len() <= b"chatlogs".len() + 1);
        }
        let done = splitter.push(br#"","chatlogs":[{"a":1}]}"#).unwrap();
        assert_eq!(done, vec![br#"{"a":1}"#.to_vec()]);
        splitter.finish().unwrap();
    }

    #[test]
    fn elements_are_found_whatever_the_chunking() {
        let text = r#" {"other":{"chatlogs":[9]}, "chatlogs" : [ {"a":"]},\"{"} , {"b":[1,{"c":2}]},3,"x\"]"] , "after": [1] } "#;
        for chunk in [1, 2, 3, 7, 1000] {
            assert_eq!(
                split(text, chunk).unwrap(),
                [
                    r#"{"a":"]},\"{"}"#,
                    r#"{"b":[1,{"c":2}]}"#,
                    "3",
                    r#""x\"]""#
                ],
                "chunk {chunk}"
            );
        }
        assert_eq!(
            split(r#"{"chatlogs":[]}"#, 1).unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn bodies_that_are_not_the_documented_shape_are_errors() {
        for text in [
            "<html>",
            "[]",
            r#"{"chatlogs":[{"a":1}"#,
            r#"{"other":1}"#,
            "",
        ] {
            assert!(
                matches!(split(text, 3), Err(SplitError::Malformed(..))),
                "{text}"
            );
        }
        let mut splitter = ArraySplitter::new(b"chatlogs", 10);
        assert_eq!(
            splitter.push(br#"{"chatlogs":[{"a":"0123456789"}]}"#),
            Err(SplitError::TooLarge(10))
        );
    }

    proptest! {
        /// Any JSON array of values, split at any point, gives back the values.
        #[test]
        fn any_array_round_trips(values in proptest::collection::vec(any::<(String, i32, bool)>(), 0..8), chunk in 1usize..40) {
            let elements: Vec<serde_json::Value> = values
                .iter()
                .map(|(s, n, b)| serde_json::json!({"s": s, "n": n, "b": b, "nested": [s, {"k": s}]}))
                .collect();
            let text = serde_json::json!({"chatlogs": elements}).to_string();
            let got: Vec<serde_json::Value> = split(&text, chunk)
                .unwrap()
                .iter()
                .map(|e| serde_json::from_str(e).unwrap())
                .collect();
            prop_assert_eq!(got, elements);
        }
    }
}
