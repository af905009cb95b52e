//! The static files: the demo page at `/` and `pkg/` at `/pkg/`, with the configured
//! Content-Security-Policy. Their error answers use the API's JSON shape, like every
//! other error of the server.

use axum::body::Body;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::path::Path;
use tower::util::BoxCloneSyncService;
use tower::{Layer, ServiceExt};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::ApiError;

/// Longest file name (bytes) and path Linux opens; past them `open` fails with an
/// error the file service would answer with 500, where 404 is the truth.
const NAME_MAX: usize = 255;
const PATH_MAX: usize = 4096;

pub type Files = BoxCloneSyncService<Request<Body>, Response, Infallible>;

/// `dir` served with `policy` as its `Content-Security-Policy` (none when `None`).
pub fn files(dir: &Path, policy: Option<&str>) -> Files {
    let policy = policy.and_then(|policy| HeaderValue::from_str(policy).ok());
    let csp =
        SetResponseHeaderLayer::overriding(axum::http::header::CONTENT_SECURITY_POLICY, policy);
    let serve = csp.layer(ServeDir::new(dir));
    BoxCloneSyncService::new(tower::service_fn(move |request: Request<Body>| {
        let serve = serve.clone();
        async move {
            if name_too_long(request.uri().path()) {
                return Ok(ApiError::not_found("nothing is served at this path").into_response());
            }
            let response = serve.oneshot(request).await?;
            Ok(json_errors(response.map(Body::new)))
        }
    }))
}

/// Whether the path, its `%XX` escapes decoded, is longer than a file path can be.
fn name_too_long(raw_path: &str) -> bool {
    decoded_len(raw_path) > PATH_MAX
        || raw_path
            .split('/')
            .any(|segment| decoded_len(segment) > NAME_MAX)
}

/// Bytes once `%XX` escapes are decoded (a `%` without two hex digits stays as is).
fn decoded_len(raw: &str) -> usize {
    let bytes = raw.as_bytes();
    let (mut len, mut i) = (0, 0);
    while i < bytes.len() {
        let escape = bytes[i] == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
        i += if escape { 3 } else { 1 };
        len += 1;
    }
    len
}

/// An error of the file service (404, 405, 416...) keeps its status and headers and
/// gets the `{"error", "message"}` body.
fn json_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (error, message) = match status {
        StatusCode::NOT_FOUND => ("not-found", "nothing is served at this path"),
        StatusCode::METHOD_NOT_ALLOWED => ("method-not-allowed", "files are read with GET or HEAD"),
        _ => (
            "file-error",
            status
                .canonical_reason()
                .unwrap_or("the file cannot be served"),
        ),
    };
    let (mut parts, _) = response.into_parts();
    let (json_parts, body) = ApiError::new(status, error, message)
        .into_response()
        .into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    if let Some(json) = json_parts.headers.get(CONTENT_TYPE) {
        parts.headers.insert(CONTENT_TYPE, json.clone());
    }
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_measured_decoded() {
        assert!(!name_too_long("/pkg/auto.js"));
        assert!(!name_too_long(&format!("/{}", "%41".repeat(255))));
        assert!(name_too_long(&format!("/{}", "a".repeat(256))));
        assert!(name_too_long(&"/a".repeat(2100)));
        assert!(name_too_long(&format!("/{}", "%%%".repeat(100))));
    }
}
