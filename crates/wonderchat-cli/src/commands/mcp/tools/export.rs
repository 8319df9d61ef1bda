//! The tools that read the export (`exportChatlogs`): `export_chatlogs`
//! (a summary), `save_chatlogs` (the same, and a new JSON Lines file in the
//! export folder) and `feedback_report` (every figure of the report).

use std::io::Write;
use std::path::{Path, PathBuf};

use futures_util::StreamExt;
use rmcp::RoleServer;
use rmcp::service::RequestContext;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;
use wonderchat::low_level::operations;
use wonderchat::printable;
use wonderchat_insights::{Options, PageAction, format};

use super::period::Period;
use super::{Arguments, Done, Input, Outcome, Progress, Tool, api, plain_relative, schema_of};
use crate::actions;
use crate::commands::mcp::Inner;
use crate::error::Audience;
use crate::plumbing::numbers::{count, whole};

/// `export_chatlogs`: what an export holds, in short; writes nothing.
pub(super) const EXPORT: Tool = Tool {
    name: "export_chatlogs",
    title: "Export conversations",
    description: "Finds conversations of a period: a summary (counts, ratings, per chatbot) \
                  and the newest few, optionally only those rated BAD, unresolved, of low \
                  confidence or saying a text. Writes nothing. Exports carry no chatlog or \
                  message ids and no tags: their answers cannot be rated or tagged.",
    operation: operations::EXPORT_CHATLOGS,
    read_only: true,
    destructive: false,
    input: Input::Own(schema_of::<ExportInput>),
    output: schema_of::<Exported>,
    run: |inner, arguments, context| Box::pin(export(inner, arguments, context, false)),
};

/// `save_chatlogs`: the export, and a new file of it.
pub(super) const SAVE: Tool = Tool {
    name: "save_chatlogs",
    title: "Save conversations to a file",
    description: "As export_chatlogs, and writes the conversations it selects to a new JSON \
                  Lines file in the server's export folder. Never replaces a file.",
    operation: operations::EXPORT_CHATLOGS,
    read_only: false,
    destructive: false,
    input: Input::Own(schema_of::<SaveInput>),
    output: schema_of::<Exported>,
    run: |inner, arguments, context| Box::pin(export(inner, arguments, context, true)),
};

/// `feedback_report`: the report's answer, and with `detail: full` every
/// figure of `wonderchat report`.
pub(super) const REPORT: Tool = Tool {
    name: "feedback_report",
    title: "Feedback report",
    description: "What a period's feedback says: satisfaction, resolution, failures and \
                  escalation with their changes, and the knowledge gaps (subjects answered \
                  badly), each with the add_pages call that fixes it. The text part is the \
                  answer; detail: full adds every figure. Leaves out conversations of evals \
                  and agents.",
    operation: operations::EXPORT_CHATLOGS,
    read_only: true,
    destructive: false,
    input: Input::Own(schema_of::<ReportInput>),
    output: schema_of::<ReportBrief>,
    run: |inner, arguments, context| {
        Box::pin(async move { report(inner, arguments.own()?, context).await })
    },
};

/// Which conversations, and how many to show.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct ExportInput {
    #[serde(flatten)]
    period: Period,
    /// Only conversations rated so (NONE: not rated).
    rating: Option<Rating>,
    /// Only conversations in this state (RESOLVED, UNRESOLVED, …).
    resolution: Option<String>,
    /// Only conversations whose average confidence is below this.
    #[schemars(range(min = 0.0, max = 1.0))]
    below_confidence: Option<f64>,
    /// Only conversations that say this (any case).
    text: Option<String>,
    /// How many to show, newest first, shortened.
    #[serde(default = "default_samples")]
    #[schemars(range(min = 0, max = 20))]
    samples: u8,
}

/// Which conversations, how many to show, and the file to write.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct SaveInput {
    #[serde(flatten)]
    export: ExportInput,
    /// A new file's name in the export folder.
    path: String,
}

// A conversation's rating, as exports say it (no doc comments: the
// schema stays a plain enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
enum Rating {
    #[serde(alias = "good")]
    Good,
    #[serde(alias = "bad")]
    Bad,
    #[serde(alias = "none")]
    None,
}

fn default_samples() -> u8 {
    3
}

impl ExportInput {
    /// Whether `chatlog` is one of those asked for.
    fn selects(&self, chatlog: &wonderchat::Chatlog, text: Option<&str>) -> bool {
        let rating = chatlog
            .user_feedback
            .as_deref()
            .map(str::to_ascii_uppercase);
        let rated = match self.rating {
            None => true,
            Some(Rating::Good) => rating.as_deref() == Some("GOOD"),
            Some(Rating::Bad) => rating.as_deref() == Some("BAD"),
            Some(Rating::None) => rating.is_none_or(|r| r.is_empty()),
        };
        let resolved = self.resolution.as_deref().is_none_or(|wanted| {
            chatlog
                .ai_resolution_state
                .as_deref()
                .is_some_and(|state| state.eq_ignore_ascii_case(wanted.trim()))
        });
        let confident = self
            .below_confidence
            .is_none_or(|below| chatlog.average_confidence.is_some_and(|c| c < below));
        let said = text.is_none_or(|text| {
            chatlog.messages.iter().any(|m| {
                [&m.user_message, &m.bot_message]
                    .into_iter()
                    .flatten()
                    .any(|said| said.to_lowercase().contains(text))
            })
        });
        rated && resolved && confident && said
    }

    /// The filters given, in words (empty without any).
    fn filters(&self) -> String {
        let mut said = Vec::new();
        if let Some(rating) = self.rating {
            said.push(match rating {
                Rating::Good => "rated GOOD".to_owned(),
                Rating::Bad => "rated BAD".to_owned(),
                Rating::None => "not rated".to_owned(),
            });
        }
        if let Some(state) = &self.resolution {
            said.push(printable(state.trim()).to_string());
        }
        if let Some(below) = self.below_confidence {
            said.push(format!("confidence below {below}"));
        }
        if let Some(text) = &self.text {
            said.push(format!("saying {:?}", printable(text)));
        }
        said.join(", ")
    }
}

/// The newest `keep` conversations among those offered.
struct Newest {
    keep: usize,
    chatlogs: Vec<wonderchat::Chatlog>,
}

impl Newest {
    fn offer(&mut self, chatlog: &wonderchat::Chatlog) {
        if self.chatlogs.len() < self.keep {
            self.chatlogs.push(sample(chatlog.clone()));
        } else if let Some((oldest, at)) = self
            .chatlogs
            .iter()
            .enumerate()
            .min_by_key(|(_, c)| c.created_at)
            .map(|(i, c)| (i, c.created_at))
            && chatlog.created_at > at
        {
            self.chatlogs[oldest] = sample(chatlog.clone());
        }
    }

    fn newest_first(mut self) -> Vec<wonderchat::Chatlog> {
        self.chatlogs
            .sort_by_key(|c| std::cmp::Reverse(c.created_at));
        self.chatlogs
    }
}

/// `export_chatlogs`' and `save_chatlogs`' result: the export counted as
/// the report counts it, a few conversations, and the file written.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct Exported {
    /// The headline and the chatbots of what was read.
    #[serde(flatten)]
    summary: wonderchat_insights::Summary,
    /// How many conversations were read (the figures above are of those
    /// selected).
    read: u64,
    /// The newest selected conversations: at most three exchanges each,
    /// texts shortened, contact details left out.
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
    let (input, path) = if save {
        let SaveInput { export, path } = arguments.own()?;
        (export, Some(path))
    } else {
        (arguments.own::<ExportInput>()?, None)
    };
    if input.samples > 20 {
        return Err("argument `samples`: an integer from 0 to 20".to_owned());
    }
    let (since, until) = input.period.range()?;
    let path = match path {
        None => None,
        Some(path) => {
            let dir = inner.export_dir.as_deref().ok_or(
                "this server has no export folder (no home folder is set): start it with \
                 --export-dir",
            )?;
            Some(export_path(dir, &path)?)
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
        input.period.chatbot_id.as_deref(),
        since,
        until,
        inner.max_chatlog_bytes,
    )
    .send()
    .await
    .map_err(api)?;
    let mut aggregator = actions::report::aggregator(&Options::default(), Audience::Agent)?;
    let mut progress = Progress::new(context);
    let text = input.text.as_deref().map(str::to_lowercase);
    let (mut read, mut selected, mut bytes) = (0u64, 0u64, 0u64);
    let mut line = Vec::with_capacity(4096);
    let mut newest = Newest {
        keep: usize::from(input.samples),
        chatlogs: Vec::new(),
    };
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
                count(read, "chatlog", "chatlogs")
            )
        })?;
        read += 1;
        progress.tick(read).await;
        if !input.selects(&chatlog, text.as_deref()) {
            continue;
        }
        selected += 1;
        if let Some(out) = &mut file {
            line.clear();
            format::jsonl::write(&mut line, &chatlog)
                .and_then(|()| out.write_all(&line))
                .map_err(|e| format!("cannot write the export: {e}"))?;
            bytes += line.len() as u64;
        }
        aggregator.add(&chatlog);
        newest.offer(&chatlog);
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
        chatlogs: selected,
        ..Default::default()
    });
    let h = &report.headline;
    let days = match (h.first_day, h.last_day) {
        (Some(first), Some(last)) => format!(" from {first} to {last}"),
        _ => String::new(),
    };
    let filters = input.filters();
    let chosen = if filters.is_empty() {
        format!("{}{days}", count(read, "conversation", "conversations"))
    } else {
        format!(
            "{} of {} ({filters}){days}",
            whole(selected),
            count(read, "conversation", "conversations")
        )
    };
    let samples = newest.newest_first();
    let shown = match samples.len() {
        0 => String::new(),
        1 => " The newest is among the samples.".to_owned(),
        n => format!(" The newest {n} are among the samples."),
    };
    let text = match &written {
        Some(path) => format!(
            "Saved {chosen} to {path}: {} GOOD, {} BAD.{shown}",
            whole(h.good),
            whole(h.bad)
        ),
        None => format!(
            "Read {chosen}: {} GOOD, {} BAD.{shown}",
            whole(h.good),
            whole(h.bad)
        ),
    };
    Done::of(
        &Exported {
            summary: report.summary(),
            read,
            samples,
            bytes: written.as_ref().map(|_| bytes),
            path: written,
        },
        text,
        "Ask for fewer samples; save_chatlogs writes every chatlog to a file.",
    )
}

/// The report of the last 30 days, in short: the resource
/// `wonderchat://report/latest`.
pub(crate) async fn latest_report(inner: &Inner, context: &RequestContext<RoleServer>) -> Outcome {
    let input: ReportInput = serde_json::from_value(json!({}))
        .map_err(|e| format!("cannot make the report's arguments: {e}"))?;
    report(inner, input, context).await
}

async fn report(
    inner: &Inner,
    input: ReportInput,
    context: &RequestContext<RoleServer>,
) -> Outcome {
    let (since, until) = input.period.range()?;
    let options = actions::report::options(
        actions::report::Asked {
            since,
            until,
            low_confidence: input.low_confidence,
            compare_previous: input.compare_previous,
            chatbot: input.period.chatbot_id.clone(),
            from_api: true,
        },
        Audience::Agent,
    );
    let mut aggregator = actions::report::aggregator(&options, Audience::Agent)?;
    // Conversations `wonderchat eval` and agents made are not users'.
    aggregator.leave_out_evals(actions::report::eval_ledger(&[])?);
    let export = actions::export::for_report(
        &inner.client,
        input.period.chatbot_id.as_deref(),
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
    let text = wonderchat_insights::render::brief(&report, &printable, &call);
    let brief = ReportBrief::of(&report, input.detail)?;
    // A cut drops the headlines and the gaps last (with every figure, the
    // short gaps go first: the report's own say more).
    let keep: &'static [&'static str] = match input.detail {
        Detail::Summary => &["/headline", "/knowledgeGaps"],
        Detail::Full => &["/headline", "/report/headline", "/report/knowledgeGaps"],
    };
    Done::answer(
        &brief,
        text,
        "Narrow the period or the chatbot, or ask for detail: summary.",
        keep,
    )
}

/// A gap's action as the tool call an agent makes.
fn call(action: &PageAction) -> String {
    match action {
        PageAction::Add {
            chatbot,
            url: Some(url),
        } => format!(
            "Call add_pages {}.",
            json!({"chatbotId": chatbot, "urls": [url]})
        ),
        PageAction::Add { chatbot, url: None } => format!(
            "Find the page that answers it, then call add_pages {}.",
            json!({"chatbotId": chatbot, "urls": ["<its URL>"]})
        ),
        PageAction::Refresh { chatbot, url } => {
            let arguments = json!({"chatbotId": chatbot, "urls": [url]});
            format!("Fix the page, then call remove_pages {arguments} and add_pages {arguments}.")
        }
        _ => String::new(),
    }
}

// How much of the report `feedback_report` returns: the headline and the
// top knowledge gaps, or that and every figure (no doc comments: the
// schema stays a plain enum).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Detail {
    #[default]
    Summary,
    Full,
}

/// `feedback_report`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct ReportInput {
    #[serde(flatten)]
    period: Period,
    /// Compare with the period of the same length before.
    #[serde(default)]
    compare_previous: bool,
    /// Below this average confidence a conversation failed.
    #[serde(default = "default_low_confidence")]
    #[schemars(range(min = 0.0, max = 1.0))]
    low_confidence: f64,
    /// full: every figure too.
    #[serde(default)]
    detail: Detail,
}

fn default_low_confidence() -> f64 {
    0.5
}

/// `feedback_report`'s result: the headline and the top gaps, in short.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
struct ReportBrief {
    /// The period read, in words.
    period: String,
    /// The period's headline figures (shares from 0 to 1).
    headline: BriefHeadline,
    /// The top knowledge gaps, most failed first.
    knowledge_gaps: Vec<BriefGap>,
    /// How many gaps there are in all.
    gaps: usize,
    /// Conversations made by evals and agents, left out.
    left_out: u64,
    /// With `detail: full`: the whole report, as `wonderchat report
    /// --format json` gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    report: Option<serde_json::Value>,
}

/// The headline in short.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
struct BriefHeadline {
    conversations: u64,
    /// GOOD of rated.
    satisfaction: Option<f64>,
    /// RESOLVED of those with a state.
    resolution: Option<f64>,
    /// Failed (BAD, UNRESOLVED or of low confidence).
    failed: u64,
    /// Asked for a person or handed off, of all.
    escalation: Option<f64>,
    /// With `comparePrevious`: now minus then, in points of percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<BriefChanges>,
}

/// Changes from the previous period, in points of percent (those within
/// chance left out).
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
struct BriefChanges {
    volume_ratio: Option<f64>,
    satisfaction: Option<f64>,
    resolution: Option<f64>,
    failed: Option<f64>,
    escalation: Option<f64>,
}

/// A knowledge gap in short.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
struct BriefGap {
    /// Its most representative question.
    title: String,
    /// Failed conversations about it.
    failed: u64,
    /// Its share of all failed conversations (0 to 1).
    share: f64,
    /// Up to three questions of its failed conversations.
    examples: Vec<String>,
    /// What to do, as tool calls.
    action: String,
}

impl ReportBrief {
    fn of(report: &wonderchat_insights::Report, detail: Detail) -> Result<Self, String> {
        let h = &report.headline;
        let points = |change: &Option<wonderchat_insights::Change>| {
            change
                .filter(|c| c.significant)
                .map(|c| (c.delta * 1000.0).round() / 10.0)
        };
        let changes = report.comparison.as_ref().map(|c| BriefChanges {
            volume_ratio: c.volume_ratio,
            satisfaction: points(&c.satisfaction_change),
            resolution: points(&c.resolution_change),
            failed: points(&c.failed_change),
            escalation: points(&c.escalation_change),
        });
        let full = match detail {
            Detail::Summary => None,
            Detail::Full => Some(
                serde_json::to_value(report)
                    .map_err(|e| format!("cannot encode the report: {e}"))?,
            ),
        };
        Ok(Self {
            period: wonderchat_insights::render::period(report),
            headline: BriefHeadline {
                conversations: h.conversations,
                satisfaction: h.satisfaction.map(|r| r.value),
                resolution: h.resolution.map(|r| r.value),
                failed: h.failed,
                escalation: h.escalation.map(|r| r.value),
                changes,
            },
            knowledge_gaps: report
                .knowledge_gaps
                .iter()
                .take(wonderchat_insights::render::BRIEF_GAPS)
                .map(|gap| BriefGap {
                    title: gap.title.clone(),
                    failed: gap.failed,
                    share: gap.share,
                    examples: gap.examples.iter().map(|e| e.question.clone()).collect(),
                    action: gap.page_action().map(|a| call(&a)).unwrap_or_default(),
                })
                .collect(),
            gaps: report.knowledge_gaps.len(),
            left_out: report.input.eval_left_out,
            report: full,
        })
    }
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
