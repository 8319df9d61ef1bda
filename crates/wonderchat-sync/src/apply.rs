//! Carrying a plan out: batches of pages through the SDK (its retries and
//! adaptive rate), a few at once, the state written as they go.
//!
//! Before anything is sent, every page to add or refresh is recorded in the
//! state as `pending`; each batch that is answered clears its pages'
//! `pending` (or, for removals, drops them), recorded at once as a line of
//! the state's journal, which is folded into the state when the apply ends.
//! So a kill at any moment leaves a state whose next plan sends again only
//! what was not confirmed, and never forgets a page it may have added. The
//! one thing no client can know (the API cannot list pages) is whether a
//! batch that was under way when the process died reached the server: its
//! pages are sent again, so they may be added twice, never lost.
//!
//! A batch the server refuses for what it holds (400, 413, 422) is halved
//! until only the pages it refuses are left out.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;

use chrono::Utc;
use futures_util::StreamExt;
use serde::Serialize;
use tokio::sync::Semaphore;
use wonderchat::Client;

use crate::SyncError;
use crate::plan::{Action, Change, Plan};
use crate::state::{Journal, Managed, Pending, State};

/// How a plan is applied.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// Pages per request.
    pub batch_size: usize,
    /// Requests in flight at once (a request waiting out a rate limit's
    /// `Retry-After` holds no turn).
    pub concurrency: usize,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        Self {
            batch_size: 100,
            concurrency: 4,
        }
    }
}

/// A batch the server refused (or that could not be sent).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// What the batch did.
    pub action: Action,
    /// Its pages.
    pub urls: Vec<String>,
    /// The error (no secret: the SDK's errors are scrubbed).
    pub error: String,
}

/// What an apply did.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Applied {
    /// Pages added.
    pub added: usize,
    /// Pages refreshed.
    pub refreshed: usize,
    /// Pages removed.
    pub removed: usize,
    /// Batches that failed.
    pub failed: Vec<Failure>,
    /// Pages of the plan not sent (the apply was stopped).
    pub not_sent: usize,
    /// Requests sent (retries included).
    pub requests: u64,
}

impl Applied {
    /// Pages of failed batches.
    pub fn failed_pages(&self) -> usize {
        self.failed.iter().map(|f| f.urls.len()).sum()
    }

    /// Pages done.
    pub fn done(&self) -> usize {
        self.added + self.refreshed + self.removed
    }
}

/// Applies `plan` to its chatbot through `client`, keeping `state` (at
/// `path`) up to date; `progress` hears after each batch; `stop` ends it
/// early (batches under way finish and are recorded).
///
/// # Errors
/// [`SyncError::State`] when the state cannot be written: the apply stops
/// at once (what was sent and not recorded is sent again by the next plan).
pub async fn apply(
    client: &Client,
    plan: &Plan,
    state: &mut State,
    path: &Path,
    options: &ApplyOptions,
    progress: &mut (dyn FnMut(&Applied) + Send),
    stop: impl Future<Output = ()>,
) -> Result<Applied, SyncError> {
    let now = Utc::now();
    state.record_first_seen(&plan.first_seen);
    for change in &plan.changes {
        let pending = match change.action {
            Action::Add => Pending::Add,
            Action::Refresh => Pending::Refresh,
            Action::Remove => continue,
        };
        let entry = state.pages.entry(change.url.clone()).or_insert(Managed {
            added_at: now,
            fingerprint: None,
            adopted: false,
            pending: None,
        });
        entry.pending = Some(pending);
        entry.fingerprint.clone_from(&change.fingerprint);
    }
    state.save(path)?;
    let mut journal = Journal::open(path)?;

    let size = options.batch_size.max(1);
    let mut batches: Vec<(Action, Vec<&Change>)> = Vec::new();
    for action in [Action::Add, Action::Refresh, Action::Remove] {
        let of_kind: Vec<&Change> = plan.changes.iter().filter(|c| c.action == action).collect();
        batches.extend(of_kind.chunks(size).map(|c| (action, c.to_vec())));
    }
    let bot = plan.chatbot_id.as_str();
    // `concurrency` requests in flight; more batches under way, so that
    // others are sent while a refused one waits out its `Retry-After`
    // (which holds no turn).
    let concurrency = options.concurrency.clamp(1, Semaphore::MAX_PERMITS);
    let turns = Arc::new(Semaphore::new(concurrency));
    let turns = &turns;
    let sent = futures_util::stream::iter(batches)
        .take_until(stop)
        .map(|(action, changes)| async move {
            let urls: Vec<String> = changes.iter().map(|c| c.url.clone()).collect();
            (
                action,
                urls.len(),
                send(client, bot, action, urls, turns).await,
            )
        })
        .buffer_unordered(concurrency.saturating_mul(PIPELINE));
    let mut sent = std::pin::pin!(sent);
    let mut applied = Applied::default();
    let mut answered = 0usize;
    while let Some((action, pages, sent)) = sent.next().await {
        answered += pages;
        applied.requests += u64::from(sent.requests);
        let removed = action == Action::Remove;
        for urls in sent.done {
            let at = Utc::now();
            journal.record(removed, &urls, at)?;
            state.mark_done(removed, &urls, at);
            match action {
                Action::Add => applied.added += urls.len(),
                Action::Refresh => applied.refreshed += urls.len(),
                Action::Remove => applied.removed += urls.len(),
            }
        }
        for (urls, error) in sent.refused {
            applied.failed.push(Failure {
                action,
                urls,
                error,
            });
        }
        progress(&applied);
    }
    applied.not_sent = plan.changes.len().saturating_sub(answered);
    drop(journal);
    // The journal folded in: one whole state again.
    state.save(path)?;
    Ok(applied)
}

/// Batches under way per request in flight.
const PIPELINE: usize = 4;

/// What became of one batch's pages.
#[derive(Debug, Default)]
struct Sent {
    /// The parts the server took.
    done: Vec<Vec<String>>,
    /// The parts it refused (or that could not be sent), and why.
    refused: Vec<(Vec<String>, String)>,
    /// Requests sent for those it took (retries included).
    requests: u32,
}

/// Sends one batch. A batch the server refuses as a whole for what it
/// holds (400, 413 or 422: one bad page, or too many) is split in halves
/// and each sent again, down to single pages, so one page it will not take
/// holds back no other.
async fn send(
    client: &Client,
    bot: &str,
    action: Action,
    urls: Vec<String>,
    turns: &Arc<Semaphore>,
) -> Sent {
    let add = |urls: Vec<String>| {
        client
            .add_pages(bot, urls)
            .in_flight(Arc::clone(turns))
            .send()
    };
    let delete = |urls: Vec<String>| {
        client
            .delete_pages(bot, urls)
            .in_flight(Arc::clone(turns))
            .send()
    };
    match action {
        Action::Add => split_while_refused(urls, add).await,
        Action::Remove => split_while_refused(urls, delete).await,
        Action::Refresh => {
            // Removed, then added again: what could not be removed is
            // refused as it is; what was removed is added.
            let removed = split_while_refused(urls, delete).await;
            let mut sent = Sent {
                refused: removed.refused,
                requests: removed.requests,
                ..Sent::default()
            };
            for part in removed.done {
                let added = split_while_refused(part, add).await;
                sent.done.extend(added.done);
                sent.refused.extend(added.refused);
                sent.requests += added.requests;
            }
            sent
        }
    }
}

/// Single pages refused, with none taken, after which the server is taken
/// to refuse the whole batch (a reason that is not in its pages) and the
/// rest is not split further.
const REFUSED_ALONE: usize = 3;

/// Sends `urls` with `op`, halving a part the server refuses for what it
/// holds, first half first; after [`REFUSED_ALONE`] single pages refused
/// and none taken, the parts left are refused unsent, with the same error.
async fn split_while_refused<F, Fut>(urls: Vec<String>, op: F) -> Sent
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Result<wonderchat::PagesUpdate, wonderchat::Error>>,
{
    let mut sent = Sent::default();
    let mut parts = vec![urls];
    let mut alone = 0;
    while let Some(part) = parts.pop() {
        match op(part.clone()).await {
            Ok(update) => {
                sent.requests += update.attempts;
                sent.done.push(part);
            }
            Err(e) if part.len() > 1 && matches!(e.status(), Some(400 | 413 | 422)) => {
                let second = part[part.len() / 2..].to_vec();
                let mut first = part;
                first.truncate(first.len() / 2);
                parts.push(second);
                parts.push(first);
            }
            Err(e) => {
                let error = e.to_string();
                alone += usize::from(part.len() == 1);
                sent.refused.push((part, error.clone()));
                if alone >= REFUSED_ALONE && sent.done.is_empty() {
                    let rest = parts.drain(..).rev().map(|p| (p, error.clone()));
                    sent.refused.extend(rest);
                }
            }
        }
    }
    sent
}
