//! A run's results: every case's tries, verdicts and status; the file
//! `--save` writes and `--baseline` reads (JSON, [`FORMAT_VERSION`]), and
//! what every output shows.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The version of the results file's format.
pub const FORMAT_VERSION: u32 = 1;

/// The largest results file read as a baseline.
const MAX_BASELINE_BYTES: u64 = 256 * 1024 * 1024;

/// One run of a suite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    /// [`FORMAT_VERSION`].
    pub version: u32,
    /// This run's id (its conversations' tag).
    pub run_id: String,
    /// The suite.
    pub suite: SuiteInfo,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended.
    pub finished_at: DateTime<Utc>,
    /// How it was run.
    pub settings: Settings,
    /// It was stopped (Ctrl-C) before every case ran.
    pub stopped: bool,
    /// The counts per status.
    pub summary: Summary,
    /// Every case, in the suite's order.
    pub cases: Vec<CaseResult>,
}

/// Which suite ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuiteInfo {
    /// Its name.
    pub name: String,
    /// Its file, as given.
    pub file: String,
    /// The chatbot asked.
    pub chatbot: String,
}

/// How a run was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Tries per case.
    pub repeat: u32,
    /// The share of tries that must pass.
    pub pass_rate: f64,
    /// The share of an answer that may change before a passing case is
    /// `changed`.
    pub change_threshold: f64,
    /// The baseline compared with, if any.
    #[serde(default)]
    pub baseline: Option<String>,
}

/// How many cases ended in each status.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// All cases.
    pub cases: u64,
    /// Passed (as in the baseline, or without one).
    pub passed: u64,
    /// Failed (and failed in the baseline too, or without one).
    pub failed: u64,
    /// Passed in the baseline, fail now.
    pub regressed: u64,
    /// Failed in the baseline, pass now.
    pub fixed: u64,
    /// Pass, but their sources or answer changed.
    pub changed: u64,
    /// Some tries passed, fewer than the pass rate asks.
    pub flaky: u64,
    /// Could not be checked (the request or the judge failed).
    pub errors: u64,
    /// Not asked (`skip`, or the run was stopped first).
    pub skipped: u64,
}

/// A case's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    /// Every check passed (in enough tries).
    Pass,
    /// A check failed.
    Fail,
    /// It passed in the baseline and fails now.
    Regressed,
    /// It failed in the baseline and passes now.
    Fixed,
    /// It passes, but its sources or answer changed beyond the threshold.
    Changed,
    /// Some tries passed, fewer than `--pass-rate` asks.
    Flaky,
    /// It could not be checked: a request or the judge failed.
    Error,
    /// It was not asked.
    Skipped,
}

impl Status {
    /// Its checks passed.
    pub fn passed(self) -> bool {
        matches!(self, Status::Pass | Status::Fixed | Status::Changed)
    }

    /// Its checks failed.
    pub fn failed(self) -> bool {
        matches!(self, Status::Fail | Status::Regressed)
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Regressed => "regressed",
            Status::Fixed => "fixed",
            Status::Changed => "changed",
            Status::Flaky => "flaky",
            Status::Error => "error",
            Status::Skipped => "skipped",
        }
    }
}

/// One case's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseResult {
    /// Its id.
    pub id: String,
    /// Its line in the suite.
    pub line: u64,
    /// Its questions.
    pub turns: Vec<String>,
    /// Its outcome.
    pub status: Status,
    /// Tries that passed.
    pub passes: u32,
    /// Why it was not asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// Every try, in order.
    pub tries: Vec<Try>,
    /// Against the baseline: what changed (empty when nothing did).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<Diff>,
}

impl CaseResult {
    /// The first failed check's reason, or the first error.
    pub fn reason(&self) -> Option<String> {
        self.tries.iter().find_map(|t| {
            t.error.clone().or_else(|| {
                t.checks
                    .iter()
                    .find(|c| !c.passed)
                    .map(|c| c.reason.clone().unwrap_or_default())
            })
        })
    }
}

/// One asking of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Try {
    /// The last answer.
    pub answer: String,
    /// Its sources, in order.
    pub sources: Vec<String>,
    /// The conversation.
    #[serde(default)]
    pub chatlog_id: Option<String>,
    /// The last answer's message id (to rate it).
    #[serde(default)]
    pub message_id: Option<String>,
    /// The conversation was tagged.
    pub tagged: bool,
    /// Each check, in the case's order.
    pub checks: Vec<CheckResult>,
    /// Every check passed.
    pub passed: bool,
    /// The request or the judge failed: nothing was decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// How long it took, in milliseconds.
    pub ms: u64,
}

/// One check of one try.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    /// Its name (`cites`, `contains`, …).
    pub check: String,
    /// What it expected, as written.
    pub expected: String,
    /// It passed.
    pub passed: bool,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What changed since the baseline (of the first tries).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    /// Sources cited now and not then.
    pub sources_added: Vec<String>,
    /// Sources cited then and not now.
    pub sources_removed: Vec<String>,
    /// The same sources in another order.
    pub reordered: bool,
    /// The share of the answer that changed (0: none, 1: all).
    pub answer_changed: f64,
    /// The answer's changes, line by line (`-` then, `+` now), when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_diff: Option<String>,
}

impl Diff {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.sources_added.is_empty()
            && self.sources_removed.is_empty()
            && !self.reordered
            && self.answer_diff.is_none()
    }

    /// What changed, in one line.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.sources_removed.is_empty() {
            parts.push(format!(
                "sources removed: {}",
                self.sources_removed.join(", ")
            ));
        }
        if !self.sources_added.is_empty() {
            parts.push(format!("sources added: {}", self.sources_added.join(", ")));
        }
        if self.reordered {
            parts.push("sources reordered".to_owned());
        }
        if self.answer_diff.is_some() {
            parts.push(format!(
                "answer {:.0}% changed",
                (self.answer_changed * 100.0).clamp(0.0, 100.0)
            ));
        }
        parts.join("; ")
    }
}

impl Summary {
    /// The counts of `cases`.
    pub fn of(cases: &[CaseResult]) -> Self {
        let mut s = Summary {
            cases: cases.len() as u64,
            ..Summary::default()
        };
        for case in cases {
            let n = match case.status {
                Status::Pass => &mut s.passed,
                Status::Fail => &mut s.failed,
                Status::Regressed => &mut s.regressed,
                Status::Fixed => &mut s.fixed,
                Status::Changed => &mut s.changed,
                Status::Flaky => &mut s.flaky,
                Status::Error => &mut s.errors,
                Status::Skipped => &mut s.skipped,
            };
            *n += 1;
        }
        s
    }

    /// In one line.
    pub fn line(&self) -> String {
        let mut parts = vec![wonderchat_insights::render::count(
            self.cases, "case", "cases",
        )];
        for (n, word) in [
            (self.passed, "passed"),
            (self.failed, "failed"),
            (self.regressed, "regressed"),
            (self.fixed, "fixed"),
            (self.changed, "changed"),
            (self.flaky, "flaky"),
            (
                self.errors,
                if self.errors == 1 { "error" } else { "errors" },
            ),
            (self.skipped, "skipped"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {word}"));
            }
        }
        parts.join(", ")
    }
}

/// A case's status from its tries (`Pass`, `Fail`, `Flaky` or `Error`):
/// any try that could not be checked makes it an error; otherwise it
/// passes when at least `pass_rate` of its tries pass, and is flaky when
/// some but too few do.
pub(crate) fn settle(tries: &[Try], pass_rate: f64) -> (Status, u32) {
    let passes = tries.iter().filter(|t| t.passed).count() as u32;
    if tries.is_empty() || tries.iter().any(|t| t.error.is_some()) {
        return (Status::Error, passes);
    }
    let share = f64::from(passes) / tries.len() as f64;
    let status = if share + 1e-9 >= pass_rate {
        Status::Pass
    } else if passes > 0 {
        Status::Flaky
    } else {
        Status::Fail
    };
    (status, passes)
}

/// Compares `run` with `baseline`, case by case (by id): passes and
/// failures become `regressed`, `fixed` or `changed` where the baseline
/// says so, and every case found in both gets its [`Diff`].
pub fn compare(run: &mut Run, baseline: &Run, baseline_name: &str) {
    run.settings.baseline = Some(baseline_name.to_owned());
    let threshold = run.settings.change_threshold;
    for case in &mut run.cases {
        let Some(before) = baseline.cases.iter().find(|c| c.id == case.id) else {
            continue;
        };
        let (Some(now), Some(then)) = (case.tries.first(), before.tries.first()) else {
            continue;
        };
        if now.error.is_some() || then.error.is_some() {
            continue;
        }
        let diff = diff(then, now);
        case.status = match (before.status.passed(), case.status) {
            (true, Status::Fail) => Status::Regressed,
            (false, Status::Pass) if before.status.failed() => Status::Fixed,
            (true, Status::Pass)
                if !diff.sources_added.is_empty()
                    || !diff.sources_removed.is_empty()
                    || diff.reordered
                    || diff.answer_changed > threshold =>
            {
                Status::Changed
            }
            (_, status) => status,
        };
        case.diff = Some(diff);
    }
    run.summary = Summary::of(&run.cases);
}

/// The change from `then` to `now`.
fn diff(then: &Try, now: &Try) -> Diff {
    let removed: Vec<String> = then
        .sources
        .iter()
        .filter(|s| !now.sources.contains(s))
        .cloned()
        .collect();
    let added: Vec<String> = now
        .sources
        .iter()
        .filter(|s| !then.sources.contains(s))
        .cloned()
        .collect();
    let reordered = removed.is_empty() && added.is_empty() && then.sources != now.sources;
    let (answer_changed, answer_diff) = if then.answer == now.answer {
        (0.0, None)
    } else {
        let diff = similar::TextDiff::configure()
            .algorithm(similar::Algorithm::Patience)
            .diff_words(&then.answer, &now.answer);
        let changed = 1.0 - f64::from(diff.ratio());
        let lines = similar::TextDiff::from_lines(&then.answer, &now.answer)
            .unified_diff()
            .context_radius(1)
            .to_string();
        (changed, Some(lines))
    };
    Diff {
        sources_added: added,
        sources_removed: removed,
        reordered,
        answer_changed,
        answer_diff,
    }
}

/// A results file that cannot be a baseline.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BaselineError {
    /// It could not be read.
    #[error("{}: cannot read the baseline", path.display())]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// It is not a results file of a version this program reads.
    #[error("{}: not a results file of `wonderchat eval run --save`: {message}", path.display())]
    Invalid {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Reads a results file written by `--save` (or `--json`).
///
/// # Errors
/// It cannot be read, or is not a results file of this version.
pub fn load_baseline(path: &Path) -> Result<Run, BaselineError> {
    let bytes =
        crate::read_at_most(path, MAX_BASELINE_BYTES).map_err(|source| BaselineError::Read {
            path: path.to_owned(),
            source,
        })?;
    let invalid = |message: String| BaselineError::Invalid {
        path: path.to_owned(),
        message,
    };
    if bytes.len() as u64 > MAX_BASELINE_BYTES {
        return Err(invalid(format!(
            "larger than {} MiB",
            MAX_BASELINE_BYTES >> 20
        )));
    }
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) => {
            return Err(invalid(format!(
                "format version {v}; this program reads version {FORMAT_VERSION}"
            )));
        }
        None => return Err(invalid("no format version".to_owned())),
    }
    serde_json::from_value(value).map_err(|e| invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn tried(answer: &str, sources: &[&str], passed: bool) -> Try {
        Try {
            answer: answer.to_owned(),
            sources: sources.iter().map(|s| (*s).to_owned()).collect(),
            chatlog_id: None,
            message_id: None,
            tagged: true,
            checks: vec![CheckResult {
                check: "cites".into(),
                expected: "x".into(),
                passed,
                reason: (!passed).then(|| "x is not among the sources: there are none".into()),
            }],
            passed,
            error: None,
            ms: 1,
        }
    }

    fn case(id: &str, tries: Vec<Try>) -> CaseResult {
        let (status, passes) = settle(&tries, 1.0);
        CaseResult {
            id: id.into(),
            line: 1,
            turns: vec!["q".into()],
            status,
            passes,
            skipped: None,
            tries,
            diff: None,
        }
    }

    pub(crate) fn run_of(cases: Vec<CaseResult>) -> Run {
        Run {
            version: FORMAT_VERSION,
            run_id: "r".into(),
            suite: SuiteInfo {
                name: "s".into(),
                file: "s.yaml".into(),
                chatbot: "bot".into(),
            },
            started_at: DateTime::<Utc>::UNIX_EPOCH,
            finished_at: DateTime::<Utc>::UNIX_EPOCH,
            settings: Settings {
                repeat: 1,
                pass_rate: 1.0,
                change_threshold: 0.2,
                baseline: None,
            },
            stopped: false,
            summary: Summary::of(&cases),
            cases,
        }
    }

    #[test]
    fn tries_settle_into_pass_flaky_fail_or_error() {
        let p = tried("a", &[], true);
        let f = tried("a", &[], false);
        assert_eq!(settle(&[p.clone(), p.clone()], 1.0), (Status::Pass, 2));
        assert_eq!(
            settle(&[p.clone(), f.clone(), p.clone()], 0.6),
            (Status::Pass, 2)
        );
        assert_eq!(
            settle(&[p.clone(), f.clone(), f.clone()], 0.6),
            (Status::Flaky, 1)
        );
        assert_eq!(settle(&[f.clone(), f.clone()], 0.5), (Status::Fail, 0));
        let mut e = p.clone();
        e.error = Some("timeout".into());
        assert_eq!(settle(&[p, e], 0.5).0, Status::Error);
        assert_eq!(settle(&[], 1.0).0, Status::Error);
    }

    #[test]
    fn a_baseline_turns_statuses_into_regressed_fixed_and_changed() {
        let page = "https://example.com/reset";
        let before = run_of(vec![
            case("same", vec![tried("Go to settings.", &[page], true)]),
            case("lost", vec![tried("Go to settings.", &[page], true)]),
            case("found", vec![tried("No idea.", &[], false)]),
            case("moved", vec![tried("Go to settings.", &[page, "b"], true)]),
            case(
                "reworded",
                vec![tried("Go to settings, then security.", &[page], true)],
            ),
        ]);
        let mut now = run_of(vec![
            case("same", vec![tried("Go to settings.", &[page], true)]),
            case("lost", vec![tried("No idea.", &[], false)]),
            case("found", vec![tried("Go to settings.", &[page], true)]),
            case("moved", vec![tried("Go to settings.", &["b", page], true)]),
            case(
                "reworded",
                vec![tried(
                    "Nothing like the old one at all here.",
                    &[page],
                    true,
                )],
            ),
            case("new", vec![tried("x", &[], false)]),
        ]);
        compare(&mut now, &before, "base.json");
        let status: Vec<(&str, Status)> = now
            .cases
            .iter()
            .map(|c| (c.id.as_str(), c.status))
            .collect();
        assert_eq!(
            status,
            [
                ("same", Status::Pass),
                ("lost", Status::Regressed),
                ("found", Status::Fixed),
                ("moved", Status::Changed),
                ("reworded", Status::Changed),
                ("new", Status::Fail),
            ]
        );
        assert!(now.cases[0].diff.as_ref().unwrap().is_empty());
        assert_eq!(now.cases[1].diff.as_ref().unwrap().sources_removed, [page]);
        assert!(now.cases[3].diff.as_ref().unwrap().reordered);
        assert!(now.cases[5].diff.is_none());
        assert_eq!(now.summary.regressed, 1);
        assert_eq!(now.settings.baseline.as_deref(), Some("base.json"));
    }

    #[test]
    fn baselines_of_another_version_or_shape_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        let good = run_of(vec![case("a", vec![tried("x", &[], true)])]);
        std::fs::write(&path, serde_json::to_vec(&good).unwrap()).unwrap();
        assert_eq!(load_baseline(&path).unwrap(), good);
        std::fs::write(&path, r#"{"version": 2}"#).unwrap();
        let e = load_baseline(&path).unwrap_err().to_string();
        assert!(e.contains("format version 2"), "{e}");
        std::fs::write(&path, "{}").unwrap();
        assert!(
            load_baseline(&path)
                .unwrap_err()
                .to_string()
                .contains("no format version")
        );
        std::fs::write(&path, r#"{"version": 1, "cases": 3}"#).unwrap();
        assert!(load_baseline(&path).is_err());
    }
}
