//! The commands, one module each, none importing another (what two share
//! is in `actions/`). This file declares them (clap's subcommands), runs
//! the one asked for, and places every operation of the spec: its SDK
//! method, its command and its MCP tool, in one exhaustive `match` that does
//! not build until a new operation of the spec is placed.

pub(crate) mod chat;
pub(crate) mod config;
pub(crate) mod eval;
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
    /// Regression tests of a chatbot's knowledge base: ask a suite's
    /// questions, check answers and sources, compare with a baseline.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
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
        Command::Eval(command) => eval::run(global, command).await,
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

/// The reference example of an operation, sent through its SDK method.
type Example =
    fn(wonderchat::Client) -> Pin<Box<dyn Future<Output = Result<(), wonderchat::Error>> + Send>>;

/// Where one operation of the spec reaches people.
pub(crate) struct Placement {
    /// The SDK method that sends it.
    pub(crate) sdk: &'static str,
    /// The spec's `reference` example request (Wonderchat's own), sent
    /// through that method: the placement test checks that it sends the
    /// operation, the example's very body.
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
    const BOT: &str = "YOUR_CHATBOT_ID";
    const LOG: &str = "YOUR_CHATLOG_ID";
    match operation {
        OperationId::Chat => Placement {
            sdk: "Client::chat",
            example: |c| {
                Box::pin(async move {
                    c.chat(BOT, "Hello there!")
                        .chatlog(LOG)
                        .context("You are speaking with John, a 28 year old salesperson from Canada. English is not his native language, so please refrain from using complicated words.")
                        .context_url("https://yourwebsite.com/john-info")
                        .await
                        .map(drop)
                })
            },
            command: Ok("chat"),
            tools: Ok(&["ask_chatbot", "run_eval"]),
        },
        OperationId::UpdateMessageFeedback => Placement {
            sdk: "Client::update_message_feedback",
            example: |c| {
                Box::pin(async move {
                    c.update_message_feedback("YOUR_MESSAGE_ID", Helpful)
                        .comment("This answer was very helpful!")
                        .await
                        .map(drop)
                })
            },
            command: Ok("feedback"),
            tools: Ok(&["rate_answer"]),
        },
        OperationId::AddPages => Placement {
            sdk: "Client::add_pages",
            example: |c| {
                Box::pin(async move { c.add_pages(BOT, ["https://wonderchat.io"]).await.map(drop) })
            },
            command: Ok("pages add"),
            tools: Ok(&["add_pages", "plan_pages_sync"]),
        },
        OperationId::DeletePages => Placement {
            sdk: "Client::delete_pages",
            example: |c| {
                Box::pin(async move {
                    c.delete_pages(BOT, ["https://wonderchat.io/pricing"])
                        .await
                        .map(drop)
                })
            },
            command: Ok("pages delete"),
            tools: Ok(&["remove_pages"]),
        },
        OperationId::ExportChatlogs => Placement {
            sdk: "Client::export_chatlogs",
            example: |c| {
                Box::pin(async move {
                    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).map(|t| t.to_utc());
                    let (Ok(since), Ok(until)) = (
                        at("2023-12-01T06:34:38.903Z"),
                        at("2023-12-02T06:34:38.903Z"),
                    ) else {
                        unreachable!("the reference's dates are RFC 3339");
                    };
                    let export = c.export_chatlogs().chatbot(BOT).since(since).until(until);
                    export.collect().await.map(drop)
                })
            },
            command: Ok("export"),
            tools: Ok(&["export_chatlogs", "save_chatlogs", "feedback_report"]),
        },
        OperationId::AddTagsToChatlog => Placement {
            sdk: "Client::add_tags",
            example: |c| {
                Box::pin(async move {
                    c.add_tags(LOG, ["Support", "Billing", "Priority"])
                        .await
                        .map(drop)
                })
            },
            command: Ok("tags add"),
            tools: Ok(&["add_tags"]),
        },
        OperationId::DeleteTagsFromChatlog => Placement {
            sdk: "Client::delete_tags",
            example: |c| {
                Box::pin(
                    async move { c.delete_tags(LOG, ["Resolved", "Outdated"]).await.map(drop) },
                )
            },
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
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// The spec's `reference` examples by path: (request, answer or `{}`).
    fn references() -> BTreeMap<String, (serde_json::Value, serde_json::Value)> {
        let spec: serde_json::Value =
            serde_json::from_str(wonderchat::low_level::spec::OPENAPI_JSON).unwrap();
        let mut all = BTreeMap::new();
        for (path, item) in spec["paths"].as_object().unwrap() {
            let post = &item["post"];
            let example = |at: &serde_json::Value| at["examples"]["reference"]["value"].clone();
            let request = example(&post["requestBody"]["content"]["application/json"]);
            let answer = example(&post["responses"]["200"]["content"]["application/json"]);
            let answer = if answer.is_null() {
                serde_json::json!({})
            } else {
                answer
            };
            all.insert(path.clone(), (request, answer));
        }
        all
    }

    /// A loopback server that answers each path with its reference answer
    /// and records what it was sent.
    async fn capture() -> (String, Arc<Mutex<Vec<(String, serde_json::Value)>>>) {
        use axum::extract::Request;
        let seen = Arc::new(Mutex::new(Vec::new()));
        let store = Arc::clone(&seen);
        let answers = references();
        let app = axum::Router::new().fallback(move |request: Request| {
            let (store, answers) = (Arc::clone(&store), answers.clone());
            async move {
                let path = request.uri().path().to_owned();
                let body = axum::body::to_bytes(request.into_body(), 1 << 20)
                    .await
                    .unwrap();
                let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
                store.lock().unwrap().push((path.clone(), body));
                axum::Json(answers.get(&path).map(|a| a.1.clone()).unwrap_or_default())
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (url, seen)
    }

    /// Every operation is placed, and truly: its SDK method sends the spec's
    /// reference example request as it is written (the key aside on chat,
    /// which the SDK never sends there), its command exists, its tools exist
    /// and are about it, and every tool is some operation's.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_operation_of_the_spec_is_placed_and_each_place_exists() {
        use clap::CommandFactory;
        let (url, seen) = capture().await;
        let client = wonderchat::Client::builder()
            .base_url(url)
            .api_key("YOUR_API_KEY")
            .build()
            .unwrap();
        let cli = Cli::command();
        let references = references();
        for operation in OperationId::ALL {
            let place = placement(operation);
            let op = operation.operation();
            seen.lock().unwrap().clear();
            (place.example)(client.clone()).await.unwrap();
            let sent = seen.lock().unwrap().clone();
            assert_eq!(sent.len(), 1, "{}", place.sdk);
            assert_eq!(sent[0].0, op.path, "{} does not send {}", place.sdk, op.id);
            let mut reference = references[op.path].0.clone();
            if let Some(example) = reference.as_object_mut() {
                if op.id == "chat" {
                    example.remove("apiKey");
                }
                assert_eq!(
                    &sent[0].1, &reference,
                    "{}: not the reference example",
                    place.sdk
                );
            }
            if let Ok(path) = place.command {
                let found = path
                    .split(' ')
                    .try_fold(&cli, |command, name| command.find_subcommand(name));
                assert!(found.is_some(), "no command `{path}` for {}", op.id);
            }
            if let Ok(tools) = place.tools {
                for name in tools {
                    let tool = mcp::tools::named(name)
                        .unwrap_or_else(|| panic!("no tool {name} for {}", op.id));
                    assert_eq!(tool.operation.operation, operation, "{name}");
                }
            }
        }
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
