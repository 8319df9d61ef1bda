//! [`Redactor`]: removes secrets (the API key, a session cookie) from any
//! text or bytes that came from a server, before anything can show them.

use std::borrow::Cow;

use crate::REDACTED;

/// Secrets shorter than this are not searched for (they would match
/// ordinary text everywhere).
const MIN_SECRET_LEN: usize = 4;

/// Finds and replaces secrets in server text, in every form a server may
/// echo them: as sent, JSON-escaped, percent-encoded (a `Location` header,
/// a URL in a message: the usual form, and every byte encoded, in either
/// case), HTML-escaped (an error page: its special characters, or every
/// character as a decimal or hex entity) and base64 (standard or URL-safe,
/// at any offset in a longer base64 text, as in a `Basic` credential). A
/// secret cut off at the end of a text (a body that was truncated, a
/// snippet) is replaced too, from 4 characters.
#[derive(Clone, Default)]
pub struct Redactor {
    /// Every form of every secret, longest first, each with its searcher
    /// (built once: every answer and every streamed event is scrubbed).
    patterns: Vec<memchr::memmem::Finder<'static>>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} pattern(s))", self.patterns.len())
    }
}

impl Redactor {
    /// A redactor for these secrets; empty and very short ones are ignored.
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        for secret in secrets {
            if secret.len() < MIN_SECRET_LEN {
                continue;
            }
            let json = serde_json::to_string(secret).unwrap_or_default();
            let json = json.trim_matches('"').to_owned();
            let forms = [
                secret.to_owned(),
                json.clone(),
                json.replace('/', "\\/"),
                url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
                url::form_urlencoded::byte_serialize(secret.as_bytes())
                    .collect::<String>()
                    .replace('+', "%20"),
            ];
            let every_byte = |upper: bool| -> String {
                secret
                    .bytes()
                    .map(|b| {
                        if upper {
                            format!("%{b:02X}")
                        } else {
                            format!("%{b:02x}")
                        }
                    })
                    .collect()
            };
            let html_special: String = secret
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_owned(),
                    '<' => "&lt;".to_owned(),
                    '>' => "&gt;".to_owned(),
                    '"' => "&quot;".to_owned(),
                    '\'' => "&#39;".to_owned(),
                    c => c.to_string(),
                })
                .collect();
            let decimal: String = secret.chars().map(|c| format!("&#{};", c as u32)).collect();
            let hex: String = secret
                .chars()
                .map(|c| format!("&#x{:x};", c as u32))
                .collect();
            let more = [
                every_byte(true),
                every_byte(false),
                html_special,
                decimal,
                hex,
            ];
            for form in forms.into_iter().chain(more).chain(base64_forms(secret)) {
                if !patterns.iter().any(|p| p == form.as_bytes()) {
                    patterns.push(form.into_bytes());
                }
            }
        }
        patterns.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let patterns = patterns
            .iter()
            .map(|p| memchr::memmem::Finder::new(p).into_owned())
            .collect();
        Self { patterns }
    }

    /// Whether there is anything to look for.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// `bytes` with every secret replaced by `[redacted]`.
    pub fn bytes<'b>(&self, bytes: &'b [u8]) -> Cow<'b, [u8]> {
        let mut out = Cow::Borrowed(bytes);
        for finder in &self.patterns {
            if finder.find(&out).is_some() {
                out = Cow::Owned(replace_all(&out, finder));
            }
        }
        for finder in &self.patterns {
            if let Some(n) = cut_at_end(&out, finder.needle()) {
                let mut owned = out.into_owned();
                owned.truncate(owned.len() - n);
                owned.extend_from_slice(REDACTED.as_bytes());
                out = Cow::Owned(owned);
            }
        }
        out
    }

    /// `text` with every secret replaced by `[redacted]`.
    pub fn text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match self.bytes(text.as_bytes()) {
            Cow::Borrowed(_) => Cow::Borrowed(text),
            // Whole secrets and prefixes are valid UTF-8 runs replaced by
            // ASCII; a prefix cut inside a character is lossily mended.
            Cow::Owned(bytes) => Cow::Owned(
                String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
        }
    }
}

impl Redactor {
    /// `text` with every secret replaced, reusing its allocation when it
    /// holds none: for fields of a decoded answer, where JSON escapes
    /// (`\u0073…`) have already turned back into the secret.
    pub fn string(&self, text: String) -> String {
        match self.text(&text) {
            Cow::Owned(scrubbed) => scrubbed,
            Cow::Borrowed(_) => text,
        }
    }

    /// [`string`](Self::string) for an optional field.
    pub fn option(&self, text: Option<String>) -> Option<String> {
        text.map(|t| self.string(t))
    }
}

/// The base64 runs every encoding of `secret` contains, whatever its
/// offset in the encoded text (three alignments) and alphabet (standard,
/// URL-safe): the characters that depend on the secret's bytes only.
fn base64_forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let mut forms = Vec::new();
    for engine in [
        &base64::engine::general_purpose::STANDARD_NO_PAD,
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ] {
        for offset in 0..3usize {
            let mut bytes = vec![0u8; offset];
            bytes.extend_from_slice(secret.as_bytes());
            let encoded = engine.encode(&bytes);
            // Characters touched by the padding bytes before, or by the
            // bytes after (an unfinished last group), differ from text to
            // text: only whole groups of the secret's own bytes are kept.
            let start = if offset == 0 { 0 } else { 4 };
            let whole = (offset + secret.len()) / 3 * 4;
            if whole > start + 8 {
                forms.push(encoded[start..whole].to_owned());
            }
        }
    }
    forms
}

/// The length of the longest start of `pattern` (from [`MIN_SECRET_LEN`]
/// bytes, short of the whole) that `text` ends with: a secret cut off.
/// Only the places in `text`'s tail that hold the pattern's first byte are
/// compared (every answer is checked for every form of every secret, so
/// comparing each length in turn was most of a call's scrubbing).
fn cut_at_end(text: &[u8], pattern: &[u8]) -> Option<usize> {
    let longest = pattern.len().saturating_sub(1).min(text.len());
    if longest < MIN_SECRET_LEN {
        return None;
    }
    let from = text.len() - longest;
    let starts = &text[from..=text.len() - MIN_SECRET_LEN];
    // In order, so the first that fits is the longest.
    memchr::memchr_iter(*pattern.first()?, starts)
        .map(|at| text.len() - from - at)
        .find(|&n| pattern.starts_with(&text[text.len() - n..]))
}

fn replace_all(haystack: &[u8], finder: &memchr::memmem::Finder<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = finder.find(rest) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(REDACTED.as_bytes());
        rest = &rest[at + finder.needle().len()..];
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk/live+canary 7f3e";

    #[test]
    fn every_form_of_a_secret_is_replaced() {
        let redactor = Redactor::new([KEY, "ab"]);
        for form in [
            KEY.to_owned(),
            "sk\\/live+canary 7f3e".to_owned(),
            "sk%2Flive%2Bcanary+7f3e".to_owned(),
            "sk%2Flive%2Bcanary%207f3e".to_owned(),
        ] {
            let text = format!("key={form}&x={form}");
            assert_eq!(
                redactor.text(&text),
                "key=[redacted]&x=[redacted]",
                "{form}"
            );
        }
        // Too short to look for.
        assert_eq!(redactor.text("abab"), "abab");
    }

    #[test]
    fn encoded_forms_of_a_secret_are_replaced_too() {
        use base64::Engine as _;
        let redactor = Redactor::new([KEY]);
        let every_byte: String = KEY.bytes().map(|b| format!("%{b:02X}")).collect();
        let every_byte_lower = every_byte.to_lowercase();
        let html = "sk/live+canary 7f3e".to_owned();
        let decimal: String = KEY.chars().map(|c| format!("&#{};", c as u32)).collect();
        let hex: String = KEY.chars().map(|c| format!("&#x{:x};", c as u32)).collect();
        for form in [every_byte, every_byte_lower, html, decimal, hex] {
            let text = format!("<p>{form}</p>");
            assert!(!redactor.text(&text).contains(&form), "{form}");
        }
        // base64, alone or inside a longer base64 text at any offset.
        for prefix in ["", "u:", "us:", "use:"] {
            for engine in [
                &base64::engine::general_purpose::STANDARD,
                &base64::engine::general_purpose::URL_SAFE,
            ] {
                let encoded = engine.encode(format!("{prefix}{KEY}"));
                let scrubbed = redactor.text(&encoded);
                assert!(
                    scrubbed.contains(REDACTED),
                    "{prefix:?}: {encoded} → {scrubbed}"
                );
                // What is left is the prefix and at most two bytes of the
                // key at each end (a group shared with its neighbours).
                let kept = scrubbed.replace(REDACTED, "").len();
                assert!(
                    kept <= engine.encode(prefix).len() + 8,
                    "{prefix:?}: {scrubbed}"
                );
            }
        }
    }

    #[test]
    fn the_cut_found_is_the_longest_start_of_the_secret_ending_the_text() {
        // Against the definition, on texts made of the pattern's own bytes
        // (where starts overlap most).
        let naive = |text: &[u8], pattern: &[u8]| {
            (MIN_SECRET_LEN..pattern.len())
                .rev()
                .find(|&n| text.ends_with(&pattern[..n]))
        };
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        for pattern in [
            &b"abababab"[..],
            b"aaaaaa",
            b"sk/live+canary 7f3e",
            b"abcd",
            b"abc",
        ] {
            for _ in 0..2_000 {
                let len = next(24);
                let text: Vec<u8> = (0..len).map(|_| pattern[next(pattern.len())]).collect();
                assert_eq!(
                    cut_at_end(&text, pattern),
                    naive(&text, pattern),
                    "{:?} in {:?}",
                    String::from_utf8_lossy(pattern),
                    String::from_utf8_lossy(&text)
                );
            }
        }
        assert_eq!(cut_at_end(b"", b"abcdef"), None);
        assert_eq!(cut_at_end(b"x abcde", b"abcdef"), Some(5));
        assert_eq!(cut_at_end(b"x abcdef", b"abcdef"), None);
    }

    #[test]
    fn a_secret_cut_at_the_end_is_replaced_from_four_characters() {
        let redactor = Redactor::new([KEY]);
        assert_eq!(redactor.text("echo: sk/li"), "echo: [redacted]");
        assert_eq!(redactor.text("echo: sk/"), "echo: sk/");
        assert_eq!(redactor.text("no secret here"), "no secret here");
        assert!(matches!(redactor.text("plain"), Cow::Borrowed(_)));
    }
}
