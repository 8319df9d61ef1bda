//! *Get Messages*: [`Client::messages`], its builder [`MessagesBuilder`]
//! and its result [`ChatMessages`].

use chrono::{DateTime, Utc};
use wonderchat_api::{operations, types};

use crate::engine::CallOptions;
use crate::ops::{call_overrides, into_future};
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
    pub fn messages(&self, chatlog_id: impl Into<String>) -> MessagesBuilder<'_> {
        MessagesBuilder {
            client: self,
            chatlog_id: chatlog_id.into(),
            options: CallOptions::default(),
        }
    }
}

/// A chatlog's messages, ready to read; made by [`Client::messages`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send().await"]
pub struct MessagesBuilder<'a> {
    client: &'a Client,
    chatlog_id: String,
    options: CallOptions,
}

call_overrides!(MessagesBuilder);
into_future!(MessagesBuilder, ChatMessages);

impl MessagesBuilder<'_> {
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
            messages,
            attempts: answered.attempts,
        })
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

/// A chatlog's messages, oldest first, and how many requests it took to
/// read them; a slice of [`ChatMessage`]s by `Deref`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ChatMessages {
    /// The messages, oldest first.
    pub messages: Vec<ChatMessage>,
    /// How many requests it took.
    #[serde(skip)]
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
