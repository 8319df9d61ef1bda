//! [`ApiKey`] and [`SessionCookie`]: secrets that never show in `Debug`,
//! `Display`, logs or error messages.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// What `Debug` and `Display` show instead of a secret.
pub const REDACTED: &str = "[redacted]";

/// Defines a secret string type: redacting `Debug` and `Display`, zeroed on
/// drop, serialised as the plain string (for the wire), with a JSON Schema
/// that matches the spec's (a non-empty string).
macro_rules! secret_string {
    ($(#[$doc:meta])* $name:ident, $schema:literal) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name(SecretString);

        impl $name {
            /// Wraps a secret. The wrapper crate checks that it is not blank
            /// before any request is sent; this type accepts any string.
            pub fn new(secret: impl Into<String>) -> Self {
                Self(SecretString::from(secret.into()))
            }

            /// The secret itself, for the one place that must send or compare it.
            pub fn expose_secret(&self) -> &str {
                self.0.expose_secret()
            }

            /// Whether the secret is empty or only white space.
            pub fn is_blank(&self) -> bool {
                self.expose_secret().trim().is_empty()
            }

            /// Compares with another secret in time that does not depend on
            /// where the two first differ.
            pub fn matches(&self, other: &str) -> bool {
                use subtle::ConstantTimeEq;
                let (a, b) = (self.expose_secret().as_bytes(), other.as_bytes());
                a.len() == b.len() && bool::from(a.ct_eq(b))
            }
        }

        impl From<String> for $name {
            fn from(secret: String) -> Self {
                Self::new(secret)
            }
        }

        impl From<&str> for $name {
            fn from(secret: &str) -> Self {
                Self::new(secret)
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.matches(other.expose_secret())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({REDACTED})", $schema)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(REDACTED)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.expose_secret())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            /// Accepts any non-empty string; the error never repeats the value.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let secret = String::deserialize(deserializer)?;
                if secret.is_empty() {
                    return Err(serde::de::Error::custom("must not be empty"));
                }
                Ok(Self::new(secret))
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> String {
                $schema.to_owned()
            }

            fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
                schemars::schema::SchemaObject {
                    instance_type: Some(schemars::schema::InstanceType::String.into()),
                    string: Some(Box::new(schemars::schema::StringValidation {
                        min_length: Some(1),
                        ..Default::default()
                    })),
                    ..Default::default()
                }
                .into()
            }
        }
    };
}

secret_string!(
    /// A Wonderchat API key.
    ///
    /// The key travels in the JSON request body, so every type that carries a
    /// request carries the key. This type keeps it out of sight: `Debug` and
    /// `Display` print `[redacted]`, the memory is zeroed on drop, and the only
    /// way to read it back is [`ApiKey::expose_secret`]. The generated request
    /// types use it for the `apiKey` field (a progenitor type replacement).
    ApiKey,
    "ApiKey"
);

secret_string!(
    /// A session cookie that lets Wonderchat crawl pages behind a login
    /// (`sessionCookie` of *Add Pages*): a secret like the API key, with the
    /// same redacting `Debug` and `Display`.
    SessionCookie,
    "SessionCookie"
);

#[cfg(test)]
mod tests {
    use super::*;

    const CANARY: &str = "canary-key-5f1e";

    #[test]
    fn debug_and_display_redact() {
        let key = ApiKey::new(CANARY);
        assert_eq!(format!("{key:?}"), "ApiKey([redacted])");
        assert_eq!(key.to_string(), "[redacted]");
        assert_eq!(key.expose_secret(), CANARY);
    }

    #[test]
    fn serializes_as_a_plain_string() {
        let key = ApiKey::new(CANARY);
        assert_eq!(
            serde_json::to_string(&key).unwrap(),
            format!("\"{CANARY}\"")
        );
    }

    #[test]
    fn empty_key_is_refused_when_decoding() {
        let err = serde_json::from_str::<ApiKey>("\"\"").unwrap_err();
        assert!(err.to_string().contains("must not be empty"));
    }

    #[test]
    fn matches_compares_whole_keys() {
        let key = ApiKey::new("abc");
        assert!(key.matches("abc"));
        assert!(!key.matches("abd"));
        assert!(!key.matches("ab"));
        assert!(!key.matches("abcd"));
        assert!(ApiKey::new(" \t").is_blank());
        assert!(!key.is_blank());
    }
}
