//! The top layer's routes: every operation of the spec (from its
//! operations table) to its handler in `handlers/`, the spec documents, the
//! local-only `/mock/` endpoints, and JSON 404/405 answers.

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use wonderchat_api::operations;

use crate::handlers;
use crate::pipeline::{error, local_only};
use crate::shared::Shared;
use crate::spec::{OPENAPI_JSON, OPENAPI_YAML, REFERENCE_HTML};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let router =
        handlers::routes()
            .into_iter()
            .fold(Router::new(), |router, (operation, handler)| {
                router.route(
                    operation.operation().path,
                    handler.fallback(method_not_allowed),
                )
            });
    let local = Router::new()
        .route("/mock/state", get(handlers::mock::state))
        .route("/mock/reset", post(handlers::mock::reset))
        .route_layer(axum::middleware::from_fn(local_only));
    router
        .merge(local)
        .route("/openapi.yaml", get(openapi_yaml))
        .route("/openapi.json", get(openapi_json))
        .route("/docs", get(reference))
        .fallback(not_found)
        .with_state(shared)
}

async fn method_not_allowed(request: Request) -> Response {
    let mut response = error(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!("method not allowed: use POST {}", request.uri().path()),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("POST"));
    response
}

async fn not_found(request: Request) -> Response {
    let paths: Vec<&str> = operations::ALL.iter().map(|op| op.path).collect();
    error(
        StatusCode::NOT_FOUND,
        &format!(
            "no route for {} {}: the API serves POST {}",
            request.method(),
            request.uri().path(),
            paths.join(", ")
        ),
    )
}

async fn openapi_yaml() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/yaml")], OPENAPI_YAML)
}

async fn reference() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        REFERENCE_HTML,
    )
}

async fn openapi_json() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_of_the_spec_has_one_handler() {
        let mut routed: Vec<operations::OperationId> =
            handlers::routes().into_iter().map(|(op, _)| op).collect();
        routed.sort();
        let mut spec = operations::OperationId::ALL.to_vec();
        spec.sort();
        assert_eq!(routed, spec);
    }
}
