//! The checks that need nothing but the answer: sources, text, whether the
//! bot knew. (`judge` runs a command: `judge.rs`, called by the runner.)

use crate::result::CheckResult;
use crate::suite::Check;

/// `check` of an answer `text` with `sources` (in order); `fallbacks` are
/// the suite's "I don't know" phrases, [`fold`]ed. `None` for a judge.
pub(crate) fn check(
    check: &Check,
    text: &str,
    sources: &[String],
    fallbacks: &[String],
) -> Option<CheckResult> {
    let listed = || {
        if sources.is_empty() {
            "there are none".to_owned()
        } else {
            format!("they are {}", sources.join(", "))
        }
    };
    let failure = match check {
        Check::Cites {
            pattern,
            first: false,
        } => (!sources.iter().any(|s| pattern.matches(s))).then(|| {
            format!(
                "{} is not among the sources: {}",
                pattern.as_str(),
                listed()
            )
        }),
        Check::Cites {
            pattern,
            first: true,
        } => match sources.first() {
            Some(first) if pattern.matches(first) => None,
            Some(first) => Some(format!(
                "the first source is {first}, not {}",
                pattern.as_str()
            )),
            None => Some(format!(
                "{} is not cited: there are no sources",
                pattern.as_str()
            )),
        },
        Check::NotCites(pattern) => sources
            .iter()
            .find(|s| pattern.matches(s))
            .map(|s| format!("{s} is among the sources")),
        Check::Contains {
            text: wanted,
            case_sensitive,
        } => (!holds(text, wanted, *case_sensitive))
            .then(|| format!("the answer does not contain {wanted:?}")),
        Check::NotContains {
            text: unwanted,
            case_sensitive,
        } => holds(text, unwanted, *case_sensitive)
            .then(|| format!("the answer contains {unwanted:?}")),
        Check::Matches(regex) => (!regex.is_match(text))
            .then(|| format!("the answer does not match /{}/", regex.as_str())),
        Check::Answered(wanted) => {
            let fallback = fallback(text, sources, fallbacks);
            match (wanted, fallback) {
                (true, Some(phrase)) => Some(format!(
                    "the bot did not know: no sources, and the answer says {phrase:?}"
                )),
                (false, None) if !sources.is_empty() => {
                    Some(format!("the bot answered, citing {}", sources.join(", ")))
                }
                (false, None) => {
                    Some("the bot answered: no fallback phrase in the answer".to_owned())
                }
                _ => None,
            }
        }
        Check::Judge(_) => return None,
    };
    Some(CheckResult {
        check: check.name().to_owned(),
        expected: check.expected(),
        passed: failure.is_none(),
        reason: failure,
    })
}

/// Whether `text` holds `wanted`: as written, or [`fold`]ed.
fn holds(text: &str, wanted: &str, case_sensitive: bool) -> bool {
    if case_sensitive {
        text.contains(wanted)
    } else {
        fold(text).contains(&fold(wanted))
    }
}

/// Text as the case-insensitive checks compare it: lower case, and the
/// typographic and modifier apostrophes a bot writes (`don’t`) read as
/// the one people type (`don't`).
pub(crate) fn fold(text: &str) -> String {
    text.to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '\u{02BC}'], "'")
}

/// The fallback phrase of an answer that did not know: no sources, and a
/// phrase of `fallbacks` in it.
fn fallback<'a>(text: &str, sources: &[String], fallbacks: &'a [String]) -> Option<&'a str> {
    if !sources.is_empty() {
        return None;
    }
    let text = fold(text);
    fallbacks
        .iter()
        .find(|f| !f.is_empty() && text.contains(f.as_str()))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::{DEFAULT_FALLBACKS, Pattern};

    fn run(check: &Check, text: &str, sources: &[&str]) -> CheckResult {
        let sources: Vec<String> = sources.iter().map(|s| (*s).to_owned()).collect();
        let fallbacks: Vec<String> = DEFAULT_FALLBACKS.iter().map(|s| (*s).to_owned()).collect();
        super::check(check, text, &sources, &fallbacks).unwrap()
    }

    fn cites(p: &str, first: bool) -> Check {
        Check::Cites {
            pattern: Pattern::new(p).unwrap(),
            first,
        }
    }

    #[test]
    fn sources_are_matched_by_address_or_glob() {
        let a = "https://example.com/support/reset-password";
        let b = "https://example.com/pricing";
        assert!(run(&cites(a, false), "", &[b, a]).passed);
        assert!(run(&cites(&format!("{a}/"), false), "", &[a]).passed);
        assert!(run(&cites("https://example.com/support/*", false), "", &[b, a]).passed);
        let failed = run(&cites("https://example.com/billing*", false), "", &[b]);
        assert_eq!(
            failed.reason.as_deref(),
            Some(
                "https://example.com/billing* is not among the sources: they are https://example.com/pricing"
            )
        );
        assert!(!run(&cites(a, true), "", &[b, a]).passed);
        assert!(run(&cites(a, true), "", &[a, b]).passed);
        let not = Check::NotCites(Pattern::new("*/pricing").unwrap());
        assert_eq!(
            run(&not, "", &[a, b]).reason.as_deref(),
            Some("https://example.com/pricing is among the sources")
        );
        assert!(run(&not, "", &[a]).passed);
    }

    #[test]
    fn an_address_matches_its_page_however_either_side_writes_it() {
        let cafe = "https://docs.example.fr/d%C3%A9marrage/caf%C3%A9";
        for written in [
            "https://docs.example.fr/démarrage/café",
            "https://Docs.Example.FR/d%C3%A9marrage/caf%C3%A9/",
            "https://docs.example.fr:443/démarrage/café",
        ] {
            assert!(run(&cites(written, false), "", &[cafe]).passed, "{written}");
        }
        // A source's fragment is the same page, unless the suite names one.
        let anchored = "https://docs.example.com/account#reset";
        assert!(
            run(
                &cites("https://docs.example.com/account", true),
                "",
                &[anchored]
            )
            .passed
        );
        assert!(run(&cites(anchored, false), "", &[anchored]).passed);
        assert!(
            !run(
                &cites("https://docs.example.com/account#other", false),
                "",
                &[anchored]
            )
            .passed
        );
        // Other paths and query strings are other pages.
        assert!(
            !run(
                &cites("https://docs.example.fr/demarrage/cafe", false),
                "",
                &[cafe]
            )
            .passed
        );
        assert!(
            !run(
                &cites("https://docs.example.com/a?v=2", false),
                "",
                &["https://docs.example.com/a"]
            )
            .passed
        );
        // A glob matches the readable form too; text that is no address, as written.
        assert!(run(&cites("*/démarrage/*", false), "", &[cafe]).passed);
        assert!(run(&cites("docs/account", false), "", &["docs/account/"]).passed);
    }

    #[test]
    fn text_checks_ignore_case_unless_asked() {
        let contains = |t: &str, cs| Check::Contains {
            text: t.into(),
            case_sensitive: cs,
        };
        assert!(run(&contains("RESET", false), "Reset it here", &[]).passed);
        assert!(!run(&contains("RESET", true), "Reset it here", &[]).passed);
        assert!(run(&contains("ÉTÉ", false), "l'été", &[]).passed);
        let not = Check::NotContains {
            text: "sorry".into(),
            case_sensitive: false,
        };
        assert!(!run(&not, "Sorry!", &[]).passed);
        let re = Check::Matches(
            regex::RegexBuilder::new(r"\bsettings\b")
                .case_insensitive(true)
                .build()
                .unwrap(),
        );
        assert!(run(&re, "Open SETTINGS", &[]).passed);
        assert!(!run(&re, "Open settingsx", &[]).passed);
    }

    #[test]
    fn an_answer_that_does_not_know_has_no_sources_and_a_fallback_phrase() {
        let answered = Check::Answered(true);
        let text = "I\u{2019}m sorry, I don\u{2019}t know about that yet.";
        let failed = run(&answered, text, &[]);
        assert_eq!(
            failed.reason.as_deref(),
            Some("the bot did not know: no sources, and the answer says \"i don't know\"")
        );
        // With a source it answered, whatever it says.
        assert!(run(&answered, text, &["https://example.com/a"]).passed);
        assert!(run(&answered, "Go to Settings.", &[]).passed);
        assert!(!run(&answered, "Je ne sais pas.", &[]).passed);
        assert!(run(&Check::Answered(false), "No lo sé", &[]).passed);
        assert!(!run(&Check::Answered(false), "Go to Settings.", &[]).passed);
    }

    #[test]
    fn typographic_apostrophes_match_typed_ones_in_phrases_and_text() {
        // A suite's own fallback, copied from the bot's settings as written.
        let fallbacks = vec![fold("  That\u{2019}s not in MY notes ").trim().to_owned()];
        let answered = Check::Answered(true);
        for answer in ["That's not in my notes.", "That\u{2019}s not in my notes."] {
            let result = super::check(&answered, answer, &[], &fallbacks).unwrap();
            assert!(!result.passed, "{answer}");
        }
        let contains = Check::Contains {
            text: "you'll need".into(),
            case_sensitive: false,
        };
        assert!(run(&contains, "You\u{2019}ll need the admin role.", &[]).passed);
        assert!(run(&contains, "You\u{02BC}ll need it.", &[]).passed);
        let exact = Check::Contains {
            text: "you'll need".into(),
            case_sensitive: true,
        };
        assert!(!run(&exact, "you\u{2019}ll need it", &[]).passed);
    }
}
