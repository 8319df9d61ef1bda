//! The plan: what the chatbot should gain, have refreshed and lose, each
//! with its reason, from what the sources list, what their content is now
//! (fingerprints) and what the state says sync gave the bot.

use std::collections::BTreeMap;

use futures_util::StreamExt;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::SyncError;
use crate::fetch::Fetcher;
use crate::source::{Loaded, Wanted};
use crate::state::{Pending, State};

/// What happens to one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Added (`+`).
    Add,
    /// Removed and added again, its content having changed (`~`): the API
    /// has no update.
    Refresh,
    /// Removed (`-`).
    Remove,
}

impl Action {
    /// Its sign in a plan: `+`, `~` or `-`.
    pub fn sign(self) -> char {
        match self {
            Action::Add => '+',
            Action::Refresh => '~',
            Action::Remove => '-',
        }
    }
}

/// One change of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// What happens.
    pub action: Action,
    /// The page.
    pub url: String,
    /// Why.
    pub reason: String,
    /// Its content now (recorded when applied).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
}

/// How a plan is made.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// Fingerprints from `lastmod` and file times only, nothing fetched.
    pub no_fetch: bool,
    /// Remove managed pages gone from every source.
    pub prune: bool,
    /// With `prune`: adopted pages too.
    pub prune_unmanaged: bool,
    /// The most pages a plan may remove.
    pub max_deletes: usize,
}

/// What a plan says of the pages it does not change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Pages to add.
    pub add: usize,
    /// Pages to refresh.
    pub refresh: usize,
    /// Pages to remove.
    pub remove: usize,
    /// Listed and managed pages whose content did not change (or could not
    /// be compared).
    pub unchanged: usize,
    /// Managed pages gone from every source, kept (no `--prune`, or
    /// adopted without `--prune-unmanaged`).
    pub kept: usize,
    /// Listed pages left out (they could not be fetched).
    pub skipped: usize,
    /// Unchanged pages whose content the state did not know (adopted, or
    /// fingerprinted the other way, with or without `--no-fetch`): an
    /// apply records it, sending nothing, so later changes are seen.
    pub first_seen: usize,
}

/// A plan.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// The chatbot.
    pub chatbot_id: String,
    /// The changes: adds, refreshes, then removals, each by address.
    pub changes: Vec<Change>,
    /// The counts.
    pub summary: Summary,
    /// Pages skipped or left alone, and why.
    pub warnings: Vec<String>,
    /// The content of the `first_seen` pages, by address: what an apply
    /// records for them.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub first_seen: BTreeMap<String, String>,
}

impl Plan {
    /// Whether it changes anything.
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// The summary line: `Plan: 1 to add, 1 to refresh, 1 to remove; 4 unchanged.`
    pub fn summary_line(&self) -> String {
        let s = &self.summary;
        let first_seen = if s.first_seen > 0 {
            format!(
                " ({} seen for the first time: --apply records their content, sending nothing)",
                s.first_seen
            )
        } else {
            String::new()
        };
        if !self.has_changes() {
            return format!(
                "No changes: the chatbot's {} managed pages match the sources{first_seen}.",
                s.unchanged
            );
        }
        let mut line = format!(
            "Plan: {} to add, {} to refresh, {} to remove; {} unchanged{first_seen}",
            s.add, s.refresh, s.remove, s.unchanged
        );
        if s.kept > 0 {
            line.push_str(&format!(
                "; {} gone from the sources but kept (--prune removes them)",
                s.kept
            ));
        }
        line.push('.');
        line
    }

    /// The plan as text: one line per change (`+ URL  (reason)`), the
    /// warnings, the summary line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for change in &self.changes {
            out.push_str(&format!(
                "{} {}  ({})\n",
                change.action.sign(),
                wonderchat::printable(&change.url),
                change.reason
            ));
        }
        for warning in &self.warnings {
            out.push_str(&format!("! {}\n", wonderchat::printable(warning)));
        }
        out.push_str(&self.summary_line());
        out.push('\n');
        out
    }
}

/// A page's content now, when it can be known.
enum Content {
    Known(Option<String>),
    /// It could not be fetched (the reason).
    Failed(String),
}

/// Fingerprints of every listed page: fetched (or the file read) unless
/// `no_fetch`, then `lastmod` or the file's time.
async fn fingerprints(
    wanted: &BTreeMap<String, Wanted>,
    no_fetch: bool,
    fetcher: &Fetcher,
) -> Vec<Content> {
    let cap = fetcher.options().max_page_bytes;
    // Owned items: a closure over borrowed ones makes a future that is not
    // `Send` for every lifetime (what the MCP server's tools need).
    futures_util::stream::iter(wanted.values().cloned())
        .map(|w| async move {
            if no_fetch {
                let from_file = w.file.as_ref().and_then(|f| {
                    let modified = std::fs::metadata(f).ok()?.modified().ok()?;
                    let secs = modified
                        .duration_since(std::time::UNIX_EPOCH)
                        .ok()?
                        .as_secs();
                    Some(format!("mtime:{secs}"))
                });
                return Content::Known(
                    from_file.or_else(|| w.lastmod.map(|t| format!("lastmod:{}", t.to_rfc3339()))),
                );
            }
            if let Some(file) = &w.file {
                return match crate::fetch::read_file(file, cap) {
                    Ok(bytes) => Content::Known(Some(sha256(&bytes))),
                    Err(reason) => Content::Failed(reason),
                };
            }
            let Ok(url) = url::Url::parse(&w.url) else {
                return Content::Failed("not an address".to_owned());
            };
            if !fetcher.allowed(&url).await {
                return Content::Failed("robots.txt does not allow fetching it".to_owned());
            }
            match fetcher.get(&url, cap).await {
                Ok(body) => Content::Known(Some(sha256(&body))),
                Err(reason) => Content::Failed(reason),
            }
        })
        .buffered(fetcher.options().concurrency.max(1))
        .collect()
        .await
}

fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// The kind of a fingerprint (`sha256`, `lastmod`, `mtime`).
fn kind(fingerprint: &str) -> &str {
    fingerprint.split_once(':').map_or("", |(kind, _)| kind)
}

/// Makes the plan for `loaded` against `state`.
///
/// # Errors
/// [`SyncError::TooManyDeletes`] when it would remove more than
/// `options.max_deletes` pages.
pub async fn plan(
    loaded: Loaded,
    state: &State,
    options: &PlanOptions,
    fetcher: &Fetcher,
) -> Result<Plan, SyncError> {
    let contents = fingerprints(&loaded.wanted, options.no_fetch, fetcher).await;
    decide(loaded, contents, state, options)
}

/// The plan, once every page's content is known.
fn decide(
    loaded: Loaded,
    contents: Vec<Content>,
    state: &State,
    options: &PlanOptions,
) -> Result<Plan, SyncError> {
    let Loaded {
        wanted,
        mut warnings,
    } = loaded;
    let mut summary = Summary::default();
    let (mut adds, mut refreshes, mut removes) = (Vec::new(), Vec::new(), Vec::new());
    let mut first_seen = BTreeMap::new();
    for ((url, _), content) in wanted.iter().zip(contents) {
        let managed = state.pages.get(url);
        let fingerprint = match content {
            Content::Known(fingerprint) => fingerprint,
            Content::Failed(reason) => {
                if managed.is_some() {
                    summary.unchanged += 1;
                    warnings.push(format!("{url}: left as it is: {reason}"));
                } else {
                    summary.skipped += 1;
                    warnings.push(format!("{url}: not added: {reason}"));
                }
                continue;
            }
        };
        let change = |action, reason: &str| Change {
            action,
            url: url.clone(),
            reason: reason.to_owned(),
            fingerprint: fingerprint.clone(),
        };
        match managed {
            None => adds.push(change(Action::Add, "new in the sources")),
            Some(m) if m.pending == Some(Pending::Add) => adds.push(change(
                Action::Add,
                "sent again: an earlier apply stopped before it heard back",
            )),
            Some(m) if m.pending == Some(Pending::Refresh) => refreshes.push(change(
                Action::Refresh,
                "sent again: an earlier apply stopped before it heard back",
            )),
            Some(m) => match (&m.fingerprint, &fingerprint) {
                (Some(old), Some(new)) if kind(old) == kind(new) && old != new => {
                    refreshes.push(change(
                        Action::Refresh,
                        if kind(new) == "sha256" {
                            "content changed"
                        } else {
                            "changed since it was added (by its date)"
                        },
                    ));
                }
                // No content known to compare with, or known another way.
                (old, Some(new)) if old.as_deref().is_none_or(|old| kind(old) != kind(new)) => {
                    summary.unchanged += 1;
                    first_seen.insert(url.clone(), new.clone());
                }
                _ => summary.unchanged += 1,
            },
        }
    }
    for (url, managed) in &state.pages {
        if wanted.contains_key(url) {
            continue;
        }
        if options.prune && (!managed.adopted || options.prune_unmanaged) {
            removes.push(Change {
                action: Action::Remove,
                url: url.clone(),
                reason: if managed.adopted {
                    "gone from every source (adopted; --prune-unmanaged)".to_owned()
                } else {
                    "gone from every source".to_owned()
                },
                fingerprint: None,
            });
        } else {
            summary.kept += 1;
        }
    }
    if removes.len() > options.max_deletes {
        return Err(SyncError::TooManyDeletes {
            urls: removes.into_iter().map(|c| c.url).collect(),
            max: options.max_deletes,
        });
    }
    summary.add = adds.len();
    summary.refresh = refreshes.len();
    summary.remove = removes.len();
    summary.first_seen = first_seen.len();
    let mut changes = adds;
    changes.append(&mut refreshes);
    changes.append(&mut removes);
    Ok(Plan {
        chatbot_id: state.chatbot_id.clone(),
        changes,
        summary,
        warnings,
        first_seen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Managed;
    use chrono::Utc;

    fn wanted(urls: &[&str]) -> Loaded {
        Loaded {
            wanted: urls
                .iter()
                .map(|u| {
                    let w = Wanted {
                        url: (*u).to_owned(),
                        lastmod: None,
                        file: None,
                    };
                    ((*u).to_owned(), w)
                })
                .collect(),
            warnings: Vec::new(),
        }
    }

    fn managed(fingerprint: &str, adopted: bool, pending: Option<Pending>) -> Managed {
        Managed {
            added_at: Utc::now(),
            fingerprint: Some(fingerprint.to_owned()),
            adopted,
            pending,
        }
    }

    fn known(fps: &[&str]) -> Vec<Content> {
        fps.iter()
            .map(|f| Content::Known(Some((*f).to_owned())))
            .collect()
    }

    fn signs(plan: &Plan) -> Vec<String> {
        plan.changes
            .iter()
            .map(|c| format!("{} {}", c.action.sign(), c.url))
            .collect()
    }

    #[test]
    fn adds_refreshes_and_prunes_only_what_sync_manages() {
        let mut state = State::new("bot");
        state
            .pages
            .insert("a".into(), managed("sha256:1", false, None));
        state
            .pages
            .insert("b".into(), managed("sha256:2", false, None));
        state
            .pages
            .insert("gone".into(), managed("sha256:3", false, None));
        state
            .pages
            .insert("adopted".into(), managed("sha256:4", true, None));
        state
            .pages
            .insert("dated".into(), managed("lastmod:2024", false, None));
        let options = PlanOptions {
            max_deletes: 10,
            ..PlanOptions::default()
        };
        let loaded = || wanted(&["a", "b", "dated", "new"]);
        let contents = || known(&["sha256:1", "sha256:CHANGED", "sha256:5", "sha256:6"]);
        let plan = decide(loaded(), contents(), &state, &options).unwrap();
        // Without --prune nothing is removed; a fingerprint of another kind
        // is not compared, but seen for the first time: an apply records it.
        assert_eq!(signs(&plan), ["+ new", "~ b"]);
        assert_eq!(plan.summary.kept, 2);
        assert_eq!(plan.summary.unchanged, 2);
        assert_eq!(plan.summary.first_seen, 1);
        assert_eq!(
            plan.first_seen,
            BTreeMap::from([("dated".to_owned(), "sha256:5".to_owned())])
        );
        let prune = PlanOptions {
            prune: true,
            ..options.clone()
        };
        let plan = decide(loaded(), contents(), &state, &prune).unwrap();
        assert_eq!(signs(&plan), ["+ new", "~ b", "- gone"]);
        assert_eq!(
            plan.summary_line(),
            "Plan: 1 to add, 1 to refresh, 1 to remove; 2 unchanged (1 seen for the first time: --apply records their content, sending nothing); 1 gone from the sources but kept (--prune removes them)."
        );
        let all = PlanOptions {
            prune_unmanaged: true,
            ..prune.clone()
        };
        let plan = decide(loaded(), contents(), &state, &all).unwrap();
        assert_eq!(signs(&plan), ["+ new", "~ b", "- adopted", "- gone"]);
        let none = PlanOptions {
            max_deletes: 0,
            ..prune
        };
        match decide(loaded(), contents(), &state, &none).unwrap_err() {
            SyncError::TooManyDeletes { urls, max: 0 } => assert_eq!(urls, ["gone"]),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn pages_an_interrupted_apply_sent_are_sent_again_and_failed_fetches_change_nothing() {
        let mut state = State::new("bot");
        state
            .pages
            .insert("a".into(), managed("sha256:1", false, Some(Pending::Add)));
        state.pages.insert(
            "b".into(),
            managed("sha256:2", false, Some(Pending::Refresh)),
        );
        state
            .pages
            .insert("c".into(), managed("sha256:3", false, None));
        let contents = vec![
            Content::Known(Some("sha256:1".into())),
            Content::Known(Some("sha256:2".into())),
            Content::Failed("HTTP 500".into()),
            Content::Failed("HTTP 404".into()),
        ];
        let options = PlanOptions {
            prune: true,
            max_deletes: 10,
            ..PlanOptions::default()
        };
        let plan = decide(wanted(&["a", "b", "c", "d"]), contents, &state, &options).unwrap();
        assert_eq!(signs(&plan), ["+ a", "~ b"]);
        assert_eq!(plan.summary.skipped, 1);
        assert_eq!(
            plan.warnings,
            ["c: left as it is: HTTP 500", "d: not added: HTTP 404"]
        );
    }
}
