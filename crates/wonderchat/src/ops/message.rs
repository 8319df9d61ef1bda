//! The operations about a message (`x-resource: message`): *Update
//! Message Feedback*, [`Client::update_message_feedback`], its request
//! builder [`FeedbackBuilder`] and its result [`FeedbackUpdate`].

use chrono::{DateTime, Utc};
use wonderchat_api::operations::{self, Resource};
use wonderchat_api::{Redactor, types};

use crate::engine::CallOptions;
use crate::ops::{call_overrides, into_future};
use crate::{Client, Error, Feedback, RecordedFeedback, ResourceId};

impl Client {
    /// Prepares the update of one message's feedback; add a comment with
    /// [`FeedbackBuilder::comment`], then `.send().await` (or just
    /// `.await`).
    ///
    /// # Examples
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = wonderchat_mock::MockServer::start().await;
    /// # let client = wonderchat::Client::builder().base_url(mock.base_url()).api_key(mock.api_key()).build()?;
    /// use wonderchat::Feedback;
    ///
    /// let update = client
    ///     .update_message_feedback("msg_123", Feedback::Helpful)
    ///     .comment("Clear, thanks")
    ///     .await?;
    /// println!("stored as {} (replaced an earlier one: {})", update.feedback_id, update.was_updated);
    /// # Ok(())
    /// # }
    /// ```
    pub fn update_message_feedback(
        &self,
        message_id: impl Into<String>,
        feedback: Feedback,
    ) -> FeedbackBuilder {
        let message_id = message_id.into();
        FeedbackBuilder {
            client: self.clone(),
            options: CallOptions::naming([ResourceId::new(Resource::Message, &message_id)]),
            message_id,
            feedback,
            comment: None,
        }
    }
}

/// One feedback update, ready to send; made by [`Client::update_message_feedback`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send().await"]
pub struct FeedbackBuilder {
    client: Client,
    message_id: String,
    feedback: Feedback,
    comment: Option<String>,
    options: CallOptions,
}

call_overrides!(FeedbackBuilder);
into_future!(FeedbackBuilder, FeedbackUpdate);

impl FeedbackBuilder {
    /// The user's comment on the feedback.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Sends the update, retrying as the client's [`RetryPolicy`](crate::RetryPolicy)
    /// allows, within its deadline.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] before sending (a blank id, a comment over
    /// 2000 characters, no API key); [`Error::NotFound`] for an id
    /// Wonderchat does not know; [`Error::Unauthorized`] for a wrong key;
    /// and, once retries are spent, the last attempt's [`Error::RateLimited`],
    /// [`Error::Server`], [`Error::Timeout`] or [`Error::Transport`].
    pub async fn send(self) -> Result<FeedbackUpdate, Error> {
        let body = self.request_body()?;
        let answered = self
            .client
            .call(operations::UPDATE_MESSAGE_FEEDBACK, &self.options, |api| {
                let body = body.clone();
                async move { api.update_message_feedback().body(body).send().await }
            })
            .await?;
        let response = answered.value;
        let redactor = self.options.redactor(&self.client.config);
        if response.status.eq_ignore_ascii_case("error") {
            // The server's own words, when it gave any.
            return Err(Error::Api {
                message: response
                    .message
                    .as_deref()
                    .map(|m| crate::classify::server_text(redactor, m))
                    .unwrap_or_default(),
            });
        }
        let mut update = FeedbackUpdate::new(self.message_id, response, redactor);
        update.attempts = answered.attempts;
        Ok(update)
    }

    /// The wire request, after checking what the API would reject anyway.
    fn request_body(&self) -> Result<types::UpdateMessageFeedbackRequest, Error> {
        crate::ops::not_blank(
            "messageId",
            &self.message_id,
            "the id of the chatbot message the feedback is about (a chat answer's message_id)",
        )?;
        let message_id = self
            .message_id
            .parse::<types::UpdateMessageFeedbackRequestMessageId>()
            .map_err(|e| Error::InvalidInput {
                field: "messageId",
                reason: e.to_string(),
            })?;
        Ok(types::UpdateMessageFeedbackRequest {
            api_key: self.client.api_key()?.clone(),
            feedback: self.feedback.into(),
            message_id,
            user_comment: self
                .comment
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|e: types::error::ConversionError| Error::InvalidInput {
                    field: "userComment",
                    reason: format!("{e}: the comment may be at most 2000 characters"),
                })?,
        })
    }
}

/// The outcome of a successful update.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FeedbackUpdate {
    /// The answer rated (the request's `messageId`).
    pub message_id: String,
    /// `true` when the message already had feedback and this call replaced it.
    pub was_updated: bool,
    /// The feedback value the server recorded (`feedback` in the answer).
    pub feedback: RecordedFeedback,
    /// The id of the stored feedback entry.
    pub feedback_id: String,
    /// The type of the stored entry (`messageFeedback.feedbackType`).
    pub feedback_type: RecordedFeedback,
    /// When the server stored the feedback.
    pub submitted_at: DateTime<Utc>,
    /// How many requests it took (more than 1 after retries).
    pub attempts: u32,
}

impl FeedbackUpdate {
    /// The decoded answer, its texts scrubbed again (a JSON-escaped secret
    /// is whole once decoded).
    fn new(
        message_id: String,
        response: types::UpdateMessageFeedbackResponse,
        redactor: &Redactor,
    ) -> Self {
        let response = &response;
        Self {
            message_id,
            was_updated: response.was_updated,
            feedback: RecordedFeedback::from_wire(&redactor.text(&response.feedback)),
            feedback_id: redactor.text(&response.message_feedback.id).into_owned(),
            feedback_type: RecordedFeedback::from_wire(
                &redactor.text(&response.message_feedback.feedback_type),
            ),
            submitted_at: response.message_feedback.submitted_at,
            attempts: 1,
        }
    }
}
