//! [`Feedback`], the value a caller sends, and [`RecordedFeedback`], the
//! value a server answers with (which may one day be a value this crate
//! does not know yet).

use std::fmt;
use std::str::FromStr;

use wonderchat_api::types;

/// A reader's feedback on a message: thumbs up or thumbs down.
///
/// Serialises to the wire values `HELPFUL` and `NOT_HELPFUL` (through the
/// generated [`types::Feedback`], the spec's single definition of them).
/// Parses from those, their lower-case forms and the dashed forms
/// `helpful` / `not-helpful`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(into = "types::Feedback", from = "types::Feedback")]
#[non_exhaustive]
pub enum Feedback {
    /// Positive feedback (thumbs up): the message was helpful.
    Helpful,
    /// Negative feedback (thumbs down): the message was not helpful.
    NotHelpful,
}

impl Feedback {
    /// Both values, in the spec's order.
    pub const ALL: [Feedback; 2] = [Feedback::Helpful, Feedback::NotHelpful];
}

impl From<Feedback> for types::Feedback {
    fn from(value: Feedback) -> Self {
        match value {
            Feedback::Helpful => types::Feedback::Helpful,
            Feedback::NotHelpful => types::Feedback::NotHelpful,
        }
    }
}

impl From<types::Feedback> for Feedback {
    fn from(value: types::Feedback) -> Self {
        match value {
            types::Feedback::Helpful => Feedback::Helpful,
            types::Feedback::NotHelpful => Feedback::NotHelpful,
        }
    }
}

impl fmt::Display for Feedback {
    /// The wire value, as the generated type prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&types::Feedback::from(*self), f)
    }
}

/// The error of parsing a [`Feedback`]: names the value and the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown feedback value {value:?}: use HELPFUL or NOT_HELPFUL \
     (also accepted: GOOD and BAD, as exports say them; helpful, not_helpful, not-helpful)"
)]
pub struct ParseFeedbackError {
    /// The text that was not a feedback value.
    pub value: String,
}

impl FromStr for Feedback {
    type Err = ParseFeedbackError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let normalized = s.trim().to_ascii_uppercase().replace('-', "_");
        // An export's `userFeedback` says GOOD or BAD.
        match normalized.as_str() {
            "GOOD" => return Ok(Feedback::Helpful),
            "BAD" => return Ok(Feedback::NotHelpful),
            _ => {}
        }
        normalized
            .parse::<types::Feedback>()
            .map(Feedback::from)
            .map_err(|_| ParseFeedbackError {
                value: s.to_owned(),
            })
    }
}

/// A feedback value as a server reported it.
///
/// Requests can only carry a [`Feedback`], but answers are read leniently: a
/// value Wonderchat adds later arrives as [`RecordedFeedback::Other`] instead
/// of failing the whole call.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RecordedFeedback {
    /// One of the documented values.
    Known(Feedback),
    /// A value this version of the crate does not know, kept as sent.
    Other(String),
}

impl RecordedFeedback {
    /// Reads a value from a response.
    pub fn from_wire(value: &str) -> Self {
        value
            .parse::<types::Feedback>()
            .map(|f| RecordedFeedback::Known(f.into()))
            .unwrap_or_else(|_| RecordedFeedback::Other(value.to_owned()))
    }

    /// The documented value, if it is one.
    pub fn known(&self) -> Option<Feedback> {
        match self {
            RecordedFeedback::Known(f) => Some(*f),
            RecordedFeedback::Other(_) => None,
        }
    }
}

impl serde::Serialize for RecordedFeedback {
    /// The wire value.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for RecordedFeedback {
    /// From the wire value (any string: an unknown one is `Other`).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(RecordedFeedback::from_wire(&text))
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for RecordedFeedback {
    fn schema_name() -> String {
        "RecordedFeedback".to_owned()
    }

    fn json_schema(generator: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        crate::ops::open_string(
            generator,
            "`HELPFUL` or `NOT_HELPFUL`, or a value Wonderchat adds later (kept as sent).",
        )
    }
}

impl PartialEq<Feedback> for RecordedFeedback {
    fn eq(&self, other: &Feedback) -> bool {
        self.known() == Some(*other)
    }
}

impl fmt::Display for RecordedFeedback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordedFeedback::Known(feedback) => fmt::Display::fmt(feedback, f),
            RecordedFeedback::Other(value) => f.write_str(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_accepted_spelling() {
        for text in ["HELPFUL", "helpful", "Helpful", " helpful ", "GOOD", "good"] {
            assert_eq!(
                text.parse::<Feedback>().unwrap(),
                Feedback::Helpful,
                "{text}"
            );
        }
        for text in [
            "NOT_HELPFUL",
            "not_helpful",
            "not-helpful",
            "NOT-HELPFUL",
            "BAD",
            "Bad",
        ] {
            assert_eq!(
                text.parse::<Feedback>().unwrap(),
                Feedback::NotHelpful,
                "{text}"
            );
        }
    }

    #[test]
    fn parse_error_names_the_value_and_the_accepted_ones() {
        let err = "thumbs-up".parse::<Feedback>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown feedback value \"thumbs-up\": use HELPFUL or NOT_HELPFUL \
             (also accepted: GOOD and BAD, as exports say them; helpful, not_helpful, not-helpful)"
        );
        assert!("".parse::<Feedback>().is_err());
        assert!("HELPFULL".parse::<Feedback>().is_err());
    }

    #[test]
    fn serde_and_display_use_the_wire_values() {
        for (feedback, wire) in Feedback::ALL.into_iter().zip(["HELPFUL", "NOT_HELPFUL"]) {
            let json = serde_json::to_string(&feedback).unwrap();
            assert_eq!(json, format!("\"{wire}\""));
            assert_eq!(feedback.to_string(), wire);
            assert_eq!(serde_json::from_str::<Feedback>(&json).unwrap(), feedback);
        }
        assert!(serde_json::from_str::<Feedback>("\"helpful\"").is_err());
    }

    #[test]
    fn recorded_feedback_keeps_unknown_values() {
        assert_eq!(RecordedFeedback::from_wire("HELPFUL"), Feedback::Helpful);
        let other = RecordedFeedback::from_wire("NEUTRAL");
        assert_eq!(other, RecordedFeedback::Other("NEUTRAL".into()));
        assert_eq!(other.known(), None);
        assert_eq!(other.to_string(), "NEUTRAL");
    }
}
