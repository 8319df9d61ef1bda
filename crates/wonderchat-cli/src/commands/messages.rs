//! `wonderchat messages`: a chatlog's conversation.

use wonderchat::printable;

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::plumbing::connect::{Usage, connect};
use crate::plumbing::output::json;

use clap::Args;

/// `wonderchat messages`.
#[derive(Debug, Args)]
pub(crate) struct MessagesArgs {
    /// The chatlog (from a chat answer).
    pub chatlog_id: String,
}

/// `messages`: who, when, what; or `{"chatlogId", "messages": [...]}`.
pub(crate) async fn run(global: &GlobalArgs, args: MessagesArgs) -> Result<(), CliError> {
    let target = connect(global, Usage::Interactive).await?;
    let messages = target.client.messages(&args.chatlog_id).send().await?;
    if global.json {
        let value =
            serde_json::json!({"chatlogId": args.chatlog_id, "messages": messages.messages});
        return crate::plumbing::output::write_stdout(&format!("{}\n", json(&value)?));
    }
    let mut text = String::new();
    for message in &messages {
        text.push_str(&format!(
            "[{}] {:>4}: {}\n",
            message.created_at.format("%Y-%m-%d %H:%M:%S"),
            printable(&message.author.to_string()),
            printable(&message.content)
        ));
    }
    if messages.is_empty() && !global.quiet {
        text.push_str("(no messages)\n");
    }
    crate::plumbing::output::write_stdout(&text)
}
