//! The token-adding proxy, the requests log, and the static files.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{server, server_with};
use drush_io_devserver::Options;

#[tokio::test]
async fn proxy_forwards_without_a_token_from_the_page() {
    let server = server();
    let answer = server
        .send(
            Request::post("/proxy/v1/projects/test/jobs/ok/runs")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let id = answer.json()["id"].as_str().unwrap().to_owned();

    let read = server
        .send(
            Request::get(format!("/proxy/v1/projects/test/jobs/ok/runs/{id}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json()["id"], id.as_str());
}

#[tokio::test]
async fn proxy_replaces_any_authorization_the_page_sends() {
    let server = server();
    let answer = server
        .send(
            Request::get("/proxy/v1/projects/test/jobs/vars")
                .header(header::AUTHORIZATION, "Bearer forged")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["name"], "vars");
    // Logged as it arrived: with the page's header, not the proxy's.
    let logged = server.requests("/proxy/v1/").await;
    assert_eq!(logged[0]["authorization"], true);
    assert_eq!(
        logged[0]["header_names"],
        serde_json::json!(["authorization"])
    );
}

#[tokio::test]
async fn proxy_passes_api_errors_through() {
    let server = server();
    let missing = server
        .send(
            Request::get("/proxy/v1/projects/test/jobs/nope")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.error_kind(), "not-found");

    let bad = server
        .send(
            Request::post("/proxy/v1/projects/test/jobs/vars/runs?x=1")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"env": {"EVIL": "1"}}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.error_kind(), "undeclared-variable");
}

#[tokio::test]
async fn requests_log_counts_api_requests_with_their_status() {
    let server = server();
    let prefix = "/v1/projects/test/jobs/ok";
    let id = server.trigger("test", "ok", "").await;
    server.get(&format!("{prefix}/runs/{id}")).await;
    // Without a token: recorded with its 401.
    server
        .send(
            Request::get(format!("{prefix}/runs/{id}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    // A preflight is not an API request.
    server
        .send(
            Request::builder()
                .method(Method::OPTIONS)
                .uri(format!("{prefix}/runs"))
                .header(header::ORIGIN, "http://example.test")
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    // Another job's request does not match the prefix... unless the prefix is shorter.
    server.get("/v1/projects/test/jobs/okay").await;

    let seen = server.requests(&format!("{prefix}/")).await;
    let summary: Vec<(String, String, u64)> = seen
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap().to_owned(),
                r["path"].as_str().unwrap().to_owned(),
                r["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("POST".to_owned(), format!("{prefix}/runs"), 201),
            ("GET".to_owned(), format!("{prefix}/runs/{id}"), 200),
            ("GET".to_owned(), format!("{prefix}/runs/{id}"), 401),
        ]
    );
    assert_eq!(server.requests(prefix).await.len(), 4);
}

#[tokio::test]
async fn requests_log_names_the_headers_and_keeps_no_value_but_the_content_type() {
    let server = server();
    let runs = "/v1/projects/test/jobs/vars/runs";
    let created = server
        .send(
            server
                .authed(Method::POST, runs)
                .header(header::CONTENT_TYPE, "application/json")
                .header("X-CSRF-Token", "csrf-secret")
                .header("x-twice", "twice-first")
                .header("X-Twice", "twice-second")
                .body(Body::from(r#"{"env": {"GREETING": "hi"}}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    server.get(&format!("{runs}/{id}")).await;

    let seen = server.requests(runs).await;
    assert_eq!(seen.len(), 2);
    // Lower-case, sorted, each name once, whatever the case and count it was sent with.
    assert_eq!(
        seen[0]["header_names"],
        serde_json::json!([
            "accept",
            "authorization",
            "content-type",
            "x-csrf-token",
            "x-twice"
        ])
    );
    assert_eq!(seen[0]["content_type"], "application/json");
    assert_eq!(
        seen[1]["header_names"],
        serde_json::json!(["accept", "authorization"])
    );
    assert_eq!(seen[1]["content_type"], serde_json::Value::Null);
    // No other header's value is kept: not the token, not the page's own headers.
    let listing = String::from_utf8(
        server
            .send(
                Request::get("/__devserver/requests")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .body,
    )
    .unwrap();
    for value in [server.token.as_str(), "Bearer", "csrf-secret", "twice-"] {
        assert!(!listing.contains(value), "{value} logged: {listing}");
    }
}

#[tokio::test]
async fn requests_log_keeps_raw_paths_and_proxy_requests_once() {
    let server = server();
    server.get("/v1/projects/test/jobs/a%20b").await;
    server
        .send(
            Request::get("/proxy/v1/projects/test/jobs/ok")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let raw = server.requests("/v1/projects/test/jobs/a%20b").await;
    assert_eq!(raw.len(), 1);
    assert_eq!(raw[0]["status"], 404);
    assert_eq!(raw[0]["authorization"], true, "sent with the token");
    let proxied = server.requests("/proxy/v1/").await;
    assert_eq!(proxied.len(), 1);
    assert_eq!(proxied[0]["status"], 200);
    // As it arrived: the token the proxy adds on its way to the API does not count.
    assert_eq!(proxied[0]["authorization"], false);
    assert_eq!(proxied[0]["header_names"], serde_json::json!([]));
    // The in-process hop to the API is not counted a second time.
    assert!(server
        .requests("/v1/projects/test/jobs/ok")
        .await
        .is_empty());
    // Everything, with an empty prefix.
    assert_eq!(server.requests("").await.len(), 2);
}

#[tokio::test]
async fn static_directory_and_pkg_are_served() {
    let root = std::env::temp_dir().join(format!("devserver-static-{}", uuid::Uuid::new_v4()));
    let www = root.join("www");
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(www.join("index.html"), "<h1>demo page</h1>").unwrap();
    std::fs::write(pkg.join("drush_io_embed.js"), "export default 1;").unwrap();
    let server = server_with(Options {
        static_dir: Some(www),
        pkg_dir: Some(pkg),
        ..Options::default()
    });

    let page = server
        .send(Request::get("/").body(Body::empty()).unwrap())
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body, b"<h1>demo page</h1>");
    let module = server
        .send(
            Request::get("/pkg/drush_io_embed.js")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(module.status, StatusCode::OK);
    assert!(module.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("javascript"));
    let missing = server
        .send(
            Request::get("/nothing-here.html")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // Static files are not API requests.
    assert!(server.requests("").await.is_empty());
    std::fs::remove_dir_all(root).unwrap();
}

#[tokio::test]
async fn requests_log_refuses_a_bad_query_with_json() {
    let server = server();
    let answer = server
        .send(
            Request::get("/__devserver/requests?path_prefix=a&path_prefix=b")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error_kind(), "bad-query");
}

#[tokio::test]
async fn pages_carry_the_configured_policy_and_api_answers_do_not() {
    let root = std::env::temp_dir().join(format!("devserver-csp-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(root.join("www")).unwrap();
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("www/index.html"), "<h1>hardened</h1>").unwrap();
    std::fs::write(root.join("pkg/auto.js"), "export {};").unwrap();
    let server = server_with(Options {
        static_dir: Some(root.join("www")),
        pkg_dir: Some(root.join("pkg")),
        content_security_policy: Some(drush_io_devserver::STRICT_CSP.to_owned()),
        ..Options::default()
    });
    for path in ["/", "/pkg/auto.js"] {
        let answer = server
            .send(Request::get(path).body(Body::empty()).unwrap())
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(
            answer.headers[header::CONTENT_SECURITY_POLICY],
            drush_io_devserver::STRICT_CSP,
            "{path}"
        );
    }
    let api = server.get("/v1/projects/test/jobs/ok/runs/nope").await;
    assert!(!api.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    // Without a policy, pages carry none.
    let plain = server_with(Options {
        static_dir: Some(root.join("www")),
        ..Options::default()
    });
    let page = plain
        .send(Request::get("/").body(Body::empty()).unwrap())
        .await;
    assert!(!page.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    std::fs::remove_dir_all(root).unwrap();
}
