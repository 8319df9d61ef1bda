//! `wonderchat chat`: one question (as a whole or streamed), or an
//! interactive session in one chatlog with feedback on the last answer.

use std::io::{BufRead, IsTerminal, Write};

use futures_util::StreamExt;
use wonderchat::{ChatAnswer, ChatEvent, Client, Feedback};

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::plumbing::connect::{Usage, connect};

use clap::Args;

/// `wonderchat chat`.
#[derive(Debug, Args)]
pub(crate) struct ChatArgs {
    /// The chatbot to ask; may be left out when WONDERCHAT_CHATBOT_ID or
    /// the profile names one (then a single argument with spaces is the
    /// question).
    pub chatbot_id: Option<String>,

    /// The question; leave out for an interactive session.
    pub question: Option<String>,

    /// Continue this conversation.
    #[arg(long, value_name = "ID")]
    pub chatlog: Option<String>,

    /// Free text about the session (who the user is).
    #[arg(long)]
    pub context: Option<String>,

    /// The page the user is on.
    #[arg(long, value_name = "URL")]
    pub context_url: Option<String>,

    /// Print the answer as it arrives.
    #[arg(long)]
    pub stream: bool,
}

/// Runs `chat`.
pub(crate) async fn run(global: &GlobalArgs, args: ChatArgs) -> Result<(), CliError> {
    let target = connect(global, Usage::Chat).await?;
    let fallback = std::env::var("WONDERCHAT_CHATBOT_ID")
        .ok()
        .filter(|id| !id.is_empty())
        .or_else(|| target.settings.chatbot.clone());
    // One argument with a space in it and a default chatbot known: it is
    // the question (`wonderchat chat "How do I ...?"`).
    let (chatbot, question) = match (args.chatbot_id.clone(), args.question.clone(), fallback) {
        (Some(words), None, Some(default)) if words.trim().contains(char::is_whitespace) => {
            (default, Some(words))
        }
        // No chatbot known, and what came looks like a question, not an id.
        (Some(words), None, None) if words.trim().contains(char::is_whitespace) => {
            return Err(CliError::Usage(format!(
                "{:?} looks like a question, but no chatbot is set: give it first \
                 (`wonderchat chat CHATBOT_ID \"question\"`), set WONDERCHAT_CHATBOT_ID, or \
                 `wonderchat config set chatbot ID`",
                wonderchat::printable(&words)
            )));
        }
        (Some(chatbot), question, _) => (chatbot, question),
        (None, _, Some(default)) => (default, None),
        (None, _, None) => {
            return Err(CliError::Usage(
                "no chatbot: give CHATBOT_ID, set WONDERCHAT_CHATBOT_ID, or `wonderchat config \
                 set chatbot ID`"
                    .to_owned(),
            ));
        }
    };
    match question {
        Some(question) => ask_once(global, &target.client, &chatbot, &args, question).await,
        None => interactive(global, &target.client, &chatbot, &args).await,
    }
}

fn request(
    client: &Client,
    chatbot: &str,
    args: &ChatArgs,
    question: String,
) -> wonderchat::ChatBuilder {
    let mut chat = client.chat(chatbot, question);
    if let Some(id) = &args.chatlog {
        chat = chat.chatlog(id.clone());
    }
    if let Some(context) = &args.context {
        chat = chat.context(context.clone());
    }
    if let Some(url) = &args.context_url {
        chat = chat.context_url(url.clone());
    }
    chat
}

async fn ask_once(
    global: &GlobalArgs,
    client: &Client,
    chatbot: &str,
    args: &ChatArgs,
    question: String,
) -> Result<(), CliError> {
    let chat = request(client, chatbot, args, question);
    if args.stream {
        stream(global, chat, false).await?;
        return Ok(());
    }
    let answer = chat.send().await?;
    if global.json {
        crate::plumbing::output::write_stdout(&format!("{}\n", json(&answer)?))
    } else {
        show(global, &answer, true, false)
    }
}

use crate::plumbing::output::json;

/// Prints the events as they come (JSON lines with `--json`), then the
/// ids; returns the answer's message and chatlog ids.
async fn stream(
    global: &GlobalArgs,
    chat: wonderchat::ChatBuilder,
    session: bool,
) -> Result<(String, String), CliError> {
    let mut events = chat.stream().await?;
    let (mut ids, mut done) = (None, None);
    let mut stdout = std::io::stdout();
    while let Some(event) = events.next().await {
        let event = event?;
        if global.json {
            // The event's own JSON shape (`{"event": ..}`), as the SDK defines it.
            crate::plumbing::output::write_stdout(&format!("{}\n", json(&event)?))?;
        }
        match event {
            ChatEvent::Start {
                message_id,
                chatlog_id,
            } => ids = Some((message_id, chatlog_id)),
            ChatEvent::Delta(piece) if !global.json => {
                let _ = write!(stdout, "{}", wonderchat::printable(&piece));
                let _ = stdout.flush();
            }
            ChatEvent::Done(answer) => done = Some(answer),
            _ => {}
        }
    }
    if let Some(answer) = &done {
        ids = Some((answer.message_id.clone(), answer.chatlog_id.clone()));
    }
    let ids = ids
        .ok_or_else(|| CliError::Failed("the stream ended before the answer started".to_owned()))?;
    if !global.json {
        crate::plumbing::output::write_stdout("\n")?;
        match &done {
            Some(answer) => show(global, answer, false, session)?,
            None => crate::plumbing::output::write_stdout(&format!(
                "\nmessage  {}\nchatlog  {}\n",
                wonderchat::printable(&ids.0),
                wonderchat::printable(&ids.1)
            ))?,
        }
    }
    Ok(ids)
}

/// The answer for people: its text (unless already streamed), its
/// sources, and the ids that `feedback` and `messages` take; in an
/// interactive `session`, the hint names its own commands.
fn show(
    global: &GlobalArgs,
    answer: &ChatAnswer,
    with_text: bool,
    session: bool,
) -> Result<(), CliError> {
    let mut text = String::new();
    if with_text {
        text.push_str(&wonderchat::printable(&answer.text));
        text.push('\n');
    }
    if !answer.sources.is_empty() {
        text.push_str("\nsources:\n");
        for (i, source) in answer.sources.iter().enumerate() {
            let title = source.title.as_deref().unwrap_or("");
            text.push_str(&format!(
                "  {}. {} {}\n",
                i + 1,
                wonderchat::printable(title),
                wonderchat::printable(&source.url)
            ));
        }
    }
    let id = wonderchat::printable(&answer.message_id);
    text.push_str(&format!(
        "\nmessage  {id}\nchatlog  {}\n",
        wonderchat::printable(&answer.chatlog_id)
    ));
    if !global.quiet {
        text.push_str(&if session {
            "(rate it: /helpful, or /not-helpful and a comment)\n".to_owned()
        } else {
            format!("(rate it: wonderchat feedback {id} helpful)\n")
        });
    }
    crate::plumbing::output::write_stdout(&text)
}

/// One chatlog, a question per line; `/helpful`, `/not-helpful [comment]`
/// rate the last answer, `/new` starts a new chatlog; end of input ends.
/// Every request that failed makes the session fail at its end (exit 1).
async fn interactive(
    global: &GlobalArgs,
    client: &Client,
    chatbot: &str,
    args: &ChatArgs,
) -> Result<(), CliError> {
    let terminal = std::io::stdin().is_terminal();
    if terminal && !global.quiet {
        eprintln!(
            "chatting with {chatbot}: type a question; /helpful or /not-helpful [comment] rate \
             the last answer, /new starts over, Ctrl-D ends"
        );
    }
    let mut chatlog = args.chatlog.clone();
    // Requests sent and failed.
    let (mut sent, mut failed) = (0u64, 0u64);
    // The last answer's message id.
    let mut last: Option<String> = None;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        if terminal {
            eprint!("> ");
        }
        let Some(line) = lines.next() else { break };
        let line = line.map_err(|e| CliError::Failed(format!("cannot read stdin: {e}")))?;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let rating = if line == "/helpful" {
            Some((Feedback::Helpful, None))
        } else if let Some(rest) = line.strip_prefix("/not-helpful") {
            let comment = rest.trim();
            Some((
                Feedback::NotHelpful,
                (!comment.is_empty()).then(|| comment.to_owned()),
            ))
        } else {
            None
        };
        if let Some((feedback, comment)) = rating {
            let Some(message_id) = &last else {
                eprintln!("no answer to rate yet: ask a question first");
                continue;
            };
            let mut update = client.update_message_feedback(message_id, feedback);
            if let Some(comment) = comment {
                update = update.comment(comment);
            }
            sent += 1;
            match update.send().await {
                Ok(_) if global.json => crate::plumbing::output::write_stdout(&format!(
                    "{}\n",
                    serde_json::json!({"feedback": feedback.to_string(), "messageId": message_id})
                ))?,
                Ok(_) => eprintln!(
                    "recorded {feedback} on {}",
                    wonderchat::printable(message_id)
                ),
                Err(e) => {
                    failed += 1;
                    eprintln!(
                        "error: {}",
                        crate::error::message(&e, crate::error::Audience::Cli)
                    );
                }
            }
            continue;
        }
        if line == "/new" {
            chatlog = None;
            last = None;
            if !global.quiet {
                eprintln!("new chatlog");
            }
            continue;
        }
        sent += 1;
        let mut chat = request(client, chatbot, args, line.to_owned());
        if let Some(id) = &chatlog {
            chat = chat.chatlog(id.clone());
        }
        let answered = if args.stream {
            stream(global, chat, true).await
        } else {
            match chat.send().await {
                Ok(answer) => {
                    if global.json {
                        crate::plumbing::output::write_stdout(&format!("{}\n", json(&answer)?))?;
                    } else {
                        show(global, &answer, true, true)?;
                    }
                    Ok((answer.message_id, answer.chatlog_id))
                }
                Err(e) => Err(CliError::from(e)),
            }
        };
        match answered {
            Ok((message_id, chatlog_id)) => {
                chatlog = Some(chatlog_id);
                last = Some(message_id);
            }
            Err(CliError::Failed(message) | CliError::Usage(message)) => {
                failed += 1;
                eprintln!("error: {message}");
            }
            Err(other) => return Err(other),
        }
    }
    if failed > 0 {
        return Err(CliError::Failed(format!(
            "{} of {} in the session failed (each said above)",
            crate::plumbing::numbers::whole(failed),
            crate::plumbing::numbers::count(sent, "request", "requests")
        )));
    }
    Ok(())
}
