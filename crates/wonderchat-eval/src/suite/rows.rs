//! Suites as question lists from elsewhere: CSV with a header, or JSON
//! Lines, one case a row, with the YAML case's field names. In CSV a cell
//! of a check that takes several values holds one a line; `turns` too.
//! Such a suite names no chatbot (`--chatbot` does) and has the default
//! fallback phrases.

use std::path::Path;

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode, MarkedSequenceNode};
use marked_yaml::{Marker, Node, Span};

use super::yaml::{row_case, row_node};
use super::{DEFAULT_FALLBACKS, Suite, SuiteError};

/// The columns a CSV suite may have.
const COLUMNS: &[&str] = &[
    "id",
    "question",
    "turns",
    "context",
    "skip",
    "case_sensitive",
    "cites",
    "cites_first",
    "not_cites",
    "contains",
    "not_contains",
    "matches",
    "answered",
    "judge",
];

/// The columns whose cell may hold several values, one a line.
const LISTS: &[&str] = &[
    "turns",
    "cites",
    "not_cites",
    "contains",
    "not_contains",
    "matches",
];

fn suite(path: &Path, cases: Vec<super::Case>) -> Suite {
    Suite {
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "suite".to_owned()),
        file: path.to_owned(),
        chatbot: None,
        context: None,
        fallbacks: DEFAULT_FALLBACKS.iter().map(|f| (*f).to_owned()).collect(),
        cases,
    }
}

/// A JSON Lines suite: each line an object with a case's fields.
pub(super) fn jsonl(path: &Path, text: &str) -> Result<Suite, SuiteError> {
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        if let Err(e) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line) {
            return Err(SuiteError::Invalid {
                file: path.to_owned(),
                line: Some(number),
                field: "case".to_owned(),
                message: format!("not a JSON object: {e}"),
            });
        }
        let node = row_node(path, line, number)?;
        cases.push(row_case(path, &node, "", number)?);
    }
    Ok(suite(path, cases))
}

/// The delimiter of a CSV suite: of `,`, `;` (what a spreadsheet writes
/// where the decimal mark is a comma) and tab, the one that splits the
/// header into the most columns, all of them known; `,` otherwise.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let columns = |d: char| {
        let names: Vec<String> = header
            .split(d)
            .map(|h| h.trim().trim_matches('"').trim().to_ascii_lowercase())
            .collect();
        if names.iter().all(|n| COLUMNS.contains(&n.as_str())) {
            names.len()
        } else {
            0
        }
    };
    [b';', b'\t']
        .into_iter()
        .filter(|&d| columns(char::from(d)) > columns(','))
        .max_by_key(|&d| columns(char::from(d)))
        .unwrap_or(b',')
}

/// A CSV suite: a header of [`COLUMNS`] (split by `,`, `;` or tab), then
/// one case a row.
pub(super) fn csv(path: &Path, text: &str) -> Result<Suite, SuiteError> {
    let invalid = |line: u64, field: &str, message: String| SuiteError::Invalid {
        file: path.to_owned(),
        line: Some(line),
        field: field.to_owned(),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| invalid(1, "header", e.to_string()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    for column in &header {
        if !COLUMNS.contains(&column.as_str()) {
            return Err(invalid(
                1,
                "header",
                format!(
                    "unknown column {column:?}; the columns are {}",
                    COLUMNS.join(", ")
                ),
            ));
        }
    }
    if !header.iter().any(|h| h == "question" || h == "turns") {
        return Err(invalid(
            1,
            "header",
            "no question (or turns) column".to_owned(),
        ));
    }
    let mut cases = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            invalid(line, "row", e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let span = Span::new_start(Marker::new(0, 0, line as usize, 1));
        let mut mapping = MarkedMappingNode::new_empty(span);
        for (column, cell) in header.iter().zip(record.iter()) {
            if cell.is_empty() {
                continue;
            }
            let key = MarkedScalarNode::new(span, column.as_str());
            let value: Node = if LISTS.contains(&column.as_str()) {
                let items = cell
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| Node::from(MarkedScalarNode::new(span, l)))
                    .collect();
                MarkedSequenceNode::new(span, items).into()
            } else {
                MarkedScalarNode::new(span, cell).into()
            };
            mapping.insert(key, value);
        }
        let node: Node = mapping.into();
        cases.push(row_case(path, &node, "", line)?);
    }
    Ok(suite(path, cases))
}
