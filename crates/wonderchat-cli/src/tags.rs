//! `wonderchat tags add|delete`: a chatlog's tags.

use wonderchat::printable;

use crate::CliError;
use crate::args::{GlobalArgs, TagsArgs, TagsCommand};
use crate::connect::{Usage, connect};
use crate::output::json;

/// `tags add|delete`.
pub(crate) async fn run(global: &GlobalArgs, command: TagsCommand) -> Result<(), CliError> {
    let (args, add): (TagsArgs, bool) = match command {
        TagsCommand::Add(args) => (args, true),
        TagsCommand::Delete(args) => (args, false),
    };
    let target = connect(global, Usage::Interactive).await?;
    let request = if add {
        target.client.add_tags(&args.chatlog_id, args.tags.clone())
    } else {
        target
            .client
            .delete_tags(&args.chatlog_id, args.tags.clone())
    };
    request.send().await?;
    let verb = if add { "added" } else { "removed" };
    if global.json {
        let value = serde_json::json!({"chatlogId": args.chatlog_id, verb: args.tags});
        return crate::write_stdout(&format!("{}\n", json(&value)?));
    }
    if !global.quiet {
        eprintln!(
            "{verb} {} tag(s) on chatlog {}",
            args.tags.len(),
            printable(&args.chatlog_id)
        );
    }
    Ok(())
}
