//! The conversations a reading tool asks for, in the CLI's words: a
//! chatbot and a period (`chatbotId`, `since`, `until`, as `export` and
//! `report` take `--chatbot`, `--since`, `--until`), with times in the
//! forms the CLI accepts.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::Deserialize;

/// The forms a time argument takes, said in its schema and in its errors.
const FORMS: &str = "RFC 3339, a date (2026-11-26) or an age (7d, 24h)";

/// A start and an end, each optional.
pub(super) type Range = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// A chatbot and a period; every field may be left out.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct Period {
    /// Only this chatbot's; leave out for all.
    pub(super) chatbot_id: Option<String>,
    // (The times' schemas carry their descriptions, with the forms.)
    pub(super) since: Option<Since>,
    pub(super) until: Option<Until>,
}

impl Period {
    /// The start and end, refused when the start is after the end.
    pub(super) fn range(&self) -> Result<Range, String> {
        let (since, until) = (self.since.map(|s| s.0), self.until.map(|u| u.0));
        if let (Some(since), Some(until)) = (since, until)
            && since > until
        {
            return Err(format!(
                "argument `since` ({}) is after `until` ({}): the period is empty; swap them",
                since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ));
        }
        Ok((since, until))
    }
}

/// A start: [`FORMS`] (a date is its midnight, UTC).
#[derive(Debug, Clone, Copy)]
pub(super) struct Since(pub(super) DateTime<Utc>);

/// An end: as [`Since`], but a date is the end of that day.
#[derive(Debug, Clone, Copy)]
pub(super) struct Until(pub(super) DateTime<Utc>);

/// Reads a time argument with `parse`, the error saying the forms.
fn time<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    parse: fn(&str) -> Result<DateTime<Utc>, String>,
) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse(&text).map_err(|_| {
        serde::de::Error::custom(format!(
            "{:?} is not a time: use {FORMS}",
            wonderchat::printable(&text)
        ))
    })
}

impl<'de> Deserialize<'de> for Since {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        time(deserializer, crate::cli::parse_when).map(Self)
    }
}

impl<'de> Deserialize<'de> for Until {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        time(deserializer, crate::cli::parse_until).map(Self)
    }
}

/// A string schema whose description gives the forms.
fn time_schema(what: &str) -> schemars::schema::Schema {
    schemars::schema::SchemaObject {
        instance_type: Some(schemars::schema::InstanceType::String.into()),
        metadata: Some(Box::new(schemars::schema::Metadata {
            description: Some(format!("{what}: {FORMS}.")),
            ..Default::default()
        })),
        ..Default::default()
    }
    .into()
}

impl JsonSchema for Since {
    fn schema_name() -> String {
        "Since".to_owned()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        time_schema("From this time")
    }
}

impl JsonSchema for Until {
    fn schema_name() -> String {
        "Until".to_owned()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        time_schema("Until this time, inclusive (a date: its end)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(value: serde_json::Value) -> Result<Period, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }

    #[test]
    fn times_come_in_every_form_the_cli_takes() {
        let p = period(serde_json::json!({"since": "2026-11-26", "until": "2026-11-26"})).unwrap();
        let (since, until) = p.range().unwrap();
        assert_eq!(since.unwrap().to_rfc3339(), "2026-11-26T00:00:00+00:00");
        assert_eq!(until.unwrap().to_rfc3339(), "2026-11-26T23:59:59.999+00:00");
        let p = period(serde_json::json!({"since": "7d"})).unwrap();
        let ago = Utc::now() - p.since.unwrap().0;
        assert!((ago.num_hours() - 7 * 24).abs() <= 1, "{ago}");
        let p = period(serde_json::json!({"since": "2026-11-26T09:00:00+01:00"})).unwrap();
        assert_eq!(p.since.unwrap().0.to_rfc3339(), "2026-11-26T08:00:00+00:00");
    }

    #[test]
    fn a_bad_time_says_the_forms_and_an_empty_period_is_refused() {
        let err = period(serde_json::json!({"since": "last tuesday"})).unwrap_err();
        assert!(err.contains("\"last tuesday\" is not a time"), "{err}");
        assert!(
            err.contains("a date (2026-11-26)") && err.contains("7d"),
            "{err}"
        );
        let p = period(serde_json::json!({"since": "2026-11-27", "until": "2026-11-26"})).unwrap();
        let err = p.range().unwrap_err();
        assert!(err.contains("`since`") && err.contains("swap"), "{err}");
    }
}
