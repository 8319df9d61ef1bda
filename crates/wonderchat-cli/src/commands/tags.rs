//! `wonderchat tags add|delete`: a chatlog's tags.

use wonderchat::printable;

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::plumbing::connect::{Usage, connect};
use crate::plumbing::output::json;

use clap::{Args, Subcommand};

/// `wonderchat tags`.
#[derive(Debug, Subcommand)]
pub(crate) enum TagsCommand {
    /// Add tags to a chatlog.
    #[command(after_help = "Example:\n  wonderchat --mock tags add demo-chatlog Support Billing")]
    Add(TagsArgs),
    /// Remove tags from a chatlog.
    #[command(after_help = "Example:\n  wonderchat --mock tags delete demo-chatlog Billing")]
    Delete(TagsArgs),
}

/// The tags of `tags add|delete`.
#[derive(Debug, Args)]
pub(crate) struct TagsArgs {
    /// The chatlog.
    pub chatlog_id: String,

    /// The tags.
    #[arg(required = true)]
    pub tags: Vec<String>,
}

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
        return crate::plumbing::output::write_stdout(&format!("{}\n", json(&value)?));
    }
    if !global.quiet {
        eprintln!(
            "{verb} {} on chatlog {}",
            crate::plumbing::numbers::count(args.tags.len() as u64, "tag", "tags"),
            printable(&args.chatlog_id)
        );
    }
    Ok(())
}
