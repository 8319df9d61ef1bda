//! `wonderchat feedback`: one update, printed as a summary or as JSON.

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::plumbing::connect::{Usage, connect};

use clap::Args;
use wonderchat::Feedback;

/// `wonderchat feedback`.
#[derive(Debug, Args)]
pub(crate) struct FeedbackArgs {
    /// The id of the chatbot message.
    pub message_id: String,

    /// The feedback: helpful or not-helpful (HELPFUL and NOT_HELPFUL work too).
    #[arg(value_parser = feedback_parser(), ignore_case = true)]
    pub feedback: Feedback,

    /// The user's comment.
    #[arg(long)]
    pub comment: Option<String>,
}

/// Feedback values, with the spellings shells complete (`helpful`,
/// `not-helpful`) and the others `Feedback` accepts, in any case.
fn feedback_parser() -> impl clap::builder::TypedValueParser<Value = Feedback> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new([
        PossibleValue::new("helpful").alias("HELPFUL"),
        PossibleValue::new("not-helpful").aliases(["NOT_HELPFUL", "not_helpful"]),
    ])
    .map(|text| text.parse::<Feedback>().unwrap_or(Feedback::Helpful))
}

/// Sends the update and prints the outcome.
pub(crate) async fn run(global: &GlobalArgs, args: FeedbackArgs) -> Result<(), CliError> {
    let target = connect(global, Usage::Interactive).await?;
    let mut request = target
        .client
        .update_message_feedback(&args.message_id, args.feedback);
    if let Some(comment) = args.comment {
        request = request.comment(comment);
    }
    let update = request.send().await?;
    let text = if global.json {
        // A stable shape: the update's fields and the message id.
        let mut value = serde_json::to_value(&update)
            .map_err(|e| CliError::Failed(format!("cannot print the answer as JSON: {e}")))?;
        value["messageId"] = serde_json::Value::String(args.message_id.clone());
        value["submittedAt"] = serde_json::Value::String(
            update
                .submitted_at
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        );
        format!("{}\n", crate::plumbing::output::json(&value)?)
    } else {
        let what = if update.was_updated {
            "replaced the earlier feedback"
        } else {
            "first feedback on this message"
        };
        let mut text = format!(
            "{} feedback recorded on message {} ({what})\n  feedback id   {}\n  submitted at  {}\n",
            wonderchat::printable(&update.feedback.to_string()),
            wonderchat::printable(&args.message_id),
            wonderchat::printable(&update.feedback_id),
            update
                .submitted_at
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        );
        if update.attempts > 1 {
            text.push_str(&format!("  attempts      {}\n", update.attempts));
        }
        text
    };
    crate::plumbing::output::write_stdout(&text)
}
