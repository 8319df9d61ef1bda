//! `run_eval`: runs an eval suite from the export folder (the questions it
//! asks are its only change: tagged, and recorded in the eval ledger so
//! reports leave them out) and returns the summary and the cases that did
//! not pass.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rmcp::RoleServer;
use rmcp::service::RequestContext;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use wonderchat::low_level::operations;
use wonderchat::printable;
use wonderchat_eval::result::{CaseResult, Status, Summary, compare, load_baseline};
use wonderchat_eval::{Observer, RunOptions, output, suite};
use wonderchat_insights::ledger::LedgerEntry;

use super::{Arguments, Done, Input, Outcome, Tool, plain_relative, schema_of};
use crate::actions::eval::Ledger;
use crate::commands::mcp::Inner;
use crate::plumbing::profile::eval_ledger_path;

/// `run_eval`.
pub(super) const EVAL: Tool = Tool {
    name: "run_eval",
    title: "Run an eval suite",
    description: "Runs an eval suite file of the export folder (as `wonderchat eval run`): \
                  asks its questions, checks answers and sources, compares with a baseline, \
                  and returns the counts and every case not passed, with why. Its questions \
                  are real conversations, left out of reports. Refuses suites with a judge.",
    operation: operations::CHAT,
    read_only: false,
    destructive: false,
    input: Input::Own(schema_of::<EvalInput>),
    output: schema_of::<EvalOutcome>,
    run: |inner, arguments, context| Box::pin(run_eval(inner, arguments, context)),
};

/// `run_eval`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EvalInput {
    /// The suite's file, relative to the export folder.
    suite: String,
    /// The chatbot to ask, instead of the suite's.
    #[serde(default)]
    chatbot_id: Option<String>,
    /// A results file in the export folder (from `wonderchat eval run --save`) to compare with.
    #[serde(default)]
    baseline: Option<String>,
    /// Ask each case this many times (1 to 5).
    #[serde(default = "one")]
    #[schemars(range(min = 1, max = 5))]
    repeat: u32,
}

fn one() -> u32 {
    1
}

/// What `run_eval` returns.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
struct EvalOutcome {
    /// The run's id (its conversations' tag is wonderchat-eval:<runId>).
    run_id: String,
    /// The chatbot asked.
    chatbot_id: String,
    /// Cases per status.
    summary: Summary,
    /// The cases that did not simply pass, what broke first.
    cases: Vec<CaseLine>,
}

/// One case that did not simply pass.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
struct CaseLine {
    /// Its id.
    id: String,
    /// Its outcome.
    status: Status,
    /// Why, and what changed.
    detail: String,
}

/// A file `path` names inside the export folder `dir`: relative, without
/// `..`, existing, inside the folder once links are resolved.
fn existing(dir: &Path, path: &str, argument: &str) -> Result<PathBuf, String> {
    let relative = plain_relative(path, argument)?;
    let root = dir
        .canonicalize()
        .map_err(|e| format!("the export folder is unusable: {e}"))?;
    let target = dir
        .join(relative)
        .canonicalize()
        .map_err(|e| format!("argument `{argument}`: {:?}: {e}", printable(path)))?;
    if !target.starts_with(&root) || !target.is_file() {
        return Err(format!(
            "argument `{argument}`: {:?} is not a file in the export folder",
            printable(path)
        ));
    }
    Ok(target)
}

/// Records each conversation in the ledger.
struct Recorder {
    ledger: Ledger,
    failed: Option<String>,
}

impl Observer for Recorder {
    fn conversation(&mut self, entry: LedgerEntry) {
        if let Err(e) = self.ledger.add(&entry) {
            self.failed.get_or_insert(e.to_string());
        }
    }

    fn case_done(&mut self, _case: &CaseResult) {}
}

async fn run_eval(
    inner: &Inner,
    arguments: Arguments,
    _context: &RequestContext<RoleServer>,
) -> Outcome {
    let input: EvalInput = arguments.own()?;
    if !(1..=5).contains(&input.repeat) {
        return Err("argument `repeat`: an integer from 1 to 5".to_owned());
    }
    let dir = inner.export_dir.as_deref().ok_or(
        "this server has no export folder (no home folder is set): start it with --export-dir",
    )?;
    let path = existing(dir, &input.suite, "suite")?;
    let suite = suite::load(&path).map_err(|e| printable(&e.to_string()))?;
    // A judge is a command: an agent never starts one.
    if let Some(case) = suite
        .cases
        .iter()
        .find(|c| c.checks.iter().any(|k| matches!(k, suite::Check::Judge(_))))
    {
        return Err(format!(
            "the suite's case {:?} has a judge: judge commands run only from the command line \
             (`wonderchat eval run`), never at an agent's request",
            printable(&case.id)
        ));
    }
    let baseline = match &input.baseline {
        Some(name) => {
            let path = existing(dir, name, "baseline")?;
            Some((
                name,
                load_baseline(&path).map_err(|e| printable(&e.to_string()))?,
            ))
        }
        None => None,
    };
    let chatbot = input
        .chatbot_id
        .or_else(|| suite.chatbot.clone())
        .ok_or("the suite names no chatbot: give chatbotId")?;
    let ledger_path = eval_ledger_path().ok_or("this server has no place for the eval ledger")?;
    let ledger =
        Ledger::open(&ledger_path).map_err(|e| format!("cannot write the eval ledger: {e}"))?;
    let options = RunOptions {
        chatbot: chatbot.clone(),
        run_id: wonderchat_eval::new_run_id(),
        repeat: input.repeat,
        pass_rate: 1.0,
        change_threshold: 0.3,
        concurrency: 4,
        judge_timeout: Duration::from_secs(60),
        tag: true,
    };
    let mut recorder = Recorder {
        ledger,
        failed: None,
    };
    let mut run = wonderchat_eval::run(
        &inner.client,
        &suite,
        &options,
        &mut recorder,
        std::future::pending(),
    )
    .await;
    if let Some((name, baseline)) = &baseline {
        compare(&mut run, baseline, name);
    }
    let cases: Vec<CaseLine> = output::by_urgency(&run)
        .into_iter()
        .filter(|c| c.status != Status::Pass)
        .map(|c| CaseLine {
            id: c.id.clone(),
            status: c.status,
            detail: output::detail(c),
        })
        .collect();
    let mut text = format!(
        "Eval of {} on {}: {}.",
        suite.name,
        chatbot,
        run.summary.line()
    );
    if let Some(e) = recorder.failed {
        text.push_str(&format!(
            " The eval ledger could not be written ({e}): reports may count these conversations."
        ));
    }
    Done::of(
        &EvalOutcome {
            run_id: run.run_id.clone(),
            chatbot_id: chatbot,
            summary: run.summary,
            cases,
        },
        text,
        "Run fewer cases at once (a smaller suite), or `wonderchat eval run` for every detail.",
    )
}

/// This file's tools.
pub(super) const TOOLS: &[&Tool] = &[&EVAL];
