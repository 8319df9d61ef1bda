//! A suite's YAML (and each case of a CSV or JSON Lines suite, made into
//! the same nodes): read with every node's line, so each error names the
//! line and field.

use std::fmt;
use std::path::Path;

use marked_yaml::{LoaderOptions, Node, Spanned};
use serde::Deserialize;

use super::{Case, Check, DEFAULT_FALLBACKS, Pattern, Suite, SuiteError};
use crate::judge::Judge;

/// A suite as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuite {
    name: Option<String>,
    chatbot: Option<String>,
    context: Option<String>,
    fallbacks: Option<Vec<String>>,
    defaults: Option<Spanned<RawCase>>,
    cases: Option<Vec<Spanned<RawCase>>>,
}

/// A case as written; also the suite's `defaults` (checks only).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCase {
    id: Option<Spanned<String>>,
    question: Option<Spanned<String>>,
    turns: Option<Spanned<Vec<String>>>,
    context: Option<String>,
    skip: Option<String>,
    case_sensitive: Option<bool>,
    cites: Option<Spanned<OneOrMany>>,
    cites_first: Option<Spanned<String>>,
    not_cites: Option<Spanned<OneOrMany>>,
    contains: Option<Spanned<OneOrMany>>,
    not_contains: Option<Spanned<OneOrMany>>,
    matches: Option<Spanned<OneOrMany>>,
    answered: Option<bool>,
    judge: Option<Spanned<OneOrMany>>,
}

/// A value written as one string or a list of them.
#[derive(Debug, Clone, Default)]
pub(super) struct OneOrMany(pub(super) Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text or a list of texts")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_owned()]))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<OneOrMany, A::Error> {
                let mut all = Vec::new();
                while let Some(one) = seq.next_element::<String>()? {
                    all.push(one);
                }
                Ok(OneOrMany(all))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

/// The loader's settings: a mapping at the top, no duplicate keys.
fn options() -> LoaderOptions {
    LoaderOptions::default()
        .error_on_duplicate_keys(true)
        .toplevel_mapping()
}

/// A whole YAML suite.
pub(super) fn parse(path: &Path, text: &str) -> Result<Suite, SuiteError> {
    let node = marked_yaml::parse_yaml_with_options(0, text, options())
        .map_err(|e| load_error(path, &e, 0))?;
    let raw: RawSuite = from_node(path, &node, "", 0)?;
    let invalid = |line: Option<u64>, field: &str, message: String| SuiteError::Invalid {
        file: path.to_owned(),
        line,
        field: field.to_owned(),
        message,
    };
    let defaults = match raw.defaults {
        Some(defaults) => {
            let line = line_of(defaults.span());
            for (field, given) in [
                ("id", defaults.id.is_some()),
                ("question", defaults.question.is_some()),
                ("turns", defaults.turns.is_some()),
                ("skip", defaults.skip.is_some()),
            ] {
                if given {
                    return Err(invalid(
                        line,
                        &format!("defaults.{field}"),
                        "is a case's own: defaults hold checks only".to_owned(),
                    ));
                }
            }
            // Checks only (the case's own fields were refused above).
            defaults
        }
        None => Spanned::new(marked_yaml::Span::new_blank(), RawCase::default()),
    };
    let Some(cases) = raw.cases else {
        return Err(invalid(
            None,
            "cases",
            "missing: a list of cases".to_owned(),
        ));
    };
    let fallbacks = match raw.fallbacks {
        Some(list) => list.iter().map(|f| crate::check::fold(f.trim())).collect(),
        None => DEFAULT_FALLBACKS.iter().map(|f| (*f).to_owned()).collect(),
    };
    let name = raw.name.unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "suite".to_owned())
    });
    let dir = path.parent().unwrap_or(Path::new("."));
    let cases = cases
        .into_iter()
        .enumerate()
        .map(|(i, case)| {
            let line = line_of(case.span()).unwrap_or(0);
            case_of(path, dir, &format!("cases[{i}]"), line, &case, &defaults)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Suite {
        name,
        file: path.to_owned(),
        chatbot: raw.chatbot.filter(|c| !c.trim().is_empty()),
        context: raw.context,
        fallbacks,
        cases,
    })
}

/// One case of `node` (a mapping), at `line` of `path`: a row of a CSV or
/// JSON Lines suite.
pub(super) fn row_case(
    path: &Path,
    node: &Node,
    field: &str,
    line: u64,
) -> Result<Case, SuiteError> {
    let raw: RawCase = from_node(path, node, field, line)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let none = Spanned::new(marked_yaml::Span::new_blank(), RawCase::default());
    case_of(path, dir, field, line, &raw, &none)
}

/// A row's text as the nodes of a case (JSON Lines: each line is YAML's
/// flow mapping).
pub(super) fn row_node(path: &Path, text: &str, line: u64) -> Result<Node, SuiteError> {
    marked_yaml::parse_yaml_with_options(0, text, options()).map_err(|e| load_error(path, &e, line))
}

/// The suite's `T` of `node`; errors name the field and line (`line_base`
/// added: a row's line in its file).
fn from_node<T: serde::de::DeserializeOwned>(
    path: &Path,
    node: &Node,
    prefix: &str,
    line_base: u64,
) -> Result<T, SuiteError> {
    marked_yaml::from_node(node).map_err(|e| {
        let path_in = e.path().unwrap_or("").trim_start_matches('.').to_owned();
        let line = if line_base > 0 {
            Some(line_base)
        } else {
            line_at(node, &path_in).or_else(|| e.start_mark().map(|m| m.line() as u64))
        };
        let field = match (prefix.is_empty(), path_in.is_empty()) {
            (true, true) => "suite".to_owned(),
            (true, false) => path_in,
            (false, true) => prefix.to_owned(),
            (false, false) => format!("{prefix}.{path_in}"),
        };
        let message = match &*e {
            marked_yaml::Error::UnknownFieldError(name, expected, _) => format!(
                "unknown field `{name}`; the fields are {}",
                expected.join(", ")
            ),
            other => other.to_string(),
        };
        SuiteError::Invalid {
            file: path.to_owned(),
            line,
            field,
            message,
        }
    })
}

/// The line of the field at `path` (`cases[0].cite`) in `node`: its key's
/// line, or that of the deepest node on the way that exists.
fn line_at(node: &Node, path: &str) -> Option<u64> {
    let mut here = node;
    let mut line = None;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let mapping = here.as_mapping()?;
        let (found_key, value) = mapping.iter().find(|(k, _)| k.as_str() == key)?;
        line = found_key.span().start().map(|m| m.line() as u64).or(line);
        here = value;
        if let Some(i) = index {
            here = here.as_sequence()?.get(i)?;
            line = here.span().start().map(|m| m.line() as u64).or(line);
        }
    }
    line
}

/// A YAML syntax error at its line.
fn load_error(path: &Path, e: &marked_yaml::LoadError, line_base: u64) -> SuiteError {
    use marked_yaml::LoadError as L;
    let mark = match e {
        L::TopLevelMustBeMapping(m)
        | L::TopLevelMustBeSequence(m)
        | L::UnexpectedAnchor(m)
        | L::MappingKeyMustBeScalar(m)
        | L::UnexpectedTag(m)
        | L::ScanError(m, _) => Some(m.line() as u64),
        _ => None,
    };
    let message = e.to_string();
    // The loader's own "line:column: " prefix is said by the error's line.
    let message = message
        .split_once(": ")
        .filter(|(at, _)| at.chars().all(|c| c.is_ascii_digit() || c == ':'))
        .map_or(message.clone(), |(_, rest)| rest.to_owned());
    SuiteError::Invalid {
        file: path.to_owned(),
        line: if line_base > 0 { Some(line_base) } else { mark },
        field: "suite".to_owned(),
        message: format!("not a suite's YAML: {message}"),
    }
}

/// A span's first line.
fn line_of(span: &marked_yaml::Span) -> Option<u64> {
    span.start().map(|m| m.line() as u64)
}

/// A case from what was written, the defaults filling what it leaves out.
fn case_of(
    path: &Path,
    dir: &Path,
    field: &str,
    line: u64,
    raw: &RawCase,
    defaults: &Spanned<RawCase>,
) -> Result<Case, SuiteError> {
    let at = |spanned: Option<&marked_yaml::Span>| {
        spanned.and_then(line_of).or(Some(line)).filter(|l| *l > 0)
    };
    let invalid =
        |span: Option<&marked_yaml::Span>, name: &str, message: String| SuiteError::Invalid {
            file: path.to_owned(),
            line: at(span),
            field: if field.is_empty() {
                name.to_owned()
            } else {
                format!("{field}.{name}")
            },
            message,
        };
    let turns: Vec<String> = match (&raw.question, &raw.turns) {
        (Some(_), Some(turns)) => {
            return Err(invalid(
                Some(turns.span()),
                "turns",
                "a case has a question or turns, not both".to_owned(),
            ));
        }
        (Some(question), None) => vec![(**question).clone()],
        (None, Some(turns)) => (**turns).clone(),
        (None, None) => {
            return Err(invalid(
                None,
                "question",
                "missing: give the question (or turns, a list of questions)".to_owned(),
            ));
        }
    };
    if turns.is_empty() {
        return Err(invalid(
            None,
            "turns",
            "an empty list: give at least one question".to_owned(),
        ));
    }
    if let Some(i) = turns.iter().position(|t| t.trim().is_empty()) {
        let name = if raw.question.is_some() {
            "question".to_owned()
        } else {
            format!("turns[{i}]")
        };
        return Err(invalid(
            None,
            &name,
            "blank: a question has words".to_owned(),
        ));
    }
    let id = match &raw.id {
        Some(id) if id.trim().is_empty() => {
            return Err(invalid(
                Some(id.span()),
                "id",
                "blank: an id has words".to_owned(),
            ));
        }
        Some(id) => id.trim().to_owned(),
        None => slug(&turns[0]),
    };
    let case_sensitive = raw
        .case_sensitive
        .or(defaults.case_sensitive)
        .unwrap_or(false);
    let mut checks = Vec::new();
    // A case's own value of a check replaces the default's.
    let pick = |own: &Option<Spanned<OneOrMany>>, default: &Option<Spanned<OneOrMany>>| {
        own.clone().or_else(|| default.clone())
    };
    if let Some(values) = pick(&raw.cites, &defaults.cites) {
        for v in &values.0 {
            let pattern = Pattern::new(v).map_err(|m| invalid(Some(values.span()), "cites", m))?;
            checks.push(Check::Cites {
                pattern,
                first: false,
            });
        }
    }
    if let Some(v) = raw
        .cites_first
        .clone()
        .or_else(|| defaults.cites_first.clone())
    {
        let pattern = Pattern::new(&v).map_err(|m| invalid(Some(v.span()), "cites_first", m))?;
        checks.push(Check::Cites {
            pattern,
            first: true,
        });
    }
    if let Some(values) = pick(&raw.not_cites, &defaults.not_cites) {
        for v in &values.0 {
            let pattern =
                Pattern::new(v).map_err(|m| invalid(Some(values.span()), "not_cites", m))?;
            checks.push(Check::NotCites(pattern));
        }
    }
    for (name, own, default, wanted) in [
        ("contains", &raw.contains, &defaults.contains, true),
        (
            "not_contains",
            &raw.not_contains,
            &defaults.not_contains,
            false,
        ),
    ] {
        if let Some(values) = pick(own, default) {
            for v in &values.0 {
                if v.is_empty() {
                    return Err(invalid(
                        Some(values.span()),
                        name,
                        "an empty text".to_owned(),
                    ));
                }
                let text = v.clone();
                checks.push(if wanted {
                    Check::Contains {
                        text,
                        case_sensitive,
                    }
                } else {
                    Check::NotContains {
                        text,
                        case_sensitive,
                    }
                });
            }
        }
    }
    if let Some(values) = pick(&raw.matches, &defaults.matches) {
        for v in &values.0 {
            let regex = regex::RegexBuilder::new(v)
                .case_insensitive(!case_sensitive)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| {
                    let first = e.to_string();
                    let first = first.lines().last().unwrap_or("").trim().to_owned();
                    invalid(
                        Some(values.span()),
                        "matches",
                        format!("not a regular expression: {v:?}: {first}"),
                    )
                })?;
            checks.push(Check::Matches(regex));
        }
    }
    if let Some(answered) = raw.answered.or(defaults.answered) {
        checks.push(Check::Answered(answered));
    }
    if let Some(words) = pick(&raw.judge, &defaults.judge) {
        let judge =
            Judge::new(&words.0, dir).map_err(|m| invalid(Some(words.span()), "judge", m))?;
        checks.push(Check::Judge(judge));
    }
    if checks.is_empty() {
        // A bare question list: each question must at least be answered.
        checks.push(Check::Answered(true));
    }
    Ok(Case {
        generated_id: raw.id.is_none(),
        id,
        line,
        turns,
        context: raw.context.clone().or_else(|| defaults.context.clone()),
        checks,
        skip: raw.skip.clone(),
    })
}

/// The longest id made from a question, in bytes.
const MAX_SLUG: usize = 60;

/// A case id from its question: lower-case letters and digits, words
/// joined by `-`, at most [`MAX_SLUG`] bytes (a first word longer than
/// that, as a question in a script written without spaces is, cut at a
/// character).
pub(super) fn slug(question: &str) -> String {
    let mut out = String::new();
    for word in question
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if out.is_empty() {
            let end = word
                .char_indices()
                .map(|(at, c)| at + c.len_utf8())
                .take_while(|&end| end <= MAX_SLUG)
                .last()
                .unwrap_or(0);
            out.push_str(&word[..end]);
            if end < word.len() {
                break;
            }
            continue;
        }
        if out.len() + word.len() + 1 > MAX_SLUG {
            break;
        }
        out.push('-');
        out.push_str(&word);
    }
    if out.is_empty() {
        "case".to_owned()
    } else {
        out
    }
}
