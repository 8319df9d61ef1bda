//! The export's body, `{"chatlogs": [...]}`, split into its chatlogs as
//! the bytes arrive: a small tracker of nesting and strings (serde decodes
//! each element), holding at most one element.

use wonderchat_api::Redactor;

use crate::Error;

/// Why the export's body could not be split into chatlogs.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// One element is larger than the limit.
    TooLarge(usize),
    /// Not the documented shape: why, and the start of what was read.
    Malformed(&'static str, Vec<u8>),
}

/// Finds, in a byte stream, the elements of the array that is the value of
/// `key` in the top-level JSON object, one complete element at a time. It
/// only tracks nesting and strings (serde decodes each element), and holds
/// at most one element's bytes.
pub(crate) struct ArraySplitter {
    key: &'static [u8],
    limit: usize,
    /// Bytes kept: the element under way (or nothing).
    buf: Vec<u8>,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// At depth 1: the start of the string being read (at most one byte
    /// longer than `key`: enough to compare, so a huge top-level string
    /// costs no memory), and the last one.
    string: Vec<u8>,
    last_key: Vec<u8>,
    phase: Phase,
    /// The first bytes, for an error's snippet.
    head: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Looking for `"key": [`.
    Seek,
    /// Inside the array, between elements.
    Between,
    /// Inside an element (which started at this depth).
    Element,
    /// After the array.
    After,
}

impl ArraySplitter {
    pub(crate) fn new(key: &'static [u8], limit: usize) -> Self {
        Self {
            key,
            limit,
            buf: Vec::new(),
            depth: 0,
            in_string: false,
            escaped: false,
            string: Vec::new(),
            last_key: Vec::new(),
            phase: Phase::Seek,
            head: Vec::new(),
        }
    }

    /// Feeds bytes; returns the elements they complete.
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Result<Vec<Vec<u8>>, SplitError> {
        if self.head.len() < 200 {
            let take = (200 - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        let mut done = Vec::new();
        for &b in chunk {
            if self.phase == Phase::Element {
                self.buf.push(b);
                if self.buf.len() > self.limit {
                    return Err(SplitError::TooLarge(self.limit));
                }
            }
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.depth == 1 {
                        self.last_key = std::mem::take(&mut self.string);
                    }
                } else if self.depth == 1 && self.string.len() <= self.key.len() {
                    self.string.push(b);
                }
                continue;
            }
            match b {
                b'"' => {
                    self.in_string = true;
                    self.string.clear();
                    if self.phase == Phase::Between {
                        self.start_element(b);
                    }
                }
                b'{' | b'[' => {
                    if self.phase == Phase::Seek
                        && b == b'['
                        && self.depth == 1
                        && self.last_key == self.key
                    {
                        self.phase = Phase::Between;
                    } else if self.phase == Phase::Between {
                        self.start_element(b);
                    }
                    self.depth += 1;
                    if self.depth == 1 && b == b'[' && self.phase == Phase::Seek {
                        return Err(self.malformed("the answer is not a JSON object"));
                    }
                }
                b'}' | b']' => {
                    if self.depth == 0 {
                        return Err(self.malformed("unbalanced brackets"));
                    }
                    self.depth -= 1;
                    if self.phase == Phase::Element && self.depth == 2 {
                        done.push(std::mem::take(&mut self.buf));
                        self.phase = Phase::Between;
                    } else if self.phase == Phase::Element && self.depth == 1 {
                        // A scalar element ended by the array's `]`.
                        self.buf.pop();
                        done.push(std::mem::take(&mut self.buf));
                        self.phase = Phase::After;
                    } else if self.phase == Phase::Between && self.depth == 1 {
                        self.phase = Phase::After;
                    }
                }
                b',' if self.phase == Phase::Element && self.depth == 2 => {
                    self.buf.pop();
                    done.push(std::mem::take(&mut self.buf));
                    self.phase = Phase::Between;
                }
                b if b.is_ascii_whitespace() || b == b',' || b == b':' => {}
                other => {
                    if self.depth == 0 {
                        return Err(self.malformed("the answer is not a JSON object"));
                    }
                    if self.phase == Phase::Between {
                        self.start_element(other);
                    }
                }
            }
        }
        Ok(done)
    }

    fn start_element(&mut self, first: u8) {
        self.phase = Phase::Element;
        self.buf.clear();
        self.buf.push(first);
    }

    /// At the end of the body: was the array found and closed?
    pub(crate) fn finish(&self) -> Result<(), SplitError> {
        match self.phase {
            Phase::After if self.depth == 0 && !self.in_string => Ok(()),
            Phase::After | Phase::Element | Phase::Between => {
                Err(self.malformed("the answer ended before its chatlogs array closed"))
            }
            Phase::Seek => Err(self.malformed("the answer has no chatlogs array")),
        }
    }

    fn malformed(&self, why: &'static str) -> SplitError {
        SplitError::Malformed(why, self.head.clone())
    }
}

impl SplitError {
    /// The error of the export's stream.
    pub(crate) fn into_error(self, redactor: &Redactor) -> Error {
        match self {
            SplitError::TooLarge(limit) => Error::ResponseTooLarge {
                status: Some(200),
                limit: Some(limit),
            },
            SplitError::Malformed(why, snippet) => Error::Decode {
                status: 200,
                snippet: crate::classify::server_text(redactor, &String::from_utf8_lossy(&snippet)),
                source: crate::DecodeError::new(why),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(text: &str, chunk: usize) -> Result<Vec<String>, SplitError> {
        let mut splitter = ArraySplitter::new(b"chatlogs", 1 << 20);
        let mut all = Vec::new();
        for piece in text.as_bytes().chunks(chunk.max(1)) {
            all.extend(splitter.push(piece)?);
        }
        splitter.finish()?;
        Ok(all
            .into_iter()
            .map(|e| String::from_utf8(e).unwrap())
            .collect())
    }

    #[test]
    fn a_huge_top_level_string_is_not_kept() {
        // Before: every top-level string was kept whole (a 300 MB one, 608 MB RSS).
        let mut splitter = ArraySplitter::new(b"chatlogs", 1024);
        splitter.push(br#"{"note":""#).unwrap();
        for _ in 0..1000 {
            splitter.push(&[b'x'; 1000]).unwrap();
            assert!(splitter.string.len() <= b"chatlogs".len() + 1);
        }
        let done = splitter.push(br#"","chatlogs":[{"a":1}]}"#).unwrap();
        assert_eq!(done, vec![br#"{"a":1}"#.to_vec()]);
        splitter.finish().unwrap();
    }

    #[test]
    fn elements_are_found_whatever_the_chunking() {
        let text = r#" {"other":{"chatlogs":[9]}, "chatlogs" : [ {"a":"]},\"{"} , {"b":[1,{"c":2}]},3,"x\"]"] , "after": [1] } "#;
        for chunk in [1, 2, 3, 7, 1000] {
            assert_eq!(
                split(text, chunk).unwrap(),
                [
                    r#"{"a":"]},\"{"}"#,
                    r#"{"b":[1,{"c":2}]}"#,
                    "3",
                    r#""x\"]""#
                ],
                "chunk {chunk}"
            );
        }
        assert_eq!(
            split(r#"{"chatlogs":[]}"#, 1).unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn bodies_that_are_not_the_documented_shape_are_errors() {
        for text in [
            "<html>",
            "[]",
            r#"{"chatlogs":[{"a":1}"#,
            r#"{"other":1}"#,
            "",
        ] {
            assert!(
                matches!(split(text, 3), Err(SplitError::Malformed(..))),
                "{text}"
            );
        }
        let mut splitter = ArraySplitter::new(b"chatlogs", 10);
        assert_eq!(
            splitter.push(br#"{"chatlogs":[{"a":"0123456789"}]}"#),
            Err(SplitError::TooLarge(10))
        );
    }

    proptest! {
        /// Any JSON array of values, split at any point, gives back the values.
        #[test]
        fn any_array_round_trips(values in proptest::collection::vec(any::<(String, i32, bool)>(), 0..8), chunk in 1usize..40) {
            let elements: Vec<serde_json::Value> = values
                .iter()
                .map(|(s, n, b)| serde_json::json!({"s": s, "n": n, "b": b, "nested": [s, {"k": s}]}))
                .collect();
            let text = serde_json::json!({"chatlogs": elements}).to_string();
            let got: Vec<serde_json::Value> = split(&text, chunk)
                .unwrap()
                .iter()
                .map(|e| serde_json::from_str(e).unwrap())
                .collect();
            prop_assert_eq!(got, elements);
        }
    }
}
