//! A suite: the chatbot, and the cases to ask it, each with its checks.
//! Read from YAML (`yaml.rs`), CSV or JSON Lines (`rows.rs`); every case
//! and check is checked as it is read, so a bad suite stops before
//! anything is asked, with the file, line and field.

mod gaps;
mod rows;
mod yaml;

pub use gaps::from_gaps;

use std::path::{Path, PathBuf};

use regex::Regex;

use crate::judge::Judge;

/// The largest suite file read.
pub const MAX_SUITE_BYTES: u64 = 64 * 1024 * 1024;

/// The answers that mean "I don't know", matched in lower case anywhere in
/// an answer without sources, when a suite names none of its own.
pub const DEFAULT_FALLBACKS: &[&str] = &[
    // English
    "i don't know",
    "i do not know",
    "i'm not sure",
    "i am not sure",
    "i don't have information",
    "i do not have information",
    "i couldn't find",
    "i could not find",
    "i can't answer",
    "i cannot answer",
    "i'm sorry, i can't",
    "no information about",
    // Français
    "je ne sais pas",
    "je n'ai pas d'information",
    "je n'ai pas trouvé",
    // Español
    "no lo sé",
    "no tengo información",
    "no encontré",
    // Deutsch
    "ich weiß nicht",
    "ich weiss nicht",
    "keine informationen",
    // Italiano
    "non lo so",
    "non ho informazioni",
    // Português
    "não sei",
    "não tenho informações",
    // Nederlands
    "ik weet het niet",
    "geen informatie",
];

/// A suite, checked.
#[derive(Debug, Clone)]
pub struct Suite {
    /// Its name (`name:`, else the file's stem).
    pub name: String,
    /// The file it was read from.
    pub file: PathBuf,
    /// The chatbot asked (`chatbot:`; CSV and JSON Lines suites name none).
    pub chatbot: Option<String>,
    /// Context sent with every question (`context:`), unless a case has its own.
    pub context: Option<String>,
    /// What an answer that does not know says, in lower case.
    pub fallbacks: Vec<String>,
    /// Its cases, in file order.
    pub cases: Vec<Case>,
}

/// One case: a question (or several turns of one conversation) and the
/// checks its last answer must pass.
#[derive(Debug, Clone)]
pub struct Case {
    /// Its id, unique in the suite.
    pub id: String,
    /// The id was made from the question (the case has no `id`); such an
    /// id gives way to written ones and takes `-2`, `-3`… when two match.
    pub generated_id: bool,
    /// Where it starts in the file (1-based).
    pub line: u64,
    /// The questions, in order, in one conversation (one for most cases).
    pub turns: Vec<String>,
    /// Context sent with its questions.
    pub context: Option<String>,
    /// The checks of its last answer.
    pub checks: Vec<Check>,
    /// Not asked, for this reason.
    pub skip: Option<String>,
}

impl Case {
    /// Its first question.
    pub fn question(&self) -> &str {
        self.turns.first().map_or("", String::as_str)
    }
}

/// A source pattern: an address, or a glob (`*` any run of characters,
/// `?` one, `[...]` a class) over the whole address.
#[derive(Debug, Clone)]
pub struct Pattern {
    text: String,
    glob: Option<globset::GlobMatcher>,
    /// An address's [`normal`] form (`None`: a glob, or not an address).
    address: Option<String>,
    /// The address names a `#fragment`, so a source's counts.
    fragment: bool,
}

impl Pattern {
    /// A pattern of `text`.
    ///
    /// # Errors
    /// A glob that does not parse, in words.
    pub fn new(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("an empty address".to_owned());
        }
        let glob = if text.contains(['*', '?', '[', '{']) {
            Some(
                globset::GlobBuilder::new(text)
                    .literal_separator(false)
                    .build()
                    .map_err(|e| format!("not a glob: {e}"))?
                    .compile_matcher(),
            )
        } else {
            None
        };
        let fragment = text.contains('#');
        Ok(Self {
            address: glob.is_none().then(|| normal(text, fragment)).flatten(),
            text: text.to_owned(),
            glob,
            fragment,
        })
    }

    /// Whether the source `url` matches. An address matches the same page
    /// however it is written: host case, percent-encoding (`café` or
    /// `caf%C3%A9`), a trailing `/`, and a `#fragment` unless the address
    /// names one. A glob matches the source as given or percent-decoded.
    pub fn matches(&self, url: &str) -> bool {
        if let Some(glob) = &self.glob {
            return glob.is_match(url)
                || glob.is_match(&*percent_encoding::percent_decode_str(url).decode_utf8_lossy());
        }
        match (&self.address, normal(url, self.fragment)) {
            (Some(wanted), Some(source)) => *wanted == source,
            _ => url.trim_end_matches('/') == self.text.trim_end_matches('/'),
        }
    }

    /// As written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// `text` as the address it names, written one way: parsed (lower-case
/// host, percent-encoded path), its fragment dropped unless `fragment`,
/// no trailing `/`. `None` when it is not an absolute address.
fn normal(text: &str, fragment: bool) -> Option<String> {
    let mut url = url::Url::parse(text.trim()).ok()?;
    if !fragment {
        url.set_fragment(None);
    }
    Some(url.as_str().trim_end_matches('/').to_owned())
}

/// What an answer is checked for.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Check {
    /// A source matches (`first`: the first source does).
    Cites {
        /// The address or glob.
        pattern: Pattern,
        /// The first source must match.
        first: bool,
    },
    /// No source matches.
    NotCites(Pattern),
    /// The answer holds the text.
    Contains {
        /// The text.
        text: String,
        /// Letter case counts.
        case_sensitive: bool,
    },
    /// The answer does not hold the text.
    NotContains {
        /// The text.
        text: String,
        /// Letter case counts.
        case_sensitive: bool,
    },
    /// The answer matches the regular expression.
    Matches(Regex),
    /// The answer is (`true`) or is not (`false`) an answer: "I don't
    /// know" is no sources and a fallback phrase.
    Answered(bool),
    /// An external command judges it.
    Judge(Judge),
}

impl Check {
    /// Its name in a suite (`cites`, `not_contains`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Check::Cites { first: false, .. } => "cites",
            Check::Cites { first: true, .. } => "cites_first",
            Check::NotCites(_) => "not_cites",
            Check::Contains { .. } => "contains",
            Check::NotContains { .. } => "not_contains",
            Check::Matches(_) => "matches",
            Check::Answered(_) => "answered",
            Check::Judge(_) => "judge",
        }
    }

    /// What it expects, as written.
    pub fn expected(&self) -> String {
        match self {
            Check::Cites { pattern, .. } | Check::NotCites(pattern) => pattern.as_str().to_owned(),
            Check::Contains { text, .. } | Check::NotContains { text, .. } => text.clone(),
            Check::Matches(regex) => regex.as_str().to_owned(),
            Check::Answered(yes) => yes.to_string(),
            Check::Judge(judge) => judge.command_line(),
        }
    }
}

/// A suite that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SuiteError {
    /// The file could not be read.
    #[error("{}: cannot read the suite", file.display())]
    Read {
        /// The suite.
        file: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Something in it is wrong: where, which field, what.
    #[error("{}{}: {field}: {message}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid {
        /// The suite.
        file: PathBuf,
        /// The line (1-based), when known.
        line: Option<u64>,
        /// The field (`cases[2].matches`), or `suite`.
        field: String,
        /// What is wrong, and what is expected.
        message: String,
    },
}

/// The formats a suite comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuiteFormat {
    /// YAML: the whole suite.
    Yaml,
    /// CSV with a header: one case a row.
    Csv,
    /// JSON Lines: one case a line.
    Jsonl,
}

impl SuiteFormat {
    /// The format of a file by its extension (YAML by default).
    pub fn of(path: &Path) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => SuiteFormat::Csv,
            Some("jsonl" | "ndjson") => SuiteFormat::Jsonl,
            _ => SuiteFormat::Yaml,
        }
    }
}

/// Reads and checks the suite at `path` (its format from the extension).
///
/// # Errors
/// It cannot be read, or is not a valid suite: the error names the line and
/// field.
pub fn load(path: &Path) -> Result<Suite, SuiteError> {
    let text = read(path)?;
    parse(path, &text, SuiteFormat::of(path))
}

/// Checks a suite's text, as read from `path`.
///
/// # Errors
/// Not a valid suite: the error names the line and field.
pub fn parse(path: &Path, text: &str, format: SuiteFormat) -> Result<Suite, SuiteError> {
    let mut suite = match format {
        SuiteFormat::Yaml => yaml::parse(path, text)?,
        SuiteFormat::Csv => rows::csv(path, text)?,
        SuiteFormat::Jsonl => rows::jsonl(path, text)?,
    };
    let mut written = std::collections::HashMap::new();
    for case in suite.cases.iter().filter(|c| !c.generated_id) {
        if let Some(first) = written.insert(case.id.clone(), case.line) {
            return Err(SuiteError::Invalid {
                file: path.to_owned(),
                line: Some(case.line),
                field: "id".to_owned(),
                message: format!(
                    "{:?} is the id of the case at line {first} too: ids are unique",
                    case.id
                ),
            });
        }
    }
    // Ids made from questions (two questions may start alike) are made
    // unique in file order, so the same suite always gets the same ids.
    let mut taken: std::collections::HashSet<String> = written.into_keys().collect();
    for case in suite.cases.iter_mut().filter(|c| c.generated_id) {
        let base = case.id.clone();
        let mut n = 1u64;
        while !taken.insert(case.id.clone()) {
            n += 1;
            case.id = format!("{base}-{n}");
        }
    }
    if suite.cases.is_empty() {
        return Err(SuiteError::Invalid {
            file: path.to_owned(),
            line: None,
            field: "cases".to_owned(),
            message: "the suite has no cases".to_owned(),
        });
    }
    Ok(suite)
}

/// The file's text, at most [`MAX_SUITE_BYTES`].
fn read(path: &Path) -> Result<String, SuiteError> {
    let bytes = crate::read_at_most(path, MAX_SUITE_BYTES).map_err(|source| SuiteError::Read {
        file: path.to_owned(),
        source,
    })?;
    if bytes.len() as u64 > MAX_SUITE_BYTES {
        return Err(SuiteError::Invalid {
            file: path.to_owned(),
            line: None,
            field: "suite".to_owned(),
            message: format!("larger than {} MiB", MAX_SUITE_BYTES >> 20),
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| SuiteError::Invalid {
        file: path.to_owned(),
        line: None,
        field: "suite".to_owned(),
        message: format!("not UTF-8 text (at byte {})", e.utf8_error().valid_up_to()),
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

#[cfg(test)]
mod tests;
