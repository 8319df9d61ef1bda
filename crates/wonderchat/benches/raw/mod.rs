//! The peer of the benches: the same request written by hand with reqwest
//! and serde_json, as someone skipping the SDK would.

use serde::{Deserialize, Serialize};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RawRequest<'a> {
    api_key: &'a str,
    message_id: &'a str,
    feedback: &'a str,
    user_comment: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct RawResponse {
    status: String,
    feedback: String,
    was_updated: bool,
    message_feedback: RawEntry,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct RawEntry {
    id: String,
    feedback_type: String,
    submitted_at: String,
}

/// One call: `HELPFUL` with a comment on `msg_bench`.
pub async fn call(client: &reqwest::Client, url: &str, key: &str) -> RawResponse {
    let request = RawRequest {
        api_key: key,
        message_id: "msg_bench",
        feedback: "HELPFUL",
        user_comment: "benchmark",
    };
    client
        .post(url)
        .json(&request)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json::<RawResponse>()
        .await
        .unwrap()
}
