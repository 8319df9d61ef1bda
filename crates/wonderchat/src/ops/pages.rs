//! The knowledge base: [`Client::add_pages`] and [`Client::delete_pages`],
//! one builder, [`PagesBuilder`], for both.

use std::sync::Arc;

use wonderchat_api::{Redactor, SessionCookie, operations, types};

use crate::engine::{Body, CallOptions};
use crate::ops::{Change, Done, call_overrides, into_future};
use crate::{Client, Error};

impl Client {
    /// Prepares adding pages (web addresses) to a chatbot's knowledge base;
    /// `.session_cookie(..)` for pages behind a login, then `.send().await`.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = wonderchat_mock::MockServer::start().await;
    /// # let client = wonderchat::Client::builder().base_url(mock.base_url()).api_key(mock.api_key()).build()?;
    /// client
    ///     .add_pages("demo-chatbot", ["https://example.com/help/reset-password"])
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_pages<I, U>(&self, chatbot_id: impl Into<String>, urls: I) -> PagesBuilder<'_>
    where
        I: IntoIterator<Item = U>,
        U: Into<String>,
    {
        self.pages(chatbot_id.into(), urls, Change::Add)
    }

    /// Prepares removing pages from a chatbot's knowledge base.
    pub fn delete_pages<I, U>(&self, chatbot_id: impl Into<String>, urls: I) -> PagesBuilder<'_>
    where
        I: IntoIterator<Item = U>,
        U: Into<String>,
    {
        self.pages(chatbot_id.into(), urls, Change::Delete)
    }

    fn pages<I, U>(&self, chatbot_id: String, urls: I, change: Change) -> PagesBuilder<'_>
    where
        I: IntoIterator<Item = U>,
        U: Into<String>,
    {
        PagesBuilder {
            client: self,
            chatbot_id,
            urls: urls.into_iter().map(Into::into).collect(),
            session_cookie: None,
            change,
            options: CallOptions {
                body: Body::Ignored,
                ..CallOptions::default()
            },
        }
    }
}

/// Pages to add or remove, ready to send; made by [`Client::add_pages`] or
/// [`Client::delete_pages`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send().await"]
pub struct PagesBuilder<'a> {
    client: &'a Client,
    chatbot_id: String,
    urls: Vec<String>,
    session_cookie: Option<SessionCookie>,
    change: Change,
    options: CallOptions,
}

call_overrides!(PagesBuilder);
into_future!(PagesBuilder, Done);

impl PagesBuilder<'_> {
    /// A session cookie that lets Wonderchat crawl pages behind a login (add
    /// only). A secret: never shown, and removed from anything the server
    /// answers.
    pub fn session_cookie(mut self, cookie: impl Into<SessionCookie>) -> Self {
        self.session_cookie = Some(cookie.into());
        self
    }

    /// Sends the change. Adding or removing the same pages again changes
    /// nothing, so the call is retried like feedback.
    ///
    /// # Errors
    /// A blank chatbot id, no URL or one that is not an absolute http(s)
    /// address ([`Error::InvalidInput`], nothing sent); any [`Error`] of the call.
    pub async fn send(self) -> Result<Done, Error> {
        crate::ops::not_blank("chatbotId", &self.chatbot_id, "the id of your chatbot")?;
        check_urls(&self.urls)?;
        let api_key = self.client.api_key()?.clone();
        let mut options = self.options.clone();
        if let Some(cookie) = &self.session_cookie {
            let key = self
                .client
                .config
                .api_key
                .as_ref()
                .map(|k| k.expose_secret());
            options.redactor = Some(Arc::new(Redactor::new(
                key.into_iter().chain([cookie.expose_secret()]),
            )));
        }
        let answered = if self.change == Change::Add {
            let body = types::AddPagesRequest {
                api_key,
                chatbot_id: self.chatbot_id.clone(),
                urls: self.urls.clone().into(),
                session_cookie: self.session_cookie.clone(),
            };
            let op = operations::ADD_PAGES;
            self.client
                .call(op, &options, |api| {
                    let body = body.clone();
                    async move { api.add_pages().body(body).send().await }
                })
                .await?
        } else {
            let body = types::DeletePagesRequest {
                api_key,
                chatbot_id: self.chatbot_id.clone(),
                urls: self.urls.clone().into(),
            };
            self.client
                .call(operations::DELETE_PAGES, &options, |api| {
                    let body = body.clone();
                    async move { api.delete_pages().body(body).send().await }
                })
                .await?
        };
        Ok(Done {
            attempts: answered.attempts,
        })
    }
}

/// At least one URL, each an absolute http(s) address.
fn check_urls(urls: &[String]) -> Result<(), Error> {
    if urls.is_empty() {
        return Err(Error::InvalidInput {
            field: "urls",
            reason: "no page given: pass at least one URL".to_owned(),
        });
    }
    for (i, url) in urls.iter().enumerate() {
        let ok = url::Url::parse(url)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
        if !ok {
            return Err(Error::InvalidInput {
                field: "urls",
                reason: format!(
                    "urls[{i}] = {:?} is not an absolute http(s) URL",
                    crate::printable(url)
                ),
            });
        }
    }
    Ok(())
}
