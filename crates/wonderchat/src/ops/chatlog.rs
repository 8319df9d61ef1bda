//! The operations about a chatlog (`x-resource: chatlog`): *Get
//! Messages* ([`Client::messages`], [`MessagesBuilder`], [`ChatMessages`])
//! and its tags ([`Client::add_tags`], [`Client::delete_tags`],
//! [`TagsBuilder`], [`TagsUpdate`]).

use chrono::{DateTime, Utc};
use wonderchat_api::operations::{self, Resource};
use wonderchat_api::types;

use crate::engine::{Body, CallOptions};
use crate::ops::{call_overrides, into_future};
use crate::{Client, Error, ResourceId};

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
    pub fn messages(&self, chatlog_id: impl Into<String>) -> MessagesBuilder {
        let chatlog_id = chatlog_id.into();
        MessagesBuilder {
            client: self.clone(),
            options: CallOptions::naming([ResourceId::new(Resource::Chatlog, &chatlog_id)]),
            chatlog_id,
        }
    }
}

/// A chatlog's messages, ready to read; made by [`Client::messages`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send().await"]
pub struct MessagesBuilder {
    client: Client,
    chatlog_id: String,
    options: CallOptions,
}

call_overrides!(MessagesBuilder);
into_future!(MessagesBuilder, ChatMessages);

impl MessagesBuilder {
    /// Reads them.
    ///
    /// # Errors
    /// A blank chatlog id ([`Error::InvalidInput`]); any [`Error`] of the
    /// call ([`Error::NotFound`] for an unknown chatlog).
    pub async fn send(self) -> Result<ChatMessages, Error> {
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
        let messages = answered
            .value
            .messages
            .into_iter()
            .map(|m| ChatMessage {
                author: Author::from_wire(&redactor.text(&m.type_)),
                content: redactor.string(m.content),
                created_at: m.created_at,
            })
            .collect();
        Ok(ChatMessages {
            chatlog_id: self.chatlog_id,
            messages,
            attempts: answered.attempts,
        })
    }
}

/// One message of a chatlog.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChatMessage {
    /// Who wrote it: `user`, `bot`, or what the server says (`type` on the wire).
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

impl<'de> serde::Deserialize<'de> for Author {
    /// From the wire value (any string: an unknown one is `Other`).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(Author::from_wire(&text))
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Author {
    fn schema_name() -> String {
        "Author".to_owned()
    }

    fn json_schema(generator: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        crate::ops::open_string(
            generator,
            "Who wrote a message: `user`, `bot`, or another value the server sends (a live-chat agent).",
        )
    }
}

/// A chatlog's messages, oldest first, and how many requests it took to
/// read them; a slice of [`ChatMessage`]s by `Deref`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChatMessages {
    /// The chatlog (the request's `chatlogId`).
    pub chatlog_id: String,
    /// The messages, oldest first.
    pub messages: Vec<ChatMessage>,
    /// How many requests it took.
    pub attempts: u32,
}

impl std::ops::Deref for ChatMessages {
    type Target = [ChatMessage];

    fn deref(&self) -> &[ChatMessage] {
        &self.messages
    }
}

impl IntoIterator for ChatMessages {
    type Item = ChatMessage;
    type IntoIter = std::vec::IntoIter<ChatMessage>;

    fn into_iter(self) -> Self::IntoIter {
        self.messages.into_iter()
    }
}

impl<'m> IntoIterator for &'m ChatMessages {
    type Item = &'m ChatMessage;
    type IntoIter = std::slice::Iter<'m, ChatMessage>;

    fn into_iter(self) -> Self::IntoIter {
        self.messages.iter()
    }
}

impl Client {
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
    pub fn add_tags<I, T>(&self, chatlog_id: impl Into<String>, tags: I) -> TagsBuilder
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.tags(chatlog_id.into(), tags, Change::Add)
    }

    /// Prepares removing tags from a chatlog.
    pub fn delete_tags<I, T>(&self, chatlog_id: impl Into<String>, tags: I) -> TagsBuilder
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.tags(chatlog_id.into(), tags, Change::Delete)
    }

    fn tags<I, T>(&self, chatlog_id: String, tags: I, change: Change) -> TagsBuilder
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        TagsBuilder {
            client: self.clone(),
            options: CallOptions {
                body: Body::Ignored,
                ..CallOptions::naming([ResourceId::new(Resource::Chatlog, &chatlog_id)])
            },
            chatlog_id,
            tags: tags.into_iter().map(Into::into).collect(),
            change,
        }
    }
}

/// Tags to add or remove, ready to send; made by [`Client::add_tags`] or
/// [`Client::delete_tags`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send().await"]
pub struct TagsBuilder {
    client: Client,
    chatlog_id: String,
    tags: Vec<String>,
    change: Change,
    options: CallOptions,
}

call_overrides!(TagsBuilder);
into_future!(TagsBuilder, TagsUpdate);

/// Whether a tags builder adds or deletes (the same fields either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Add,
    Delete,
}

impl TagsBuilder {
    /// Sends the change (safe to repeat: tags are a set).
    ///
    /// # Errors
    /// A blank chatlog id or no tag ([`Error::InvalidInput`]); any [`Error`]
    /// of the call.
    pub async fn send(self) -> Result<TagsUpdate, Error> {
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
        let op = match self.change {
            Change::Add => operations::ADD_TAGS_TO_CHATLOG,
            Change::Delete => operations::DELETE_TAGS_FROM_CHATLOG,
        };
        let answered = self
            .client
            .call(op, &self.options, |api| {
                let body = body.clone();
                async move {
                    match self.change {
                        Change::Add => api.add_tags_to_chatlog().body(body).send().await,
                        Change::Delete => api.delete_tags_from_chatlog().body(body).send().await,
                    }
                }
            })
            .await?;
        Ok(TagsUpdate {
            chatlog_id: self.chatlog_id,
            tags: self.tags,
            attempts: answered.attempts,
        })
    }
}

/// Tags added to or removed from a chatlog (Wonderchat's answer says
/// nothing more: what was sent, and that it was accepted).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TagsUpdate {
    /// The chatlog.
    pub chatlog_id: String,
    /// The tags added or removed.
    pub tags: Vec<String>,
    /// How many requests it took.
    pub attempts: u32,
}
