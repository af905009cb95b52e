//! `drush-io-devserver`: a local server that behaves like the drush.io API
//! (`/v1/projects/{project}/jobs/{job}/runs`), runs real commands from a jobs file,
//! and can rehearse the failures a client must survive (see `faults`).
//!
//! The binary is a thin shell around [`app`], so tests drive the very same router
//! in-process.

pub mod access;
pub mod api;
pub mod auth;
pub mod cli;
pub mod error;
pub mod executor;
pub mod faults;
pub mod jobs;
pub mod pages;
pub mod proxy;
pub mod requests_log;
pub mod runs;
pub mod server;
pub mod state;
pub mod util;

use std::sync::Arc;

use axum::middleware::from_fn_with_state;
use axum::routing::{any, get};
use axum::Router;
use tower_http::cors::{
    AllowCredentials, AllowHeaders, AllowOrigin, AllowPrivateNetwork, CorsLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use access::Access;
use error::{method_not_allowed, not_found_fallback};
pub use state::{AppState, Options, STRICT_CSP};

/// The whole HTTP surface: the API under `/v1`, the token-adding proxy under
/// `/proxy/v1`, the requests log under `/__devserver`, `pkg/` at `/pkg/` and the
/// static demo page at `/`. Every request must name the server in `Host`; the proxy
/// and the requests log also refuse other sites (see `access`).
pub fn app(state: AppState) -> Router {
    let access = state.access().clone();
    let same_site = from_fn_with_state(access.clone(), access::check_site);
    let api = api::router(state.clone());
    let proxy = proxy::router(api.clone(), state.proxy_bearer()).layer(same_site.clone());
    let requests = state.requests().clone();
    let tools = Router::new()
        .route("/__devserver/requests", get(requests_log::list))
        .route("/__devserver", any(not_found_fallback))
        .route("/__devserver/{*rest}", any(not_found_fallback))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(requests.clone())
        .layer(same_site);

    let mut router = Router::new().merge(tools).merge(api).merge(proxy);
    let options = state.options();
    let csp = options.content_security_policy.as_deref();
    if let Some(pkg) = &options.pkg_dir {
        router = router.nest_service("/pkg", pages::files(pkg, csp));
    }
    router = match &options.static_dir {
        Some(dir) => router.fallback_service(pages::files(dir, csp)),
        None => router.fallback(not_found_fallback),
    };
    router
        .layer(cors(access.clone()))
        .layer(from_fn_with_state(access, access::check_host))
        .layer(from_fn_with_state(requests, requests_log::record))
        .layer(no_keep_alive())
        // Method and path only: headers (and so the token) are never logged.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
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

/// Only the server's own origins and `--allow-origin` ones may call it from a page
/// (with credentials and any request header, so `Authorization`), and only they get
/// Private Network Access approval. Origin and headers are mirrored rather than `*`
/// because `*` covers neither `Authorization` nor credentialed requests.
fn cors(access: Arc<Access>) -> CorsLayer {
    use axum::http::{header, Method};
    let allowed = move |origin: &axum::http::HeaderValue, request: &axum::http::request::Parts| {
        access.cors_allowed(origin, request)
    };
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(allowed.clone()))
        .allow_credentials(AllowCredentials::predicate(allowed.clone()))
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers([header::RETRY_AFTER])
        .allow_private_network(AllowPrivateNetwork::predicate(allowed))
        .max_age(std::time::Duration::from_secs(600))
}
