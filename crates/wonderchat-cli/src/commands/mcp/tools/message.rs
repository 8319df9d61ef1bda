//! The operations about a message (`x-resource: message`): `rate_answer`.

use wonderchat::low_level::{operations, types};

use super::{Done, Input, Tool, api, schema_of};

/// `rate_answer`: feedback on one answer.
pub(super) const RATE: Tool = Tool {
    name: "rate_answer",
    title: "Rate a chatbot answer",
    description: "Rates one answer by the messageId ask_chatbot returned; again replaces \
                  it. Past conversations' answers cannot be rated: exports and \
                  get_conversation carry no message ids.",
    operation: operations::UPDATE_MESSAGE_FEEDBACK,
    read_only: false,
    destructive: false,
    input: Input::Body {
        component: "UpdateMessageFeedbackRequest",
        schema: schema_of::<types::UpdateMessageFeedbackRequest>,
        extra: Vec::new,
        required: &[],
    },
    output: schema_of::<wonderchat::FeedbackUpdate>,
    run: |inner, arguments, _| {
        Box::pin(async move {
            let request: types::UpdateMessageFeedbackRequest = arguments.body(true)?;
            let mut call = inner
                .client
                .update_message_feedback(String::from(request.message_id), request.feedback.into());
            if let Some(comment) = request.user_comment {
                call = call.comment(String::from(comment));
            }
            let update = call.send().await.map_err(api)?;
            let summary = format!(
                "Recorded {} on message {}{}.",
                update.feedback,
                update.message_id,
                if update.was_updated {
                    ", replacing earlier feedback"
                } else {
                    ""
                }
            );
            Done::of(&update, summary, "")
        })
    },
};

/// This file's tools.
pub(super) const TOOLS: &[&Tool] = &[&RATE];
