//! Who may talk to the server (CONTRACT 6), in-process. The server is built as if
//! bound to 127.0.0.1:8787 (`Options::default`), so its own hosts carry port 8787.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{server, server_with, Answer, TestServer};
use drush_io_devserver::Options;

const RUNS: &str = "/v1/projects/test/jobs/ok/runs";
const PROXY_RUNS: &str = "/proxy/v1/projects/test/jobs/ok/runs";
const PNA_REQUEST: &str = "access-control-request-private-network";
const PNA_ALLOW: &str = "access-control-allow-private-network";

/// A POST to the proxy with these headers.
async fn proxy_post(server: &TestServer, headers: &[(&str, &str)]) -> Answer {
    let mut request = Request::post(PROXY_RUNS);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    server.send(request.body(Body::empty()).unwrap()).await
}

fn assert_refused(answer: &Answer, error: &str) {
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let json = answer.json();
    assert_eq!(json["error"], error, "{json}");
    assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
async fn a_foreign_host_is_refused_on_the_api_and_the_proxy_and_no_run_is_created() {
    let server = server();
    for host in ["evil.example", "evil.example:8787", "localhost:8788"] {
        let api = server
            .send(
                server
                    .authed(Method::POST, RUNS)
                    .header(header::HOST, host)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_refused(&api, "forbidden-host");
        let proxy = proxy_post(&server, &[("host", host)]).await;
        assert_refused(&proxy, "forbidden-host");
    }
    assert_eq!(server.state.runs().len(), 0);
    // The refusals are on the server's record, with their status.
    let statuses: Vec<_> = server
        .requests("")
        .await
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [403; 6]);
    // Pages too: a rebound name gets nothing from this server.
    let page = server
        .send(
            Request::get("/__devserver/requests")
                .header(header::HOST, "evil.example:8787")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_refused(&page, "forbidden-host");
}

#[tokio::test]
async fn the_servers_own_names_on_its_port_are_accepted() {
    let server = server();
    for host in [
        "localhost:8787",
        "127.0.0.1:8787",
        "[::1]:8787",
        "LocalHost:8787",
    ] {
        let answer = proxy_post(&server, &[("host", host)]).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{host}");
    }
    assert_eq!(server.state.runs().len(), 4);
}

#[tokio::test]
async fn cross_origin_or_cross_site_posts_to_the_proxy_are_refused_with_no_run() {
    let server = server();
    let refused: [&[(&str, &str)]; 6] = [
        &[("origin", "http://evil.example")],
        &[
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
        // Another port of the same machine is another origin.
        &[
            ("origin", "http://localhost:9999"),
            ("sec-fetch-site", "same-site"),
        ],
        &[("origin", "null")],
        &[("sec-fetch-site", "cross-site")],
        &[("sec-fetch-site", "same-site")],
    ];
    for headers in refused {
        let answer = proxy_post(&server, headers).await;
        assert_refused(&answer, "forbidden-origin");
        assert!(!answer
            .headers
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    }
    assert_eq!(server.state.runs().len(), 0);
}

#[tokio::test]
async fn same_origin_and_header_less_posts_to_the_proxy_are_accepted() {
    let server = server();
    let accepted: [&[(&str, &str)]; 4] = [
        // The demo page, as Chromium sends its POST.
        &[
            ("host", "127.0.0.1:8787"),
            ("origin", "http://127.0.0.1:8787"),
            ("sec-fetch-site", "same-origin"),
        ],
        // The server's other own name: cross-origin, but its own.
        &[
            ("host", "127.0.0.1:8787"),
            ("origin", "http://localhost:8787"),
            ("sec-fetch-site", "same-site"),
        ],
        // A same-origin GET-like request without Origin.
        &[("sec-fetch-site", "same-origin")],
        // curl.
        &[],
    ];
    for headers in accepted {
        let answer = proxy_post(&server, headers).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{headers:?}");
    }
    assert_eq!(server.state.runs().len(), 4);
}

#[tokio::test]
async fn a_preflight_from_another_origin_is_not_approved() {
    let server = server();
    for path in [PROXY_RUNS, RUNS] {
        for private_network in [false, true] {
            let mut request = Request::builder()
                .method(Method::OPTIONS)
                .uri(path)
                .header(header::ORIGIN, "http://evil.example")
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type");
            if private_network {
                request = request.header(PNA_REQUEST, "true");
            }
            let answer = server.send(request.body(Body::empty()).unwrap()).await;
            for approval in [
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            ] {
                assert!(!answer.headers.contains_key(&approval), "{path} {approval}");
            }
            assert!(!answer.headers.contains_key(PNA_ALLOW), "{path}");
        }
    }
    assert_eq!(server.state.runs().len(), 0);
}

#[tokio::test]
async fn a_preflight_from_an_own_origin_is_approved_with_private_network_access() {
    let server = server();
    let answer = server
        .send(
            Request::builder()
                .method(Method::OPTIONS)
                .uri(PROXY_RUNS)
                .header(header::HOST, "127.0.0.1:8787")
                .header(header::ORIGIN, "http://localhost:8787")
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(PNA_REQUEST, "true")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        answer.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "http://localhost:8787"
    );
    assert_eq!(answer.headers[PNA_ALLOW], "true");
}

#[tokio::test]
async fn allow_origin_lets_another_origin_use_the_proxy_and_the_log() {
    let server = server_with(Options {
        allow_origins: vec!["http://127.0.0.1:9999".into()],
        ..Options::default()
    });
    let from_test_page = [
        ("host", "127.0.0.1:8787"),
        ("origin", "http://127.0.0.1:9999"),
        ("sec-fetch-site", "same-site"),
    ];
    let answer = proxy_post(&server, &from_test_page).await;
    assert_eq!(answer.status, StatusCode::CREATED);
    assert_eq!(
        answer.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "http://127.0.0.1:9999"
    );
    let log = |origin: &'static str| {
        Request::get("/__devserver/requests")
            .header(header::ORIGIN, origin)
            .header("sec-fetch-site", "same-site")
            .body(Body::empty())
            .unwrap()
    };
    let allowed = server.send(log("http://127.0.0.1:9999")).await;
    assert_eq!(allowed.status, StatusCode::OK);
    assert_eq!(allowed.json()["requests"].as_array().unwrap().len(), 1);
    assert_refused(
        &server.send(log("http://127.0.0.1:9998")).await,
        "forbidden-origin",
    );
    // Still only that one: others stay out.
    let other = proxy_post(&server, &[("origin", "http://evil.example")]).await;
    assert_refused(&other, "forbidden-origin");
    assert_eq!(server.state.runs().len(), 1);
}

#[tokio::test]
async fn allow_host_adds_a_name_and_its_pages_are_same_origin() {
    let server = server_with(Options {
        allow_hosts: vec!["devbox.test".into()],
        ..Options::default()
    });
    let page = [
        ("host", "devbox.test:8787"),
        ("origin", "http://devbox.test:8787"),
        ("sec-fetch-site", "same-origin"),
    ];
    assert_eq!(proxy_post(&server, &page).await.status, StatusCode::CREATED);
    let elsewhere = proxy_post(&server, &[("host", "other.test:8787")]).await;
    assert_refused(&elsewhere, "forbidden-host");
    // A page of that name on another server does not get in through the Origin.
    let other_page = proxy_post(
        &server,
        &[
            ("host", "127.0.0.1:8787"),
            ("origin", "http://devbox.test:8787"),
        ],
    )
    .await;
    assert_refused(&other_page, "forbidden-origin");
    assert_eq!(server.state.runs().len(), 1);
}

#[tokio::test]
async fn the_requests_log_refuses_other_sites_and_serves_local_tools() {
    let server = server();
    let read = |headers: &[(&'static str, &'static str)]| {
        let mut request = Request::get("/__devserver/requests");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(Body::empty()).unwrap()
    };
    for headers in [
        &[("origin", "http://evil.example")][..],
        &[("sec-fetch-site", "cross-site")],
    ] {
        assert_refused(&server.send(read(headers)).await, "forbidden-origin");
    }
    // Also under paths that do not exist.
    let unknown = server
        .send(
            Request::get("/__devserver/other")
                .header(header::ORIGIN, "http://evil.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_refused(&unknown, "forbidden-origin");
    assert_eq!(server.send(read(&[])).await.status, StatusCode::OK);
    let same_origin = [("sec-fetch-site", "same-origin")];
    assert_eq!(server.send(read(&same_origin)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_api_itself_still_answers_another_origin_by_token_alone() {
    // `/v1` needs a token, which another site does not have; CORS keeps its answers
    // unreadable for origins that are not allowed.
    let server = server();
    let answer = server
        .send(
            server
                .authed(Method::POST, RUNS)
                .header(header::ORIGIN, "http://evil.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    assert!(!answer
        .headers
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    let anonymous = server
        .send(
            Request::post(RUNS)
                .header(header::ORIGIN, "http://evil.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
