//! *Chat*: [`Client::chat`] (one answer, as JSON or as a stream of
//! [`ChatEvent`]s) and [`Conversation`] (ask, keep the chatlog, give
//! feedback on the last answer).
//!
//! The stream's event catalogue is this project's assumption (the spec's
//! `chat` operation describes it): `start`, `delta`, `sources`, `done`.
//! Events the SDK does not know arrive as [`ChatEvent::Other`].

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use wonderchat_api::operations::{self, Resource};
use wonderchat_api::{Redactor, types};

use crate::engine::CallOptions;
use crate::ops::{call_overrides, into_future, stream_overrides};
use crate::{Client, Error, Feedback, FeedbackBuilder, ResourceId};

impl Client {
    /// Prepares a question for a chatbot; `.send().await` for the answer,
    /// `.stream().await` for its events as they come. The API key is not
    /// sent (the reference does not ask for it): a client without a key can
    /// chat.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = wonderchat_mock::MockServer::start().await;
    /// # let client = wonderchat::Client::builder().base_url(mock.base_url()).api_key(mock.api_key()).build()?;
    /// let answer = client.chat("demo-chatbot", "How do I reset my password?").send().await?;
    /// println!("{} ({} sources)", answer.text, answer.sources.len());
    /// // Rate it, or read the whole chatlog, by the ids it carries:
    /// client.update_message_feedback(&answer.message_id, wonderchat::Feedback::Helpful).await?;
    /// assert!(!client.messages(&answer.chatlog_id).send().await?.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn chat(&self, chatbot_id: impl Into<String>, question: impl Into<String>) -> ChatBuilder {
        let chatbot_id = chatbot_id.into();
        ChatBuilder {
            client: self.clone(),
            options: CallOptions::naming([ResourceId::new(Resource::Chatbot, &chatbot_id)]),
            chatbot_id,
            question: question.into(),
            chatlog_id: None,
            context: None,
            context_url: None,
        }
    }

    /// A conversation with one chatbot: each [`Conversation::ask`] continues
    /// the same chatlog, and feedback goes on the last answer.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = wonderchat_mock::MockServer::start().await;
    /// # let client = wonderchat::Client::builder().base_url(mock.base_url()).api_key(mock.api_key()).build()?;
    /// let mut conversation = client.conversation("demo-chatbot");
    /// let first = conversation.ask("What can you do?").await?;
    /// let second = conversation.ask("Tell me more").await?; // the same chatlog
    /// assert_eq!(first.chatlog_id, second.chatlog_id);
    /// // Thumbs down on the last answer:
    /// conversation.feedback(wonderchat::Feedback::NotHelpful)?.send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn conversation(&self, chatbot_id: impl Into<String>) -> Conversation {
        Conversation {
            client: self.clone(),
            chatbot_id: chatbot_id.into(),
            chatlog_id: None,
            last: None,
        }
    }
}

/// One question, ready to send; made by [`Client::chat`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send().await or .stream().await"]
pub struct ChatBuilder {
    client: Client,
    chatbot_id: String,
    question: String,
    chatlog_id: Option<String>,
    context: Option<String>,
    context_url: Option<String>,
    options: CallOptions,
}

call_overrides!(ChatBuilder);
into_future!(ChatBuilder, ChatAnswer);
stream_overrides!(ChatBuilder, "the operation timeout");

impl ChatBuilder {
    /// Continue this conversation (a chatlog id from an earlier answer).
    pub fn chatlog(mut self, chatlog_id: impl Into<String>) -> Self {
        let chatlog_id = chatlog_id.into();
        // A 404 may then be about either id.
        self.options
            .ids
            .retain(|id| id.resource != Resource::Chatlog);
        self.options
            .ids
            .push(ResourceId::new(Resource::Chatlog, &chatlog_id));
        self.chatlog_id = Some(chatlog_id);
        self
    }

    /// Free text about the session, for example who the user is.
    pub fn context(mut self, context: impl Into<String>) -> Self {
        self.context = Some(context.into());
        self
    }

    /// The page the user is on.
    pub fn context_url(mut self, url: impl Into<String>) -> Self {
        self.context_url = Some(url.into());
        self
    }

    fn request(&self, stream: bool) -> Result<types::ChatRequest, Error> {
        crate::ops::not_blank("chatbotId", &self.chatbot_id, "the id of your chatbot")?;
        crate::ops::not_blank("question", &self.question, "the user's question")?;
        Ok(types::ChatRequest {
            api_key: None,
            chatbot_id: self.chatbot_id.clone(),
            chatlog_id: self.chatlog_id.clone(),
            context: self.context.clone(),
            context_url: self.context_url.clone(),
            question: self
                .question
                .parse()
                .map_err(|e: types::error::ConversionError| Error::InvalidInput {
                    field: "question",
                    reason: e.to_string(),
                })?,
            stream,
        })
    }

    /// Asks and waits for the whole answer. Asking twice creates two
    /// answers, so this is retried only when the server provably did not
    /// process it (no connection, 429).
    ///
    /// # Errors
    /// Blank ids or question ([`Error::InvalidInput`], nothing sent); any
    /// [`Error`] of the call.
    pub async fn send(self) -> Result<ChatAnswer, Error> {
        let body = self.request(false)?;
        let answered = self
            .client
            .call(operations::CHAT, &self.options, |api| {
                let body = body.clone();
                async move { api.chat().body(body).send().await }
            })
            .await?;
        let mut answer =
            ChatAnswer::from_wire(answered.value, self.options.redactor(&self.client.config));
        answer.attempts = answered.attempts;
        Ok(answer)
    }

    /// Asks with `stream: true` and returns the answer's events as they
    /// arrive. The stream ends when the server closes it, when nothing
    /// arrives for the idle timeout, or at the stream timeout (by default
    /// the operation timeout, counted from the answer's head), with
    /// [`Error::Stalled`].
    ///
    /// # Errors
    /// As [`send`](Self::send) until the answer starts; after that, errors
    /// (a cut connection, an undecodable event) are items of the stream.
    pub async fn stream(self) -> Result<ChatStream, Error> {
        let body = self.request(true)?;
        let answered = self
            .client
            .call_stream(operations::CHAT, &self.options, &body, "text/event-stream")
            .await?;
        let config = &self.client.config;
        let bytes = crate::ops::body::guarded(
            answered.value.into_inner(),
            self.options.stream_guard(
                config,
                Some(config.deadline),
                Some(config.max_response_bytes),
            ),
        );
        Ok(ChatStream {
            events: Box::pin(events(bytes, std::sync::Arc::clone(&config.redactor))),
            attempts: answered.attempts,
        })
    }
}

/// A chatbot's answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChatAnswer {
    /// The id of the answer message: give feedback on it with
    /// [`Client::update_message_feedback`].
    pub message_id: String,
    /// The answer's text.
    pub text: String,
    /// The conversation it belongs to: pass it to [`ChatBuilder::chatlog`] to go on.
    pub chatlog_id: String,
    /// The pages the answer is drawn from, most relevant first.
    pub sources: Vec<Source>,
    /// How many requests it took.
    pub attempts: u32,
}

impl ChatAnswer {
    /// The decoded answer, every text scrubbed again (a JSON-escaped secret
    /// is whole once decoded).
    fn from_wire(answer: types::ChatResponse, redactor: &Redactor) -> Self {
        Self {
            message_id: redactor.string(answer.id),
            text: redactor.string(answer.response),
            chatlog_id: redactor.string(answer.chatlog_id),
            sources: answer
                .sources
                .into_iter()
                .map(|s| Source::from_wire(s, redactor))
                .collect(),
            attempts: 1,
        }
    }
}

/// A page an answer is drawn from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Source {
    /// The page's address.
    pub url: String,
    /// Its title, when the server gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Source {
    fn from_wire(source: types::Source, redactor: &Redactor) -> Self {
        Self {
            url: redactor.string(source.url),
            title: redactor.option(source.title),
        }
    }
}

/// One event of a streamed answer. As JSON, an object with its `event`
/// name: `{"event":"start","messageId","chatlogId"}`,
/// `{"event":"delta","text"}`, `{"event":"sources","sources"}`,
/// `{"event":"done","answer"}`, and for others `{"event","data"}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "EventJson", try_from = "EventJson")]
#[non_exhaustive]
pub enum ChatEvent {
    /// The answer starts: its message id and conversation.
    Start {
        /// The answer message's id.
        message_id: String,
        /// The conversation.
        chatlog_id: String,
    },
    /// The next piece of the answer's text.
    Delta(String),
    /// The pages the answer is drawn from.
    Sources(Vec<Source>),
    /// The whole answer; the last event.
    Done(ChatAnswer),
    /// An event this version does not know, as sent (secrets removed).
    Other {
        /// The event's name (`message` when it has none).
        event: String,
        /// Its data.
        data: String,
    },
}

/// [`ChatEvent`] as JSON.
#[derive(Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventJson {
    event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chatlog_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sources: Option<Vec<Source>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    answer: Option<ChatAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    data: Option<String>,
}

impl From<ChatEvent> for EventJson {
    fn from(event: ChatEvent) -> Self {
        match event {
            ChatEvent::Start {
                message_id,
                chatlog_id,
            } => EventJson {
                event: "start".into(),
                message_id: Some(message_id),
                chatlog_id: Some(chatlog_id),
                ..EventJson::default()
            },
            ChatEvent::Delta(text) => EventJson {
                event: "delta".into(),
                text: Some(text),
                ..EventJson::default()
            },
            ChatEvent::Sources(sources) => EventJson {
                event: "sources".into(),
                sources: Some(sources),
                ..EventJson::default()
            },
            ChatEvent::Done(answer) => EventJson {
                event: "done".into(),
                answer: Some(answer),
                ..EventJson::default()
            },
            ChatEvent::Other { event, data } => EventJson {
                event,
                data: Some(data),
                ..EventJson::default()
            },
        }
    }
}

impl TryFrom<EventJson> for ChatEvent {
    type Error = String;

    fn try_from(json: EventJson) -> Result<Self, String> {
        let missing = |field: &str| format!("a {} event without {field}", json.event);
        Ok(match json.event.as_str() {
            "start" => ChatEvent::Start {
                message_id: json
                    .message_id
                    .clone()
                    .ok_or_else(|| missing("messageId"))?,
                chatlog_id: json
                    .chatlog_id
                    .clone()
                    .ok_or_else(|| missing("chatlogId"))?,
            },
            "delta" => ChatEvent::Delta(json.text.clone().ok_or_else(|| missing("text"))?),
            "sources" => {
                ChatEvent::Sources(json.sources.clone().ok_or_else(|| missing("sources"))?)
            }
            "done" => ChatEvent::Done(json.answer.clone().ok_or_else(|| missing("answer"))?),
            _ => ChatEvent::Other {
                data: json.data.unwrap_or_default(),
                event: json.event,
            },
        })
    }
}

/// The events of a streamed answer; a [`Stream`] of `Result<ChatEvent, Error>`.
pub struct ChatStream {
    events: Pin<Box<dyn Stream<Item = Result<ChatEvent, Error>> + Send>>,
    attempts: u32,
}

impl std::fmt::Debug for ChatStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatStream")
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl Stream for ChatStream {
    type Item = Result<ChatEvent, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.events.as_mut().poll_next(cx)
    }
}

impl ChatStream {
    /// How many requests it took until the answer started.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Reads the stream to its end and returns the answer: the `done`
    /// event's, or one put together from `start`, the deltas and `sources`
    /// when the server sends no `done`.
    ///
    /// # Errors
    /// The first error of the stream, or [`Error::Decode`] when it ends
    /// before the answer started.
    pub async fn collect_answer(mut self) -> Result<ChatAnswer, Error> {
        let (mut ids, mut text, mut sources) = (None, String::new(), Vec::new());
        while let Some(event) = self.next().await {
            match event? {
                ChatEvent::Done(mut answer) => {
                    answer.attempts = self.attempts;
                    return Ok(answer);
                }
                ChatEvent::Start {
                    message_id,
                    chatlog_id,
                } => ids = Some((message_id, chatlog_id)),
                ChatEvent::Delta(piece) => text.push_str(&piece),
                ChatEvent::Sources(list) => sources = list,
                ChatEvent::Other { .. } => {}
            }
        }
        let Some((message_id, chatlog_id)) = ids else {
            return Err(Error::Decode {
                status: 200,
                snippet: String::new(),
                source: crate::DecodeError::new("the stream ended before the answer started"),
            });
        };
        Ok(ChatAnswer {
            message_id,
            text,
            chatlog_id,
            sources,
            attempts: self.attempts,
        })
    }
}

/// Bytes (already guarded: limit, idle and stream timeouts) → server-sent
/// events → [`ChatEvent`]s, every event's data scrubbed of secrets. Events
/// are parsed by `sse-stream` (one leading byte-order mark skipped, as the
/// standard allows); blocks without data are not events (as in browsers).
fn events(
    bytes: impl Stream<Item = Result<Bytes, Error>> + Send + Unpin + 'static,
    redactor: std::sync::Arc<Redactor>,
) -> impl Stream<Item = Result<ChatEvent, Error>> + Send {
    sse_stream::SseByteStream::new(bytes).filter_map(move |event| {
        let item = match event {
            Ok(sse) => sse.data.map(|data| {
                Ok(typed_event(
                    &redactor,
                    sse.event.as_deref().unwrap_or(""),
                    &data,
                ))
            }),
            Err(sse_stream::Error::Body(inner)) => Some(Err(match inner.downcast::<Error>() {
                Ok(error) => *error,
                Err(other) => undecodable(&redactor, &other.to_string()),
            })),
            Err(other) => Some(Err(undecodable(&redactor, &other.to_string()))),
        };
        std::future::ready(item)
    })
}

/// A stream that is not server-sent events (invalid UTF-8 in a field).
fn undecodable(redactor: &Redactor, why: &str) -> Error {
    Error::Decode {
        status: 200,
        snippet: String::new(),
        source: crate::DecodeError::new(crate::classify::server_text(redactor, why)),
    }
}

/// One event, typed when its name and data are known; anything else (an
/// unknown name, data that is not the assumed shape) stays raw.
fn typed_event(redactor: &Redactor, name: &str, data: &str) -> ChatEvent {
    let data = redactor.text(data);
    // The data of each assumed event (the spec's `ChatStreamEvent`
    // describes them; `done` is a whole `ChatResponse`), read in one pass.
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Start {
        id: String,
        chatlog_id: String,
    }
    #[derive(serde::Deserialize)]
    struct Delta {
        text: String,
    }
    #[derive(serde::Deserialize)]
    struct Sources {
        sources: Vec<types::Source>,
    }
    let parsed: Option<ChatEvent> = match name {
        "start" => serde_json::from_str::<Start>(&data)
            .ok()
            .map(|start| ChatEvent::Start {
                message_id: redactor.string(start.id),
                chatlog_id: redactor.string(start.chatlog_id),
            }),
        "delta" => serde_json::from_str::<Delta>(&data)
            .ok()
            .map(|delta| ChatEvent::Delta(redactor.string(delta.text))),
        "sources" => serde_json::from_str::<Sources>(&data).ok().map(|list| {
            ChatEvent::Sources(
                list.sources
                    .into_iter()
                    .map(|s| Source::from_wire(s, redactor))
                    .collect(),
            )
        }),
        "done" => serde_json::from_str::<types::ChatResponse>(&data)
            .ok()
            .map(|answer| ChatEvent::Done(ChatAnswer::from_wire(answer, redactor))),
        _ => None,
    };
    parsed.unwrap_or_else(|| ChatEvent::Other {
        event: if name.is_empty() {
            "message".to_owned()
        } else {
            redactor.text(name).into_owned()
        },
        data: data.into_owned(),
    })
}

/// A conversation with one chatbot; made by [`Client::conversation`].
#[derive(Debug, Clone)]
pub struct Conversation {
    client: Client,
    chatbot_id: String,
    chatlog_id: Option<String>,
    last: Option<ChatAnswer>,
}

impl Conversation {
    /// Asks the next question in this conversation.
    ///
    /// # Errors
    /// As [`ChatBuilder::send`].
    pub async fn ask(&mut self, question: impl Into<String>) -> Result<ChatAnswer, Error> {
        let mut chat = self.client.chat(self.chatbot_id.clone(), question);
        if let Some(id) = &self.chatlog_id {
            chat = chat.chatlog(id.clone());
        }
        let answer = chat.send().await?;
        self.chatlog_id = Some(answer.chatlog_id.clone());
        self.last = Some(answer.clone());
        Ok(answer)
    }

    /// Feedback on the last answer: add a comment, then `.send().await`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when nothing was asked yet.
    pub fn feedback(&self, feedback: Feedback) -> Result<FeedbackBuilder, Error> {
        let last = self.last.as_ref().ok_or_else(|| Error::InvalidInput {
            field: "messageId",
            reason: "no answer yet: ask a question first".to_owned(),
        })?;
        Ok(self
            .client
            .update_message_feedback(last.message_id.clone(), feedback))
    }

    /// The last answer, if any.
    pub fn last_answer(&self) -> Option<&ChatAnswer> {
        self.last.as_ref()
    }

    /// The conversation's chatlog id, once the first answer came.
    pub fn chatlog_id(&self) -> Option<&str> {
        self.chatlog_id.as_deref()
    }

    /// Starts a new chatlog with the next question.
    pub fn restart(&mut self) {
        self.chatlog_id = None;
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The events of a body that arrives in these chunks.
    fn parse(chunks: Vec<Vec<u8>>) -> Vec<Result<ChatEvent, Error>> {
        let redactor = std::sync::Arc::new(Redactor::new(["secret-key-1"]));
        let bytes = futures_util::stream::iter(chunks.into_iter().map(|c| Ok(Bytes::from(c))));
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(events(bytes, redactor).collect::<Vec<_>>())
    }

    /// Cuts `body` at each of `points` (sorted, deduplicated, in range).
    fn cut(body: &[u8], points: &[usize]) -> Vec<Vec<u8>> {
        let mut points: Vec<usize> = points.iter().map(|p| p % (body.len() + 1)).collect();
        points.sort_unstable();
        points.dedup();
        let mut chunks = Vec::new();
        let mut from = 0;
        for at in points.into_iter().chain([body.len()]) {
            chunks.push(body[from..at].to_vec());
            from = at;
        }
        chunks
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped_wherever_the_chunks_cut_it() {
        // eventsource-stream 0.2.3 panicked here, printing the server's bytes.
        let body = b"\xEF\xBB\xBFevent: delta\ndata: {\"text\":\"Hi\"}\n\n";
        for at in 0..=body.len() {
            for second in at..=body.len() {
                let events = parse(cut(body, &[at, second]));
                assert_eq!(events.len(), 1, "cut at {at}, {second}");
                assert_eq!(
                    events[0].as_ref().unwrap(),
                    &ChatEvent::Delta("Hi".into()),
                    "cut at {at}, {second}"
                );
            }
        }
    }

    proptest! {
        /// Any bytes, with or without a byte-order mark or valid events
        /// before them, cut anywhere: events or error items, never a panic;
        /// the valid events before the noise are read whatever the cuts.
        #[test]
        fn any_bytes_cut_anywhere_never_panic(
            bom in any::<bool>(),
            noise in proptest::collection::vec(any::<u8>(), 0..300),
            points in proptest::collection::vec(any::<usize>(), 0..6),
        ) {
            let mut body = Vec::new();
            if bom {
                body.extend_from_slice(b"\xEF\xBB\xBF");
            }
            body.extend_from_slice(b"event: delta\r\ndata: {\"text\":\"a\"}\r\n\r\n");
            body.extend_from_slice(&noise);
            let events = parse(cut(&body, &points));
            prop_assert_eq!(events[0].as_ref().unwrap(), &ChatEvent::Delta("a".into()));
        }
    }

    #[test]
    fn known_events_are_typed_and_others_kept_raw() {
        let redactor = Redactor::new(["secret-key-1"]);
        assert_eq!(
            typed_event(&redactor, "delta", r#"{"text":"Hi "}"#),
            ChatEvent::Delta("Hi ".into())
        );
        assert_eq!(
            typed_event(&redactor, "start", r#"{"id":"m","chatlogId":"c"}"#),
            ChatEvent::Start {
                message_id: "m".into(),
                chatlog_id: "c".into()
            }
        );
        assert_eq!(
            typed_event(&redactor, "", "plain secret-key-1"),
            ChatEvent::Other {
                event: "message".into(),
                data: "plain [redacted]".into()
            }
        );
        // A known name with data of another shape is kept raw, not dropped.
        assert!(matches!(
            typed_event(&redactor, "delta", "[1]"),
            ChatEvent::Other { .. }
        ));
    }
}
