//! The commands, one module each, none importing another (what two share
//! is in `actions/`). This file declares them (clap's subcommands), runs
//! the one asked for, and places every operation of the spec: its SDK
//! method, its command and its MCP tool, in one exhaustive `match` that does
//! not build until a new operation of the spec is placed.

pub(crate) mod chat;
pub(crate) mod config;
pub(crate) mod export;
pub(crate) mod feedback;
pub(crate) mod import;
pub(crate) mod mcp;
pub(crate) mod messages;
pub(crate) mod misc;
pub(crate) mod pages;
pub(crate) mod report;
pub(crate) mod tags;
pub(crate) mod webhook;

use std::future::Future;
use std::pin::Pin;

use clap::Subcommand;
use wonderchat::low_level::operations::OperationId;

use crate::cli::Cli;
use crate::error::CliError;

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Ask a chatbot; without a question, an interactive session.
    #[command(
        after_help = "Examples:\n  wonderchat --mock chat demo-chatbot \"How do I reset my password?\"\n  wonderchat chat my-bot --stream \"Hello\"\n  wonderchat chat my-bot          (interactive: /helpful, /not-helpful [comment], /new; Ctrl-D ends)"
    )]
    Chat(chat::ChatArgs),
    /// Send the feedback on one message.
    #[command(
        after_help = "Example:\n  wonderchat --mock feedback msg_123 helpful --comment \"Great answer\""
    )]
    Feedback(feedback::FeedbackArgs),
    /// Send feedback in bulk from a CSV or JSON Lines file.
    Import(import::ImportArgs),
    /// Show a chatlog's conversation.
    #[command(after_help = "Example:\n  wonderchat --mock messages demo-chatlog")]
    Messages(messages::MessagesArgs),
    /// Export chatlogs to a file or stdout (JSON Lines or CSV), streamed.
    #[command(
        after_help = "Examples:\n  wonderchat export --since 7d -o week.jsonl\n  wonderchat export --chatbot my-bot --since 2024-01-01 --until 2024-02-01 --format csv"
    )]
    Export(export::ExportArgs),
    /// What the feedback says: satisfaction, resolution, confidence, where
    /// it happens, and the knowledge gaps to fill, from the API or an export.
    #[command(
        after_help = "Examples:\n  wonderchat --mock report -o report.html\n  wonderchat report --since 30d --compare previous\n  wonderchat report --from week.jsonl --format md"
    )]
    Report(report::ReportArgs),
    /// Serve every operation as tools for AI agents over the Model Context
    /// Protocol (stdio; --http adds streamable HTTP on loopback).
    #[command(
        after_help = "Examples:\n  wonderchat --mock mcp                       (try it offline)\n  wonderchat mcp --read-only --tools ask_chatbot,get_conversation\n  wonderchat --profile work mcp --print-config claude"
    )]
    Mcp(mcp::McpArgs),
    /// Add or remove pages of a chatbot's knowledge base.
    #[command(subcommand)]
    Pages(pages::PagesCommand),
    /// Add or remove tags of a chatlog.
    #[command(subcommand)]
    Tags(tags::TagsCommand),
    /// Verify webhook deliveries, or receive them locally.
    #[command(subcommand)]
    Webhook(webhook::WebhookCommand),
    /// Read and change the config file's profiles.
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Store an API key in a profile (asked for without echo).
    #[command(after_help = "Example:\n  wonderchat login --profile work")]
    Login(config::LoginArgs),
    /// Run the local mock server until Ctrl-C.
    #[command(
        after_help = "Examples:\n  wonderchat mock --port 8765 --seed-chatlogs 1000\n  wonderchat mock trigger live-chat-initiated --to http://127.0.0.1:4242/ --secret whsec_demo"
    )]
    Mock(wonderchat_mock::MockArgs),
    /// Print the bundled OpenAPI document.
    #[command(after_help = "Example:\n  wonderchat spec --json > wonderchat.json")]
    Spec(misc::SpecArgs),
    /// Print shell completions.
    #[command(
        after_help = "Example:\n  wonderchat completions bash > /etc/bash_completion.d/wonderchat"
    )]
    Completions(misc::CompletionsArgs),
    /// Write man pages (one per command) into a directory.
    #[command(after_help = "Example:\n  wonderchat man /usr/local/share/man/man1")]
    Man(misc::ManArgs),
}

/// Runs the command the command line names.
pub(crate) async fn run(cli: Cli) -> Result<(), CliError> {
    let global = &cli.global;
    match cli.command {
        Command::Chat(args) => chat::run(global, args).await,
        Command::Feedback(args) => feedback::run(global, args).await,
        Command::Import(args) => import::run(global, args).await,
        Command::Messages(args) => messages::run(global, args).await,
        Command::Export(args) => export::run(global, args).await,
        Command::Report(args) => report::run(global, args).await,
        Command::Mcp(args) => mcp::run(global, args).await,
        Command::Pages(command) => pages::run(global, command).await,
        Command::Tags(command) => tags::run(global, command).await,
        Command::Webhook(command) => webhook::run(global, command).await,
        Command::Config(command) => config::run(global, command),
        Command::Login(args) => config::login(global, args),
        Command::Man(args) => misc::man(&args.dir),
        Command::Mock(args) => misc::mock(global, args).await,
        Command::Spec(args) => misc::spec(&args),
        Command::Completions(args) => misc::completions(&args),
    }
}

/// An example call of an SDK method, run against the mock by the placement
/// test (so the method named is the one that sends the operation).
type Example =
    fn(wonderchat::Client) -> Pin<Box<dyn Future<Output = Result<(), wonderchat::Error>> + Send>>;

/// Where one operation of the spec reaches people.
pub(crate) struct Placement {
    /// The SDK method that sends it.
    pub(crate) sdk: &'static str,
    /// A call of it (against the demo chatbot and chatlog of the mock): the
    /// placement test runs it, so a wrong method name cannot stand.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) example: Example,
    /// The command that sends it (its path: `pages add`), or why none does.
    pub(crate) command: Result<&'static str, &'static str>,
    /// The MCP tools that send it, or why none does.
    pub(crate) tools: Result<&'static [&'static str], &'static str>,
}

/// Where every operation of the spec is placed: its SDK method, its command
/// and its tools. Exhaustive: an operation added to the spec does not build
/// until it is placed here (or placed nowhere, with the reason).
pub(crate) fn placement(operation: OperationId) -> Placement {
    use wonderchat::Feedback::Helpful;
    const BOT: &str = wonderchat_mock::DEMO_CHATBOT_ID;
    const LOG: &str = wonderchat_mock::DEMO_CHATLOG_ID;
    const PAGE: [&str; 1] = ["https://example.com/placed"];
    match operation {
        OperationId::Chat => Placement {
            sdk: "Client::chat",
            example: |c| Box::pin(async move { c.chat(BOT, "Placed?").send().await.map(drop) }),
            command: Ok("chat"),
            tools: Ok(&["ask_chatbot"]),
        },
        OperationId::UpdateMessageFeedback => Placement {
            sdk: "Client::update_message_feedback",
            example: |c| {
                Box::pin(async move {
                    c.update_message_feedback("msg_123", Helpful)
                        .await
                        .map(drop)
                })
            },
            command: Ok("feedback"),
            tools: Ok(&["rate_answer"]),
        },
        OperationId::AddPages => Placement {
            sdk: "Client::add_pages",
            example: |c| Box::pin(async move { c.add_pages(BOT, PAGE).await.map(drop) }),
            command: Ok("pages add"),
            tools: Ok(&["add_pages"]),
        },
        OperationId::DeletePages => Placement {
            sdk: "Client::delete_pages",
            example: |c| Box::pin(async move { c.delete_pages(BOT, PAGE).await.map(drop) }),
            command: Ok("pages delete"),
            tools: Ok(&["remove_pages"]),
        },
        OperationId::ExportChatlogs => Placement {
            sdk: "Client::export_chatlogs",
            example: |c| Box::pin(async move { c.export_chatlogs().collect().await.map(drop) }),
            command: Ok("export"),
            tools: Ok(&["export_chatlogs", "save_chatlogs", "feedback_report"]),
        },
        OperationId::AddTagsToChatlog => Placement {
            sdk: "Client::add_tags",
            example: |c| Box::pin(async move { c.add_tags(LOG, ["placed"]).await.map(drop) }),
            command: Ok("tags add"),
            tools: Ok(&["add_tags"]),
        },
        OperationId::DeleteTagsFromChatlog => Placement {
            sdk: "Client::delete_tags",
            example: |c| Box::pin(async move { c.delete_tags(LOG, ["placed"]).await.map(drop) }),
            command: Ok("tags delete"),
            tools: Ok(&["remove_tags"]),
        },
        OperationId::GetMessages => Placement {
            sdk: "Client::messages",
            example: |c| Box::pin(async move { c.messages(LOG).await.map(drop) }),
            command: Ok("messages"),
            tools: Ok(&["get_conversation"]),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every operation is placed, and truly: its SDK example sends that
    /// operation, its command exists, its tools exist and are about it.
    #[tokio::test]
    async fn every_operation_of_the_spec_is_placed_and_each_place_exists() {
        use clap::CommandFactory;
        let mock = wonderchat_mock::MockServer::start().await;
        let client = wonderchat::Client::builder()
            .base_url(mock.base_url())
            .api_key(mock.api_key())
            .build()
            .unwrap();
        let cli = Cli::command();
        for operation in OperationId::ALL {
            let place = placement(operation);
            let id = operation.operation().id;
            let before = mock.request_count() as usize;
            (place.example)(client.clone()).await.unwrap();
            let sent = &mock.requests_received()[before..];
            assert!(
                !sent.is_empty() && sent.iter().all(|r| r.operation == id),
                "{} does not send {id}",
                place.sdk
            );
            if let Ok(path) = place.command {
                let found = path
                    .split(' ')
                    .try_fold(&cli, |command, name| command.find_subcommand(name));
                assert!(found.is_some(), "no command `{path}` for {id}");
            }
            if let Ok(tools) = place.tools {
                for name in tools {
                    let tool = mcp::tools::named(name)
                        .unwrap_or_else(|| panic!("no tool {name} for {id}"));
                    assert_eq!(tool.operation.operation, operation, "{name}");
                }
            }
        }
        // And every tool is some operation's.
        for tool in mcp::tools::all() {
            let place = placement(tool.operation.operation);
            assert!(
                place.tools.is_ok_and(|t| t.contains(&tool.name)),
                "{} is not placed",
                tool.name
            );
        }
    }
}
