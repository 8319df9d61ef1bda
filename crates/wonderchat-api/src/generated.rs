// @generated from openapi/wonderchat.yaml by `cargo xtask codegen`. Do not edit by hand:
// change the spec or xtask/src/codegen.rs, then run `cargo xtask codegen`.

#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};
/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    #[doc = "**Assumed by this project**, not documented by Wonderchat: the body of\nevery error answer. Clients must also cope with other bodies (an HTML\npage from a proxy, plain text, other JSON).\n"]
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct ErrorResponse {
        ///What went wrong, for a person to read.
        pub message: ::std::string::String,
        ///Always `error` in the assumed shape.
        pub status: ::std::string::String,
    }
    impl ErrorResponse {
        pub fn builder() -> builder::ErrorResponse {
            Default::default()
        }
    }
    /**The feedback a reader gives on a message.

- `HELPFUL`: positive feedback (thumbs up), the message was helpful.
- `NOT_HELPFUL`: negative feedback (thumbs down), the message was not helpful.
*/
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Copy,
        Debug,
        Eq,
        Hash,
        Ord,
        PartialEq,
        PartialOrd,
        schemars::JsonSchema
    )]
    pub enum Feedback {
        #[serde(rename = "HELPFUL")]
        Helpful,
        #[serde(rename = "NOT_HELPFUL")]
        NotHelpful,
    }
    impl ::std::fmt::Display for Feedback {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match *self {
                Self::Helpful => f.write_str("HELPFUL"),
                Self::NotHelpful => f.write_str("NOT_HELPFUL"),
            }
        }
    }
    impl ::std::str::FromStr for Feedback {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "HELPFUL" => Ok(Self::Helpful),
                "NOT_HELPFUL" => Ok(Self::NotHelpful),
                _ => Err("invalid value".into()),
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for Feedback {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String> for Feedback {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    ///The stored feedback entry of the message.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct MessageFeedback {
        /**The type of feedback stored: one of the `Feedback` values, kept as
an open string like `feedback`.
*/
        #[serde(rename = "feedbackType")]
        pub feedback_type: ::std::string::String,
        ///Unique identifier of the feedback entry.
        pub id: ::std::string::String,
        ///When the feedback was submitted (ISO 8601, UTC).
        #[serde(rename = "submittedAt")]
        pub submitted_at: ::chrono::DateTime<::chrono::offset::Utc>,
    }
    impl MessageFeedback {
        pub fn builder() -> builder::MessageFeedback {
            Default::default()
        }
    }
    ///The feedback to record on one message.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct UpdateMessageFeedbackRequest {
        #[serde(rename = "apiKey")]
        pub api_key: crate::ApiKey,
        pub feedback: Feedback,
        ///The ID of the chatbot message the feedback is about.
        #[serde(rename = "messageId")]
        pub message_id: UpdateMessageFeedbackRequestMessageId,
        ///An optional comment from the user about the feedback.
        #[serde(
            rename = "userComment",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub user_comment: ::std::option::Option<::std::string::String>,
    }
    impl UpdateMessageFeedbackRequest {
        pub fn builder() -> builder::UpdateMessageFeedbackRequest {
            Default::default()
        }
    }
    ///The ID of the chatbot message the feedback is about.
    #[derive(
        ::serde::Serialize,
        Clone,
        Debug,
        Eq,
        Hash,
        Ord,
        PartialEq,
        PartialOrd,
        schemars::JsonSchema
    )]
    #[serde(transparent)]
    pub struct UpdateMessageFeedbackRequestMessageId(::std::string::String);
    impl ::std::ops::Deref for UpdateMessageFeedbackRequestMessageId {
        type Target = ::std::string::String;
        fn deref(&self) -> &::std::string::String {
            &self.0
        }
    }
    impl ::std::convert::From<UpdateMessageFeedbackRequestMessageId>
    for ::std::string::String {
        fn from(value: UpdateMessageFeedbackRequestMessageId) -> Self {
            value.0
        }
    }
    impl ::std::str::FromStr for UpdateMessageFeedbackRequestMessageId {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            if value.chars().count() < 1usize {
                return Err("shorter than 1 characters".into());
            }
            Ok(Self(value.to_string()))
        }
    }
    impl ::std::convert::TryFrom<&str> for UpdateMessageFeedbackRequestMessageId {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String>
    for UpdateMessageFeedbackRequestMessageId {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl<'de> ::serde::Deserialize<'de> for UpdateMessageFeedbackRequestMessageId {
        fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
        where
            D: ::serde::Deserializer<'de>,
        {
            ::std::string::String::deserialize(deserializer)?
                .parse()
                .map_err(|e: self::error::ConversionError| {
                    <D::Error as ::serde::de::Error>::custom(e.to_string())
                })
        }
    }
    ///The outcome of a feedback update.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct UpdateMessageFeedbackResponse {
        /**The feedback value that was submitted: one of the `Feedback`
values. Kept as an open string so that a value Wonderchat adds
later still decodes.
*/
        pub feedback: ::std::string::String,
        #[serde(rename = "messageFeedback")]
        pub message_feedback: MessageFeedback,
        /**Operation status, `success` here. Wonderchat documents `success`
and `error`; a client should treat `error` as a failure even with
a 200 status.
*/
        pub status: ::std::string::String,
        /**`true` when the message already had feedback and this request
replaced it; `false` for the first feedback on the message.
*/
        #[serde(rename = "wasUpdated")]
        pub was_updated: bool,
    }
    impl UpdateMessageFeedbackResponse {
        pub fn builder() -> builder::UpdateMessageFeedbackResponse {
            Default::default()
        }
    }
    /// Types for composing complex structures.
    pub mod builder {
        #[derive(Clone, Debug)]
        pub struct ErrorResponse {
            message: ::std::result::Result<::std::string::String, ::std::string::String>,
            status: ::std::result::Result<::std::string::String, ::std::string::String>,
        }
        impl ::std::default::Default for ErrorResponse {
            fn default() -> Self {
                Self {
                    message: Err("no value supplied for message".to_string()),
                    status: Err("no value supplied for status".to_string()),
                }
            }
        }
        impl ErrorResponse {
            pub fn message<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.message = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for message: {e}")
                    });
                self
            }
            pub fn status<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.status = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for status: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<ErrorResponse> for super::ErrorResponse {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ErrorResponse,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    message: value.message?,
                    status: value.status?,
                })
            }
        }
        impl ::std::convert::From<super::ErrorResponse> for ErrorResponse {
            fn from(value: super::ErrorResponse) -> Self {
                Self {
                    message: Ok(value.message),
                    status: Ok(value.status),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct MessageFeedback {
            feedback_type: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            id: ::std::result::Result<::std::string::String, ::std::string::String>,
            submitted_at: ::std::result::Result<
                ::chrono::DateTime<::chrono::offset::Utc>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for MessageFeedback {
            fn default() -> Self {
                Self {
                    feedback_type: Err(
                        "no value supplied for feedback_type".to_string(),
                    ),
                    id: Err("no value supplied for id".to_string()),
                    submitted_at: Err("no value supplied for submitted_at".to_string()),
                }
            }
        }
        impl MessageFeedback {
            pub fn feedback_type<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.feedback_type = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for feedback_type: {e}")
                    });
                self
            }
            pub fn id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.id = value
                    .try_into()
                    .map_err(|e| format!("error converting supplied value for id: {e}"));
                self
            }
            pub fn submitted_at<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::chrono::DateTime<::chrono::offset::Utc>>,
                T::Error: ::std::fmt::Display,
            {
                self.submitted_at = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for submitted_at: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<MessageFeedback> for super::MessageFeedback {
            type Error = super::error::ConversionError;
            fn try_from(
                value: MessageFeedback,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    feedback_type: value.feedback_type?,
                    id: value.id?,
                    submitted_at: value.submitted_at?,
                })
            }
        }
        impl ::std::convert::From<super::MessageFeedback> for MessageFeedback {
            fn from(value: super::MessageFeedback) -> Self {
                Self {
                    feedback_type: Ok(value.feedback_type),
                    id: Ok(value.id),
                    submitted_at: Ok(value.submitted_at),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct UpdateMessageFeedbackRequest {
            api_key: ::std::result::Result<crate::ApiKey, ::std::string::String>,
            feedback: ::std::result::Result<super::Feedback, ::std::string::String>,
            message_id: ::std::result::Result<
                super::UpdateMessageFeedbackRequestMessageId,
                ::std::string::String,
            >,
            user_comment: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for UpdateMessageFeedbackRequest {
            fn default() -> Self {
                Self {
                    api_key: Err("no value supplied for api_key".to_string()),
                    feedback: Err("no value supplied for feedback".to_string()),
                    message_id: Err("no value supplied for message_id".to_string()),
                    user_comment: Ok(Default::default()),
                }
            }
        }
        impl UpdateMessageFeedbackRequest {
            pub fn api_key<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<crate::ApiKey>,
                T::Error: ::std::fmt::Display,
            {
                self.api_key = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for api_key: {e}")
                    });
                self
            }
            pub fn feedback<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::Feedback>,
                T::Error: ::std::fmt::Display,
            {
                self.feedback = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for feedback: {e}")
                    });
                self
            }
            pub fn message_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::UpdateMessageFeedbackRequestMessageId>,
                T::Error: ::std::fmt::Display,
            {
                self.message_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for message_id: {e}")
                    });
                self
            }
            pub fn user_comment<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.user_comment = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for user_comment: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<UpdateMessageFeedbackRequest>
        for super::UpdateMessageFeedbackRequest {
            type Error = super::error::ConversionError;
            fn try_from(
                value: UpdateMessageFeedbackRequest,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    api_key: value.api_key?,
                    feedback: value.feedback?,
                    message_id: value.message_id?,
                    user_comment: value.user_comment?,
                })
            }
        }
        impl ::std::convert::From<super::UpdateMessageFeedbackRequest>
        for UpdateMessageFeedbackRequest {
            fn from(value: super::UpdateMessageFeedbackRequest) -> Self {
                Self {
                    api_key: Ok(value.api_key),
                    feedback: Ok(value.feedback),
                    message_id: Ok(value.message_id),
                    user_comment: Ok(value.user_comment),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct UpdateMessageFeedbackResponse {
            feedback: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            message_feedback: ::std::result::Result<
                super::MessageFeedback,
                ::std::string::String,
            >,
            status: ::std::result::Result<::std::string::String, ::std::string::String>,
            was_updated: ::std::result::Result<bool, ::std::string::String>,
        }
        impl ::std::default::Default for UpdateMessageFeedbackResponse {
            fn default() -> Self {
                Self {
                    feedback: Err("no value supplied for feedback".to_string()),
                    message_feedback: Err(
                        "no value supplied for message_feedback".to_string(),
                    ),
                    status: Err("no value supplied for status".to_string()),
                    was_updated: Err("no value supplied for was_updated".to_string()),
                }
            }
        }
        impl UpdateMessageFeedbackResponse {
            pub fn feedback<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.feedback = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for feedback: {e}")
                    });
                self
            }
            pub fn message_feedback<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::MessageFeedback>,
                T::Error: ::std::fmt::Display,
            {
                self.message_feedback = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for message_feedback: {e}"
                        )
                    });
                self
            }
            pub fn status<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.status = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for status: {e}")
                    });
                self
            }
            pub fn was_updated<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<bool>,
                T::Error: ::std::fmt::Display,
            {
                self.was_updated = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for was_updated: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<UpdateMessageFeedbackResponse>
        for super::UpdateMessageFeedbackResponse {
            type Error = super::error::ConversionError;
            fn try_from(
                value: UpdateMessageFeedbackResponse,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    feedback: value.feedback?,
                    message_feedback: value.message_feedback?,
                    status: value.status?,
                    was_updated: value.was_updated?,
                })
            }
        }
        impl ::std::convert::From<super::UpdateMessageFeedbackResponse>
        for UpdateMessageFeedbackResponse {
            fn from(value: super::UpdateMessageFeedbackResponse) -> Self {
                Self {
                    feedback: Ok(value.feedback),
                    message_feedback: Ok(value.message_feedback),
                    status: Ok(value.status),
                    was_updated: Ok(value.was_updated),
                }
            }
        }
    }
    /// Error types.
    pub mod error {
        /// Error from a `TryFrom` or `FromStr` implementation.
        pub struct ConversionError(::std::borrow::Cow<'static, str>);
        impl ::std::error::Error for ConversionError {}
        impl ::std::fmt::Display for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
        impl ::std::fmt::Debug for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }
        impl From<&'static str> for ConversionError {
            fn from(value: &'static str) -> Self {
                Self(value.into())
            }
        }
        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }
    }
}
#[derive(Clone, Debug)]
/**Client for Wonderchat Message Feedback API

Record a reader's thumbs up or thumbs down on one chatbot answer, optionally
with a comment.

This document is hand-written by the wonderchat-rs project from Wonderchat's
public reference page for the endpoint. The request, the successful response
and the feedback values follow that page. Everything the page does not
document is **an assumption of this project**, marked as such where it
appears: the error statuses, the `ErrorResponse` body shape and the
`Retry-After` header on 429. Clients must tolerate other error bodies and
statuses, and must ignore response fields they do not know.

The API key travels in the JSON body (`apiKey`), not in a header, so no
OpenAPI security scheme describes it. Send it over HTTPS only.

Setting feedback is idempotent: sending the same request twice leaves the
same state, so a client may safely retry on timeouts, 429 and 5xx answers.


Version: 1.0.0*/
pub struct Client {
    pub(crate) baseurl: String,
    pub(crate) client: reqwest::Client,
    pub(crate) inner: crate::CallContext,
}
impl Client {
    /// Create a new client.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new(baseurl: &str, inner: crate::CallContext) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        let client = {
            let dur = ::std::time::Duration::from_secs(15u64);
            reqwest::ClientBuilder::new().connect_timeout(dur).timeout(dur)
        };
        #[cfg(target_arch = "wasm32")]
        let client = reqwest::ClientBuilder::new();
        Self::new_with_client(baseurl, client.build().unwrap(), inner)
    }
    /// Construct a new client with an existing `reqwest::Client`,
    /// allowing more control over its configuration.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new_with_client(
        baseurl: &str,
        client: reqwest::Client,
        inner: crate::CallContext,
    ) -> Self {
        Self {
            baseurl: baseurl.to_string(),
            client,
            inner,
        }
    }
}
impl ClientInfo<crate::CallContext> for Client {
    fn api_version() -> &'static str {
        "1.0.0"
    }
    fn baseurl(&self) -> &str {
        self.baseurl.as_str()
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn inner(&self) -> &crate::CallContext {
        &self.inner
    }
}
impl ClientHooks<crate::CallContext> for &Client {}
impl Client {
    /**Set the feedback on one message

Marks one chatbot message as helpful or not helpful (thumbs up or thumbs
down), optionally with the user's comment. Sending feedback for a
message that already has some replaces it, and the answer says so in
`wasUpdated`.


Sends a `POST` request to `/api/v1/update-message-feedback`

```ignore
let response = client.update_message_feedback()
    .body(body)
    .send()
    .await;
```*/
    pub fn update_message_feedback(&self) -> builder::UpdateMessageFeedback<'_> {
        builder::UpdateMessageFeedback::new(self)
    }
}
/// Types for composing operation parameters.
#[allow(clippy::all)]
pub mod builder {
    use super::types;
    #[allow(unused_imports)]
    use super::{
        encode_path, ByteStream, ClientInfo, ClientHooks, Error, OperationInfo,
        RequestBuilderExt, ResponseValue,
    };
    /**Builder for [`Client::update_message_feedback`]

[`Client::update_message_feedback`]: super::Client::update_message_feedback*/
    #[derive(Debug, Clone)]
    pub struct UpdateMessageFeedback<'a> {
        client: &'a super::Client,
        body: Result<types::builder::UpdateMessageFeedbackRequest, String>,
    }
    impl<'a> UpdateMessageFeedback<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::UpdateMessageFeedbackRequest>,
            <V as std::convert::TryInto<
                types::UpdateMessageFeedbackRequest,
            >>::Error: std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|s| {
                    format!(
                        "conversion to `UpdateMessageFeedbackRequest` for body failed: {}",
                        s
                    )
                });
            self
        }
        pub fn body_map<F>(mut self, f: F) -> Self
        where
            F: std::ops::FnOnce(
                types::builder::UpdateMessageFeedbackRequest,
            ) -> types::builder::UpdateMessageFeedbackRequest,
        {
            self.body = self.body.map(f);
            self
        }
        ///Sends a `POST` request to `/api/v1/update-message-feedback`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<types::UpdateMessageFeedbackResponse>,
            Error<types::ErrorResponse>,
        > {
            let Self { client, body } = self;
            let body = body
                .and_then(|v| {
                    types::UpdateMessageFeedbackRequest::try_from(v)
                        .map_err(|e| e.to_string())
                })
                .map_err(Error::InvalidRequest)?;
            let url = format!("{}/api/v1/update-message-feedback", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .post(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .json(&body)
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "update_message_feedback",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                400u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                401u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                404u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                413u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                429u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                500u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                503u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
}
/// Items consumers will typically use such as the Client.
pub mod prelude {
    pub use self::super::Client;
}
