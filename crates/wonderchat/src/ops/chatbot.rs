//! The operations about a chatbot's knowledge base (`x-resource: chatbot`):
//! [`Client::add_pages`] ([`AddPagesBuilder`], which alone takes a session
//! cookie) and [`Client::delete_pages`] ([`DeletePagesBuilder`]); both
//! answer a [`PagesUpdate`].

use std::sync::Arc;

use wonderchat_api::operations::{self, Resource};
use wonderchat_api::{Redactor, SessionCookie, types};

use crate::engine::{Body, CallOptions};
use crate::ops::{call_overrides, into_future};
use crate::{Client, Error, ResourceId};

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
    /// let added = client
    ///     .add_pages("demo-chatbot", ["https://example.com/help/reset-password"])
    ///     .send()
    ///     .await?;
    /// assert_eq!(added.urls.len(), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_pages<I, U>(&self, chatbot_id: impl Into<String>, urls: I) -> AddPagesBuilder
    where
        I: IntoIterator<Item = U>,
        U: Into<String>,
    {
        AddPagesBuilder {
            pages: Pages::new(self, chatbot_id.into(), urls),
            session_cookie: None,
        }
    }

    /// Prepares removing pages from a chatbot's knowledge base.
    pub fn delete_pages<I, U>(&self, chatbot_id: impl Into<String>, urls: I) -> DeletePagesBuilder
    where
        I: IntoIterator<Item = U>,
        U: Into<String>,
    {
        DeletePagesBuilder {
            pages: Pages::new(self, chatbot_id.into(), urls),
        }
    }
}

/// What both pages builders hold.
#[derive(Debug, Clone)]
struct Pages {
    client: Client,
    chatbot_id: String,
    urls: Vec<String>,
    options: CallOptions,
}

impl Pages {
    fn new<I, U>(client: &Client, chatbot_id: String, urls: I) -> Self
    where
        I: IntoIterator<Item = U>,
        U: Into<String>,
    {
        Self {
            client: client.clone(),
            options: CallOptions {
                body: Body::Ignored,
                ..CallOptions::naming([ResourceId::new(Resource::Chatbot, &chatbot_id)])
            },
            chatbot_id,
            urls: urls.into_iter().map(Into::into).collect(),
        }
    }

    /// The checks both make before sending anything.
    fn check(&self) -> Result<(), Error> {
        crate::ops::not_blank("chatbotId", &self.chatbot_id, "the id of your chatbot")?;
        check_urls(&self.urls)
    }

    fn done(self, attempts: u32) -> PagesUpdate {
        PagesUpdate {
            chatbot_id: self.chatbot_id,
            urls: self.urls,
            attempts,
        }
    }
}

/// Pages to add, ready to send; made by [`Client::add_pages`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send().await"]
pub struct AddPagesBuilder {
    pages: Pages,
    session_cookie: Option<SessionCookie>,
}

/// Pages to remove, ready to send; made by [`Client::delete_pages`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send().await"]
pub struct DeletePagesBuilder {
    pages: Pages,
}

call_overrides!(AddPagesBuilder, pages.options);
call_overrides!(DeletePagesBuilder, pages.options);
into_future!(AddPagesBuilder, PagesUpdate);
into_future!(DeletePagesBuilder, PagesUpdate);

impl AddPagesBuilder {
    /// A session cookie that lets Wonderchat crawl pages behind a login. A
    /// secret: never shown, and removed from anything the server answers.
    pub fn session_cookie(mut self, cookie: impl Into<SessionCookie>) -> Self {
        self.session_cookie = Some(cookie.into());
        self
    }

    /// Sends the addition. Adding the same pages again changes nothing, so
    /// the call is retried like feedback.
    ///
    /// # Errors
    /// A blank chatbot id, no URL or one that is not an absolute http(s)
    /// address ([`Error::InvalidInput`], nothing sent); any [`Error`] of the call.
    pub async fn send(self) -> Result<PagesUpdate, Error> {
        let pages = self.pages;
        pages.check()?;
        let client = &pages.client;
        let mut options = pages.options.clone();
        if let Some(cookie) = &self.session_cookie {
            let key = client.config.api_key.as_ref().map(|k| k.expose_secret());
            options.redactor = Some(Arc::new(Redactor::new(
                key.into_iter().chain([cookie.expose_secret()]),
            )));
        }
        let body = types::AddPagesRequest {
            api_key: client.api_key()?.clone(),
            chatbot_id: pages.chatbot_id.clone(),
            urls: pages.urls.clone().into(),
            session_cookie: self.session_cookie,
        };
        let answered = client
            .call(operations::ADD_PAGES, &options, |api| {
                let body = body.clone();
                async move { api.add_pages().body(body).send().await }
            })
            .await?;
        Ok(pages.done(answered.attempts))
    }
}

impl DeletePagesBuilder {
    /// Sends the removal (safe to repeat).
    ///
    /// # Errors
    /// As [`AddPagesBuilder::send`].
    pub async fn send(self) -> Result<PagesUpdate, Error> {
        let pages = self.pages;
        pages.check()?;
        let body = types::DeletePagesRequest {
            api_key: pages.client.api_key()?.clone(),
            chatbot_id: pages.chatbot_id.clone(),
            urls: pages.urls.clone().into(),
        };
        let answered = pages
            .client
            .call(operations::DELETE_PAGES, &pages.options, |api| {
                let body = body.clone();
                async move { api.delete_pages().body(body).send().await }
            })
            .await?;
        Ok(pages.done(answered.attempts))
    }
}

/// Pages added to or removed from a chatbot's knowledge base (Wonderchat's
/// answer says nothing more: what was sent, and that it was accepted).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PagesUpdate {
    /// The chatbot.
    pub chatbot_id: String,
    /// The pages added or removed.
    pub urls: Vec<String>,
    /// How many requests it took.
    pub attempts: u32,
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
