//! The operations about a chatbot's knowledge base (`x-resource:
//! chatbot`): `POST /api/v1/add-pages` and `/delete-pages`, one path, the
//! change chosen by the route.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use wonderchat_api::operations::OperationId;
use wonderchat_api::types;

use super::Routes;

/// This file's operations and their handlers.
pub(crate) fn routes() -> Routes {
    vec![
        (OperationId::AddPages, post(add)),
        (OperationId::DeletePages, post(delete)),
    ]
}

use crate::handlers::done;
use crate::pipeline::{Handled, Reject, authorize, missing, operation};
use crate::shared::Shared;
use crate::world::Change;

/// Checks that every URL is an absolute http(s) address.
fn check_urls(urls: &[String]) -> Result<(), Reject> {
    if urls.is_empty() {
        return Err(Reject::new(
            StatusCode::BAD_REQUEST,
            "urls: must name at least one page",
        ));
    }
    for (i, url) in urls.iter().enumerate() {
        let ok = url::Url::parse(url)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
        if !ok {
            return Err(Reject::new(
                StatusCode::BAD_REQUEST,
                format!("urls[{i}]: {url:?} is not an absolute http(s) URL"),
            ));
        }
    }
    Ok(())
}

/// Adds or removes pages after checking the key and the URLs.
fn pages(
    shared: &Shared,
    key: &wonderchat_api::ApiKey,
    chatbot_id: &str,
    urls: &[String],
    change: Change,
) -> Handled {
    authorize(shared, key)?;
    check_urls(urls)?;
    shared
        .world
        .pages(chatbot_id, urls, change)
        .map_err(|what| missing(what, chatbot_id))?;
    done()
}

/// `POST /api/v1/add-pages`.
pub(crate) async fn add(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(
        shared,
        request,
        |shared, r: types::AddPagesRequest| async move {
            pages(&shared, &r.api_key, &r.chatbot_id, &r.urls, Change::Add)
        },
    )
    .await
}

/// `POST /api/v1/delete-pages`.
pub(crate) async fn delete(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(
        shared,
        request,
        |shared, r: types::DeletePagesRequest| async move {
            pages(&shared, &r.api_key, &r.chatbot_id, &r.urls, Change::Delete)
        },
    )
    .await
}
