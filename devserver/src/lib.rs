//! `drush-io-devserver`: a local server that behaves like the drush.io API
//! (`/v1/projects/{project}/jobs/{job}/runs`), runs real commands from a jobs file,
//! and can rehearse the failures a client must survive (see `faults`).
//!
//! The binary is a thin shell around [`app`], so tests drive the very same router
//! in-process.

pub mod api;
pub mod auth;
pub mod cli;
pub mod error;
pub mod executor;
pub mod faults;
pub mod jobs;
pub mod proxy;
pub mod requests_log;
pub mod runs;
pub mod server;
pub mod state;

use axum::routing::get;
use axum::Router;
use tower::Layer;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use state::{AppState, Options, STRICT_CSP};

/// The whole HTTP surface: the API under `/v1`, the token-adding proxy under
/// `/proxy/v1`, the requests log under `/__devserver`, `pkg/` at `/pkg/` and the
/// static demo page at `/`.
pub fn app(state: AppState) -> Router {
    let api = api::router(state.clone());
    let proxy = proxy::router(api.clone(), state.proxy_bearer());
    let requests = state.requests().clone();

    let mut router = Router::new()
        .route(
            "/__devserver/requests",
            get(requests_log::list).with_state(requests.clone()),
        )
        .merge(api)
        .merge(proxy);
    let csp = content_security_policy(state.options());
    if let Some(pkg) = &state.options().pkg_dir {
        router = router.nest_service("/pkg", csp.clone().layer(ServeDir::new(pkg)));
    }
    router = match &state.options().static_dir {
        Some(dir) => router.fallback_service(csp.layer(ServeDir::new(dir))),
        None => router.fallback(error::not_found_fallback),
    };
    router
        .layer(axum::middleware::from_fn_with_state(
            requests,
            requests_log::record,
        ))
        .layer(cors())
        .layer(no_keep_alive())
        // Method and path only: headers (and so the token) are never logged.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}

/// The page policy for static files; an empty layer when none is configured.
fn content_security_policy(
    options: &Options,
) -> SetResponseHeaderLayer<Option<axum::http::HeaderValue>> {
    let value = options
        .content_security_policy
        .as_deref()
        .and_then(|policy| axum::http::HeaderValue::from_str(policy).ok());
    SetResponseHeaderLayer::overriding(axum::http::header::CONTENT_SECURITY_POLICY, value)
}

/// Every answer closes its connection. Browsers silently resend a request whose
/// reused keep-alive connection ends without an answer (Chromium does for GETs), which
/// would hide the `drop` fault from the page; on a fresh connection they report the
/// network error instead. On loopback a new connection per request costs nothing.
fn no_keep_alive() -> SetResponseHeaderLayer<axum::http::HeaderValue> {
    SetResponseHeaderLayer::overriding(
        axum::http::header::CONNECTION,
        axum::http::HeaderValue::from_static("close"),
    )
}

/// Any origin may call the API with an `Authorization` header (the browser tests run
/// on another origin than the server). Origin and headers are mirrored rather than
/// `*` because `*` covers neither `Authorization` nor credentialed requests.
fn cors() -> CorsLayer {
    use axum::http::{header, Method};
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers([header::RETRY_AFTER])
        // Lets a page served from a public origin call this loopback server in Chromium.
        .allow_private_network(true)
        .max_age(std::time::Duration::from_secs(600))
}
