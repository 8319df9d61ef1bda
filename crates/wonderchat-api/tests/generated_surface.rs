//! Guards the generated code: its public surface and wire names as a
//! reviewed snapshot (a change of spec or of progenitor shows as a diff),
//! and the hand-kept route constant against the spec.

/// The public items and serde renames of the generated file, one per line.
fn surface() -> String {
    include_str!("../src/generated.rs")
        .lines()
        .map(str::trim)
        .filter(|line| {
            line.starts_with("pub ")
                || line.starts_with("#[serde(rename")
                || line.starts_with("rename = ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn public_surface_of_the_generated_client() {
    insta::assert_snapshot!(surface());
}

#[test]
fn the_route_constant_matches_the_spec() {
    let spec: serde_yaml::Value =
        serde_yaml::from_str(include_str!("../../../openapi/wonderchat.yaml")).unwrap();
    let paths = spec["paths"].as_mapping().unwrap();
    assert_eq!(paths.len(), 1);
    let path = paths.keys().next().unwrap().as_str().unwrap();
    assert_eq!(path, wonderchat_api::UPDATE_MESSAGE_FEEDBACK_PATH);
}

#[test]
fn the_generated_request_redacts_its_key() {
    let request = wonderchat_api::types::UpdateMessageFeedbackRequest::builder()
        .api_key("k-123456")
        .message_id("m")
        .feedback(wonderchat_api::types::Feedback::Helpful);
    let request: wonderchat_api::types::UpdateMessageFeedbackRequest = request.try_into().unwrap();
    assert!(!format!("{request:?}").contains("k-123456"));
    assert!(
        serde_json::to_string(&request)
            .unwrap()
            .contains("\"apiKey\":\"k-123456\"")
    );
}
