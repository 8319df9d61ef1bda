//! Running a suite: every try of every case asked through the SDK (its
//! engine: retries, the adaptive rate, the in-flight cap), `concurrency`
//! questions in flight at once; each conversation tagged and written to the
//! ledger as soon as it exists; the checks; each case settled when its last
//! try is in.
//!
//! More tries are under way than questions in flight (`PIPELINE` times
//! as many): a question that waits out a `Retry-After` holds no turn, so
//! other tries send meanwhile and a rate-limited run keeps the server's
//! limit busy. Judges, too, run `concurrency` at once.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use futures_util::StreamExt;
use tokio::sync::Semaphore;
use wonderchat::Client;
use wonderchat_insights::ledger::LedgerEntry;

use crate::check::check;
use crate::judge::JudgeInput;
use crate::result::{
    CaseResult, CheckResult, FORMAT_VERSION, Run, Settings, Status, SuiteInfo, Summary, Try, settle,
};
use crate::suite::{Case, Check, Suite};

/// Tries under way per question in flight (see the module's notes).
const PIPELINE: usize = 4;

/// The tag every eval conversation gets.
pub const EVAL_TAG: &str = "wonderchat-eval";

/// How a suite is run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The chatbot asked.
    pub chatbot: String,
    /// This run's id.
    pub run_id: String,
    /// Tries per case.
    pub repeat: u32,
    /// The share of tries that must pass.
    pub pass_rate: f64,
    /// The share of an answer that may change before a passing case is
    /// `changed` (against a baseline).
    pub change_threshold: f64,
    /// Questions in flight at once (and judges running at once).
    pub concurrency: usize,
    /// The longest a judge may take.
    pub judge_timeout: Duration,
    /// Tag each conversation ([`EVAL_TAG`] and the run's tag; in a lane
    /// of their own beside the questions, [`tag_lane`] at most).
    pub tag: bool,
}

impl RunOptions {
    /// The tags of this run's conversations.
    pub fn tags(&self) -> [String; 2] {
        [EVAL_TAG.to_owned(), run_tag(&self.run_id)]
    }
}

/// The tag of a run's conversations.
pub fn run_tag(run_id: &str) -> String {
    format!("{EVAL_TAG}:{run_id}")
}

/// A new run id: the time and a random part.
pub fn new_run_id() -> String {
    format!(
        "{}-{:08x}",
        Utc::now().format("%Y%m%dT%H%M%SZ"),
        fastrand::u32(..)
    )
}

/// What the runner tells its caller while it runs.
pub trait Observer {
    /// A conversation exists: record it (before anything else happens to it).
    fn conversation(&mut self, entry: LedgerEntry);
    /// A case is settled (its tries all in).
    fn case_done(&mut self, case: &CaseResult);
}

/// Runs `suite` with `client` until done or until `stop` completes (tries
/// under way then finish; cases not started are `skipped`).
pub async fn run(
    client: &Client,
    suite: &Suite,
    options: &RunOptions,
    observer: &mut (dyn Observer + Send),
    stop: impl Future<Output = ()>,
) -> Run {
    let started_at = Utc::now();
    let repeat = options.repeat.max(1);
    let mut slots: Vec<Vec<Option<Try>>> = suite
        .cases
        .iter()
        .map(|c| {
            if c.skip.is_some() {
                Vec::new()
            } else {
                vec![None; repeat as usize]
            }
        })
        .collect();
    // Collected first: the stream then borrows no iterator closures (its
    // future stays `Send` for any caller).
    let mut jobs: Vec<(usize, usize)> = Vec::new();
    for (i, case) in suite.cases.iter().enumerate() {
        if case.skip.is_none() {
            jobs.extend((0..repeat as usize).map(|t| (i, t)));
        }
    }
    let turns = Turns::new(options.concurrency);
    let turns = &turns;
    let tries = futures_util::stream::iter(jobs)
        .take_until(stop)
        .map(|(i, t)| {
            let case = &suite.cases[i];
            async move { (i, t, ask(client, suite, case, options, turns).await) }
        })
        .buffer_unordered(options.concurrency.max(1).saturating_mul(PIPELINE));
    let mut tries = std::pin::pin!(tries);
    let mut done: Vec<Option<CaseResult>> = vec![None; suite.cases.len()];
    for (i, case) in suite.cases.iter().enumerate() {
        if let Some(reason) = &case.skip {
            let result = skipped(case, reason.clone());
            observer.case_done(&result);
            done[i] = Some(result);
        }
    }
    // Tags are sent in a lane of their own, so that conversations go on at
    // full concurrency meanwhile: a tag is bookkeeping, and the case waits
    // for it only to say whether it took. The lane is wide enough that
    // answers are rarely held back by it (they are taken, and their
    // conversations go on, only while it has room).
    let mut tagging = futures_util::stream::FuturesUnordered::new();
    let lane = tag_lane(options.concurrency);
    let tags = options.tags();
    let mut settle_case =
        |i: usize, slots: &mut Vec<Vec<Option<Try>>>, observer: &mut (dyn Observer + Send)| {
            let tries: Vec<Try> = std::mem::take(&mut slots[i])
                .into_iter()
                .flatten()
                .collect();
            let case = &suite.cases[i];
            let (status, passes) = settle(&tries, options.pass_rate);
            let result = CaseResult {
                id: case.id.clone(),
                line: case.line,
                turns: case.turns.clone(),
                status,
                passes,
                skipped: None,
                tries,
                diff: None,
            };
            observer.case_done(&result);
            done[i] = Some(result);
        };
    // Per case: tries not yet answered and tagged.
    let mut open: Vec<usize> = slots.iter().map(Vec::len).collect();
    loop {
        tokio::select! {
            Some((i, t, (tried, entry))) = tries.next(), if tagging.len() < lane => {
                if let Some(entry) = entry {
                    observer.conversation(entry);
                }
                let chatlog = tried.chatlog_id.clone().filter(|_| options.tag);
                slots[i][t] = Some(tried);
                match chatlog {
                    Some(chatlog) => {
                        let tags = tags.clone();
                        tagging.push(async move {
                            let tagged = client.add_tags(chatlog, tags).send().await.is_ok();
                            (i, t, tagged)
                        });
                    }
                    None => {
                        open[i] -= 1;
                        if open[i] == 0 {
                            settle_case(i, &mut slots, observer);
                        }
                    }
                }
            }
            Some((i, t, tagged)) = tagging.next() => {
                if let Some(tried) = slots[i][t].as_mut() {
                    tried.tagged = tagged;
                }
                open[i] -= 1;
                if open[i] == 0 {
                    settle_case(i, &mut slots, observer);
                }
            }
            else => break,
        }
    }
    let stopped = done.iter().any(Option::is_none);
    let cases: Vec<CaseResult> = done
        .into_iter()
        .zip(&suite.cases)
        .map(|(result, case)| {
            result.unwrap_or_else(|| skipped(case, "not asked: the run was stopped".to_owned()))
        })
        .collect();
    Run {
        version: FORMAT_VERSION,
        run_id: options.run_id.clone(),
        suite: SuiteInfo {
            name: suite.name.clone(),
            file: suite.file.display().to_string(),
            chatbot: options.chatbot.clone(),
        },
        started_at,
        finished_at: Utc::now(),
        settings: Settings {
            repeat,
            pass_rate: options.pass_rate,
            change_threshold: options.change_threshold,
            baseline: None,
        },
        stopped,
        summary: Summary::of(&cases),
        cases,
    }
}

/// Tags under way at once beside `concurrency` conversations: what a
/// client's in-flight cap must leave room for.
pub fn tag_lane(concurrency: usize) -> usize {
    concurrency.max(1).saturating_mul(4)
}

/// A case not asked.
fn skipped(case: &Case, reason: String) -> CaseResult {
    CaseResult {
        id: case.id.clone(),
        line: case.line,
        turns: case.turns.clone(),
        status: Status::Skipped,
        passes: 0,
        skipped: Some(reason),
        tries: Vec::new(),
        diff: None,
    }
}

/// One try: the case's questions in one conversation, the tags, the checks.
/// The turns the tries under way share: `concurrency` questions in flight
/// and as many judges running.
struct Turns {
    questions: Arc<Semaphore>,
    judges: Semaphore,
}

impl Turns {
    fn new(concurrency: usize) -> Self {
        let n = concurrency.clamp(1, Semaphore::MAX_PERMITS);
        Self {
            questions: Arc::new(Semaphore::new(n)),
            judges: Semaphore::new(n),
        }
    }
}

async fn ask(
    client: &Client,
    suite: &Suite,
    case: &Case,
    options: &RunOptions,
    turns: &Turns,
) -> (Try, Option<LedgerEntry>) {
    let started = Instant::now();
    let context = case.context.as_ref().or(suite.context.as_ref());
    let mut tried = Try {
        answer: String::new(),
        sources: Vec::new(),
        chatlog_id: None,
        message_id: None,
        tagged: false,
        checks: Vec::new(),
        passed: false,
        error: None,
        ms: 0,
    };
    let mut entry = None;
    for (n, question) in case.turns.iter().enumerate() {
        let asked_from = Utc::now();
        let mut chat = client
            .chat(options.chatbot.clone(), question.clone())
            .in_flight(Arc::clone(&turns.questions));
        if let Some(chatlog) = &tried.chatlog_id {
            chat = chat.chatlog(chatlog.clone());
        }
        if let Some(context) = context {
            chat = chat.context(context.clone());
        }
        match chat.send().await {
            Ok(answer) => {
                if n == 0 {
                    entry = Some(LedgerEntry {
                        run_id: options.run_id.clone(),
                        chatbot_id: options.chatbot.clone(),
                        chatlog_id: answer.chatlog_id.clone(),
                        question: question.clone(),
                        asked_from,
                        asked_until: Utc::now(),
                    });
                }
                tried.answer = answer.text;
                tried.sources = answer.sources.into_iter().map(|s| s.url).collect();
                tried.chatlog_id = Some(answer.chatlog_id);
                tried.message_id = Some(answer.message_id);
            }
            Err(e) => {
                tried.error = Some(if case.turns.len() > 1 {
                    format!("question {} of {}: {e}", n + 1, case.turns.len())
                } else {
                    e.to_string()
                });
                tried.ms = elapsed_ms(started);
                return (tried, entry);
            }
        }
    }
    for c in &case.checks {
        if let Some(result) = check(c, &tried.answer, &tried.sources, &suite.fallbacks) {
            tried.checks.push(result);
        }
    }
    let judged_after = tried.checks.iter().all(|c| c.passed);
    for c in &case.checks {
        let Check::Judge(judge) = c else { continue };
        if !judged_after {
            // Its other checks decided already: the judge is not asked.
            break;
        }
        let input = JudgeInput {
            id: &case.id,
            question: case.turns.last().map_or("", String::as_str),
            turns: &case.turns,
            answer: &tried.answer,
            sources: &tried.sources,
            context: context.map(String::as_str),
        };
        // Never closed, so always granted.
        let _turn = turns.judges.acquire().await.ok();
        match judge.judge(&input, options.judge_timeout).await {
            Ok(verdict) => tried.checks.push(CheckResult {
                check: c.name().to_owned(),
                expected: c.expected(),
                passed: verdict.pass,
                reason: (!verdict.pass).then(|| {
                    if verdict.reason.is_empty() {
                        "the judge failed it".to_owned()
                    } else {
                        format!("the judge: {}", verdict.reason)
                    }
                }),
            }),
            Err(e) => tried.error = Some(e),
        }
    }
    tried.passed = tried.error.is_none() && tried.checks.iter().all(|c| c.passed);
    tried.ms = elapsed_ms(started);
    (tried, entry)
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::{SuiteFormat, parse};
    use std::path::Path;
    use wonderchat_mock::{Fault, MockServer};

    /// Case ids in the order they were settled.
    #[derive(Default)]
    struct Order(Vec<String>);

    impl Observer for Order {
        fn conversation(&mut self, _: LedgerEntry) {}
        fn case_done(&mut self, case: &CaseResult) {
            self.0.push(case.id.clone());
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_question_waiting_out_retry_after_holds_no_turn() {
        let mock = MockServer::start().await;
        mock.push_faults([Fault::RateLimited {
            retry_after_secs: Some(1),
        }]);
        let client = Client::builder()
            .api_key(mock.api_key())
            .base_url(mock.base_url())
            .build()
            .unwrap();
        let text =
            "cases:\n  - id: first\n    question: Hello?\n  - id: second\n    question: Hi?\n";
        let suite = parse(Path::new("s.yaml"), text, SuiteFormat::Yaml).unwrap();
        let options = RunOptions {
            chatbot: wonderchat_mock::DEMO_CHATBOT_ID.to_owned(),
            run_id: "r".to_owned(),
            repeat: 1,
            pass_rate: 1.0,
            change_threshold: 0.5,
            concurrency: 1,
            judge_timeout: Duration::from_secs(5),
            tag: false,
        };
        let mut order = Order::default();
        let run = run(
            &client,
            &suite,
            &options,
            &mut order,
            std::future::pending(),
        )
        .await;
        let errors: Vec<_> = run.cases.iter().map(|c| &c.tries[0].error).collect();
        assert_eq!(errors, [&None, &None]);
        // One question in flight at a time, yet the second was asked and
        // answered while the first waited for its retry.
        assert_eq!(order.0, ["second", "first"]);
        assert_eq!(mock.request_count(), 3);
    }
}
