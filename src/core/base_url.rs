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
    ///
    /// Every character the rules look for is ASCII, so the checks work on bytes: the
    /// standard library's string searches and splits weigh about 1 KB gzipped in the
    /// wasm file (a UTF-8 byte of another character is never ASCII).
    pub fn parse(url: &str) -> Result<BaseUrl, Error> {
        let bytes = url.as_bytes();
        if bytes.is_empty() {
            return Err(refuse("baseUrl must not be empty"));
        }
        if bytes.iter().any(|&b| b == b'\\' || b <= b' ' || b == 0x7F) {
            return Err(refuse(
                "baseUrl must not contain backslashes, spaces or control characters",
            ));
        }
        if bytes.iter().any(|&b| b == b'?' || b == b'#') {
            return Err(refuse("baseUrl must not carry a query or a fragment"));
        }
        if bytes.starts_with(b"//") {
            return Err(refuse(
                "baseUrl must not start with '//' (that names another host)",
            ));
        }
        if bytes.first() != Some(&b'/') {
            check_absolute(bytes)?;
        }
        let mut kept = bytes;
        while let [rest @ .., b'/'] = kept {
            kept = rest;
        }
        // Cut before ASCII slashes only, so on a character boundary.
        Ok(BaseUrl(
            url.get(..kept.len()).unwrap_or_default().to_owned(),
        ))
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

/// Where `byte` first occurs in `bytes`.
fn find(bytes: &[u8], byte: u8) -> Option<usize> {
    bytes.iter().position(|&b| b == byte)
}

fn check_absolute(url: &[u8]) -> Result<(), Error> {
    // `get` rather than indexing: no panic path in the wasm file.
    let colon = find(url, b':');
    let scheme = colon.and_then(|i| url.get(..i));
    let rest = colon
        .and_then(|i| url.get(i + 1..))
        .and_then(|r| r.strip_prefix(b"//"));
    let (Some(scheme), Some(rest)) = (scheme, rest) else {
        return Err(refuse(
            "baseUrl must be an https: URL, an http: URL on localhost, or a path starting with '/'",
        ));
    };
    let authority = match find(rest, b'/') {
        Some(end) => rest.get(..end).unwrap_or_default(),
        None => rest,
    };
    if authority.is_empty() {
        return Err(refuse("baseUrl has no valid host"));
    }
    if authority.contains(&b'@') {
        return Err(refuse("baseUrl must not carry user names or passwords"));
    }
    let Some((host, port)) = split_authority(authority) else {
        return Err(refuse("baseUrl has no valid host"));
    };
    if !port.map_or(true, is_port) {
        return Err(refuse("baseUrl has an invalid port"));
    }
    let bracketed = host.first() == Some(&b'[');
    if host.is_empty() || !bracketed && host.iter().any(|b| FORBIDDEN_IN_HOST.contains(b)) {
        return Err(refuse("baseUrl has no valid host"));
    }
    if scheme.eq_ignore_ascii_case(b"https") {
        return Ok(());
    }
    let loopback =
        host.eq_ignore_ascii_case(b"localhost") || host == b"127.0.0.1" || host == b"[::1]";
    if scheme.eq_ignore_ascii_case(b"http") && loopback {
        return Ok(());
    }
    Err(refuse(
        "baseUrl must be https:, or http: only on localhost, 127.0.0.1 or [::1]",
    ))
}

/// Characters no host name may hold (the rest of the WHATWG list is refused earlier).
const FORBIDDEN_IN_HOST: &[u8] = b"<>^|%[]";

/// Splits `host[:port]`, where the host may be a bracketed IPv6 literal.
fn split_authority(authority: &[u8]) -> Option<(&[u8], Option<&[u8]>)> {
    if authority.first() == Some(&b'[') {
        let end = find(authority, b']')? + 1;
        let (host, rest) = (authority.get(..end)?, authority.get(end..)?);
        return match rest {
            [] => Some((host, None)),
            [b':', port @ ..] => Some((host, Some(port))),
            _ => None,
        };
    }
    Some(match find(authority, b':') {
        Some(i) => (authority.get(..i)?, Some(authority.get(i + 1..)?)),
        None => (authority, None),
    })
}

/// A port number: 0 to 65535 in digits (URL parsers refuse anything larger).
fn is_port(digits: &[u8]) -> bool {
    let mut value = 0u32;
    for &b in digits {
        if !b.is_ascii_digit() {
            return false;
        }
        value = (value * 10 + u32::from(b - b'0')).min(100_000);
    }
    !digits.is_empty() && value <= 65_535
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use url::Url;

    /// The page the tests pretend to run on, for same-origin paths.
    const PAGE: &str = "https://cms.example/admin/page";

    /// Pieces a base URL can be made of, tricks included.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "https:",
            "http:",
            "HTTP:",
            "hTtPs:",
            "ftp:",
            "javascript:",
            "data:",
            "//",
            "/",
            "\\",
            "\\\\",
            ":",
            "@",
            "user:pass@",
            "localhost",
            "LOCALHOST",
            "localhost.",
            "127.0.0.1",
            "127.1",
            "0x7f.0.0.1",
            "2130706433",
            "[::1]",
            "[::ffff:127.0.0.1]",
            "[0:0:0:0:0:0:0:1]",
            "[::2]",
            "evil.example",
            ".evil.example",
            "%2e",
            "%2F",
            "%40",
            ":8080",
            ":99999",
            ":0",
            "\t",
            "\n",
            "\r",
            " ",
            "\u{0}",
            "\u{3002}",
            "\u{ff0f}",
            "?",
            "#",
            "v1",
            "proxy",
            ".",
            "..",
            "é",
            "\u{2028}",
        ])
    }

    fn candidate() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 1..8).prop_map(|pieces| pieces.concat())
    }

    /// Where a request built on `base` really goes, as a browser's URL parser reads it.
    fn target(base: &str) -> Option<Url> {
        let page = Url::parse(PAGE).unwrap();
        page.join(&[base, "/projects/p/jobs/j/runs"].concat()).ok()
    }

    fn is_safe(url: &Url) -> bool {
        let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        let page = Url::parse(PAGE).unwrap();
        url.scheme() == "https" && url.host_str().is_some_and(|h| !h.is_empty())
            || url.scheme() == "http" && loopback
            || url.origin() == page.origin()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Nothing is accepted but https:, http: on loopback or a single-/ path, as the
        /// WHATWG URL parser (the browser's) reads it, whatever the tricks.
        #[test]
        fn only_safe_bases_are_accepted(url in candidate()) {
            if let Ok(base) = BaseUrl::parse(&url) {
                // A URL the browser cannot parse sends nothing anywhere (fetch refuses it).
                let request = target(base.as_str());
                prop_assert!(request.as_ref().map_or(true, is_safe), "{:?} -> {:?}", url, request);
                let path = url.starts_with('/');
                let lower = url.to_ascii_lowercase();
                prop_assert!(
                    path && !url.starts_with("//")
                        || lower.starts_with("https://")
                        || lower.starts_with("http://"),
                    "{:?}", url
                );
                if path {
                    let page = Url::parse(PAGE).unwrap();
                    prop_assert_eq!(request.as_ref().map(Url::origin), Some(page.origin()));
                }
                if lower.starts_with("http://") {
                    prop_assert!(request.is_some(), "an http: base the browser cannot read: {:?}", url);
                }
            }
        }

        /// Safe bases of the documented forms are accepted.
        #[test]
        fn documented_forms_are_accepted(
            host in "[a-z][a-z0-9-]{0,10}(\\.[a-z]{2,5}){1,2}",
            loopback in prop::sample::select(vec!["localhost", "127.0.0.1", "[::1]"]),
            port in prop::option::of(1u16..),
            path in "(/[a-z0-9._~-]{1,8}){0,3}/?",
        ) {
            let port = port.map(|p| [":", &p.to_string()].concat()).unwrap_or_default();
            for url in [
                ["https://", &host, &port, &path].concat(),
                ["http://", loopback, &port, &path].concat(),
                ["/", path.trim_start_matches('/')].concat(),
            ] {
                prop_assert!(BaseUrl::parse(&url).is_ok(), "{:?}", url);
            }
        }
    }
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
        refused("http://localhost:65536");
        assert_eq!(ok("http://localhost:65535"), "http://localhost:65535");
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
