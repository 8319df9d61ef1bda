//! Tags of a chatlog: [`Client::add_tags`] and [`Client::delete_tags`],
//! one builder, [`TagsBuilder`], for both.

use wonderchat_api::{operations, types};

use crate::engine::{Body, CallOptions};
use crate::ops::{Change, Done, call_overrides, into_future};
use crate::{Client, Error};

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
    pub fn add_tags<I, T>(&self, chatlog_id: impl Into<String>, tags: I) -> TagsBuilder<'_>
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.tags(chatlog_id.into(), tags, Change::Add)
    }

    /// Prepares removing tags from a chatlog.
    pub fn delete_tags<I, T>(&self, chatlog_id: impl Into<String>, tags: I) -> TagsBuilder<'_>
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.tags(chatlog_id.into(), tags, Change::Delete)
    }

    fn tags<I, T>(&self, chatlog_id: String, tags: I, change: Change) -> TagsBuilder<'_>
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        TagsBuilder {
            client: self,
            chatlog_id,
            tags: tags.into_iter().map(Into::into).collect(),
            change,
            options: CallOptions {
                body: Body::Ignored,
                ..CallOptions::default()
            },
        }
    }
}

/// Tags to add or remove, ready to send; made by [`Client::add_tags`] or
/// [`Client::delete_tags`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send().await"]
pub struct TagsBuilder<'a> {
    client: &'a Client,
    chatlog_id: String,
    tags: Vec<String>,
    change: Change,
    options: CallOptions,
}

call_overrides!(TagsBuilder);
into_future!(TagsBuilder, Done);

impl TagsBuilder<'_> {
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
        Ok(Done {
            attempts: answered.attempts,
        })
    }
}
