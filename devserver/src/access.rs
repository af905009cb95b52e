//! Who may talk to the server (CONTRACT 6). It runs real commands and its proxy adds
//! a token, so no other website open in the same browser may use it:
//!
//! - a `Host` that is not one of the server's own names answers 403 (DNS rebinding:
//!   a page of `evil.example` whose name now resolves to 127.0.0.1 still sends
//!   `Host: evil.example`);
//! - CORS and Private Network Access approve only the server's own origins and those
//!   given with `--allow-origin`;
//! - `/proxy/v1` and `/__devserver/...` refuse requests from any other origin, and
//!   cross-site ones without an `Origin`, even those CORS would never let a page
//!   read (a "simple" POST still runs the command).
//!
//! Requests without `Origin` and `Sec-Fetch-*` headers (curl, scripts on the machine)
//! are served: a browser always sends them on the requests another site can make.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{HOST, ORIGIN};
use axum::http::{request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The names a loopback server answers to, beside its bound address.
const LOOPBACK_NAMES: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// The allowlists, built once from the bound address and the `--allow-*` flags.
#[derive(Debug, Clone)]
pub struct Access {
    port: u16,
    /// Host names (no port) that are the server's own on its port.
    own_names: Vec<String>,
    /// `--allow-host`: a name, with the one port it is allowed on or any port.
    extra_hosts: Vec<(String, Option<u16>)>,
    /// The server's own origins on its port, then those of `--allow-origin`.
    origins: Vec<String>,
}

impl Access {
    /// `addr` is the bound address (its port is only known after binding port 0).
    pub fn new(
        addr: SocketAddr,
        allow_hosts: &[String],
        allow_origins: &[String],
    ) -> Result<Self, String> {
        let port = addr.port();
        let mut own_names: Vec<String> = LOOPBACK_NAMES.iter().map(|n| (*n).to_owned()).collect();
        if !addr.ip().is_unspecified() {
            let bound = match addr {
                SocketAddr::V4(v4) => v4.ip().to_string(),
                SocketAddr::V6(v6) => format!("[{}]", v6.ip()),
            };
            if !own_names.contains(&bound) {
                own_names.push(bound);
            }
        }
        let extra_hosts = allow_hosts
            .iter()
            .map(|host| {
                split_host(&host.to_ascii_lowercase())
                    .map(|(name, port)| (name.to_owned(), port))
                    .ok_or_else(|| {
                        format!("--allow-host `{host}`: give a host name, optionally with a port (devbox.local or devbox.local:8787)")
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut origins: Vec<String> = own_names
            .iter()
            .map(|name| origin_of("http", name, Some(port)))
            .collect();
        for origin in allow_origins {
            origins.push(normalize_origin(origin).ok_or_else(|| {
                format!("--allow-origin `{origin}`: give an origin, scheme://host[:port] (http://127.0.0.1:8000)")
            })?);
        }
        Ok(Self {
            port,
            own_names,
            extra_hosts,
            origins,
        })
    }

    /// Whether a `Host` value (`name[:port]`) names this server.
    pub fn host_allowed(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let Some((name, port)) = split_host(&host) else {
            return false;
        };
        let own = self.own_names.iter().any(|own| own == name) && port.unwrap_or(80) == self.port;
        own || self
            .extra_hosts
            .iter()
            .any(|(allowed, only)| allowed == name && only.is_none_or(|only| port == Some(only)))
    }

    /// Whether a page of `origin` may call the server: one of the listed origins, or the
    /// origin of the very name the request was sent to (`host`), when that name is allowed.
    pub fn origin_allowed(&self, origin: &str, host: Option<&str>) -> bool {
        let origin = origin.to_ascii_lowercase();
        if self.origins.contains(&origin) {
            return true;
        }
        let Some(host) = host.filter(|host| self.host_allowed(host)) else {
            return false;
        };
        let host = host.to_ascii_lowercase();
        match origin.split_once("://") {
            Some(("http", rest)) => rest == host.strip_suffix(":80").unwrap_or(&host),
            Some(("https", rest)) => rest == host.strip_suffix(":443").unwrap_or(&host),
            _ => false,
        }
    }

    /// The CORS decision (origin, credentials, private network) for one request.
    pub fn cors_allowed(&self, origin: &HeaderValue, request: &Parts) -> bool {
        let host = request.headers.get(HOST).and_then(|h| h.to_str().ok());
        origin
            .to_str()
            .is_ok_and(|origin| self.origin_allowed(origin, host))
    }

    /// The rule of `/proxy/v1` and `/__devserver/...`: an `Origin` must be allowed;
    /// without one, `Sec-Fetch-Site` must not say another site sent the request.
    fn check_site(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let host = headers.get(HOST).and_then(|h| h.to_str().ok());
        if let Some(origin) = headers.get(ORIGIN) {
            if origin
                .to_str()
                .is_ok_and(|origin| self.origin_allowed(origin, host))
            {
                return Ok(());
            }
            return Err(forbidden(
                "forbidden-origin",
                "requests from other origins are refused here; start the server with --allow-origin ORIGIN to let one in",
            ));
        }
        match headers.get("sec-fetch-site").map(HeaderValue::as_bytes) {
            Some(b"cross-site" | b"same-site") => Err(forbidden(
                "forbidden-origin",
                "requests from other sites are refused here",
            )),
            _ => Ok(()),
        }
    }
}

fn forbidden(error: &'static str, message: &str) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, error, message)
}

/// Middleware for every request: `Host` (and the authority of an absolute-form
/// request target) must name this server. A request without either (HTTP/1.0 tools,
/// in-process tests) is served: browsers always send `Host`.
pub async fn check_host(
    State(access): State<Arc<Access>>,
    request: Request,
    next: Next,
) -> Response {
    let header = request.headers().get(HOST).map(|h| h.to_str().ok());
    let authority = request.uri().authority().map(|a| Some(a.as_str()));
    let refused = [header, authority]
        .into_iter()
        .flatten()
        .any(|host| !host.is_some_and(|host| access.host_allowed(host)));
    if refused {
        return forbidden(
            "forbidden-host",
            "this server does not answer to that Host; start it with --allow-host NAME to add a name",
        )
        .into_response();
    }
    next.run(request).await
}

/// Middleware of `/proxy/v1` and `/__devserver/...` (see [`Access::check_site`]).
pub async fn check_site(
    State(access): State<Arc<Access>>,
    request: Request,
    next: Next,
) -> Response {
    match access.check_site(request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

/// `name[:port]` split, with `[v6]` names kept in brackets; `None` for anything that
/// is not a plain host (a path, user info, spaces, a bad port...).
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        let valid = name[1..end]
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
        if !valid {
            return None;
        }
        (name, rest)
    } else {
        let end = host.find(':').unwrap_or(host.len());
        let (name, rest) = host.split_at(end);
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
        if !valid {
            return None;
        }
        (name, rest)
    };
    match port {
        "" => Some((name, None)),
        _ => {
            let digits = port.strip_prefix(':')?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some((name, Some(digits.parse().ok()?)))
        }
    }
}

/// An origin as browsers serialise it: lower case, no default port, no path.
fn origin_of(scheme: &str, name: &str, port: Option<u16>) -> String {
    match (scheme, port) {
        ("http", Some(80)) | ("https", Some(443)) | (_, None) => format!("{scheme}://{name}"),
        (_, Some(port)) => format!("{scheme}://{name}:{port}"),
    }
}

/// `--allow-origin` in the form browsers send (`null` is kept: sandboxed pages send it).
fn normalize_origin(origin: &str) -> Option<String> {
    let origin = origin.trim().to_ascii_lowercase();
    if origin == "null" {
        return Some(origin);
    }
    let (scheme, rest) = origin.split_once("://")?;
    let valid_scheme = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return None;
    }
    let (name, port) = split_host(rest.strip_suffix('/').unwrap_or(rest))?;
    Some(origin_of(scheme, name, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(allow_hosts: &[&str], allow_origins: &[&str]) -> Access {
        let own = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        Access::new(
            "127.0.0.1:8787".parse().unwrap(),
            &own(allow_hosts),
            &own(allow_origins),
        )
        .unwrap()
    }

    #[test]
    fn own_hosts_are_the_loopback_names_on_the_bound_port() {
        let access = access(&[], &[]);
        for host in [
            "127.0.0.1:8787",
            "localhost:8787",
            "LOCALHOST:8787",
            "[::1]:8787",
        ] {
            assert!(access.host_allowed(host), "{host}");
        }
        for host in [
            "evil.example:8787",
            "evil.example",
            "localhost",
            "localhost:8788",
            "127.0.0.1:8787/x",
            "user@localhost:8787",
            "localhost:",
            "localhost:99999",
            "[::1",
            "",
        ] {
            assert!(!access.host_allowed(host), "{host}");
        }
    }

    #[test]
    fn allowed_hosts_match_any_port_unless_they_name_one() {
        let access = access(&["devbox", "Other.Example:9000"], &[]);
        assert!(access.host_allowed("devbox"));
        assert!(access.host_allowed("devbox:1234"));
        assert!(access.host_allowed("other.example:9000"));
        assert!(!access.host_allowed("other.example:9001"));
        assert!(!access.host_allowed("other.example"));
    }

    #[test]
    fn origins_are_own_listed_or_the_requests_own_host() {
        let access = access(
            &["devbox"],
            &["http://127.0.0.1:9000/", "HTTPS://App.Example:443"],
        );
        let allowed = |origin: &str, host: Option<&str>| access.origin_allowed(origin, host);
        assert!(allowed("http://localhost:8787", None));
        assert!(allowed("http://127.0.0.1:9000", None));
        assert!(allowed("https://app.example", None));
        assert!(allowed("http://devbox:8787", Some("devbox:8787")));
        assert!(allowed("https://devbox", Some("devbox")));
        assert!(!allowed("http://evil.example", Some("evil.example")));
        assert!(!allowed("http://devbox:8787", None));
        assert!(!allowed("http://localhost:9000", None));
        assert!(!allowed("null", None));
    }

    #[test]
    fn bad_flags_are_refused_with_their_value() {
        let error = Access::new("127.0.0.1:0".parse().unwrap(), &["a/b".into()], &[]).unwrap_err();
        assert!(error.contains("a/b"), "{error}");
        let error = Access::new(
            "127.0.0.1:0".parse().unwrap(),
            &[],
            &["localhost:3000".into()],
        )
        .unwrap_err();
        assert!(error.contains("localhost:3000"), "{error}");
    }
}
