//! What each tool does: its arguments checked against the spec's request
//! type (the generated one, so its limits and enums hold), the SDK call,
//! and the result as structured content plus text. A failure is a tool
//! result with `isError` and the CLI's message; nothing here panics on what
//! an agent or a server sends.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use rmcp::RoleServer;
use rmcp::model::{CallToolResult, ContentBlock, JsonObject, ProgressNotificationParam};
use rmcp::service::RequestContext;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wonderchat::low_level::types;
use wonderchat::printable;

use super::Inner;
use super::catalog::{SERVER_HELD, ToolName};
use super::fit::fit;
use super::outputs::{
    Answer, Conversation, Exported, Message, Page, PagesChanged, Rated, ReportInput, ReportOutput,
    Sample, TagsChanged,
};

/// The longest error text about an argument (a 1 MB value is not echoed).
const MAX_ARGUMENT_ERROR: usize = 300;

/// A finished call: structured content and its one-line summary, or the
/// error text an agent reads.
type Outcome = Result<(Value, String, &'static str), String>;

/// Runs `tool` with the agent's `arguments`.
pub(crate) async fn call(
    inner: &Inner,
    tool: ToolName,
    arguments: Option<JsonObject>,
    context: &RequestContext<RoleServer>,
) -> CallToolResult {
    // Debug builds only: lets the tests check that a panic in a call ends
    // that call, not the server.
    #[cfg(debug_assertions)]
    if std::env::var_os("WONDERCHAT_DEBUG_PANIC_TOOL").is_some_and(|t| t == tool.as_str()) {
        panic!("a panic asked for by WONDERCHAT_DEBUG_PANIC_TOOL");
    }
    let outcome = match tool {
        ToolName::AskChatbot => ask(inner, arguments).await,
        ToolName::RateAnswer => rate(inner, arguments).await,
        ToolName::GetConversation => conversation(inner, arguments).await,
        ToolName::ExportChatlogs => export(inner, tool, arguments, context).await,
        ToolName::SaveChatlogs => export(inner, tool, arguments, context).await,
        ToolName::AddPages | ToolName::RemovePages => pages(inner, tool, arguments).await,
        ToolName::AddTags | ToolName::RemoveTags => tags(inner, tool, arguments).await,
        ToolName::FeedbackReport => report(inner, arguments, context).await,
    };
    match outcome {
        Ok((value, summary, hint)) => match fit(value, inner.max_result_size, hint) {
            Some((value, json)) => {
                let mut result =
                    CallToolResult::success(vec![ContentBlock::text(format!("{summary}\n{json}"))]);
                result.structured_content = Some(value);
                result
            }
            None => failure(format!(
                "the result does not fit in {} bytes (--max-result-size): {hint}",
                inner.max_result_size
            )),
        },
        Err(message) => failure(message),
    }
}

/// A tool result with `isError` and `message`.
pub(crate) fn failure(message: String) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message)])
}

/// An SDK error as the CLI prints it (key-free, with what to do).
fn api(err: wonderchat::Error) -> String {
    crate::cli_message(&err)
}

/// The arguments as `T` (a request body of the spec): unknown and
/// server-held fields refused, `extra` (tool-only) fields taken out.
fn parse<T: DeserializeOwned>(
    tool: ToolName,
    arguments: Option<JsonObject>,
    needs_key: bool,
) -> Result<(T, JsonObject), String> {
    let mut body = arguments.unwrap_or_default();
    let fields = tool.fields();
    for key in body.keys() {
        if SERVER_HELD.contains(&key.as_str()) {
            return Err(format!(
                "`{key}` is not an argument of {}: this server holds the API key and the \
                 session cookie and sends them itself; leave it out",
                tool.as_str()
            ));
        }
        if !fields.iter().any(|f| f == key) {
            return Err(shorten(format!(
                "{} has no argument `{}`; its arguments are {}",
                tool.as_str(),
                printable(key),
                fields.join(", ")
            )));
        }
    }
    let extra: JsonObject = fields
        .iter()
        .filter(|f| !tool.operation().fields.contains(&f.as_str()))
        .filter_map(|f| body.remove(f).map(|v| (f.clone(), v)))
        .collect();
    if needs_key {
        // The generated body type has the key in it; the server's own is
        // sent by the SDK, this placeholder only lets the rest be checked.
        body.insert(
            "apiKey".to_owned(),
            Value::String("held-by-server".to_owned()),
        );
    }
    let value = serde_path_to_error::deserialize(Value::Object(body)).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        shorten(if path == "." {
            format!("{}: {inner}", tool.as_str())
        } else {
            format!("{}: argument `{path}`: {inner}", tool.as_str())
        })
    })?;
    Ok((value, extra))
}

/// `text`, at most [`MAX_ARGUMENT_ERROR`] characters, printable.
fn shorten(text: String) -> String {
    let text = printable(&text);
    if text.chars().count() <= MAX_ARGUMENT_ERROR {
        return text;
    }
    text.chars().take(MAX_ARGUMENT_ERROR).chain(['…']).collect()
}

/// A tool-only integer argument, within `min..=max`.
fn integer(
    extra: &JsonObject,
    name: &str,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, String> {
    match extra.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(value) => value
            .as_u64()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| format!("argument `{name}`: an integer from {min} to {max}")),
    }
}

fn to_value(value: &impl serde::Serialize) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| format!("cannot encode the result: {e}"))
}

async fn ask(inner: &Inner, arguments: Option<JsonObject>) -> Outcome {
    let (request, _) = parse::<types::ChatRequest>(ToolName::AskChatbot, arguments, false)?;
    let mut chat = inner
        .client
        .chat(request.chatbot_id, String::from(request.question));
    if let Some(chatlog) = request.chatlog_id {
        chat = chat.chatlog(chatlog);
    }
    if let Some(context) = request.context {
        chat = chat.context(context);
    }
    if let Some(url) = request.context_url {
        chat = chat.context_url(url);
    }
    let answer = chat.send().await.map_err(api)?;
    let summary = format!(
        "The chatbot answered (messageId {}, chatlogId {}).",
        answer.message_id, answer.chatlog_id
    );
    let value = to_value(&Answer {
        answer: answer.text,
        message_id: answer.message_id,
        chatlog_id: answer.chatlog_id,
        sources: answer
            .sources
            .into_iter()
            .map(|s| Page {
                url: s.url,
                title: s.title,
            })
            .collect(),
        truncated: None,
    })?;
    Ok((
        value,
        summary,
        "Read the whole answer with get_conversation (its chatlogId), in parts.",
    ))
}

async fn rate(inner: &Inner, arguments: Option<JsonObject>) -> Outcome {
    let (request, _) =
        parse::<types::UpdateMessageFeedbackRequest>(ToolName::RateAnswer, arguments, true)?;
    let message_id = String::from(request.message_id);
    let mut call = inner
        .client
        .update_message_feedback(message_id.clone(), request.feedback.into());
    if let Some(comment) = request.user_comment {
        call = call.comment(String::from(comment));
    }
    let update = call.send().await.map_err(api)?;
    let feedback = update.feedback.to_string();
    let summary = format!("Recorded {feedback} on message {message_id}.");
    let value = to_value(&Rated {
        message_id,
        feedback,
        replaced_earlier: update.was_updated,
        submitted_at: update.submitted_at,
        truncated: None,
    })?;
    Ok((value, summary, ""))
}

async fn conversation(inner: &Inner, arguments: Option<JsonObject>) -> Outcome {
    let (request, extra) =
        parse::<types::GetMessagesRequest>(ToolName::GetConversation, arguments, true)?;
    let offset = integer(&extra, "offset", 0, 0, u64::MAX)? as usize;
    let limit = integer(&extra, "limit", 200, 1, 1000)? as usize;
    let messages = inner
        .client
        .messages(request.chatlog_id.clone())
        .send()
        .await
        .map_err(api)?;
    let total = messages.len();
    let shown: Vec<Message> = messages
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|m| Message {
            author: m.author.to_string(),
            content: m.content,
            created_at: m.created_at,
        })
        .collect();
    let end = offset.saturating_add(shown.len());
    let summary = if shown.is_empty() {
        format!(
            "No messages from offset {offset}: chatlog {} has {total}.",
            request.chatlog_id
        )
    } else {
        format!(
            "Messages {}–{end} of {total} of chatlog {}.",
            offset.saturating_add(1),
            request.chatlog_id
        )
    };
    let value = to_value(&Conversation {
        chatlog_id: request.chatlog_id,
        total,
        offset,
        messages: shown,
        next_offset: (end < total).then_some(end),
        truncated: None,
    })?;
    Ok((
        value,
        summary,
        "Call get_conversation again with a smaller limit, and offset for the next part.",
    ))
}

async fn pages(inner: &Inner, tool: ToolName, arguments: Option<JsonObject>) -> Outcome {
    let (chatbot_id, urls) = if tool == ToolName::AddPages {
        let (request, _) = parse::<types::AddPagesRequest>(tool, arguments, true)?;
        (request.chatbot_id, request.urls.0)
    } else {
        let (request, _) = parse::<types::DeletePagesRequest>(tool, arguments, true)?;
        (request.chatbot_id, request.urls.0)
    };
    let (verb, request) = if tool == ToolName::AddPages {
        let mut request = inner.client.add_pages(chatbot_id.clone(), urls.clone());
        if let Some(cookie) = &inner.session_cookie {
            request = request.session_cookie(cookie.as_str());
        }
        ("Added", request)
    } else {
        let request = inner.client.delete_pages(chatbot_id.clone(), urls.clone());
        ("Removed", request)
    };
    request.send().await.map_err(api)?;
    let summary = format!("{verb} {} page(s) on chatbot {chatbot_id}.", urls.len());
    let value = to_value(&PagesChanged {
        chatbot_id,
        urls,
        truncated: None,
    })?;
    Ok((
        value,
        summary,
        "Every page given was sent; the list shown is shortened.",
    ))
}

async fn tags(inner: &Inner, tool: ToolName, arguments: Option<JsonObject>) -> Outcome {
    let (request, _) = parse::<types::ChatlogTagsRequest>(tool, arguments, true)?;
    let (verb, call) = if tool == ToolName::AddTags {
        let call = inner
            .client
            .add_tags(request.chatlog_id.clone(), request.tags.clone());
        ("Added", call)
    } else {
        let call = inner
            .client
            .delete_tags(request.chatlog_id.clone(), request.tags.clone());
        ("Removed", call)
    };
    call.send().await.map_err(api)?;
    let summary = format!(
        "{verb} {} tag(s) on chatlog {}.",
        request.tags.len(),
        request.chatlog_id
    );
    let value = to_value(&TagsChanged {
        chatlog_id: request.chatlog_id,
        tags: request.tags,
        truncated: None,
    })?;
    Ok((
        value,
        summary,
        "Every tag given was sent; the list shown is shortened.",
    ))
}

/// MCP progress notifications when the client asked for them (a progress
/// token in the request): at the first chatlog, then at most four a second,
/// and once at the end with the total.
struct Progress<'a> {
    context: &'a RequestContext<RoleServer>,
    token: Option<rmcp::model::ProgressToken>,
    shown: Option<Instant>,
}

impl<'a> Progress<'a> {
    fn new(context: &'a RequestContext<RoleServer>) -> Self {
        Self {
            context,
            token: context.meta.get_progress_token(),
            shown: None,
        }
    }

    async fn tick(&mut self, chatlogs: u64) {
        if self
            .shown
            .is_some_and(|t| t.elapsed() < Duration::from_millis(250))
        {
            return;
        }
        self.shown = Some(Instant::now());
        self.send(chatlogs, None).await;
    }

    async fn done(&mut self, chatlogs: u64) {
        self.send(chatlogs, Some(chatlogs)).await;
    }

    async fn send(&self, chatlogs: u64, total: Option<u64>) {
        let Some(token) = &self.token else { return };
        let mut param = ProgressNotificationParam::new(token.clone(), chatlogs as f64)
            .with_message(format!("{chatlogs} chatlogs read"));
        if let Some(total) = total {
            param = param.with_total(total as f64);
        }
        // A client that went away is noticed by the service; not here.
        let _ = self.context.peer.notify_progress(param).await;
    }
}

/// Creates the export directory (and its parents) when it is missing: the
/// default is the server's own folder, private (mode 700).
fn make_export_dir(dir: &Path) -> Result<(), String> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| {
        format!(
            "the export directory {} cannot be created: {e}",
            printable(&dir.display().to_string())
        )
    })
}

/// The new file `path` names under the export directory: relative, without
/// `..`, its folder inside the directory (symbolic links resolved), and
/// nothing there yet (a file is never replaced).
fn export_path(dir: &Path, path: &str) -> Result<PathBuf, String> {
    let relative = Path::new(path);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !plain || relative.file_name().is_none() {
        return Err(format!(
            "argument `path`: {:?} must be a file name relative to the server's export \
             directory, without `..`",
            printable(path)
        ));
    }
    make_export_dir(dir)?;
    let target = dir.join(relative);
    let root = dir
        .canonicalize()
        .map_err(|e| format!("the export directory is unusable: {e}"))?;
    let folder = target
        .parent()
        .unwrap_or(dir)
        .canonicalize()
        .map_err(|e| format!("argument `path`: its folder cannot be used: {e}"))?;
    if !folder.starts_with(&root) {
        return Err("argument `path`: its folder is outside the export directory".to_owned());
    }
    let target = folder.join(relative.file_name().unwrap_or_default());
    if std::fs::symlink_metadata(&target).is_ok() {
        return Err(format!(
            "argument `path`: {:?} exists already; save_chatlogs never replaces a file: choose \
             a new name",
            printable(path)
        ));
    }
    Ok(target)
}

/// `export_chatlogs` (a summary) and `save_chatlogs` (the same, and every
/// chatlog written to a new file in the export folder).
async fn export(
    inner: &Inner,
    tool: ToolName,
    arguments: Option<JsonObject>,
    context: &RequestContext<RoleServer>,
) -> Outcome {
    let (request, extra) = parse::<types::ExportChatlogsRequest>(tool, arguments, true)?;
    let samples = integer(&extra, "samples", 3, 0, 20)? as usize;
    let path = match extra.get("path") {
        None | Some(Value::Null) if tool == ToolName::SaveChatlogs => {
            return Err("argument `path`: required (the new file's name)".to_owned());
        }
        None | Some(Value::Null) => None,
        Some(Value::String(path)) => {
            let dir = inner.export_dir.as_deref().ok_or(
                "this server has no export folder (no home folder is set): start it with \
                 --export-dir",
            )?;
            Some(export_path(dir, path)?)
        }
        Some(_) => return Err("argument `path`: a string".to_owned()),
    };
    let mut file = match &path {
        Some(path) => Some(std::io::BufWriter::new(
            crate::files::AtomicFile::create(path, Some(0o600)).map_err(|e| {
                format!(
                    "cannot write {}: {e}",
                    printable(&path.display().to_string())
                )
            })?,
        )),
        None => None,
    };
    let mut chatlogs = crate::export::request(
        &inner.client,
        request.chatbot_id.as_deref(),
        request.start_date,
        request.end_date,
        inner.max_chatlog_bytes,
    )
    .stream()
    .await
    .map_err(api)?;
    let mut progress = Progress::new(context);
    let mut summary = Exported::default();
    let (mut bytes, mut line) = (0u64, Vec::with_capacity(4096));
    while let Some(chatlog) = chatlogs.next().await {
        let chatlog = chatlog.map_err(|e| {
            let file = if path.is_some() {
                "; no file was written"
            } else {
                ""
            };
            format!(
                "{} ({} chatlogs were read before it{file})",
                api(e),
                summary.chatlogs
            )
        })?;
        if let Some(out) = &mut file {
            line.clear();
            crate::output::write_json(&mut line, &chatlog)
                .and_then(|()| line.write_all(b"\n"))
                .and_then(|()| out.write_all(&line))
                .map_err(|e| format!("cannot write the export: {e}"))?;
            bytes += line.len() as u64;
        }
        summary.chatlogs += 1;
        summary.exchanges += chatlog.messages.len() as u64;
        let started = chatlog.created_at;
        summary.earliest = Some(summary.earliest.map_or(started, |t| t.min(started)));
        summary.latest = Some(summary.latest.map_or(started, |t| t.max(started)));
        *summary
            .per_chatbot
            .entry(chatlog.chatbot_id.clone())
            .or_default() += 1;
        let rating = chatlog
            .user_feedback
            .clone()
            .unwrap_or_else(|| "none".to_owned());
        *summary.per_rating.entry(rating).or_default() += 1;
        if summary.samples.len() < samples {
            summary.samples.push(Sample {
                chatbot_id: chatlog.chatbot_id,
                created_at: chatlog.created_at,
                exchanges: chatlog.messages.len(),
                first_question: chatlog
                    .messages
                    .first()
                    .and_then(|m| m.user_message.as_deref())
                    .map(|q| q.chars().take(200).collect()),
                user_feedback: chatlog.user_feedback,
            });
        }
        progress.tick(summary.chatlogs).await;
    }
    progress.done(summary.chatlogs).await;
    if let (Some(out), Some(path)) = (file, &path) {
        let shown = printable(&path.display().to_string());
        out.into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.commit_new())
            .map_err(|e| format!("cannot write {shown}: {e}"))?;
        summary.path = Some(shown);
        summary.bytes = Some(bytes);
    }
    let text = match &summary.path {
        Some(path) => format!("Exported {} chatlog(s) to {path}.", summary.chatlogs),
        None => format!("Read {} chatlog(s).", summary.chatlogs),
    };
    let value = to_value(&summary)?;
    Ok((
        value,
        text,
        "Ask for fewer samples; save_chatlogs writes every chatlog to a file.",
    ))
}

async fn report(
    inner: &Inner,
    arguments: Option<JsonObject>,
    context: &RequestContext<RoleServer>,
) -> Outcome {
    let input: ReportInput = serde_path_to_error::deserialize(Value::Object(
        arguments.unwrap_or_default(),
    ))
    .map_err(|e| {
        let path = e.path().to_string();
        shorten(format!(
            "feedback_report: argument `{path}`: {}",
            e.into_inner()
        ))
    })?;
    let options = wonderchat_insights::Options {
        since: input.since,
        until: input.until,
        low_confidence: input.low_confidence,
        compare_previous: input.compare_previous,
        now: chrono::Utc::now(),
    };
    let options_error = |err: wonderchat_insights::OptionsError| {
        use wonderchat_insights::OptionField;
        let argument = match err.field() {
            OptionField::Since => "since",
            OptionField::Until => "until",
            OptionField::LowConfidence => "lowConfidence",
            OptionField::ComparePrevious => "comparePrevious",
            _ => "the arguments",
        };
        format!("argument `{argument}`: {err}")
    };
    let mut aggregator =
        wonderchat_insights::Aggregator::new(options.clone()).map_err(options_error)?;
    let export = crate::report::export_for_report(
        &inner.client,
        input.chatbot_id.as_deref(),
        &options,
        inner.max_chatlog_bytes,
    )
    .map_err(options_error)?;
    let mut chatlogs = export.stream().await.map_err(api)?;
    let mut progress = Progress::new(context);
    let mut stats = wonderchat_insights::read::ReadStats::default();
    while let Some(chatlog) = chatlogs.next().await {
        aggregator.add(&crate::report::wire(chatlog.map_err(api)?));
        stats.chatlogs += 1;
        progress.tick(stats.chatlogs).await;
    }
    progress.done(stats.chatlogs).await;
    let report = aggregator.finish(stats);
    let summary = format!(
        "The feedback report of {} conversation(s).",
        report.headline.conversations
    );
    let value = to_value(&ReportOutput {
        report,
        truncated: None,
    })?;
    Ok((
        value,
        summary,
        "Narrow the period or the chatbot, or run `wonderchat report` for the whole report.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(value: Value) -> Option<JsonObject> {
        value.as_object().cloned()
    }

    #[test]
    fn arguments_are_checked_against_the_specs_type() {
        let ok = parse::<types::ChatRequest>(
            ToolName::AskChatbot,
            object(serde_json::json!({"chatbotId": "b", "question": "hi"})),
            false,
        );
        assert!(ok.is_ok());
        let missing = parse::<types::ChatRequest>(
            ToolName::AskChatbot,
            object(serde_json::json!({"chatbotId": "b"})),
            false,
        )
        .unwrap_err();
        assert!(missing.contains("missing field `question`"), "{missing}");
        let wrong = parse::<types::ChatRequest>(
            ToolName::AskChatbot,
            object(serde_json::json!({"chatbotId": 5, "question": "hi"})),
            false,
        )
        .unwrap_err();
        assert!(wrong.contains("`chatbotId`"), "{wrong}");
        let long = parse::<types::ChatRequest>(
            ToolName::AskChatbot,
            object(serde_json::json!({"chatbotId": "b", "question": "x".repeat(1 << 20)})),
            false,
        )
        .unwrap_err();
        assert!(long.contains("longer than 4000"), "{long}");
        assert!(long.len() < 400);
        let key = parse::<types::ChatRequest>(
            ToolName::AskChatbot,
            object(serde_json::json!({"chatbotId": "b", "question": "hi", "apiKey": "k"})),
            false,
        )
        .unwrap_err();
        assert!(key.contains("holds the API key"), "{key}");
        let unknown = parse::<types::ChatRequest>(
            ToolName::AskChatbot,
            object(serde_json::json!({"chatbotId": "b", "question": "hi", "x".repeat(5000): 1})),
            false,
        )
        .unwrap_err();
        assert!(unknown.contains("has no argument"), "{unknown}");
        assert!(unknown.len() < 400);
    }

    #[test]
    fn tool_only_arguments_are_taken_out() {
        let (_, extra) = parse::<types::GetMessagesRequest>(
            ToolName::GetConversation,
            object(serde_json::json!({"chatlogId": "c", "offset": 5})),
            true,
        )
        .unwrap();
        assert_eq!(integer(&extra, "offset", 0, 0, 10).unwrap(), 5);
        assert!(integer(&extra, "offset", 0, 0, 4).is_err());
    }

    #[test]
    fn export_paths_stay_in_the_export_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert!(export_path(dir.path(), "out.jsonl").is_ok());
        for bad in ["../out.jsonl", "/tmp/out.jsonl", "a/../../b", "", "."] {
            assert!(export_path(dir.path(), bad).is_err(), "{bad}");
        }
        // An existing file (a README, a source) is never a target.
        std::fs::write(dir.path().join("README.md"), "mine").unwrap();
        let taken = export_path(dir.path(), "README.md").unwrap_err();
        assert!(taken.contains("exists already"), "{taken}");
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
            assert!(export_path(dir.path(), "link/out.jsonl").is_err());
        }
    }
}
