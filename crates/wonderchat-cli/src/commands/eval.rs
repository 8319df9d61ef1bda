//! `wonderchat eval run SUITE`: asks a suite's questions, checks the
//! answers and their sources, compares with a baseline, and writes the
//! results as a table, JSON, JUnit, Markdown, HTML and GitHub annotations
//! (`wonderchat-eval` does the work; this is its command line).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use wonderchat_eval::result::{Run, Status, compare, load_baseline};

use crate::plumbing::numbers::count;
use wonderchat_eval::{Observer, RunOptions, output, suite};
use wonderchat_insights::ledger::LedgerEntry;

use crate::actions::eval::Ledger;
use crate::cli::GlobalArgs;
use crate::error::{CliError, with_causes};
use crate::plumbing::connect::{Usage, connect, seconds};
use crate::plumbing::files::{OutputFile, refuse_same_file};
use crate::plumbing::output::{json, write_stdout};
use crate::plumbing::profile::eval_ledger_path;
use crate::plumbing::signals::Signals;

/// `wonderchat eval`.
#[derive(Debug, Subcommand)]
pub(crate) enum EvalCommand {
    /// Ask a suite's questions and check the answers (exit 0: all pass,
    /// 1: failures, 2: usage, 3: requests that failed and nothing else).
    #[command(after_help = "\
A suite (YAML; CSV or JSON Lines with the same field names, one case a row):

  chatbot: my-bot
  context: A customer on the Pro plan.        # optional, sent with each question
  defaults: { not_contains: As an AI }        # optional checks for every case
  fallbacks: [\"i don't know\", \"je ne sais pas\"]  # optional: what \"I don't know\" says
  cases:
    - id: reset-password
      question: How do I reset my password?   # or turns: [Hi, How do I reset it?]
      cites: https://docs.example.com/account/*   # URL or glob; also cites_first, not_cites
      contains: [reset, password]              # also not_contains; case_sensitive: true
      matches: 'settings\\s*>\\s*security'       # a regular expression
      answered: true                           # not the bot's \"I don't know\"
      judge: python3 judge.py                  # gets the case as JSON, prints {\"pass\":..,\"reason\":..}

A case without checks must be answered; a case without an id gets one made
from its question. A CSV suite's cells are split by `,`, `;` or tab, as its
header is. Every conversation is tagged
wonderchat-eval and wonderchat-eval:<run id>, and recorded in the eval ledger
(beside the config file, or --ledger) so that `wonderchat report` leaves it
out: exports carry neither tags nor chatlog ids, so the report recognises a
conversation by its chatbot, its first question and its start within the
minutes it was asked.

Examples:
  wonderchat --mock eval run evals/support.yaml
  wonderchat eval run evals/support.yaml --save base.json
  wonderchat eval run evals/support.yaml --baseline base.json --junit eval.xml --md eval.md
  wonderchat eval run questions.csv --chatbot my-bot --repeat 3 --pass-rate 0.67")]
    Run(EvalRunArgs),
}

/// `wonderchat eval run`.
#[derive(Debug, Args)]
pub(crate) struct EvalRunArgs {
    /// The suite: YAML, or CSV / JSON Lines (by the extension).
    pub suite: PathBuf,

    /// The chatbot to ask (instead of the suite's; CSV and JSON Lines
    /// suites name none; else the profile's default).
    #[arg(long, value_name = "ID")]
    pub chatbot: Option<String>,

    /// Questions in flight at once (one waiting out a rate limit holds no
    /// turn), and judges running at once.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub concurrency: u32,

    /// Do not adapt the send rate to the server's 429 answers.
    #[arg(long)]
    pub no_adapt: bool,

    /// Ask each case this many times.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub repeat: u32,

    /// With --repeat: the share of tries that must pass; a case with some
    /// passing tries, fewer than this, is flaky (not failed).
    #[arg(long, value_name = "0..1", default_value_t = 1.0)]
    pub pass_rate: f64,

    /// Compare with the results file of an earlier run (--save): cases
    /// become regressed, fixed or changed, with what changed.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// With --baseline: the share of a passing case's answer that may
    /// change before it is marked changed (any change of sources does).
    #[arg(long, value_name = "0..1", default_value_t = 0.3)]
    pub change_threshold: f64,

    /// Write the results as JSON (answers, ordered sources, verdicts)
    /// here, to be a later run's --baseline. (The global --json prints the
    /// same JSON on stdout instead of the table.)
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Write JUnit XML here (one testcase a case).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Write Markdown here (for a pull request comment).
    #[arg(long, value_name = "FILE")]
    pub md: Option<PathBuf>,

    /// Write a self-contained HTML page here.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,

    /// What makes the exit code 1: failed (failed or regressed cases),
    /// regressed (only cases that passed in the baseline), flaky (failed,
    /// regressed or flaky).
    #[arg(long, value_enum, value_name = "WHAT", default_value = "failed")]
    pub fail_on: FailOn,

    /// The longest a judge command may take, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    pub judge_timeout: f64,

    /// The eval ledger to append this run's conversations to [default:
    /// eval-ledger.jsonl beside the config file, or $WONDERCHAT_EVAL_LEDGER].
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,

    /// Do not tag the conversations (the ledger still records them).
    #[arg(long)]
    pub no_tag: bool,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Failed or regressed cases.
    Failed,
    /// Regressed cases only (needs --baseline to mean anything).
    Regressed,
    /// Failed, regressed or flaky cases.
    Flaky,
}

/// Runs `eval`.
pub(crate) async fn run(global: &GlobalArgs, command: EvalCommand) -> Result<(), CliError> {
    match command {
        EvalCommand::Run(args) => run_suite(global, args).await,
    }
}

async fn run_suite(global: &GlobalArgs, args: EvalRunArgs) -> Result<(), CliError> {
    let shown = |p: &Path| wonderchat::printable(&p.display().to_string());
    for (flag, value) in [
        ("--pass-rate", args.pass_rate),
        ("--change-threshold", args.change_threshold),
    ] {
        if !(0.0..=1.0).contains(&value) {
            return Err(CliError::Usage(format!(
                "{flag} {value} is not between 0 and 1"
            )));
        }
    }
    let judge_timeout = seconds("--judge-timeout", args.judge_timeout)?;
    let outputs = [
        ("--save", &args.save),
        ("--junit", &args.junit),
        ("--md", &args.md),
        ("--html", &args.html),
    ];
    for (flag, path) in outputs {
        if let Some(path) = path {
            refuse_same_file(&args.suite, path, &format!("the suite and {flag}"))?;
            // --save over the baseline moves the baseline on: allowed.
            if let Some(baseline) = &args.baseline
                && flag != "--save"
            {
                refuse_same_file(baseline, path, &format!("--baseline and {flag}"))?;
            }
        }
    }
    let suite = suite::load(&args.suite)
        .map_err(|e| CliError::Usage(wonderchat::printable(&e.to_string())))?;
    let baseline = match &args.baseline {
        Some(path) => Some(load_baseline(path).map_err(|e| CliError::Usage(with_causes(&e)))?),
        None => None,
    };
    let target = connect(
        global,
        Usage::Bulk {
            adaptive: !args.no_adapt,
            // The questions, and beside them the lane of tags.
            in_flight: (args.concurrency as usize)
                .saturating_add(wonderchat_eval::tag_lane(args.concurrency as usize)),
        },
    )
    .await?;
    let chatbot = args
        .chatbot
        .clone()
        .or_else(|| suite.chatbot.clone())
        .or_else(|| target.settings.chatbot.clone())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "{}: no chatbot: name it in the suite (chatbot:), with --chatbot, or as the \
                 profile's default",
                shown(&args.suite)
            ))
        })?;
    let ledger_path = args
        .ledger
        .clone()
        .or_else(eval_ledger_path)
        .ok_or_else(|| {
            CliError::Usage(
                "no place for the eval ledger: set --ledger, WONDERCHAT_CONFIG or HOME".to_owned(),
            )
        })?;
    let ledger = Ledger::open(&ledger_path).map_err(|e| {
        CliError::Usage(format!(
            "cannot write the eval ledger {}: {e}; --ledger FILE chooses another",
            shown(&ledger_path)
        ))
    })?;
    let options = RunOptions {
        chatbot,
        run_id: wonderchat_eval::new_run_id(),
        repeat: args.repeat,
        pass_rate: args.pass_rate,
        change_threshold: args.change_threshold,
        concurrency: args.concurrency as usize,
        judge_timeout,
        tag: !args.no_tag,
    };
    let mut signals = Signals::new()
        .map_err(|e| CliError::Usage(format!("cannot listen for Ctrl-C and SIGTERM: {e}")))?;
    let mut observer = Progress::new(ledger, &suite, &options, global.quiet);
    let bar = observer.bar.clone();
    let client = target.client.clone();
    let (mut run, stopped) = signals
        .drive(
            |stop| wonderchat_eval::run(&client, &suite, &options, &mut observer, stop),
            |signal| {
                say(
                    bar.as_ref(),
                    &format!(
                        "{}: finishing the questions under way, then writing what finished",
                        signal.name()
                    ),
                );
            },
        )
        .await;
    observer.finish();
    if let Some(e) = observer.ledger_error.take() {
        eprintln!(
            "warning: the eval ledger {} could not be written ({e}): `wonderchat report` may count \
             this run's conversations",
            shown(&ledger_path)
        );
    }
    if let (Some(baseline), Some(path)) = (&baseline, &args.baseline) {
        compare(&mut run, baseline, &path.display().to_string());
    }
    write_outputs(global, &args, &run)?;
    if global.json {
        write_stdout(&format!("{}\n", json(&run)?))?;
    } else {
        write_stdout(&output::table(&run))?;
    }
    if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") {
        write_stdout(&output::github_annotations(&run))?;
    }
    if let Some(stop) = stopped {
        return Err(CliError::Stopped(stop));
    }
    exit_status(&run, args.fail_on)
}

/// The exit: failures per `fail_on` (1), else requests that failed (3).
fn exit_status(run: &Run, fail_on: FailOn) -> Result<(), CliError> {
    let s = &run.summary;
    let failing = match fail_on {
        FailOn::Failed => s.failed + s.regressed,
        FailOn::Regressed => s.regressed,
        FailOn::Flaky => s.failed + s.regressed + s.flaky,
    };
    if failing > 0 {
        return Err(CliError::Failed(format!(
            "{} did not pass: {}",
            count(failing, "case", "cases"),
            s.line()
        )));
    }
    if s.errors > 0 {
        return Err(CliError::Incomplete(format!(
            "{} could not be checked (a request or the judge failed); nothing failed",
            count(s.errors, "case", "cases")
        )));
    }
    Ok(())
}

/// Writes each output asked for, each whole or not at all.
fn write_outputs(global: &GlobalArgs, args: &EvalRunArgs, run: &Run) -> Result<(), CliError> {
    let results = format!("{}\n", json(run)?);
    let files: [(&Option<PathBuf>, &dyn Fn() -> String); 4] = [
        (&args.save, &|| results.clone()),
        (&args.junit, &|| output::junit(run)),
        (&args.md, &|| output::markdown(run)),
        (&args.html, &|| output::html(run)),
    ];
    for (path, text) in files {
        let Some(path) = path else { continue };
        let shown = wonderchat::printable(&path.display().to_string());
        let fail = |e: std::io::Error| CliError::Failed(format!("cannot write {shown}: {e}"));
        // Results quote the bot's answers: a new file is private.
        let mut file = OutputFile::create(path, 0o600).map_err(fail)?;
        file.write_all(text().as_bytes()).map_err(fail)?;
        file.commit().map_err(fail)?;
        if !global.quiet {
            eprintln!("wrote {shown}");
        }
    }
    Ok(())
}

/// Says `text` on stderr, above the progress bar if there is one.
fn say(bar: Option<&indicatif::ProgressBar>, text: &str) {
    match bar {
        Some(bar) => bar.suspend(|| eprintln!("\n{text}")),
        None => eprintln!("{text}"),
    }
}

/// What the run reports as it goes: the ledger, and a progress bar on a
/// terminal.
struct Progress {
    ledger: Ledger,
    ledger_error: Option<std::io::Error>,
    bar: Option<indicatif::ProgressBar>,
    failing: u64,
}

impl Progress {
    fn new(ledger: Ledger, suite: &suite::Suite, options: &RunOptions, quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(suite.cases.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} cases · {msg} · {elapsed}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_message(format!("run {}", options.run_id));
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Self {
            ledger,
            ledger_error: None,
            bar,
            failing: 0,
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Observer for Progress {
    fn conversation(&mut self, entry: LedgerEntry) {
        if let Err(e) = self.ledger.add(&entry) {
            self.ledger_error.get_or_insert(e);
        }
    }

    fn case_done(&mut self, case: &wonderchat_eval::result::CaseResult) {
        if matches!(case.status, Status::Fail | Status::Error) {
            self.failing += 1;
        }
        if let Some(bar) = &self.bar {
            bar.inc(1);
            if self.failing > 0 {
                bar.set_message(format!("{} not passing", self.failing));
            }
        }
    }
}
