//! The `baseUrl` option: where the API lives.
//!
//! Accepted: `https:` URLs; `http:` only on a loopback host (`localhost`, `127.0.0.1`,
//! `[::1]`), so a token never crosses a network in clear text; or a path starting with a
//! single `/` (a same-origin proxy). `//host` is refused because browsers read it as
//! another host, and so is any backslash, which browsers read as a slash in URLs.

use crate::core::error::Error;

/// The default API location.
pub const DEFAULT_BASE_URL: &str = "https://api.drush.io/v1";

/// A validated base URL without trailing slashes; paths are appended to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks `url` against the rules above.
    pub fn parse(url: &str) -> Result<BaseUrl, Error> {
        if url.is_empty() {
            return Err(refuse("baseUrl must not be empty"));
        }
        // Bytes suffice: every space, control character and backslash is ASCII.
        if url.bytes().any(|b| b == b'\\' || b <= b' ' || b == 0x7F) {
            return Err(refuse(
                "baseUrl must not contain backslashes, spaces or control characters",
            ));
        }
        if url.contains(['?', '#']) {
            return Err(refuse("baseUrl must not carry a query or a fragment"));
        }
        if url.starts_with("//") {
            return Err(refuse(
                "baseUrl must not start with '//' (that names another host)",
            ));
        }
        if !url.starts_with('/') {
            check_absolute(url)?;
        }
        Ok(BaseUrl(url.trim_end_matches('/').to_owned()))
    }

    /// The URL without a trailing slash (empty for the proxy path `/`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl(DEFAULT_BASE_URL.to_owned())
    }
}

fn refuse(message: &'static str) -> Error {
    Error::invalid_argument(message)
}

fn check_absolute(url: &str) -> Result<(), Error> {
    // `get` rather than indexing or a string pattern: no panic path in the wasm file.
    let colon = url.find(':');
    let scheme = colon.and_then(|i| url.get(..i));
    let rest = colon
        .and_then(|i| url.get(i + 1..))
        .and_then(|r| r.strip_prefix("//"));
    let (Some(scheme), Some(rest)) = (scheme, rest) else {
        return Err(refuse(
            "baseUrl must be an https: URL, an http: URL on localhost, or a path starting with '/'",
        ));
    };
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() {
        return Err(refuse("baseUrl has no host"));
    }
    if authority.contains('@') {
        return Err(refuse("baseUrl must not carry user names or passwords"));
    }
    if scheme.eq_ignore_ascii_case("https") {
        return Ok(());
    }
    if scheme.eq_ignore_ascii_case("http") && is_loopback(authority) {
        return Ok(());
    }
    Err(refuse(
        "baseUrl must be https:, or http: only on localhost, 127.0.0.1 or [::1]",
    ))
}

/// Whether `authority` (host and optional port) names the loopback host.
fn is_loopback(authority: &str) -> bool {
    // Split off the port: after the brackets of the IPv6 literal, else after the colon.
    let (host, port) = match authority.strip_prefix("[::1]") {
        Some("") => ("[::1]", None),
        Some(rest) => match rest.strip_prefix(':') {
            Some(port) => ("[::1]", Some(port)),
            None => return false,
        },
        None => match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    port.map_or(true, is_port)
        && (host.eq_ignore_ascii_case("localhost") || host == "127.0.0.1" || host == "[::1]")
}

/// 1 to 5 digits.
fn is_port(digits: &str) -> bool {
    !digits.is_empty() && digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;

    fn ok(url: &str) -> String {
        BaseUrl::parse(url)
            .unwrap_or_else(|e| panic!("{url} refused: {e}"))
            .as_str()
            .to_owned()
    }

    fn refused(url: &str) {
        let e = BaseUrl::parse(url).expect_err(url);
        assert_eq!(e.kind, ErrorKind::InvalidArgument, "{url}");
    }

    #[test]
    fn https_anywhere_is_accepted_and_trailing_slashes_dropped() {
        assert_eq!(ok("https://api.drush.io/v1"), "https://api.drush.io/v1");
        assert_eq!(ok("https://api.drush.io/v1/"), "https://api.drush.io/v1");
        assert_eq!(ok("HTTPS://example.com:8443"), "HTTPS://example.com:8443");
        assert_eq!(BaseUrl::default().as_str(), DEFAULT_BASE_URL);
    }

    #[test]
    fn http_only_on_loopback() {
        assert_eq!(ok("http://localhost:8080/v1"), "http://localhost:8080/v1");
        assert_eq!(ok("http://127.0.0.1:40123"), "http://127.0.0.1:40123");
        assert_eq!(ok("http://[::1]:9/v1"), "http://[::1]:9/v1");
        assert_eq!(ok("http://LOCALHOST"), "http://LOCALHOST");
        refused("http://api.drush.io/v1");
        refused("http://localhost.evil.example/v1");
        refused("http://127.0.0.1.evil.example");
        refused("http://localhost:80x");
        refused("http://[::1]x/v1");
        refused("http://[::2]:80");
        refused("http://localhost@evil.example");
    }

    #[test]
    fn same_origin_paths_are_accepted_but_not_protocol_relative_ones() {
        assert_eq!(ok("/proxy/v1"), "/proxy/v1");
        assert_eq!(ok("/drush-io/"), "/drush-io");
        refused("//evil.example/v1");
        refused("/\\evil.example/v1");
        refused("relative/path");
    }

    #[test]
    fn other_schemes_and_odd_characters_are_refused() {
        for url in [
            "",
            "ftp://example.com",
            "javascript:alert(1)",
            "data:text/plain,x",
            "https://",
            "https:///path",
            "https://example.com/v1?x=1",
            "https://example.com/v1#top",
            "https://exa mple.com",
            "https://example.com\n/v1",
        ] {
            refused(url);
        }
    }
}
