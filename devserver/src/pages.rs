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

/// Longest file name (bytes) and path Linux opens.
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
            if unservable(request.uri().path()) {
                return Ok(ApiError::not_found("nothing is served at this path").into_response());
            }
            let response = serve.oneshot(request).await?;
            Ok(json_errors(response.map(Body::new)))
        }
    }))
}

/// Whether no file can have this path (its `%XX` escapes decoded): longer than Linux
/// opens, or holding a NUL byte. `open` fails on those with errors the file service
/// answers with 500, where 404 is the truth.
fn unservable(raw_path: &str) -> bool {
    let path = percent_decoded(raw_path);
    path.len() > PATH_MAX
        || path.contains(&0)
        || path.split(|b| *b == b'/').any(|name| name.len() > NAME_MAX)
}

/// `%XX` escapes decoded; a `%` without two hex digits stays as it is.
fn percent_decoded(raw: &str) -> Vec<u8> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .filter(|_| bytes[i] == b'%')
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match hex {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
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
    fn paths_no_file_can_have_are_found_decoded() {
        assert!(!unservable("/pkg/auto.js"));
        assert!(!unservable(&format!("/{}", "%41".repeat(255))));
        assert!(unservable(&format!("/{}", "a".repeat(256))));
        assert!(unservable(&"/a".repeat(2100)));
        assert!(unservable(&format!("/{}", "%%%".repeat(100))));
        assert!(unservable("/a%00b"));
        assert_eq!(percent_decoded("/a%20b%zz%4"), b"/a b%zz%4");
    }
}
