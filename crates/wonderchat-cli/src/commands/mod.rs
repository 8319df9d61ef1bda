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

use clap::Subcommand;

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
