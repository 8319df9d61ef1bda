//! The mock-only endpoints (`/mock/state`, `/mock/reset`), behind the
//! local-only guard of the routes.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::response::Response;

use crate::handlers::json;
use crate::pipeline::Reject;
use crate::shared::Shared;

/// `GET /mock/state[?offset=N&limit=M]`: chatbots, pages, a page of the
/// chatlogs (with their tags) and of the feedback, and their totals.
pub(crate) async fn state(
    State(shared): State<Arc<Shared>>,
    page: Result<
        axum::extract::Query<crate::world::Page>,
        axum::extract::rejection::QueryRejection,
    >,
) -> Response {
    match page {
        Ok(axum::extract::Query(page)) => json(&shared.state(page)),
        Err(_) => Reject::new(
            StatusCode::BAD_REQUEST,
            "offset, limit: must be whole numbers",
        )
        .into_response(),
    }
}

/// `POST /mock/reset`: back to the seeded world, feedback forgotten.
pub(crate) async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    shared.reset();
    json(&serde_json::json!({"status": "success"}))
}
