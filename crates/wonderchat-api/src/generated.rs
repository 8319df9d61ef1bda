// @generated from openapi/wonderchat.yaml by `cargo xtask codegen`. Do not edit by hand:
// change the spec or xtask/src/codegen.rs, then run `cargo xtask codegen`.

#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};
/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    ///Pages to add to a chatbot's knowledge base.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct AddPagesRequest {
        #[serde(rename = "apiKey")]
        pub api_key: crate::ApiKey,
        ///The chatbot whose knowledge base changes.
        #[serde(rename = "chatbotId")]
        pub chatbot_id: ::std::string::String,
        #[serde(
            rename = "sessionCookie",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub session_cookie: ::std::option::Option<crate::SessionCookie>,
        pub urls: PageUrls,
    }
    impl AddPagesRequest {
        pub fn builder() -> builder::AddPagesRequest {
            Default::default()
        }
    }
    ///A question for a chatbot.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct ChatRequest {
        #[serde(
            rename = "apiKey",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub api_key: ::std::option::Option<crate::ApiKey>,
        ///The chatbot to ask.
        #[serde(rename = "chatbotId")]
        pub chatbot_id: ::std::string::String,
        ///Continue this conversation; leave out to start a new one.
        #[serde(
            rename = "chatlogId",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub chatlog_id: ::std::option::Option<::std::string::String>,
        ///Free text about the session, for example who the user is.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub context: ::std::option::Option<::std::string::String>,
        ///The page the user is on.
        #[serde(
            rename = "contextUrl",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub context_url: ::std::option::Option<::std::string::String>,
        /**The user's question (at most 4000 characters: this project's
assumption, enforced by the bundled mock).
*/
        pub question: ChatRequestQuestion,
        ///Answer as server-sent events instead of one JSON object.
        #[serde(default)]
        pub stream: bool,
    }
    impl ChatRequest {
        pub fn builder() -> builder::ChatRequest {
            Default::default()
        }
    }
    /**The user's question (at most 4000 characters: this project's
assumption, enforced by the bundled mock).
*/
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
    pub struct ChatRequestQuestion(::std::string::String);
    impl ::std::ops::Deref for ChatRequestQuestion {
        type Target = ::std::string::String;
        fn deref(&self) -> &::std::string::String {
            &self.0
        }
    }
    impl ::std::convert::From<ChatRequestQuestion> for ::std::string::String {
        fn from(value: ChatRequestQuestion) -> Self {
            value.0
        }
    }
    impl ::std::str::FromStr for ChatRequestQuestion {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            if value.chars().count() > 4000usize {
                return Err("longer than 4000 characters".into());
            }
            if value.chars().count() < 1usize {
                return Err("shorter than 1 characters".into());
            }
            Ok(Self(value.to_string()))
        }
    }
    impl ::std::convert::TryFrom<&str> for ChatRequestQuestion {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String> for ChatRequestQuestion {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl<'de> ::serde::Deserialize<'de> for ChatRequestQuestion {
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
    ///A chatbot's answer.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct ChatResponse {
        ///The conversation this answer belongs to.
        #[serde(rename = "chatlogId")]
        pub chatlog_id: ::std::string::String,
        ///The id of this answer message; `updateMessageFeedback` takes it as `messageId`.
        pub id: ::std::string::String,
        ///The answer's text.
        pub response: ::std::string::String,
        ///The pages the answer is drawn from, most relevant first (at most 5).
        #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
        pub sources: ::std::vec::Vec<Source>,
    }
    impl ChatResponse {
        pub fn builder() -> builder::ChatResponse {
            Default::default()
        }
    }
    /**One server-sent event of a streamed answer (**assumed** catalogue,
the one the bundled mock sends): `start` (data
`{"id", "chatlogId"}`), `delta` (data `{"text"}`, the next piece of
the answer), `sources` (data `{"sources": [...]}`), `done` (data:
the whole `ChatResponse`), after which the server closes the stream.
Clients must keep events they do not know.
*/
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct ChatStreamEvent {
        ///The event's data, JSON whose shape depends on the name.
        pub data: ::std::string::String,
        ///The event's name (`message` when absent).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub event: ::std::option::Option<::std::string::String>,
        ///The event's id, if any.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///The reconnection time in milliseconds, if any.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub retry: ::std::option::Option<i64>,
    }
    impl ChatStreamEvent {
        pub fn builder() -> builder::ChatStreamEvent {
            Default::default()
        }
    }
    ///One conversation, as exported. Fields marked "if provided" may be absent or null.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct Chatlog {
        ///Whether the chatbot resolved the conversation (`RESOLVED`, `UNRESOLVED`, …; an open set).
        #[serde(
            rename = "aiResolutionState",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub ai_resolution_state: ::std::option::Option<::std::string::String>,
        /**The chatbot's average confidence over its answers, from 0.0 to 1.0
(not enforced as bounds: a client should accept any number).
*/
        #[serde(
            rename = "averageConfidence",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub average_confidence: ::std::option::Option<f64>,
        ///The chatbot of the conversation.
        #[serde(rename = "chatbotId")]
        pub chatbot_id: ::std::string::String,
        ///The user's country (ISO 3166-1 alpha-2).
        #[serde(
            rename = "countryCode",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub country_code: ::std::option::Option<::std::string::String>,
        ///When the conversation started.
        #[serde(rename = "createdAt")]
        pub created_at: ::chrono::DateTime<::chrono::offset::Utc>,
        ///The page the conversation started on.
        #[serde(
            rename = "initialPageUrl",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub initial_page_url: ::std::option::Option<::std::string::String>,
        ///The conversation as user/bot pairs, oldest first.
        pub messages: ::std::vec::Vec<ChatlogExchange>,
        ///The user's e-mail address, if provided.
        #[serde(
            rename = "userEmail",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub user_email: ::std::option::Option<::std::string::String>,
        /**The conversation's rating: `GOOD`, `BAD`, or null when none. An
open set: other values may appear. How the mock derives it from
message feedback is an assumption (x-assumption): the last
feedback given on any answer of the chatlog, `HELPFUL` as `GOOD`
and `NOT_HELPFUL` as `BAD`.
*/
        #[serde(
            rename = "userFeedback",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub user_feedback: ::std::option::Option<::std::string::String>,
        ///The user's name, if provided.
        #[serde(
            rename = "userName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub user_name: ::std::option::Option<::std::string::String>,
        ///The user's phone number, if provided.
        #[serde(
            rename = "userPhoneNumber",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub user_phone_number: ::std::option::Option<::std::string::String>,
    }
    impl Chatlog {
        pub fn builder() -> builder::Chatlog {
            Default::default()
        }
    }
    ///One question and its answer.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct ChatlogExchange {
        ///What the chatbot answered.
        #[serde(
            rename = "botMessage",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub bot_message: ::std::option::Option<::std::string::String>,
        ///When the exchange took place.
        #[serde(rename = "createdAt")]
        pub created_at: ::chrono::DateTime<::chrono::offset::Utc>,
        ///What the user wrote.
        #[serde(
            rename = "userMessage",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub user_message: ::std::option::Option<::std::string::String>,
    }
    impl ChatlogExchange {
        pub fn builder() -> builder::ChatlogExchange {
            Default::default()
        }
    }
    ///Tags to add to or remove from one chatlog.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct ChatlogTagsRequest {
        #[serde(rename = "apiKey")]
        pub api_key: crate::ApiKey,
        ///The chatlog to tag.
        #[serde(rename = "chatlogId")]
        pub chatlog_id: ::std::string::String,
        ///Free-form tags.
        pub tags: ::std::vec::Vec<::std::string::String>,
    }
    impl ChatlogTagsRequest {
        pub fn builder() -> builder::ChatlogTagsRequest {
            Default::default()
        }
    }
    ///Pages to remove from a chatbot's knowledge base.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct DeletePagesRequest {
        #[serde(rename = "apiKey")]
        pub api_key: crate::ApiKey,
        ///The chatbot whose knowledge base changes.
        #[serde(rename = "chatbotId")]
        pub chatbot_id: ::std::string::String,
        pub urls: PageUrls,
    }
    impl DeletePagesRequest {
        pub fn builder() -> builder::DeletePagesRequest {
            Default::default()
        }
    }
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
    ///Which chatlogs to export.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct ExportChatlogsRequest {
        #[serde(rename = "apiKey")]
        pub api_key: crate::ApiKey,
        ///Only this chatbot's chatlogs; leave out for every chatbot of the account.
        #[serde(
            rename = "chatbotId",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub chatbot_id: ::std::option::Option<::std::string::String>,
        ///Only chatlogs created at or before this time (assumed inclusive).
        #[serde(
            rename = "endDate",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub end_date: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
        ///Only chatlogs created at or after this time (assumed inclusive).
        #[serde(
            rename = "startDate",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub start_date: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    }
    impl ExportChatlogsRequest {
        pub fn builder() -> builder::ExportChatlogsRequest {
            Default::default()
        }
    }
    ///The exported chatlogs.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct ExportChatlogsResponse {
        pub chatlogs: ::std::vec::Vec<Chatlog>,
    }
    impl ExportChatlogsResponse {
        pub fn builder() -> builder::ExportChatlogsResponse {
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
    ///The chatlog whose messages to read.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct GetMessagesRequest {
        #[serde(rename = "apiKey")]
        pub api_key: crate::ApiKey,
        ///The chatlog.
        #[serde(rename = "chatlogId")]
        pub chatlog_id: ::std::string::String,
    }
    impl GetMessagesRequest {
        pub fn builder() -> builder::GetMessagesRequest {
            Default::default()
        }
    }
    ///A chatlog's messages.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct GetMessagesResponse {
        ///Oldest first.
        pub messages: ::std::vec::Vec<Message>,
    }
    impl GetMessagesResponse {
        pub fn builder() -> builder::GetMessagesResponse {
            Default::default()
        }
    }
    ///A user asked for a human agent.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct LiveChatInitiated {
        ///The chatbot.
        #[serde(rename = "chatbotId")]
        pub chatbot_id: ::std::string::String,
        ///The chatbot's name.
        #[serde(
            rename = "chatbotName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub chatbot_name: ::std::option::Option<::std::string::String>,
        ///The conversation.
        #[serde(rename = "chatlogId")]
        pub chatlog_id: ::std::string::String,
        ///The user's e-mail address, if provided.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub email: ::std::option::Option<::std::string::String>,
        ///The user's name, if provided.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
        ///The user's phone number, if provided.
        #[serde(
            rename = "phoneNumber",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub phone_number: ::std::option::Option<::std::string::String>,
        ///The user's message that asked for a human.
        #[serde(
            rename = "userMessage",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub user_message: ::std::option::Option<::std::string::String>,
    }
    impl LiveChatInitiated {
        pub fn builder() -> builder::LiveChatInitiated {
            Default::default()
        }
    }
    ///The `LIVE_CHAT_INITIATED` delivery.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct LiveChatInitiatedEvent {
        pub data: LiveChatInitiated,
        ///Always `LIVE_CHAT_INITIATED`.
        pub event: ::std::string::String,
        ///When the user asked for a human.
        pub timestamp: ::chrono::DateTime<::chrono::offset::Utc>,
    }
    impl LiveChatInitiatedEvent {
        pub fn builder() -> builder::LiveChatInitiatedEvent {
            Default::default()
        }
    }
    ///One message of a chatlog.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct Message {
        ///The text.
        pub content: ::std::string::String,
        ///When it was written.
        #[serde(rename = "createdAt")]
        pub created_at: ::chrono::DateTime<::chrono::offset::Utc>,
        ///Who wrote it: `user` or `bot` (an open set; live-chat agents may add values).
        #[serde(rename = "type")]
        pub type_: ::std::string::String,
    }
    impl Message {
        pub fn builder() -> builder::Message {
            Default::default()
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
    ///Web page addresses (absolute http or https URLs).
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    #[serde(transparent)]
    pub struct PageUrls(pub ::std::vec::Vec<::std::string::String>);
    impl ::std::ops::Deref for PageUrls {
        type Target = ::std::vec::Vec<::std::string::String>;
        fn deref(&self) -> &::std::vec::Vec<::std::string::String> {
            &self.0
        }
    }
    impl ::std::convert::From<PageUrls> for ::std::vec::Vec<::std::string::String> {
        fn from(value: PageUrls) -> Self {
            value.0
        }
    }
    impl ::std::convert::From<::std::vec::Vec<::std::string::String>> for PageUrls {
        fn from(value: ::std::vec::Vec<::std::string::String>) -> Self {
            Self(value)
        }
    }
    ///A page an answer is drawn from.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct Source {
        ///The page's title.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub title: ::std::option::Option<::std::string::String>,
        ///The page's address.
        pub url: ::std::string::String,
    }
    impl Source {
        pub fn builder() -> builder::Source {
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
        /**An optional comment from the user about the feedback. The limit
of 2000 characters is this project's assumption (the reference
states none); the bundled mock enforces it.
*/
        #[serde(
            rename = "userComment",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub user_comment: ::std::option::Option<UpdateMessageFeedbackRequestUserComment>,
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
    /**An optional comment from the user about the feedback. The limit
of 2000 characters is this project's assumption (the reference
states none); the bundled mock enforces it.
*/
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
    pub struct UpdateMessageFeedbackRequestUserComment(::std::string::String);
    impl ::std::ops::Deref for UpdateMessageFeedbackRequestUserComment {
        type Target = ::std::string::String;
        fn deref(&self) -> &::std::string::String {
            &self.0
        }
    }
    impl ::std::convert::From<UpdateMessageFeedbackRequestUserComment>
    for ::std::string::String {
        fn from(value: UpdateMessageFeedbackRequestUserComment) -> Self {
            value.0
        }
    }
    impl ::std::str::FromStr for UpdateMessageFeedbackRequestUserComment {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            if value.chars().count() > 2000usize {
                return Err("longer than 2000 characters".into());
            }
            Ok(Self(value.to_string()))
        }
    }
    impl ::std::convert::TryFrom<&str> for UpdateMessageFeedbackRequestUserComment {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String>
    for UpdateMessageFeedbackRequestUserComment {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl<'de> ::serde::Deserialize<'de> for UpdateMessageFeedbackRequestUserComment {
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
        /**Why, when `status` is `error` (assumption: the reference shows no
error answer; a server that explains itself is expected to do it
in `message`, as the other error bodies do). Clients keep it as
the error's text.
*/
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub message: ::std::option::Option<::std::string::String>,
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
    ///The envelope of every webhook delivery.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    pub struct WebhookEvent {
        ///The event's fields; their shape depends on `event`.
        pub data: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        ///The event type, e.g. `LIVE_CHAT_INITIATED` (an open set).
        pub event: ::std::string::String,
        ///When the event happened.
        pub timestamp: ::chrono::DateTime<::chrono::offset::Utc>,
    }
    impl WebhookEvent {
        pub fn builder() -> builder::WebhookEvent {
            Default::default()
        }
    }
    /// Types for composing complex structures.
    pub mod builder {
        #[derive(Clone, Debug)]
        pub struct AddPagesRequest {
            api_key: ::std::result::Result<crate::ApiKey, ::std::string::String>,
            chatbot_id: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            session_cookie: ::std::result::Result<
                ::std::option::Option<crate::SessionCookie>,
                ::std::string::String,
            >,
            urls: ::std::result::Result<super::PageUrls, ::std::string::String>,
        }
        impl ::std::default::Default for AddPagesRequest {
            fn default() -> Self {
                Self {
                    api_key: Err("no value supplied for api_key".to_string()),
                    chatbot_id: Err("no value supplied for chatbot_id".to_string()),
                    session_cookie: Ok(Default::default()),
                    urls: Err("no value supplied for urls".to_string()),
                }
            }
        }
        impl AddPagesRequest {
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
            pub fn chatbot_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.chatbot_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatbot_id: {e}")
                    });
                self
            }
            pub fn session_cookie<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<crate::SessionCookie>>,
                T::Error: ::std::fmt::Display,
            {
                self.session_cookie = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for session_cookie: {e}"
                        )
                    });
                self
            }
            pub fn urls<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::PageUrls>,
                T::Error: ::std::fmt::Display,
            {
                self.urls = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for urls: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<AddPagesRequest> for super::AddPagesRequest {
            type Error = super::error::ConversionError;
            fn try_from(
                value: AddPagesRequest,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    api_key: value.api_key?,
                    chatbot_id: value.chatbot_id?,
                    session_cookie: value.session_cookie?,
                    urls: value.urls?,
                })
            }
        }
        impl ::std::convert::From<super::AddPagesRequest> for AddPagesRequest {
            fn from(value: super::AddPagesRequest) -> Self {
                Self {
                    api_key: Ok(value.api_key),
                    chatbot_id: Ok(value.chatbot_id),
                    session_cookie: Ok(value.session_cookie),
                    urls: Ok(value.urls),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct ChatRequest {
            api_key: ::std::result::Result<
                ::std::option::Option<crate::ApiKey>,
                ::std::string::String,
            >,
            chatbot_id: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            chatlog_id: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            context: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            context_url: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            question: ::std::result::Result<
                super::ChatRequestQuestion,
                ::std::string::String,
            >,
            stream: ::std::result::Result<bool, ::std::string::String>,
        }
        impl ::std::default::Default for ChatRequest {
            fn default() -> Self {
                Self {
                    api_key: Ok(Default::default()),
                    chatbot_id: Err("no value supplied for chatbot_id".to_string()),
                    chatlog_id: Ok(Default::default()),
                    context: Ok(Default::default()),
                    context_url: Ok(Default::default()),
                    question: Err("no value supplied for question".to_string()),
                    stream: Ok(Default::default()),
                }
            }
        }
        impl ChatRequest {
            pub fn api_key<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<crate::ApiKey>>,
                T::Error: ::std::fmt::Display,
            {
                self.api_key = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for api_key: {e}")
                    });
                self
            }
            pub fn chatbot_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.chatbot_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatbot_id: {e}")
                    });
                self
            }
            pub fn chatlog_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.chatlog_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatlog_id: {e}")
                    });
                self
            }
            pub fn context<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.context = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for context: {e}")
                    });
                self
            }
            pub fn context_url<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.context_url = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for context_url: {e}")
                    });
                self
            }
            pub fn question<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::ChatRequestQuestion>,
                T::Error: ::std::fmt::Display,
            {
                self.question = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for question: {e}")
                    });
                self
            }
            pub fn stream<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<bool>,
                T::Error: ::std::fmt::Display,
            {
                self.stream = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for stream: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<ChatRequest> for super::ChatRequest {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ChatRequest,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    api_key: value.api_key?,
                    chatbot_id: value.chatbot_id?,
                    chatlog_id: value.chatlog_id?,
                    context: value.context?,
                    context_url: value.context_url?,
                    question: value.question?,
                    stream: value.stream?,
                })
            }
        }
        impl ::std::convert::From<super::ChatRequest> for ChatRequest {
            fn from(value: super::ChatRequest) -> Self {
                Self {
                    api_key: Ok(value.api_key),
                    chatbot_id: Ok(value.chatbot_id),
                    chatlog_id: Ok(value.chatlog_id),
                    context: Ok(value.context),
                    context_url: Ok(value.context_url),
                    question: Ok(value.question),
                    stream: Ok(value.stream),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct ChatResponse {
            chatlog_id: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            id: ::std::result::Result<::std::string::String, ::std::string::String>,
            response: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            sources: ::std::result::Result<
                ::std::vec::Vec<super::Source>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for ChatResponse {
            fn default() -> Self {
                Self {
                    chatlog_id: Err("no value supplied for chatlog_id".to_string()),
                    id: Err("no value supplied for id".to_string()),
                    response: Err("no value supplied for response".to_string()),
                    sources: Ok(Default::default()),
                }
            }
        }
        impl ChatResponse {
            pub fn chatlog_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.chatlog_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatlog_id: {e}")
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
            pub fn response<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.response = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for response: {e}")
                    });
                self
            }
            pub fn sources<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::vec::Vec<super::Source>>,
                T::Error: ::std::fmt::Display,
            {
                self.sources = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for sources: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<ChatResponse> for super::ChatResponse {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ChatResponse,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    chatlog_id: value.chatlog_id?,
                    id: value.id?,
                    response: value.response?,
                    sources: value.sources?,
                })
            }
        }
        impl ::std::convert::From<super::ChatResponse> for ChatResponse {
            fn from(value: super::ChatResponse) -> Self {
                Self {
                    chatlog_id: Ok(value.chatlog_id),
                    id: Ok(value.id),
                    response: Ok(value.response),
                    sources: Ok(value.sources),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct ChatStreamEvent {
            data: ::std::result::Result<::std::string::String, ::std::string::String>,
            event: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            id: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            retry: ::std::result::Result<
                ::std::option::Option<i64>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for ChatStreamEvent {
            fn default() -> Self {
                Self {
                    data: Err("no value supplied for data".to_string()),
                    event: Ok(Default::default()),
                    id: Ok(Default::default()),
                    retry: Ok(Default::default()),
                }
            }
        }
        impl ChatStreamEvent {
            pub fn data<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.data = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for data: {e}")
                    });
                self
            }
            pub fn event<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.event = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for event: {e}")
                    });
                self
            }
            pub fn id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.id = value
                    .try_into()
                    .map_err(|e| format!("error converting supplied value for id: {e}"));
                self
            }
            pub fn retry<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<i64>>,
                T::Error: ::std::fmt::Display,
            {
                self.retry = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for retry: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<ChatStreamEvent> for super::ChatStreamEvent {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ChatStreamEvent,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    data: value.data?,
                    event: value.event?,
                    id: value.id?,
                    retry: value.retry?,
                })
            }
        }
        impl ::std::convert::From<super::ChatStreamEvent> for ChatStreamEvent {
            fn from(value: super::ChatStreamEvent) -> Self {
                Self {
                    data: Ok(value.data),
                    event: Ok(value.event),
                    id: Ok(value.id),
                    retry: Ok(value.retry),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct Chatlog {
            ai_resolution_state: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            average_confidence: ::std::result::Result<
                ::std::option::Option<f64>,
                ::std::string::String,
            >,
            chatbot_id: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            country_code: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            created_at: ::std::result::Result<
                ::chrono::DateTime<::chrono::offset::Utc>,
                ::std::string::String,
            >,
            initial_page_url: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            messages: ::std::result::Result<
                ::std::vec::Vec<super::ChatlogExchange>,
                ::std::string::String,
            >,
            user_email: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            user_feedback: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            user_name: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            user_phone_number: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for Chatlog {
            fn default() -> Self {
                Self {
                    ai_resolution_state: Ok(Default::default()),
                    average_confidence: Ok(Default::default()),
                    chatbot_id: Err("no value supplied for chatbot_id".to_string()),
                    country_code: Ok(Default::default()),
                    created_at: Err("no value supplied for created_at".to_string()),
                    initial_page_url: Ok(Default::default()),
                    messages: Err("no value supplied for messages".to_string()),
                    user_email: Ok(Default::default()),
                    user_feedback: Ok(Default::default()),
                    user_name: Ok(Default::default()),
                    user_phone_number: Ok(Default::default()),
                }
            }
        }
        impl Chatlog {
            pub fn ai_resolution_state<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.ai_resolution_state = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for ai_resolution_state: {e}"
                        )
                    });
                self
            }
            pub fn average_confidence<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<f64>>,
                T::Error: ::std::fmt::Display,
            {
                self.average_confidence = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for average_confidence: {e}"
                        )
                    });
                self
            }
            pub fn chatbot_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.chatbot_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatbot_id: {e}")
                    });
                self
            }
            pub fn country_code<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.country_code = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for country_code: {e}")
                    });
                self
            }
            pub fn created_at<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::chrono::DateTime<::chrono::offset::Utc>>,
                T::Error: ::std::fmt::Display,
            {
                self.created_at = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for created_at: {e}")
                    });
                self
            }
            pub fn initial_page_url<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.initial_page_url = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for initial_page_url: {e}"
                        )
                    });
                self
            }
            pub fn messages<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::vec::Vec<super::ChatlogExchange>>,
                T::Error: ::std::fmt::Display,
            {
                self.messages = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for messages: {e}")
                    });
                self
            }
            pub fn user_email<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.user_email = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for user_email: {e}")
                    });
                self
            }
            pub fn user_feedback<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.user_feedback = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for user_feedback: {e}")
                    });
                self
            }
            pub fn user_name<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.user_name = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for user_name: {e}")
                    });
                self
            }
            pub fn user_phone_number<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.user_phone_number = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for user_phone_number: {e}"
                        )
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<Chatlog> for super::Chatlog {
            type Error = super::error::ConversionError;
            fn try_from(
                value: Chatlog,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    ai_resolution_state: value.ai_resolution_state?,
                    average_confidence: value.average_confidence?,
                    chatbot_id: value.chatbot_id?,
                    country_code: value.country_code?,
                    created_at: value.created_at?,
                    initial_page_url: value.initial_page_url?,
                    messages: value.messages?,
                    user_email: value.user_email?,
                    user_feedback: value.user_feedback?,
                    user_name: value.user_name?,
                    user_phone_number: value.user_phone_number?,
                })
            }
        }
        impl ::std::convert::From<super::Chatlog> for Chatlog {
            fn from(value: super::Chatlog) -> Self {
                Self {
                    ai_resolution_state: Ok(value.ai_resolution_state),
                    average_confidence: Ok(value.average_confidence),
                    chatbot_id: Ok(value.chatbot_id),
                    country_code: Ok(value.country_code),
                    created_at: Ok(value.created_at),
                    initial_page_url: Ok(value.initial_page_url),
                    messages: Ok(value.messages),
                    user_email: Ok(value.user_email),
                    user_feedback: Ok(value.user_feedback),
                    user_name: Ok(value.user_name),
                    user_phone_number: Ok(value.user_phone_number),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct ChatlogExchange {
            bot_message: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            created_at: ::std::result::Result<
                ::chrono::DateTime<::chrono::offset::Utc>,
                ::std::string::String,
            >,
            user_message: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for ChatlogExchange {
            fn default() -> Self {
                Self {
                    bot_message: Ok(Default::default()),
                    created_at: Err("no value supplied for created_at".to_string()),
                    user_message: Ok(Default::default()),
                }
            }
        }
        impl ChatlogExchange {
            pub fn bot_message<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.bot_message = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for bot_message: {e}")
                    });
                self
            }
            pub fn created_at<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::chrono::DateTime<::chrono::offset::Utc>>,
                T::Error: ::std::fmt::Display,
            {
                self.created_at = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for created_at: {e}")
                    });
                self
            }
            pub fn user_message<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.user_message = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for user_message: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<ChatlogExchange> for super::ChatlogExchange {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ChatlogExchange,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    bot_message: value.bot_message?,
                    created_at: value.created_at?,
                    user_message: value.user_message?,
                })
            }
        }
        impl ::std::convert::From<super::ChatlogExchange> for ChatlogExchange {
            fn from(value: super::ChatlogExchange) -> Self {
                Self {
                    bot_message: Ok(value.bot_message),
                    created_at: Ok(value.created_at),
                    user_message: Ok(value.user_message),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct ChatlogTagsRequest {
            api_key: ::std::result::Result<crate::ApiKey, ::std::string::String>,
            chatlog_id: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            tags: ::std::result::Result<
                ::std::vec::Vec<::std::string::String>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for ChatlogTagsRequest {
            fn default() -> Self {
                Self {
                    api_key: Err("no value supplied for api_key".to_string()),
                    chatlog_id: Err("no value supplied for chatlog_id".to_string()),
                    tags: Err("no value supplied for tags".to_string()),
                }
            }
        }
        impl ChatlogTagsRequest {
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
            pub fn chatlog_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.chatlog_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatlog_id: {e}")
                    });
                self
            }
            pub fn tags<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::vec::Vec<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.tags = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for tags: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<ChatlogTagsRequest> for super::ChatlogTagsRequest {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ChatlogTagsRequest,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    api_key: value.api_key?,
                    chatlog_id: value.chatlog_id?,
                    tags: value.tags?,
                })
            }
        }
        impl ::std::convert::From<super::ChatlogTagsRequest> for ChatlogTagsRequest {
            fn from(value: super::ChatlogTagsRequest) -> Self {
                Self {
                    api_key: Ok(value.api_key),
                    chatlog_id: Ok(value.chatlog_id),
                    tags: Ok(value.tags),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct DeletePagesRequest {
            api_key: ::std::result::Result<crate::ApiKey, ::std::string::String>,
            chatbot_id: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            urls: ::std::result::Result<super::PageUrls, ::std::string::String>,
        }
        impl ::std::default::Default for DeletePagesRequest {
            fn default() -> Self {
                Self {
                    api_key: Err("no value supplied for api_key".to_string()),
                    chatbot_id: Err("no value supplied for chatbot_id".to_string()),
                    urls: Err("no value supplied for urls".to_string()),
                }
            }
        }
        impl DeletePagesRequest {
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
            pub fn chatbot_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.chatbot_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatbot_id: {e}")
                    });
                self
            }
            pub fn urls<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::PageUrls>,
                T::Error: ::std::fmt::Display,
            {
                self.urls = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for urls: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<DeletePagesRequest> for super::DeletePagesRequest {
            type Error = super::error::ConversionError;
            fn try_from(
                value: DeletePagesRequest,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    api_key: value.api_key?,
                    chatbot_id: value.chatbot_id?,
                    urls: value.urls?,
                })
            }
        }
        impl ::std::convert::From<super::DeletePagesRequest> for DeletePagesRequest {
            fn from(value: super::DeletePagesRequest) -> Self {
                Self {
                    api_key: Ok(value.api_key),
                    chatbot_id: Ok(value.chatbot_id),
                    urls: Ok(value.urls),
                }
            }
        }
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
        pub struct ExportChatlogsRequest {
            api_key: ::std::result::Result<crate::ApiKey, ::std::string::String>,
            chatbot_id: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            end_date: ::std::result::Result<
                ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                ::std::string::String,
            >,
            start_date: ::std::result::Result<
                ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for ExportChatlogsRequest {
            fn default() -> Self {
                Self {
                    api_key: Err("no value supplied for api_key".to_string()),
                    chatbot_id: Ok(Default::default()),
                    end_date: Ok(Default::default()),
                    start_date: Ok(Default::default()),
                }
            }
        }
        impl ExportChatlogsRequest {
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
            pub fn chatbot_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.chatbot_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatbot_id: {e}")
                    });
                self
            }
            pub fn end_date<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.end_date = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for end_date: {e}")
                    });
                self
            }
            pub fn start_date<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.start_date = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for start_date: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<ExportChatlogsRequest>
        for super::ExportChatlogsRequest {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ExportChatlogsRequest,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    api_key: value.api_key?,
                    chatbot_id: value.chatbot_id?,
                    end_date: value.end_date?,
                    start_date: value.start_date?,
                })
            }
        }
        impl ::std::convert::From<super::ExportChatlogsRequest>
        for ExportChatlogsRequest {
            fn from(value: super::ExportChatlogsRequest) -> Self {
                Self {
                    api_key: Ok(value.api_key),
                    chatbot_id: Ok(value.chatbot_id),
                    end_date: Ok(value.end_date),
                    start_date: Ok(value.start_date),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct ExportChatlogsResponse {
            chatlogs: ::std::result::Result<
                ::std::vec::Vec<super::Chatlog>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for ExportChatlogsResponse {
            fn default() -> Self {
                Self {
                    chatlogs: Err("no value supplied for chatlogs".to_string()),
                }
            }
        }
        impl ExportChatlogsResponse {
            pub fn chatlogs<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::vec::Vec<super::Chatlog>>,
                T::Error: ::std::fmt::Display,
            {
                self.chatlogs = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatlogs: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<ExportChatlogsResponse>
        for super::ExportChatlogsResponse {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ExportChatlogsResponse,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self { chatlogs: value.chatlogs? })
            }
        }
        impl ::std::convert::From<super::ExportChatlogsResponse>
        for ExportChatlogsResponse {
            fn from(value: super::ExportChatlogsResponse) -> Self {
                Self {
                    chatlogs: Ok(value.chatlogs),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct GetMessagesRequest {
            api_key: ::std::result::Result<crate::ApiKey, ::std::string::String>,
            chatlog_id: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for GetMessagesRequest {
            fn default() -> Self {
                Self {
                    api_key: Err("no value supplied for api_key".to_string()),
                    chatlog_id: Err("no value supplied for chatlog_id".to_string()),
                }
            }
        }
        impl GetMessagesRequest {
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
            pub fn chatlog_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.chatlog_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatlog_id: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<GetMessagesRequest> for super::GetMessagesRequest {
            type Error = super::error::ConversionError;
            fn try_from(
                value: GetMessagesRequest,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    api_key: value.api_key?,
                    chatlog_id: value.chatlog_id?,
                })
            }
        }
        impl ::std::convert::From<super::GetMessagesRequest> for GetMessagesRequest {
            fn from(value: super::GetMessagesRequest) -> Self {
                Self {
                    api_key: Ok(value.api_key),
                    chatlog_id: Ok(value.chatlog_id),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct GetMessagesResponse {
            messages: ::std::result::Result<
                ::std::vec::Vec<super::Message>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for GetMessagesResponse {
            fn default() -> Self {
                Self {
                    messages: Err("no value supplied for messages".to_string()),
                }
            }
        }
        impl GetMessagesResponse {
            pub fn messages<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::vec::Vec<super::Message>>,
                T::Error: ::std::fmt::Display,
            {
                self.messages = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for messages: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<GetMessagesResponse>
        for super::GetMessagesResponse {
            type Error = super::error::ConversionError;
            fn try_from(
                value: GetMessagesResponse,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self { messages: value.messages? })
            }
        }
        impl ::std::convert::From<super::GetMessagesResponse> for GetMessagesResponse {
            fn from(value: super::GetMessagesResponse) -> Self {
                Self {
                    messages: Ok(value.messages),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct LiveChatInitiated {
            chatbot_id: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            chatbot_name: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            chatlog_id: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            email: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            name: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            phone_number: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            user_message: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for LiveChatInitiated {
            fn default() -> Self {
                Self {
                    chatbot_id: Err("no value supplied for chatbot_id".to_string()),
                    chatbot_name: Ok(Default::default()),
                    chatlog_id: Err("no value supplied for chatlog_id".to_string()),
                    email: Ok(Default::default()),
                    name: Ok(Default::default()),
                    phone_number: Ok(Default::default()),
                    user_message: Ok(Default::default()),
                }
            }
        }
        impl LiveChatInitiated {
            pub fn chatbot_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.chatbot_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatbot_id: {e}")
                    });
                self
            }
            pub fn chatbot_name<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.chatbot_name = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatbot_name: {e}")
                    });
                self
            }
            pub fn chatlog_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.chatlog_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for chatlog_id: {e}")
                    });
                self
            }
            pub fn email<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.email = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for email: {e}")
                    });
                self
            }
            pub fn name<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.name = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for name: {e}")
                    });
                self
            }
            pub fn phone_number<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.phone_number = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for phone_number: {e}")
                    });
                self
            }
            pub fn user_message<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.user_message = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for user_message: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<LiveChatInitiated> for super::LiveChatInitiated {
            type Error = super::error::ConversionError;
            fn try_from(
                value: LiveChatInitiated,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    chatbot_id: value.chatbot_id?,
                    chatbot_name: value.chatbot_name?,
                    chatlog_id: value.chatlog_id?,
                    email: value.email?,
                    name: value.name?,
                    phone_number: value.phone_number?,
                    user_message: value.user_message?,
                })
            }
        }
        impl ::std::convert::From<super::LiveChatInitiated> for LiveChatInitiated {
            fn from(value: super::LiveChatInitiated) -> Self {
                Self {
                    chatbot_id: Ok(value.chatbot_id),
                    chatbot_name: Ok(value.chatbot_name),
                    chatlog_id: Ok(value.chatlog_id),
                    email: Ok(value.email),
                    name: Ok(value.name),
                    phone_number: Ok(value.phone_number),
                    user_message: Ok(value.user_message),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct LiveChatInitiatedEvent {
            data: ::std::result::Result<super::LiveChatInitiated, ::std::string::String>,
            event: ::std::result::Result<::std::string::String, ::std::string::String>,
            timestamp: ::std::result::Result<
                ::chrono::DateTime<::chrono::offset::Utc>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for LiveChatInitiatedEvent {
            fn default() -> Self {
                Self {
                    data: Err("no value supplied for data".to_string()),
                    event: Err("no value supplied for event".to_string()),
                    timestamp: Err("no value supplied for timestamp".to_string()),
                }
            }
        }
        impl LiveChatInitiatedEvent {
            pub fn data<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::LiveChatInitiated>,
                T::Error: ::std::fmt::Display,
            {
                self.data = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for data: {e}")
                    });
                self
            }
            pub fn event<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.event = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for event: {e}")
                    });
                self
            }
            pub fn timestamp<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::chrono::DateTime<::chrono::offset::Utc>>,
                T::Error: ::std::fmt::Display,
            {
                self.timestamp = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for timestamp: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<LiveChatInitiatedEvent>
        for super::LiveChatInitiatedEvent {
            type Error = super::error::ConversionError;
            fn try_from(
                value: LiveChatInitiatedEvent,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    data: value.data?,
                    event: value.event?,
                    timestamp: value.timestamp?,
                })
            }
        }
        impl ::std::convert::From<super::LiveChatInitiatedEvent>
        for LiveChatInitiatedEvent {
            fn from(value: super::LiveChatInitiatedEvent) -> Self {
                Self {
                    data: Ok(value.data),
                    event: Ok(value.event),
                    timestamp: Ok(value.timestamp),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct Message {
            content: ::std::result::Result<::std::string::String, ::std::string::String>,
            created_at: ::std::result::Result<
                ::chrono::DateTime<::chrono::offset::Utc>,
                ::std::string::String,
            >,
            type_: ::std::result::Result<::std::string::String, ::std::string::String>,
        }
        impl ::std::default::Default for Message {
            fn default() -> Self {
                Self {
                    content: Err("no value supplied for content".to_string()),
                    created_at: Err("no value supplied for created_at".to_string()),
                    type_: Err("no value supplied for type_".to_string()),
                }
            }
        }
        impl Message {
            pub fn content<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.content = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for content: {e}")
                    });
                self
            }
            pub fn created_at<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::chrono::DateTime<::chrono::offset::Utc>>,
                T::Error: ::std::fmt::Display,
            {
                self.created_at = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for created_at: {e}")
                    });
                self
            }
            pub fn type_<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.type_ = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for type_: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<Message> for super::Message {
            type Error = super::error::ConversionError;
            fn try_from(
                value: Message,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    content: value.content?,
                    created_at: value.created_at?,
                    type_: value.type_?,
                })
            }
        }
        impl ::std::convert::From<super::Message> for Message {
            fn from(value: super::Message) -> Self {
                Self {
                    content: Ok(value.content),
                    created_at: Ok(value.created_at),
                    type_: Ok(value.type_),
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
        pub struct Source {
            title: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            url: ::std::result::Result<::std::string::String, ::std::string::String>,
        }
        impl ::std::default::Default for Source {
            fn default() -> Self {
                Self {
                    title: Ok(Default::default()),
                    url: Err("no value supplied for url".to_string()),
                }
            }
        }
        impl Source {
            pub fn title<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.title = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for title: {e}")
                    });
                self
            }
            pub fn url<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.url = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for url: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<Source> for super::Source {
            type Error = super::error::ConversionError;
            fn try_from(
                value: Source,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    title: value.title?,
                    url: value.url?,
                })
            }
        }
        impl ::std::convert::From<super::Source> for Source {
            fn from(value: super::Source) -> Self {
                Self {
                    title: Ok(value.title),
                    url: Ok(value.url),
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
                ::std::option::Option<super::UpdateMessageFeedbackRequestUserComment>,
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
                T: ::std::convert::TryInto<
                    ::std::option::Option<super::UpdateMessageFeedbackRequestUserComment>,
                >,
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
            message: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
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
                    message: Ok(Default::default()),
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
            pub fn message<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.message = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for message: {e}")
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
                    message: value.message?,
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
                    message: Ok(value.message),
                    message_feedback: Ok(value.message_feedback),
                    status: Ok(value.status),
                    was_updated: Ok(value.was_updated),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct WebhookEvent {
            data: ::std::result::Result<
                ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                ::std::string::String,
            >,
            event: ::std::result::Result<::std::string::String, ::std::string::String>,
            timestamp: ::std::result::Result<
                ::chrono::DateTime<::chrono::offset::Utc>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for WebhookEvent {
            fn default() -> Self {
                Self {
                    data: Err("no value supplied for data".to_string()),
                    event: Err("no value supplied for event".to_string()),
                    timestamp: Err("no value supplied for timestamp".to_string()),
                }
            }
        }
        impl WebhookEvent {
            pub fn data<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.data = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for data: {e}")
                    });
                self
            }
            pub fn event<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.event = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for event: {e}")
                    });
                self
            }
            pub fn timestamp<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::chrono::DateTime<::chrono::offset::Utc>>,
                T::Error: ::std::fmt::Display,
            {
                self.timestamp = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for timestamp: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<WebhookEvent> for super::WebhookEvent {
            type Error = super::error::ConversionError;
            fn try_from(
                value: WebhookEvent,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    data: value.data?,
                    event: value.event?,
                    timestamp: value.timestamp?,
                })
            }
        }
        impl ::std::convert::From<super::WebhookEvent> for WebhookEvent {
            fn from(value: super::WebhookEvent) -> Self {
                Self {
                    data: Ok(value.data),
                    event: Ok(value.event),
                    timestamp: Ok(value.timestamp),
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
/**Client for Wonderchat API

Ask a Wonderchat chatbot, record feedback on its answers, keep its
knowledge base, and read and tag its conversations (chatlogs).

This document is hand-written by the wonderchat-rs project from Wonderchat's
public API reference. Requests, successful answers and their fields follow
that reference. Everything it does not document is **an assumption of this
project**, marked where it appears with `x-assumption: true` and a sentence
in the description: the error statuses, the `ErrorResponse` body shape,
`Retry-After`, the answers of the four operations the reference gives no
body for, and the event catalogue of a streamed chat answer. Clients must
tolerate other error bodies and statuses, ignore response fields they do
not know, and accept enum values they do not know in answers.

The API key travels in the JSON body (`apiKey`), not in a header, so no
OpenAPI security scheme describes it. Send it over HTTPS only. `/chat`
does not require it.

`x-idempotent` on each operation says whether sending it twice leaves the
same state: such operations may be retried on timeouts, 429 and 5xx;
`chat` (each call creates an answer) only when the server provably did not
process it (no connection, 429). `x-resource` names what the operation
is about (`message`, `chatlog` or `chatbot`): what its 404 means when the
answer does not name a field.


Version: 2.0.0*/
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
        "2.0.0"
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
    /**Ask a chatbot a question

Sends one question to a chatbot and returns its answer. Without
`chatlogId` a new conversation (chatlog) starts and the answer carries
its id; with it, the question continues that conversation. The
answer's `id` is the id of the answer message, which
`updateMessageFeedback` takes as `messageId`.

With `stream: true` the answer comes as server-sent events
(`text/event-stream`), to be read with `fetch()` (a POST, so a
browser's `EventSource` cannot). The reference defines named events
but their names and shapes are not in the material this document is
written from: the catalogue below is **this project's assumption**
(x-assumption), the one the bundled mock sends. Clients must read any
event without failing and keep unknown ones.

Each call creates an answer: it is not safe to repeat blindly.


Sends a `POST` request to `/api/v1/chat`

```ignore
let response = client.chat()
    .body(body)
    .send()
    .await;
```*/
    pub fn chat(&self) -> builder::Chat<'_> {
        builder::Chat::new(self)
    }
    /**Set the feedback on one message

Marks one chatbot message as helpful or not helpful (thumbs up or thumbs
down), optionally with the user's comment. Sending feedback for a
message that already has some replaces it, and the answer says so in
`wasUpdated`. The `messageId` is the `id` of a `chat` answer.


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
    /**Add pages to a chatbot's knowledge base

Adds web pages (by URL) to the chatbot's knowledge base. `sessionCookie`
lets Wonderchat crawl pages behind a login: it is a secret, like the key.
Adding a page the chatbot already has changes nothing (assumed), so the
call is safe to repeat. The answer's body is not documented (x-assumption).


Sends a `POST` request to `/api/v1/add-pages`

```ignore
let response = client.add_pages()
    .body(body)
    .send()
    .await;
```*/
    pub fn add_pages(&self) -> builder::AddPages<'_> {
        builder::AddPages::new(self)
    }
    /**Remove pages from a chatbot's knowledge base

Removes web pages (by URL) from the chatbot's knowledge base. Removing a
page it does not have changes nothing (assumed). The answer's body is not
documented (x-assumption).


Sends a `POST` request to `/api/v1/delete-pages`

```ignore
let response = client.delete_pages()
    .body(body)
    .send()
    .await;
```*/
    pub fn delete_pages(&self) -> builder::DeletePages<'_> {
        builder::DeletePages::new(self)
    }
    /**Export chatlogs

Returns the chatlogs of one chatbot (or of every chatbot of the account
when `chatbotId` is left out) created between `startDate` and `endDate`.
Assumed (x-assumption): both bounds are inclusive, on the chatlog's
`createdAt`, and a bound left out means no bound.


Sends a `POST` request to `/api/v1/export-chatlogs`

```ignore
let response = client.export_chatlogs()
    .body(body)
    .send()
    .await;
```*/
    pub fn export_chatlogs(&self) -> builder::ExportChatlogs<'_> {
        builder::ExportChatlogs::new(self)
    }
    /**Tag a chatlog

Adds free-form tags to a chatlog (for example a department, a priority
or a status). Adding a tag it already has changes nothing (assumed: tags
are a set). The answer's body is not documented (x-assumption).


Sends a `POST` request to `/api/v1/add-tags-to-chatlog`

```ignore
let response = client.add_tags_to_chatlog()
    .body(body)
    .send()
    .await;
```*/
    pub fn add_tags_to_chatlog(&self) -> builder::AddTagsToChatlog<'_> {
        builder::AddTagsToChatlog::new(self)
    }
    /**Remove tags from a chatlog

Removes tags from a chatlog. Removing a tag it does not have changes
nothing (assumed). The answer's body is not documented (x-assumption).


Sends a `POST` request to `/api/v1/delete-tags-from-chatlog`

```ignore
let response = client.delete_tags_from_chatlog()
    .body(body)
    .send()
    .await;
```*/
    pub fn delete_tags_from_chatlog(&self) -> builder::DeleteTagsFromChatlog<'_> {
        builder::DeleteTagsFromChatlog::new(self)
    }
    /**Read a chatlog's messages

Returns every message of one chatlog (no pagination), oldest first. No
message ids are returned.


Sends a `POST` request to `/api/v1/messages`

```ignore
let response = client.get_messages()
    .body(body)
    .send()
    .await;
```*/
    pub fn get_messages(&self) -> builder::GetMessages<'_> {
        builder::GetMessages::new(self)
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
    /**Builder for [`Client::chat`]

[`Client::chat`]: super::Client::chat*/
    #[derive(Debug, Clone)]
    pub struct Chat<'a> {
        client: &'a super::Client,
        body: Result<types::builder::ChatRequest, String>,
    }
    impl<'a> Chat<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::ChatRequest>,
            <V as std::convert::TryInto<types::ChatRequest>>::Error: std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|s| {
                    format!("conversion to `ChatRequest` for body failed: {}", s)
                });
            self
        }
        pub fn body_map<F>(mut self, f: F) -> Self
        where
            F: std::ops::FnOnce(
                types::builder::ChatRequest,
            ) -> types::builder::ChatRequest,
        {
            self.body = self.body.map(f);
            self
        }
        ///Sends a `POST` request to `/api/v1/chat`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<types::ChatResponse>, Error<types::ErrorResponse>> {
            let Self { client, body } = self;
            let body = body
                .and_then(|v| types::ChatRequest::try_from(v).map_err(|e| e.to_string()))
                .map_err(Error::InvalidRequest)?;
            let url = format!("{}/api/v1/chat", client.baseurl,);
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
                operation_id: "chat",
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
    /**Builder for [`Client::add_pages`]

[`Client::add_pages`]: super::Client::add_pages*/
    #[derive(Debug, Clone)]
    pub struct AddPages<'a> {
        client: &'a super::Client,
        body: Result<types::builder::AddPagesRequest, String>,
    }
    impl<'a> AddPages<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::AddPagesRequest>,
            <V as std::convert::TryInto<
                types::AddPagesRequest,
            >>::Error: std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|s| {
                    format!("conversion to `AddPagesRequest` for body failed: {}", s)
                });
            self
        }
        pub fn body_map<F>(mut self, f: F) -> Self
        where
            F: std::ops::FnOnce(
                types::builder::AddPagesRequest,
            ) -> types::builder::AddPagesRequest,
        {
            self.body = self.body.map(f);
            self
        }
        ///Sends a `POST` request to `/api/v1/add-pages`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<::serde_json::Map<::std::string::String, ::serde_json::Value>>,
            Error<types::ErrorResponse>,
        > {
            let Self { client, body } = self;
            let body = body
                .and_then(|v| {
                    types::AddPagesRequest::try_from(v).map_err(|e| e.to_string())
                })
                .map_err(Error::InvalidRequest)?;
            let url = format!("{}/api/v1/add-pages", client.baseurl,);
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
                operation_id: "add_pages",
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
    /**Builder for [`Client::delete_pages`]

[`Client::delete_pages`]: super::Client::delete_pages*/
    #[derive(Debug, Clone)]
    pub struct DeletePages<'a> {
        client: &'a super::Client,
        body: Result<types::builder::DeletePagesRequest, String>,
    }
    impl<'a> DeletePages<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::DeletePagesRequest>,
            <V as std::convert::TryInto<
                types::DeletePagesRequest,
            >>::Error: std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|s| {
                    format!("conversion to `DeletePagesRequest` for body failed: {}", s)
                });
            self
        }
        pub fn body_map<F>(mut self, f: F) -> Self
        where
            F: std::ops::FnOnce(
                types::builder::DeletePagesRequest,
            ) -> types::builder::DeletePagesRequest,
        {
            self.body = self.body.map(f);
            self
        }
        ///Sends a `POST` request to `/api/v1/delete-pages`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<::serde_json::Map<::std::string::String, ::serde_json::Value>>,
            Error<types::ErrorResponse>,
        > {
            let Self { client, body } = self;
            let body = body
                .and_then(|v| {
                    types::DeletePagesRequest::try_from(v).map_err(|e| e.to_string())
                })
                .map_err(Error::InvalidRequest)?;
            let url = format!("{}/api/v1/delete-pages", client.baseurl,);
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
                operation_id: "delete_pages",
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
    /**Builder for [`Client::export_chatlogs`]

[`Client::export_chatlogs`]: super::Client::export_chatlogs*/
    #[derive(Debug, Clone)]
    pub struct ExportChatlogs<'a> {
        client: &'a super::Client,
        body: Result<types::builder::ExportChatlogsRequest, String>,
    }
    impl<'a> ExportChatlogs<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::ExportChatlogsRequest>,
            <V as std::convert::TryInto<
                types::ExportChatlogsRequest,
            >>::Error: std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|s| {
                    format!(
                        "conversion to `ExportChatlogsRequest` for body failed: {}", s
                    )
                });
            self
        }
        pub fn body_map<F>(mut self, f: F) -> Self
        where
            F: std::ops::FnOnce(
                types::builder::ExportChatlogsRequest,
            ) -> types::builder::ExportChatlogsRequest,
        {
            self.body = self.body.map(f);
            self
        }
        ///Sends a `POST` request to `/api/v1/export-chatlogs`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<types::ExportChatlogsResponse>,
            Error<types::ErrorResponse>,
        > {
            let Self { client, body } = self;
            let body = body
                .and_then(|v| {
                    types::ExportChatlogsRequest::try_from(v).map_err(|e| e.to_string())
                })
                .map_err(Error::InvalidRequest)?;
            let url = format!("{}/api/v1/export-chatlogs", client.baseurl,);
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
                operation_id: "export_chatlogs",
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
    /**Builder for [`Client::add_tags_to_chatlog`]

[`Client::add_tags_to_chatlog`]: super::Client::add_tags_to_chatlog*/
    #[derive(Debug, Clone)]
    pub struct AddTagsToChatlog<'a> {
        client: &'a super::Client,
        body: Result<types::builder::ChatlogTagsRequest, String>,
    }
    impl<'a> AddTagsToChatlog<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::ChatlogTagsRequest>,
            <V as std::convert::TryInto<
                types::ChatlogTagsRequest,
            >>::Error: std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|s| {
                    format!("conversion to `ChatlogTagsRequest` for body failed: {}", s)
                });
            self
        }
        pub fn body_map<F>(mut self, f: F) -> Self
        where
            F: std::ops::FnOnce(
                types::builder::ChatlogTagsRequest,
            ) -> types::builder::ChatlogTagsRequest,
        {
            self.body = self.body.map(f);
            self
        }
        ///Sends a `POST` request to `/api/v1/add-tags-to-chatlog`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<::serde_json::Map<::std::string::String, ::serde_json::Value>>,
            Error<types::ErrorResponse>,
        > {
            let Self { client, body } = self;
            let body = body
                .and_then(|v| {
                    types::ChatlogTagsRequest::try_from(v).map_err(|e| e.to_string())
                })
                .map_err(Error::InvalidRequest)?;
            let url = format!("{}/api/v1/add-tags-to-chatlog", client.baseurl,);
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
                operation_id: "add_tags_to_chatlog",
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
    /**Builder for [`Client::delete_tags_from_chatlog`]

[`Client::delete_tags_from_chatlog`]: super::Client::delete_tags_from_chatlog*/
    #[derive(Debug, Clone)]
    pub struct DeleteTagsFromChatlog<'a> {
        client: &'a super::Client,
        body: Result<types::builder::ChatlogTagsRequest, String>,
    }
    impl<'a> DeleteTagsFromChatlog<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::ChatlogTagsRequest>,
            <V as std::convert::TryInto<
                types::ChatlogTagsRequest,
            >>::Error: std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|s| {
                    format!("conversion to `ChatlogTagsRequest` for body failed: {}", s)
                });
            self
        }
        pub fn body_map<F>(mut self, f: F) -> Self
        where
            F: std::ops::FnOnce(
                types::builder::ChatlogTagsRequest,
            ) -> types::builder::ChatlogTagsRequest,
        {
            self.body = self.body.map(f);
            self
        }
        ///Sends a `POST` request to `/api/v1/delete-tags-from-chatlog`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<::serde_json::Map<::std::string::String, ::serde_json::Value>>,
            Error<types::ErrorResponse>,
        > {
            let Self { client, body } = self;
            let body = body
                .and_then(|v| {
                    types::ChatlogTagsRequest::try_from(v).map_err(|e| e.to_string())
                })
                .map_err(Error::InvalidRequest)?;
            let url = format!("{}/api/v1/delete-tags-from-chatlog", client.baseurl,);
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
                operation_id: "delete_tags_from_chatlog",
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
    /**Builder for [`Client::get_messages`]

[`Client::get_messages`]: super::Client::get_messages*/
    #[derive(Debug, Clone)]
    pub struct GetMessages<'a> {
        client: &'a super::Client,
        body: Result<types::builder::GetMessagesRequest, String>,
    }
    impl<'a> GetMessages<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::GetMessagesRequest>,
            <V as std::convert::TryInto<
                types::GetMessagesRequest,
            >>::Error: std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|s| {
                    format!("conversion to `GetMessagesRequest` for body failed: {}", s)
                });
            self
        }
        pub fn body_map<F>(mut self, f: F) -> Self
        where
            F: std::ops::FnOnce(
                types::builder::GetMessagesRequest,
            ) -> types::builder::GetMessagesRequest,
        {
            self.body = self.body.map(f);
            self
        }
        ///Sends a `POST` request to `/api/v1/messages`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<types::GetMessagesResponse>,
            Error<types::ErrorResponse>,
        > {
            let Self { client, body } = self;
            let body = body
                .and_then(|v| {
                    types::GetMessagesRequest::try_from(v).map_err(|e| e.to_string())
                })
                .map_err(Error::InvalidRequest)?;
            let url = format!("{}/api/v1/messages", client.baseurl,);
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
                operation_id: "get_messages",
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
/// Every operation of the spec, in its order, with what the generated
/// client does not expose.
pub mod operations {
    /// One operation of the spec.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct Operation {
        /// Which one (for an exhaustive `match`).
        pub operation: OperationId,
        /// The `operationId`.
        pub id: &'static str,
        /// The path, relative to the base URL.
        pub path: &'static str,
        /// `x-idempotent`: whether sending it twice leaves the same state.
        pub idempotent: bool,
        /// `x-resource`: what it is about.
        pub resource: Resource,
        /// The request body's required fields, but `apiKey`.
        pub required: &'static [&'static str],
        /// All the request body's fields, but `apiKey`, in the spec's order.
        pub fields: &'static [&'static str],
    }
    /// The operations of the spec, by name: a `match` on it does not
    /// build until a new operation of the spec is handled.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum OperationId {
        ///`chat`.
        Chat,
        ///`updateMessageFeedback`.
        UpdateMessageFeedback,
        ///`addPages`.
        AddPages,
        ///`deletePages`.
        DeletePages,
        ///`exportChatlogs`.
        ExportChatlogs,
        ///`addTagsToChatlog`.
        AddTagsToChatlog,
        ///`deleteTagsFromChatlog`.
        DeleteTagsFromChatlog,
        ///`getMessages`.
        GetMessages,
    }
    impl OperationId {
        /// Every operation, in the spec's order.
        pub const ALL: [OperationId; 8usize] = [
            OperationId::Chat,
            OperationId::UpdateMessageFeedback,
            OperationId::AddPages,
            OperationId::DeletePages,
            OperationId::ExportChatlogs,
            OperationId::AddTagsToChatlog,
            OperationId::DeleteTagsFromChatlog,
            OperationId::GetMessages,
        ];
        /// Its entry of the table.
        pub const fn operation(self) -> Operation {
            match self {
                OperationId::Chat => CHAT,
                OperationId::UpdateMessageFeedback => UPDATE_MESSAGE_FEEDBACK,
                OperationId::AddPages => ADD_PAGES,
                OperationId::DeletePages => DELETE_PAGES,
                OperationId::ExportChatlogs => EXPORT_CHATLOGS,
                OperationId::AddTagsToChatlog => ADD_TAGS_TO_CHATLOG,
                OperationId::DeleteTagsFromChatlog => DELETE_TAGS_FROM_CHATLOG,
                OperationId::GetMessages => GET_MESSAGES,
            }
        }
    }
    /// What an operation is about (the spec's `x-resource` values):
    /// what a 404 did not find.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum Resource {
        ///`x-resource: chatbot`.
        Chatbot,
        ///`x-resource: message`.
        Message,
        ///`x-resource: chatlog`.
        Chatlog,
    }
    impl Resource {
        /// The spec's name of it (`chatlog`).
        pub const fn as_str(self) -> &'static str {
            match self {
                Resource::Chatbot => "chatbot",
                Resource::Message => "message",
                Resource::Chatlog => "chatlog",
            }
        }
    }
    impl ::std::fmt::Display for Resource {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.pad(self.as_str())
        }
    }
    ///`chat`: `POST /api/v1/chat`.
    pub const CHAT: Operation = Operation {
        operation: OperationId::Chat,
        id: "chat",
        path: "/api/v1/chat",
        idempotent: false,
        resource: Resource::Chatbot,
        required: &["chatbotId", "question"],
        fields: &[
            "chatbotId",
            "question",
            "chatlogId",
            "context",
            "contextUrl",
            "stream",
        ],
    };
    ///`updateMessageFeedback`: `POST /api/v1/update-message-feedback`.
    pub const UPDATE_MESSAGE_FEEDBACK: Operation = Operation {
        operation: OperationId::UpdateMessageFeedback,
        id: "updateMessageFeedback",
        path: "/api/v1/update-message-feedback",
        idempotent: true,
        resource: Resource::Message,
        required: &["messageId", "feedback"],
        fields: &["messageId", "feedback", "userComment"],
    };
    ///`addPages`: `POST /api/v1/add-pages`.
    pub const ADD_PAGES: Operation = Operation {
        operation: OperationId::AddPages,
        id: "addPages",
        path: "/api/v1/add-pages",
        idempotent: true,
        resource: Resource::Chatbot,
        required: &["chatbotId", "urls"],
        fields: &["chatbotId", "urls", "sessionCookie"],
    };
    ///`deletePages`: `POST /api/v1/delete-pages`.
    pub const DELETE_PAGES: Operation = Operation {
        operation: OperationId::DeletePages,
        id: "deletePages",
        path: "/api/v1/delete-pages",
        idempotent: true,
        resource: Resource::Chatbot,
        required: &["chatbotId", "urls"],
        fields: &["chatbotId", "urls"],
    };
    ///`exportChatlogs`: `POST /api/v1/export-chatlogs`.
    pub const EXPORT_CHATLOGS: Operation = Operation {
        operation: OperationId::ExportChatlogs,
        id: "exportChatlogs",
        path: "/api/v1/export-chatlogs",
        idempotent: true,
        resource: Resource::Chatbot,
        required: &[],
        fields: &["chatbotId", "startDate", "endDate"],
    };
    ///`addTagsToChatlog`: `POST /api/v1/add-tags-to-chatlog`.
    pub const ADD_TAGS_TO_CHATLOG: Operation = Operation {
        operation: OperationId::AddTagsToChatlog,
        id: "addTagsToChatlog",
        path: "/api/v1/add-tags-to-chatlog",
        idempotent: true,
        resource: Resource::Chatlog,
        required: &["chatlogId", "tags"],
        fields: &["chatlogId", "tags"],
    };
    ///`deleteTagsFromChatlog`: `POST /api/v1/delete-tags-from-chatlog`.
    pub const DELETE_TAGS_FROM_CHATLOG: Operation = Operation {
        operation: OperationId::DeleteTagsFromChatlog,
        id: "deleteTagsFromChatlog",
        path: "/api/v1/delete-tags-from-chatlog",
        idempotent: true,
        resource: Resource::Chatlog,
        required: &["chatlogId", "tags"],
        fields: &["chatlogId", "tags"],
    };
    ///`getMessages`: `POST /api/v1/messages`.
    pub const GET_MESSAGES: Operation = Operation {
        operation: OperationId::GetMessages,
        id: "getMessages",
        path: "/api/v1/messages",
        idempotent: true,
        resource: Resource::Chatlog,
        required: &["chatlogId"],
        fields: &["chatlogId"],
    };
    /// All of them.
    pub const ALL: &[Operation] = &[
        CHAT,
        UPDATE_MESSAGE_FEEDBACK,
        ADD_PAGES,
        DELETE_PAGES,
        EXPORT_CHATLOGS,
        ADD_TAGS_TO_CHATLOG,
        DELETE_TAGS_FROM_CHATLOG,
        GET_MESSAGES,
    ];
}
