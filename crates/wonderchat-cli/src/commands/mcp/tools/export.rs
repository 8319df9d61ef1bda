//! The tools that read the export (`exportChatlogs`): `export_chatlogs`
//! (a summary), `save_chatlogs` (the same, and a new JSON Lines file in the
//! export folder) and `feedback_report` (every figure of the report).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use rmcp::RoleServer;
use rmcp::service::RequestContext;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;
use wonderchat::low_level::{operations, types};
use wonderchat::printable;
use wonderchat_insights::{Options, format};

use super::{Arguments, Done, Input, Outcome, Progress, Tool, api, plain_relative, schema_of};
use crate::actions;
use crate::commands::mcp::Inner;
use crate::error::Audience;

/// `export_chatlogs`: what an export holds, in short; writes nothing.
pub(super) const EXPORT: Tool = Tool {
    name: "export_chatlogs",
    title: "Export conversations",
    description: "Exports conversations (all chatbots, or one; optionally between two times) \
                  and returns a summary (counts, days, ratings, per chatbot) and a few samples. \
                  Writes nothing (save_chatlogs writes a file). Exported conversations carry no \
                  chatlog or message ids and no tags. Reports progress; can be cancelled.",
    operation: operations::EXPORT_CHATLOGS,
    read_only: true,
    destructive: false,
    input: Input::Body {
        component: "ExportChatlogsRequest",
        schema: schema_of::<types::ExportChatlogsRequest>,
        extra: || vec![samples()],
        required: &[],
    },
    output: schema_of::<Exported>,
    run: |inner, arguments, context| Box::pin(export(inner, arguments, context, false)),
};

/// `save_chatlogs`: the export, and a new file of it.
pub(super) const SAVE: Tool = Tool {
    name: "save_chatlogs",
    title: "Save conversations to a file",
    description: "Exports conversations (all chatbots, or one; optionally between two times) \
                  to a new JSON Lines file in the server's export folder (one chatlog per \
                  line) and returns the same summary as export_chatlogs. Never replaces a \
                  file: `path` must be a new name. Reports progress; can be cancelled (nothing \
                  is left behind).",
    operation: operations::EXPORT_CHATLOGS,
    read_only: false,
    destructive: false,
    input: Input::Body {
        component: "ExportChatlogsRequest",
        schema: schema_of::<types::ExportChatlogsRequest>,
        extra: || {
            vec![
                (
                    "path",
                    json!({"type": "string", "minLength": 1,
                       "description": "The new file's name, relative to the server's export folder (it may not leave it, nor name a file that exists)."}),
                ),
                samples(),
            ]
        },
        required: &["path"],
    },
    output: schema_of::<Exported>,
    run: |inner, arguments, context| Box::pin(export(inner, arguments, context, true)),
};

/// `feedback_report`: every figure of `wonderchat report`.
pub(super) const REPORT: Tool = Tool {
    name: "feedback_report",
    title: "Feedback report",
    description: "What the feedback says, from the conversations of a period: satisfaction, \
                  resolution, confidence, where it happens, and the questions the knowledge \
                  base answers badly (the pages to add). The same figures as `wonderchat report \
                  --format json`. Reads every conversation of the period: reports progress; can \
                  be cancelled.",
    operation: operations::EXPORT_CHATLOGS,
    read_only: true,
    destructive: false,
    input: Input::Own(schema_of::<ReportInput>),
    output: schema_of::<wonderchat_insights::Report>,
    run: |inner, arguments, context| Box::pin(report(inner, arguments, context)),
};

/// `samples`: how many of the first conversations to show.
fn samples() -> (&'static str, serde_json::Value) {
    (
        "samples",
        json!({"type": "integer", "minimum": 0, "maximum": 20, "default": 3,
           "description": "How many of the first conversations to include, shortened (no contact details)."}),
    )
}

/// `export_chatlogs`' and `save_chatlogs`' result: the export counted as
/// the report counts it, a few conversations, and the file written.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct Exported {
    /// The headline and the chatbots of what was read.
    #[serde(flatten)]
    summary: wonderchat_insights::Summary,
    /// The first conversations: at most three exchanges each, texts
    /// shortened, contact details left out.
    samples: Vec<wonderchat::Chatlog>,
    /// The file written (save_chatlogs), as the server resolved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// Its size in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    bytes: Option<u64>,
}

/// A conversation as a sample: three exchanges at most, texts of 200
/// characters at most, no contact details.
fn sample(mut chatlog: wonderchat::Chatlog) -> wonderchat::Chatlog {
    let short = |text: &mut Option<String>| {
        if let Some(t) = text
            && t.chars().count() > 200
        {
            *t = t.chars().take(200).chain(['…']).collect();
        }
    };
    chatlog.user_email = None;
    chatlog.user_phone_number = None;
    chatlog.user_name = None;
    chatlog.messages.truncate(3);
    for exchange in &mut chatlog.messages {
        short(&mut exchange.user_message);
        short(&mut exchange.bot_message);
    }
    chatlog
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
    let relative = plain_relative(path, "path")?;
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

async fn export(
    inner: &Inner,
    arguments: Arguments,
    context: &RequestContext<RoleServer>,
    save: bool,
) -> Outcome {
    let request: types::ExportChatlogsRequest = arguments.body(true)?;
    let samples = arguments.integer("samples", 3, 0, 20)? as usize;
    let path = match arguments.string("path")? {
        None if save => return Err("argument `path`: required (the new file's name)".to_owned()),
        None => None,
        Some(path) => {
            let dir = inner.export_dir.as_deref().ok_or(
                "this server has no export folder (no home folder is set): start it with \
                 --export-dir",
            )?;
            Some(export_path(dir, path)?)
        }
    };
    let mut file = match &path {
        Some(path) => Some(std::io::BufWriter::new(
            crate::plumbing::files::AtomicFile::create(path, Some(0o600)).map_err(|e| {
                format!(
                    "cannot write {}: {e}",
                    printable(&path.display().to_string())
                )
            })?,
        )),
        None => None,
    };
    let mut chatlogs = actions::export::request(
        &inner.client,
        request.chatbot_id.as_deref(),
        request.start_date,
        request.end_date,
        inner.max_chatlog_bytes,
    )
    .send()
    .await
    .map_err(api)?;
    let mut aggregator = actions::report::aggregator(&Options::default(), Audience::Agent)?;
    let mut progress = Progress::new(context);
    let (mut read, mut bytes, mut line) = (0u64, 0u64, Vec::with_capacity(4096));
    let mut shown = Vec::new();
    while let Some(chatlog) = chatlogs.next().await {
        let chatlog = chatlog.map_err(|e| {
            let file = if path.is_some() {
                "; no file was written"
            } else {
                ""
            };
            format!(
                "{} ({} were read before it{file})",
                api(e),
                crate::plumbing::numbers::count(read, "chatlog", "chatlogs")
            )
        })?;
        if let Some(out) = &mut file {
            line.clear();
            format::jsonl::write(&mut line, &chatlog)
                .and_then(|()| out.write_all(&line))
                .map_err(|e| format!("cannot write the export: {e}"))?;
            bytes += line.len() as u64;
        }
        aggregator.add(&chatlog);
        read += 1;
        if shown.len() < samples {
            shown.push(sample(chatlog));
        }
        progress.tick(read).await;
    }
    progress.done(read).await;
    let mut written = None;
    if let (Some(out), Some(path)) = (file, &path) {
        let where_ = printable(&path.display().to_string());
        out.into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.commit_new())
            .map_err(|e| format!("cannot write {where_}: {e}"))?;
        written = Some(where_);
    }
    let report = aggregator.finish(format::ReadStats {
        chatlogs: read,
        ..Default::default()
    });
    let h = &report.headline;
    let chatlogs = crate::plumbing::numbers::count(read, "chatlog", "chatlogs");
    let days = match (h.first_day, h.last_day) {
        (Some(first), Some(last)) => format!(" from {first} to {last}"),
        _ => String::new(),
    };
    let text = match &written {
        Some(path) => format!(
            "Exported {chatlogs}{days} to {path}: {} GOOD, {} BAD.",
            h.good, h.bad
        ),
        None => format!("Read {chatlogs}{days}: {} GOOD, {} BAD.", h.good, h.bad),
    };
    Done::of(
        &Exported {
            summary: report.summary(),
            samples: shown,
            bytes: written.as_ref().map(|_| bytes),
            path: written,
        },
        text,
        "Ask for fewer samples; save_chatlogs writes every chatlog to a file.",
    )
}

async fn report(
    inner: &Inner,
    arguments: Arguments,
    context: &RequestContext<RoleServer>,
) -> Outcome {
    let input: ReportInput = arguments.own()?;
    let options = actions::report::options(
        actions::report::Asked {
            since: input.since,
            until: input.until,
            low_confidence: input.low_confidence,
            compare_previous: input.compare_previous,
            chatbot: input.chatbot_id.clone(),
            from_api: true,
        },
        Audience::Agent,
    );
    let mut aggregator = actions::report::aggregator(&options, Audience::Agent)?;
    // Conversations `wonderchat eval` made are not users'.
    aggregator.leave_out_evals(actions::report::eval_ledger(&[])?);
    let export = actions::export::for_report(
        &inner.client,
        input.chatbot_id.as_deref(),
        &options,
        inner.max_chatlog_bytes,
    )
    .map_err(|e| actions::report::options_error(&e, Audience::Agent))?;
    let mut reading =
        actions::report::Reading::new(export.send().await.map_err(api)?, &mut aggregator);
    let mut progress = Progress::new(context);
    while let Some(read) = reading.next().await {
        progress.tick(read.map_err(api)?).await;
    }
    let stats = reading.stats();
    progress.done(stats.chatlogs).await;
    let report = aggregator.finish(stats);
    let summary = format!(
        "The feedback report of {}.",
        crate::plumbing::numbers::count(
            report.headline.conversations,
            "conversation",
            "conversations"
        )
    );
    Done::of(
        &report,
        summary,
        "Narrow the period or the chatbot, or run `wonderchat report` for the whole report.",
    )
}

/// `feedback_report`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ReportInput {
    /// Only this chatbot's conversations; leave out for every chatbot of the account.
    chatbot_id: Option<String>,
    /// From this time (RFC 3339); leave out for the last 30 days.
    since: Option<DateTime<Utc>>,
    /// Until this time (RFC 3339, inclusive); leave out for now.
    until: Option<DateTime<Utc>>,
    /// Compare with the period of the same length before `since` (30 days
    /// when `since` is left out).
    #[serde(default)]
    compare_previous: bool,
    /// A conversation whose average confidence is below this counts as failed.
    #[serde(default = "default_low_confidence")]
    #[schemars(range(min = 0.0, max = 1.0))]
    low_confidence: f64,
}

fn default_low_confidence() -> f64 {
    0.5
}

/// This file's tools.
pub(super) const TOOLS: &[&Tool] = &[&EXPORT, &SAVE, &REPORT];

#[cfg(test)]
mod tests {
    use super::*;

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
