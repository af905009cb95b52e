//! The errors every part of the client reports, and how HTTP statuses are classified.
//!
//! The kinds are the ones `DrushIoError.kind` exposes to JavaScript. Messages are built
//! without `format!` so the wasm build does not carry the formatting machinery.

use std::borrow::Cow;

/// What went wrong, as exposed in `DrushIoError.kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The caller passed something unusable; no request was sent.
    InvalidArgument,
    /// The request never got an HTTP answer (offline, DNS, dropped connection, request timeout).
    Network,
    /// The server answered with a status that is not a success.
    Http,
    /// The server answered 2xx with something that is not a valid run object.
    Parse,
    /// The overall deadline of a wait passed.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
}

impl ErrorKind {
    /// The name used in JavaScript (`'invalid-argument'`, `'network'`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid-argument",
            ErrorKind::Network => "network",
            ErrorKind::Http => "http",
            ErrorKind::Parse => "parse",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
        }
    }
}

/// The most of a server's answer kept in [`Error::body`].
pub const MAX_BODY_BYTES: usize = 4096;

/// An error with everything `DrushIoError` carries.
///
/// It never holds the API token: nothing that builds one is ever given the token.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    /// A sentence for people.
    pub message: Cow<'static, str>,
    /// The HTTP status, for [`ErrorKind::Http`] (and a timeout that followed one).
    pub status: Option<u16>,
    /// How long the server asked us to wait, when it sent `Retry-After`.
    pub retry_after_ms: Option<u64>,
    /// The server's answer text, at most [`MAX_BODY_BYTES`] bytes.
    pub body: Option<String>,
}

impl Error {
    /// An error with a kind and a message only.
    pub fn new(kind: ErrorKind, message: impl Into<Cow<'static, str>>) -> Self {
        Error::build(kind, message.into())
    }

    // Errors are the rare path: one out-of-line constructor keeps the many call sites small.
    #[cold]
    #[inline(never)]
    fn build(kind: ErrorKind, message: Cow<'static, str>) -> Self {
        Error {
            kind,
            message,
            status: None,
            retry_after_ms: None,
            body: None,
        }
    }

    pub fn invalid_argument(message: impl Into<Cow<'static, str>>) -> Self {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    pub fn parse(message: impl Into<Cow<'static, str>>) -> Self {
        Error::new(ErrorKind::Parse, message)
    }

    pub fn network(message: impl Into<Cow<'static, str>>) -> Self {
        Error::new(ErrorKind::Network, message)
    }

    pub fn aborted() -> Self {
        Error::new(ErrorKind::Aborted, "the operation was aborted")
    }

    pub fn timeout() -> Self {
        Error::new(
            ErrorKind::Timeout,
            "the run did not finish before the deadline (timeoutMs)",
        )
    }

    /// An answer with a non-success status; `body` is cut to [`MAX_BODY_BYTES`].
    pub fn http(status: u16, retry_after_ms: Option<u64>, body: Option<String>) -> Self {
        let mut message = String::from("the drush.io API answered HTTP ");
        push_decimal(&mut message, u64::from(status));
        Error {
            kind: ErrorKind::Http,
            message: message.into(),
            status: Some(status),
            retry_after_ms,
            body: body.map(cut_body),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// What to do about an HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusClass {
    /// 2xx: read the answer.
    Success,
    /// Transient: retry within the deadline (408, 429, 500, 502, 503, 504).
    Retry,
    /// Everything else: fail at once (400, 401, 403, 404, other 4xx, other 5xx, 3xx).
    Fatal,
}

/// Classifies a status as the contract's polling rules say.
pub fn classify_status(status: u16) -> StatusClass {
    match status {
        200..=299 => StatusClass::Success,
        408 | 429 | 500 | 502 | 503 | 504 => StatusClass::Retry,
        _ => StatusClass::Fatal,
    }
}

/// Cuts `body` to at most [`MAX_BODY_BYTES`] bytes, on a character boundary.
pub fn cut_body(mut body: String) -> String {
    if body.len() > MAX_BODY_BYTES {
        let mut end = MAX_BODY_BYTES;
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        body.truncate(end);
    }
    body
}

/// What [`redact`] puts where the token was.
pub const REDACTED: &str = "[token]";

/// `text` with every occurrence of `secret` replaced by [`REDACTED`]. A server or a
/// proxy that echoes request headers in an error page would otherwise hand the token to
/// `DrushIoError.body`. Should the secret still show (it is part of `[token]`, or the
/// replacement formed it again), nothing of the text is kept.
pub fn redact(text: String, secret: &str) -> String {
    let (bytes, needle) = (text.as_bytes(), secret.as_bytes());
    if !holds(bytes, needle) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let (mut i, mut kept) = (0, 0);
    while i + needle.len() <= bytes.len() {
        if bytes.get(i..i + needle.len()) == Some(needle) {
            // Whole occurrences of a UTF-8 secret start and end on character boundaries.
            out.push_str(text.get(kept..i).unwrap_or_default());
            out.push_str(REDACTED);
            i += needle.len();
            kept = i;
        } else {
            i += 1;
        }
    }
    out.push_str(text.get(kept..).unwrap_or_default());
    if holds(out.as_bytes(), needle) {
        return String::new();
    }
    out
}

/// Whether `needle` (not empty) occurs in `haystack`. A plain loop: the standard
/// library's substring search weighs about 2.5 KB in the wasm file, and bodies are small.
fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Joins `parts` into one string, as `parts.concat()` does. The standard `concat` goes
/// through a generic join that weighs about 1 KB in the wasm file; this loop does not.
pub fn concat(parts: &[&str]) -> String {
    let mut joined = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        joined.push_str(part);
    }
    joined
}

/// Appends `n` in decimal (a tiny `itoa`, so messages need no `format!`).
pub fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// The token never survives, and a text without it is kept as it is.
        #[test]
        fn the_token_never_survives_redaction(
            parts in prop::collection::vec("[a-z\\[\\] .]{0,6}", 0..6),
            secret in "[a-z\\[\\].]{1,8}",
        ) {
            let text = parts.join(&secret);
            let redacted = redact(text.clone(), &secret);
            prop_assert!(!redacted.contains(&secret), "{:?} -> {:?}", text, redacted);
            let plain = parts.concat();
            if !plain.contains(&secret) {
                prop_assert_eq!(redact(plain.clone(), &secret), plain);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_classified_as_the_contract_says() {
        for s in [200, 201, 204] {
            assert_eq!(classify_status(s), StatusClass::Success, "{s}");
        }
        for s in [408, 429, 500, 502, 503, 504] {
            assert_eq!(classify_status(s), StatusClass::Retry, "{s}");
        }
        for s in [301, 400, 401, 403, 404, 405, 409, 410, 422, 451, 501, 505] {
            assert_eq!(classify_status(s), StatusClass::Fatal, "{s}");
        }
    }

    #[test]
    fn kinds_have_their_javascript_names() {
        let names: Vec<_> = [
            ErrorKind::InvalidArgument,
            ErrorKind::Network,
            ErrorKind::Http,
            ErrorKind::Parse,
            ErrorKind::Timeout,
            ErrorKind::Aborted,
        ]
        .iter()
        .map(|k| k.as_str())
        .collect();
        assert_eq!(
            names,
            [
                "invalid-argument",
                "network",
                "http",
                "parse",
                "timeout",
                "aborted"
            ]
        );
    }

    #[test]
    fn http_errors_carry_status_and_a_cut_body() {
        let long = "é".repeat(3000); // 6000 bytes, 2 bytes a character
        let e = Error::http(503, Some(1000), Some(long));
        assert_eq!(e.kind, ErrorKind::Http);
        assert_eq!(e.status, Some(503));
        assert_eq!(e.retry_after_ms, Some(1000));
        assert_eq!(e.message, "the drush.io API answered HTTP 503");
        let body = e.body.unwrap();
        assert_eq!(body.len(), 4096);
        assert!(body.chars().all(|c| c == 'é'));
    }

    #[test]
    fn bodies_are_cut_on_character_boundaries() {
        let s = "a".repeat(4095) + "€"; // the euro sign straddles the limit
        assert_eq!(cut_body(s), "a".repeat(4095));
        assert_eq!(cut_body("short".into()), "short");
    }

    #[test]
    fn the_token_is_replaced_wherever_it_occurs() {
        let body = "Authorization: Bearer abc.def\nagain: abc.defabc.def".to_owned();
        assert_eq!(
            redact(body, "abc.def"),
            "Authorization: Bearer [token]\nagain: [token][token]"
        );
        assert_eq!(redact("nothing here".into(), "abc"), "nothing here");
        assert_eq!(redact("x[token]".into(), "[token]"), "");
        assert_eq!(redact("a]b".into(), "]"), "");
    }

    #[test]
    fn parts_are_concatenated_in_order() {
        assert_eq!(
            concat(&["header '", "X-A", "' is bad"]),
            "header 'X-A' is bad"
        );
        assert_eq!(concat(&["", "é", ""]), "é");
        assert_eq!(concat(&[]), "");
    }

    #[test]
    fn decimals_are_written_without_format() {
        for n in [0u64, 7, 10, 404, 65535, u64::MAX] {
            let mut s = String::new();
            push_decimal(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
