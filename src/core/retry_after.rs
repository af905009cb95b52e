//! The `Retry-After` header: delay-seconds or an HTTP date (RFC 9110, section 10.2.3).

use std::time::{Duration, UNIX_EPOCH};

/// How long to wait, in milliseconds, given the header value and the current time in
/// milliseconds since the Unix epoch. A date in the past means "now" (0). Anything
/// unreadable gives `None`, and the caller falls back to its own back-off.
/// Dates are read with [`http_date_ms`] (the `httpdate` crate).
pub fn parse_retry_after(value: &str, now_unix_ms: u64) -> Option<u64> {
    parse_retry_after_with(value, now_unix_ms, http_date_ms)
}

/// [`parse_retry_after`] with another reader of HTTP dates (returning milliseconds since
/// the epoch). The wasm build passes JavaScript's `Date.parse`, which the ECMAScript
/// standard requires to read IMF-fixdate (the format of `toUTCString`): `httpdate`
/// validates a date by a round trip through `SystemTime` whose panic paths bring about
/// 11 KB of formatting code into the wasm file.
pub fn parse_retry_after_with(
    value: &str,
    now_unix_ms: u64,
    read_date: impl FnOnce(&str) -> Option<u64>,
) -> Option<u64> {
    let value = value.trim_matches([' ', '\t']);
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Digits only, so the only failure is overflow: treat it as "very long".
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(seconds.saturating_mul(1000));
    }
    let at_ms = read_date(value)?;
    Some(at_ms.saturating_sub(now_unix_ms))
}

/// Reads an HTTP date (IMF-fixdate, or the obsolete RFC 850 and asctime forms) as
/// milliseconds since the Unix epoch.
pub fn http_date_ms(value: &str) -> Option<u64> {
    let at = httpdate::parse_http_date(value).ok()?;
    let at_ms = at
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis();
    Some(u64::try_from(at_ms).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Sun, 06 Nov 1994 08:49:37 GMT, the RFC's example date.
    const RFC_DATE_MS: u64 = 784_111_777_000;

    #[test]
    fn seconds_are_read_as_a_delay() {
        assert_eq!(parse_retry_after("2", 0), Some(2000));
        assert_eq!(parse_retry_after(" 120 ", 5), Some(120_000));
        assert_eq!(parse_retry_after("0", 0), Some(0));
        assert_eq!(
            parse_retry_after("99999999999999999999999", 0),
            Some(u64::MAX)
        );
    }

    #[test]
    fn http_dates_are_read_relative_to_now() {
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(parse_retry_after(date, RFC_DATE_MS - 3500), Some(3500));
        assert_eq!(parse_retry_after(date, RFC_DATE_MS + 10_000), Some(0));
        // The obsolete formats HTTP still allows.
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", RFC_DATE_MS - 1000),
            Some(1000)
        );
        assert_eq!(
            parse_retry_after("Sun Nov  6 08:49:37 1994", RFC_DATE_MS),
            Some(0)
        );
    }

    #[test]
    fn garbage_is_ignored() {
        for bad in ["", "soon", "-1", "1.5", "Sun, 06 Nov 1994"] {
            assert_eq!(parse_retry_after(bad, 0), None, "{bad:?}");
        }
    }

    #[test]
    fn another_date_reader_can_be_given() {
        let mut asked = None;
        let reader = |s: &str| {
            asked = Some(s.to_owned());
            Some(RFC_DATE_MS)
        };
        assert_eq!(
            parse_retry_after_with(" Sun, 06 Nov 1994 08:49:37 GMT ", RFC_DATE_MS - 20, reader),
            Some(20)
        );
        assert_eq!(asked.as_deref(), Some("Sun, 06 Nov 1994 08:49:37 GMT"));
        // Seconds never reach the date reader.
        assert_eq!(parse_retry_after_with("3", 0, |_| panic!()), Some(3000));
        assert_eq!(parse_retry_after_with("soon", 0, |_| None), None);
    }
}
