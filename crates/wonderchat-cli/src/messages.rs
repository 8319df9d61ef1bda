//! `wonderchat messages`: a chatlog's conversation.

use wonderchat::printable;

use crate::CliError;
use crate::args::{GlobalArgs, MessagesArgs};
use crate::connect::{Usage, connect};
use crate::output::json;

/// `messages`: who, when, what; or `{"chatlogId", "messages": [...]}`.
pub(crate) async fn run(global: &GlobalArgs, args: MessagesArgs) -> Result<(), CliError> {
    let target = connect(global, Usage::Interactive).await?;
    let messages = target.client.messages(&args.chatlog_id).send().await?;
    if global.json {
        let value =
            serde_json::json!({"chatlogId": args.chatlog_id, "messages": messages.messages});
        return crate::write_stdout(&format!("{}\n", json(&value)?));
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
    crate::write_stdout(&text)
}
