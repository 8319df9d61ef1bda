//! `POST /api/v1/export-chatlogs`: written as a stream, one chatlog at a
//! time, each with the rating its answers' feedback gives it.

use std::collections::HashMap;
use std::sync::Arc;

use axum::routing::post;
use wonderchat_api::operations::OperationId;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use wonderchat_api::types;

use crate::pipeline::{authorize, missing, operation};
use crate::shared::Shared;

use super::Routes;

/// This file's operations and their handlers.
pub(crate) fn routes() -> Routes {
    vec![(OperationId::ExportChatlogs, post(export))]
}
use crate::world::{Chatlog, chatlog_rating};

/// `POST /api/v1/export-chatlogs`: written as a stream, one chatlog at a time.
pub(crate) async fn export(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(
        shared,
        request,
        |shared, request: types::ExportChatlogsRequest| async move {
            authorize(&shared, &request.api_key)?;
            if let Some(id) = &request.chatbot_id
                && !shared.world.has_chatbot(id)
            {
                return Err(missing(crate::world::Missing::Chatbot, id));
            }
            let ids = shared.world.chatlog_ids(
                request.chatbot_id.as_deref(),
                request.start_date,
                request.end_date,
            );
            let feedback: HashMap<String, (chrono::DateTime<chrono::Utc>, bool)> = shared
                .store
                .all_feedback()
                .into_iter()
                .map(|(id, f)| {
                    let helpful = f.feedback == types::Feedback::Helpful;
                    (id, (f.submitted_at, helpful))
                })
                .collect();
            // One chatlog read and written at a time: the answer is a stream.
            let source = Arc::clone(&shared);
            let chatlogs = ids
                .into_iter()
                .filter_map(move |id| source.world.chatlog(&id));
            let records = chatlogs.enumerate().map(move |(i, chatlog)| {
                let record = export_record(&chatlog, &feedback);
                let mut text = if i == 0 {
                    String::new()
                } else {
                    ",".to_owned()
                };
                text.push_str(&serde_json::to_string(&record).unwrap_or_default());
                Ok::<_, std::convert::Infallible>(text)
            });
            let body = futures_util::stream::iter(
                std::iter::once(Ok("{\"chatlogs\":[".to_owned()))
                    .chain(records)
                    .chain(std::iter::once(Ok("]}".to_owned()))),
            );
            let mut response = Response::new(Body::from_stream(body));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            Ok((None, response))
        },
    )
    .await
}

/// One chatlog as the export shows it: user/bot pairs, the rating from the
/// answers' feedback.
fn export_record(
    chatlog: &Chatlog,
    feedback: &HashMap<String, (chrono::DateTime<chrono::Utc>, bool)>,
) -> types::Chatlog {
    let mut pairs: Vec<types::ChatlogExchange> = Vec::new();
    for message in &chatlog.messages {
        match message.kind {
            "user" => pairs.push(types::ChatlogExchange {
                user_message: Some(message.content.clone()),
                bot_message: None,
                created_at: message.created_at,
            }),
            _ => match pairs.last_mut() {
                Some(last) if last.bot_message.is_none() => {
                    last.bot_message = Some(message.content.clone());
                }
                _ => pairs.push(types::ChatlogExchange {
                    user_message: None,
                    bot_message: Some(message.content.clone()),
                    created_at: message.created_at,
                }),
            },
        }
    }
    // Feedback given on the mock wins over a seeded outcome.
    let rating = chatlog_rating(chatlog, feedback).or(chatlog.outcome.and_then(|o| o.rating));
    let resolution = match (chatlog.outcome, rating) {
        (Some(outcome), _) => Some(outcome.resolution),
        (None, Some("GOOD")) => Some("RESOLVED"),
        (None, Some(_)) => Some("UNRESOLVED"),
        (None, None) => None,
    };
    types::Chatlog {
        created_at: chatlog.created_at,
        chatbot_id: chatlog.chatbot_id.clone(),
        user_email: None,
        user_phone_number: None,
        user_name: None,
        country_code: chatlog.outcome.map(|o| o.country.to_owned()),
        user_feedback: rating.map(str::to_owned),
        average_confidence: Some(chatlog.outcome.map_or(0.85, |o| o.confidence)),
        ai_resolution_state: resolution.map(str::to_owned),
        initial_page_url: chatlog.initial_page_url.clone(),
        messages: pairs,
    }
}
