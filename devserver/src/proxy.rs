//! `/proxy/v1/...`: the secure CMS pattern in miniature. A page calls its own
//! server without a token; the server forwards the call to the API with its own
//! token. Here the "API" is this server's `/v1` router, called in-process.

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use tower::ServiceExt;

use crate::error::ApiError;

#[derive(Clone)]
struct Upstream {
    api: Router,
    bearer: HeaderValue,
}

pub fn router(api: Router, bearer: HeaderValue) -> Router {
    Router::new()
        .route("/proxy/v1", any(forward))
        .route("/proxy/v1/{*rest}", any(forward))
        .with_state(Upstream { api, bearer })
}

async fn forward(State(upstream): State<Upstream>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let original = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    // The path stays percent-encoded: it is handed over exactly as the page sent it.
    let target = original.strip_prefix("/proxy").unwrap_or(original);
    let Ok(uri) = target.parse::<Uri>() else {
        return ApiError::bad_request("bad-path", "the proxied path is not a valid URI")
            .into_response();
    };
    // A fresh request: the extensions of this route (its path parameters) must not
    // reach the API router.
    let mut forwarded = Request::new(body);
    *forwarded.method_mut() = parts.method;
    *forwarded.uri_mut() = uri;
    *forwarded.headers_mut() = parts.headers;
    // Whatever the page sent is replaced: the proxy speaks with its own token.
    forwarded
        .headers_mut()
        .insert(AUTHORIZATION, upstream.bearer.clone());
    match upstream.api.oneshot(forwarded).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}
