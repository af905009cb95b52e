//! Identifiers (`project`, `job`, `runId`) and the request URLs built from them.
//!
//! Each identifier becomes exactly one path segment: it is percent-encoded like
//! `encodeURIComponent` does, so `/`, `?`, `#` or spaces cannot change the path, and the
//! dot segments `.` and `..` (which URL parsers resolve away) are refused.

use crate::core::base_url::BaseUrl;
use crate::core::error::{concat, Error};

/// Checks one identifier; `what` names it in the message (`"project"`, `"job"`, `"runId"`).
pub fn check_identifier(what: &'static str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid_argument(concat(&[
            what,
            " must be a non-empty string",
        ])));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid_argument(concat(&[
            what,
            " must not be '.' or '..'",
        ])));
    }
    Ok(())
}

/// Appends `segment` percent-encoded: only `A-Z a-z 0-9 - _ . ~` stay as they are.
pub fn push_segment(out: &mut String, segment: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in segment.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// `{base}/projects/{project}/jobs/{job}/runs`: where a run is triggered.
pub fn runs_url(base: &BaseUrl, project: &str, job: &str) -> Result<String, Error> {
    check_identifier("project", project)?;
    check_identifier("job", job)?;
    let mut url = String::with_capacity(base.as_str().len() + project.len() + job.len() + 21);
    url.push_str(base.as_str());
    url.push_str("/projects/");
    push_segment(&mut url, project);
    url.push_str("/jobs/");
    push_segment(&mut url, job);
    url.push_str("/runs");
    Ok(url)
}

/// `{base}/projects/{project}/jobs/{job}/runs/{runId}`: where a run is read.
pub fn run_url(base: &BaseUrl, project: &str, job: &str, run_id: &str) -> Result<String, Error> {
    let mut url = runs_url(base, project, job)?;
    check_identifier("runId", run_id)?;
    url.push('/');
    push_segment(&mut url, run_id);
    Ok(url)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use percent_encoding::percent_decode_str;
    use proptest::prelude::*;

    fn identifier() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[./?#%\\\\ \t\n&=+;@:a-z\u{0}é\u{1F600}]{1,10}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The encoding never holds `/`, `?` or `#`, and decoding gives the input back.
        #[test]
        fn a_segment_decodes_to_its_identifier(id in identifier()) {
            let mut out = String::new();
            push_segment(&mut out, &id);
            prop_assert!(!out.contains(['/', '?', '#']), "{:?} -> {:?}", id, out);
            prop_assert!(out.bytes().all(|b| b.is_ascii_graphic()));
            let decoded = percent_decode_str(&out).decode_utf8().unwrap();
            prop_assert_eq!(decoded, id.as_str());
        }

        /// A browser's URL parser reads each identifier back as exactly one segment.
        #[test]
        fn every_identifier_stays_one_segment_for_a_url_parser(
            project in identifier(), job in identifier(), run in identifier(),
        ) {
            let base = BaseUrl::parse("https://api.example/v1").unwrap();
            match run_url(&base, &project, &job, &run) {
                Ok(url) => {
                    let url = url::Url::parse(&url).unwrap();
                    prop_assert_eq!(url.query(), None);
                    prop_assert_eq!(url.fragment(), None);
                    let segments: Vec<String> = url
                        .path_segments()
                        .unwrap()
                        .map(|s| percent_decode_str(s).decode_utf8().unwrap().into_owned())
                        .collect();
                    prop_assert_eq!(segments, ["v1", "projects", &project, "jobs", &job, "runs", &run]);
                }
                Err(_) => prop_assert!([&project, &job, &run]
                    .iter()
                    .any(|id| id.is_empty() || *id == "." || *id == "..")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;

    fn base() -> BaseUrl {
        BaseUrl::parse("https://api.drush.io/v1").unwrap()
    }

    #[test]
    fn plain_identifiers_build_the_documented_paths() {
        assert_eq!(
            runs_url(&base(), "my-corp", "cc-all").unwrap(),
            "https://api.drush.io/v1/projects/my-corp/jobs/cc-all/runs"
        );
        assert_eq!(
            run_url(&base(), "my-corp", "cc-all", "3abed1d7-68ec").unwrap(),
            "https://api.drush.io/v1/projects/my-corp/jobs/cc-all/runs/3abed1d7-68ec"
        );
        let proxy = BaseUrl::parse("/proxy/v1").unwrap();
        assert_eq!(
            runs_url(&proxy, "p", "j").unwrap(),
            "/proxy/v1/projects/p/jobs/j/runs"
        );
    }

    #[test]
    fn every_identifier_stays_one_segment() {
        assert_eq!(
            run_url(&base(), "a/b c", "x?y#z", "../r%2F").unwrap(),
            "https://api.drush.io/v1/projects/a%2Fb%20c/jobs/x%3Fy%23z/runs/..%2Fr%252F"
        );
        let mut s = String::new();
        push_segment(&mut s, "é~.-_ok");
        assert_eq!(s, "%C3%A9~.-_ok");
    }

    #[test]
    fn empty_and_dot_identifiers_are_refused() {
        for (p, j, r, named) in [
            ("", "j", "r", "project"),
            ("p", ".", "r", "job"),
            ("p", "j", "..", "runId"),
            ("..", "j", "r", "project"),
        ] {
            let e = run_url(&base(), p, j, r).unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidArgument);
            assert!(e.message.starts_with(named), "{}", e.message);
        }
        assert!(
            runs_url(&base(), "p", "...").is_ok(),
            "three dots are a name"
        );
    }
}
