//! The report in a few lines, for an agent: the headline with its changes,
//! escalation, and the top knowledge gaps with their sizes and what to do,
//! worded by the caller (an agent's tool call, not a shell command).

use std::fmt::Write as _;

use super::{Escape, change, chatbots, count, diagnosis, gap_headline, period, rate_short, whole};
use crate::topics::PageAction;
use crate::{Comparison, Report};

/// How many knowledge gaps the brief names.
pub const BRIEF_GAPS: usize = 3;

/// The report's answer in a few hundred words: period, headline, changes
/// (with a comparison), escalation, and the first [`BRIEF_GAPS`] gaps, each
/// with what to do as `action` words it.
pub fn brief(
    report: &Report,
    escape: Escape<'_>,
    action: &dyn Fn(&PageAction) -> String,
) -> String {
    let h = &report.headline;
    let c = report.comparison.as_ref();
    let changed = |pick: fn(&Comparison) -> &Option<crate::Change>| {
        c.map_or(String::new(), |c| format!(" ({})", change(pick(c))))
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Feedback report of {}, {}: {}{}.",
        escape(&chatbots(report)),
        period(report),
        count(h.conversations, "conversation", "conversations"),
        c.and_then(|c| c.volume_ratio)
            .map_or(String::new(), |r| format!(" (×{r:.2} the previous period)"))
    );
    let _ = writeln!(
        out,
        "Satisfaction {}{}; resolution {}{}; failed {} of {}{}.",
        rate_short(&h.satisfaction),
        changed(|c| &c.satisfaction_change),
        rate_short(&h.resolution),
        changed(|c| &c.resolution_change),
        whole(h.failed),
        whole(h.conversations),
        changed(|c| &c.failed_change),
    );
    let _ = writeln!(
        out,
        "Escalation {}{}: {} asked for a person, {} handed off.",
        rate_short(&h.escalation),
        changed(|c| &c.escalation_change),
        whole(h.asked_for_person),
        whole(h.handed_off),
    );
    if report.knowledge_gaps.is_empty() {
        let _ = writeln!(
            out,
            "No subject failed 3 times or more: no knowledge gap to fix."
        );
    } else {
        let _ = writeln!(out, "Fix first:");
    }
    for (i, gap) in report.knowledge_gaps.iter().take(BRIEF_GAPS).enumerate() {
        let _ = write!(out, "{}. {}.", i + 1, gap_headline(gap, escape, ": "));
        let said = diagnosis(gap);
        if !said.is_empty() {
            let _ = write!(out, " {}.", escape(&said));
        }
        if let Some(todo) = gap.page_action() {
            let _ = write!(out, " {}", action(&todo));
        }
        out.push('\n');
    }
    let more = report.knowledge_gaps.len().saturating_sub(BRIEF_GAPS);
    if more > 0 {
        let _ = writeln!(
            out,
            "{} more (detail: full lists every figure).",
            count(more as u64, "gap", "gaps")
        );
    }
    if report.input.eval_left_out > 0 {
        let _ = writeln!(
            out,
            "{} made by evals or agents left out.",
            count(report.input.eval_left_out, "conversation", "conversations")
        );
    }
    out
}
