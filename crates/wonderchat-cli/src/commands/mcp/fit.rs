//! Tool results within `--max-result-size`: the largest array is halved or
//! the longest text shortened until the JSON fits, and a `truncated` note
//! says how to get the rest. The result keeps its output schema.

use serde_json::Value;

/// A text shorter than this is never cut.
const SHORTEST_CUT: usize = 64;

/// `value` as JSON text of at most `cap` bytes (`None`: it cannot be made
/// to fit), cut as needed with `hint` in its `truncated` note; what `keep`
/// points at (and holds) is cut only when nothing else is left to cut.
pub(crate) fn fit(
    mut value: Value,
    cap: usize,
    hint: &str,
    keep: &[&str],
) -> Option<(Value, String)> {
    let mut text = serde_json::to_string(&value).ok()?;
    let mut cut = false;
    // Each round halves something; a few hundred rounds empty anything.
    for _ in 0..512 {
        if text.len() <= cap {
            return Some((value, text));
        }
        let (pointer, _) =
            largest(&value, String::new(), keep).or_else(|| largest(&value, String::new(), &[]))?;
        match value.pointer_mut(&pointer)? {
            Value::Array(items) => items.truncate(items.len() / 2),
            Value::String(s) => {
                let keep = s.chars().count() / 2;
                *s = s.chars().take(keep).chain(['…']).collect();
            }
            _ => return None,
        }
        if !cut {
            cut = true;
            if let Value::Object(map) = &mut value {
                map.insert(
                    "truncated".to_owned(),
                    Value::String(format!(
                        "The result was cut to fit {cap} bytes (the server's --max-result-size). \
                         {hint}"
                    )),
                );
            }
        }
        text = serde_json::to_string(&value).ok()?;
    }
    None
}

/// The JSON pointer and size of the largest array or long text in `value`
/// (never the `truncated` note itself, nor anything under `keep`).
fn largest(value: &Value, at: String, keep: &[&str]) -> Option<(String, usize)> {
    if keep.contains(&at.as_str()) {
        return None;
    }
    let size = |v: &Value| serde_json::to_string(v).map_or(0, |t| t.len());
    let mut best: Option<(String, usize)> = match value {
        Value::Array(items) if !items.is_empty() => Some((at.clone(), size(value))),
        Value::String(s) if s.chars().count() > SHORTEST_CUT => Some((at.clone(), size(value))),
        _ => None,
    };
    let children: Vec<(String, &Value)> = match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("{at}/{i}"), v))
            .collect(),
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| !(at.is_empty() && k.as_str() == "truncated"))
            .map(|(k, v)| {
                (
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    v,
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    for (pointer, child) in children {
        if let Some(found) = largest(child, pointer, keep)
            && best.as_ref().is_none_or(|(_, size)| found.1 > *size)
        {
            best = Some(found);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_small_result_is_left_alone() {
        let value = json!({"a": [1, 2, 3]});
        let (fitted, text) = fit(value.clone(), 100, "hint", &[]).unwrap();
        assert_eq!(fitted, value);
        assert_eq!(text, r#"{"a":[1,2,3]}"#);
    }

    #[test]
    fn a_large_array_and_a_long_text_are_cut_with_a_note() {
        let value = json!({
            "messages": (0..1000).map(|i| json!({"content": format!("message {i}")})).collect::<Vec<_>>(),
            "answer": "x".repeat(5000),
        });
        let (fitted, text) = fit(value, 2000, "Ask for less.", &[]).unwrap();
        assert!(text.len() <= 2000, "{}", text.len());
        assert!(
            fitted["truncated"]
                .as_str()
                .unwrap()
                .ends_with("Ask for less.")
        );
        let kept = fitted["messages"].as_array().unwrap();
        assert!(!kept.is_empty() || fitted["answer"].as_str().unwrap().len() < 5000);
        assert_eq!(
            kept.first().map(|m| &m["content"]),
            Some(&json!("message 0")).filter(|_| !kept.is_empty())
        );
    }

    #[test]
    fn what_is_kept_is_cut_last() {
        let value = json!({
            "gaps": (0..40).map(|i| json!({"title": format!("gap {i}")})).collect::<Vec<_>>(),
            "days": (0..400).map(|i| json!({"day": i})).collect::<Vec<_>>(),
        });
        // The gaps (the larger after a few halvings of the days) stay whole
        // while the days can still be cut.
        let (fitted, text) = fit(value.clone(), 1000, "", &["/gaps"]).unwrap();
        assert!(text.len() <= 1000);
        assert_eq!(fitted["gaps"].as_array().unwrap().len(), 40);
        let (unkept, _) = fit(value, 1000, "", &[]).unwrap();
        assert!(unkept["gaps"].as_array().unwrap().len() < 40);
        // When nothing else is left, what is kept is cut too.
        let only = json!({"gaps": (0..400).map(|i| json!({"title": format!("gap {i}")})).collect::<Vec<_>>()});
        let (fitted, _) = fit(only, 1000, "", &["/gaps"]).unwrap();
        assert!(fitted["gaps"].as_array().unwrap().len() < 400);
    }

    #[test]
    fn what_cannot_fit_is_refused() {
        assert!(fit(json!({"a": 1}), 3, "", &[]).is_none());
    }
}
