//! Checking and normalising the run objects the API answers.
//!
//! The normaliser works over [`RunFields`], a tiny view of an object's fields, so the
//! wasm side can run it directly on the JavaScript object that `Response.json()` parsed:
//! it reads the few small fields it needs and writes converted numbers back in place,
//! and a 10 MB `log` is only type-checked, never copied through Rust.

use crate::core::error::{concat, Error};

/// The type of a field, as far as the normaliser cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Missing,
    Null,
    Boolean,
    Number,
    Text,
    /// Objects, arrays and anything else.
    Other,
}

/// Read and write access to the fields of one run object.
pub trait RunFields {
    /// The type of field `name`.
    fn kind(&self, name: &str) -> FieldKind;
    /// Field `name` when it is a number.
    fn number(&self, name: &str) -> Option<f64>;
    /// Field `name` when it is a string (only called for small fields).
    fn text(&self, name: &str) -> Option<String>;
    /// Replaces field `name` with a number.
    fn set_number(&mut self, name: &str, value: f64);
    /// Converts a string already checked by [`is_decimal`] to a number. The wasm side
    /// lets JavaScript do it, which keeps Rust's float parser out of the wasm file.
    fn decimal_value(&self, text: &str) -> Option<f64> {
        text.parse().ok()
    }
}

/// The run states the API documents; `complete` and `error` are final.
pub const FINAL_STATUSES: [&str; 2] = ["complete", "error"];

/// Whether `status` ends a run.
pub fn is_final(status: &str) -> bool {
    FINAL_STATUSES.contains(&status)
}

/// What the client itself needs from a run; the object keeps everything else.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSummary {
    pub id: String,
    /// `queued`, `running`, `complete`, `error`, or a status added later (treated as in flight).
    pub status: String,
    pub duration: f64,
    pub created: f64,
    pub changed: f64,
}

impl RunSummary {
    pub fn is_final(&self) -> bool {
        is_final(&self.status)
    }
}

/// The fields sent as numbers, or as strings holding numbers in the documented examples.
pub const NUMBER_FIELDS: [&str; 3] = ["duration", "created", "changed"];

/// Checks a run object and converts its numeric fields to numbers in place.
///
/// Refused with a `parse` error: a missing or non-string `id` or `status`, a missing
/// or non-numeric `duration`, `created` or `changed`, a `log` that is not a string.
/// Unknown fields are left as they are.
pub fn normalise<F: RunFields + ?Sized>(run: &mut F) -> Result<RunSummary, Error> {
    let id = required_text(run, "id")?;
    let status = required_text(run, "status")?;
    let mut numbers = [0.0; 3];
    for (slot, name) in numbers.iter_mut().zip(NUMBER_FIELDS) {
        *slot = number_field(run, name)?;
    }
    match run.kind("log") {
        FieldKind::Missing | FieldKind::Null | FieldKind::Text => {}
        _ => return Err(Error::parse("the run's log is not a string")),
    }
    let [duration, created, changed] = numbers;
    Ok(RunSummary {
        id,
        status,
        duration,
        created,
        changed,
    })
}

fn required_text<F: RunFields + ?Sized>(run: &F, name: &'static str) -> Result<String, Error> {
    match run.text(name) {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(Error::parse(concat(&[
            "the answer is not a run: '",
            name,
            "' is missing or not a string",
        ]))),
    }
}

fn number_field<F: RunFields + ?Sized>(run: &mut F, name: &'static str) -> Result<f64, Error> {
    if let Some(n) = run.number(name) {
        if n.is_finite() {
            return Ok(n);
        }
    } else if let Some(text) = run.text(name).filter(|t| is_decimal(t)) {
        if let Some(n) = run.decimal_value(&text).filter(|n| n.is_finite()) {
            run.set_number(name, n);
            return Ok(n);
        }
    }
    Err(Error::parse(concat(&[
        "the answer is not a run: '",
        name,
        "' is missing or not a number",
    ])))
}

/// Whether `text` is `-?digits(.digits)?`, the only form the API uses for numbers in
/// strings. Refuses what `str::parse` would also take but no server means (`inf`, `1e3`,
/// `+1`, ` 1`).
pub fn is_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.map_or(true, digits)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Map, Number, Value};

    /// A run object as `JSON.parse` would give it.
    struct Json(Map<String, Value>);

    impl RunFields for Json {
        fn kind(&self, name: &str) -> FieldKind {
            match self.0.get(name) {
                None => FieldKind::Missing,
                Some(Value::Null) => FieldKind::Null,
                Some(Value::Bool(_)) => FieldKind::Boolean,
                Some(Value::Number(_)) => FieldKind::Number,
                Some(Value::String(_)) => FieldKind::Text,
                Some(_) => FieldKind::Other,
            }
        }
        fn number(&self, name: &str) -> Option<f64> {
            self.0.get(name)?.as_f64()
        }
        fn text(&self, name: &str) -> Option<String> {
            self.0.get(name)?.as_str().map(str::to_owned)
        }
        fn set_number(&mut self, name: &str, value: f64) {
            let number = Number::from_f64(value).expect("finite");
            self.0.insert(name.to_owned(), Value::Number(number));
        }
    }

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<f64>().prop_filter_map("finite", |n| Number::from_f64(n).map(Value::Number)),
            any::<i64>().prop_map(|n| Value::Number(n.into())),
            any::<String>().prop_map(Value::String),
            "-?[0-9]{1,5}(\\.[0-9]{0,3})?|[a-z]{1,4}|".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z]{1,3}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "id", "status", "duration", "created", "changed", "log"
            ])
            .prop_map(str::to_owned),
            "[a-z]{1,6}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever the answer holds, normalising it never panics, and what it accepts
        /// is a run with the fields the client relies on.
        #[test]
        fn normalising_any_answer_never_panics(
            fields in prop::collection::btree_map(field(), json(), 0..9),
        ) {
            let mut run = Json(fields.into_iter().collect());
            if let Ok(summary) = normalise(&mut run) {
                prop_assert!(!summary.id.is_empty() && !summary.status.is_empty());
                for (name, value) in NUMBER_FIELDS.iter().zip([summary.duration, summary.created, summary.changed]) {
                    prop_assert!(value.is_finite());
                    prop_assert_eq!(run.number(name), Some(value));
                }
            }
        }

        /// Numbers sent as decimal strings come back as the same numbers.
        #[test]
        fn decimal_strings_come_back_as_the_same_numbers(
            numbers in prop::array::uniform3(prop_oneof![
                any::<f64>().prop_filter("finite", |n| n.is_finite()),
                any::<u32>().prop_map(f64::from),
                (0u64..10_000_000_000, 0u32..1000).prop_map(|(s, ms)| s as f64 + f64::from(ms) / 1000.0),
            ]),
        ) {
            let mut fields = Map::new();
            fields.insert("id".into(), Value::String("r".into()));
            fields.insert("status".into(), Value::String("running".into()));
            for (name, n) in NUMBER_FIELDS.iter().zip(numbers) {
                // Rust writes floats without exponents, in the fewest digits that read back.
                fields.insert((*name).into(), Value::String(n.to_string()));
            }
            let mut run = Json(fields);
            let summary = normalise(&mut run).unwrap();
            prop_assert_eq!([summary.duration, summary.created, summary.changed], numbers);
            for (name, n) in NUMBER_FIELDS.iter().zip(numbers) {
                prop_assert_eq!(run.number(name), Some(n));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;
    use std::collections::BTreeMap;

    /// A JSON-like value, enough to stand in for the JavaScript object natively.
    #[derive(Clone, Debug, PartialEq)]
    enum V {
        Null,
        Bool(bool),
        Num(f64),
        Str(&'static str),
        List,
    }

    impl RunFields for BTreeMap<&'static str, V> {
        fn kind(&self, name: &str) -> FieldKind {
            match self.get(name) {
                None => FieldKind::Missing,
                Some(V::Null) => FieldKind::Null,
                Some(V::Bool(_)) => FieldKind::Boolean,
                Some(V::Num(_)) => FieldKind::Number,
                Some(V::Str(_)) => FieldKind::Text,
                Some(V::List) => FieldKind::Other,
            }
        }
        fn number(&self, name: &str) -> Option<f64> {
            match self.get(name) {
                Some(V::Num(n)) => Some(*n),
                _ => None,
            }
        }
        fn text(&self, name: &str) -> Option<String> {
            match self.get(name) {
                Some(V::Str(s)) => Some((*s).to_owned()),
                _ => None,
            }
        }
        fn set_number(&mut self, name: &str, value: f64) {
            let key = *self.keys().find(|k| **k == name).unwrap();
            self.insert(key, V::Num(value));
        }
    }

    fn documented(status: &'static str) -> BTreeMap<&'static str, V> {
        BTreeMap::from([
            ("id", V::Str("3abed1d7-68ec-4151-ae87-edcc918315b4")),
            ("status", V::Str(status)),
            ("duration", V::Num(0.0)),
            ("created", V::Num(1498714037.0)),
            ("changed", V::Num(1498714037.0)),
        ])
    }

    #[test]
    fn a_documented_run_passes_unchanged() {
        let mut run = documented("queued");
        let before = run.clone();
        let summary = normalise(&mut run).unwrap();
        assert_eq!(run, before);
        assert_eq!(summary.status, "queued");
        assert_eq!(summary.changed, 1498714037.0);
        assert!(!summary.is_final());
    }

    #[test]
    fn numbers_sent_as_strings_are_converted_in_place() {
        let mut run = documented("complete");
        run.insert("duration", V::Str("26"));
        run.insert("created", V::Str("1498714037"));
        run.insert("changed", V::Str("1498714068.5"));
        run.insert("log", V::Str(" [notice] done"));
        let summary = normalise(&mut run).unwrap();
        assert_eq!(run["duration"], V::Num(26.0));
        assert_eq!(run["created"], V::Num(1498714037.0));
        assert_eq!(run["changed"], V::Num(1498714068.5));
        assert_eq!(run["log"], V::Str(" [notice] done"));
        assert_eq!(summary.duration, 26.0);
        assert!(summary.is_final());
    }

    #[test]
    fn unknown_fields_are_kept() {
        let mut run = documented("running");
        run.insert("extra", V::List);
        run.insert("nothing", V::Null);
        run.insert("flag", V::Bool(true));
        let before = run.clone();
        normalise(&mut run).unwrap();
        assert_eq!(run, before);
    }

    #[test]
    fn missing_or_garbage_fields_are_parse_errors() {
        let cases: [(&str, Option<V>); 10] = [
            ("id", None),
            ("id", Some(V::Num(5.0))),
            ("status", Some(V::Str(""))),
            ("status", Some(V::Null)),
            ("duration", None),
            ("duration", Some(V::Str("26s"))),
            ("created", Some(V::Str("inf"))),
            ("changed", Some(V::Bool(true))),
            ("changed", Some(V::Str("1e9"))),
            ("log", Some(V::List)),
        ];
        for (field, value) in cases {
            let mut run = documented("queued");
            match value.clone() {
                Some(v) => run.insert(field, v),
                None => run.remove(field),
            };
            let e = normalise(&mut run).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Parse, "{field} = {value:?}");
        }
    }

    #[test]
    fn decimal_strings_are_read_strictly() {
        for good in ["26", "-1.25", "0", "1498714037"] {
            assert!(is_decimal(good), "{good:?}");
        }
        for bad in [
            "", "-", ".5", "5.", "+5", " 5", "5 ", "1e3", "NaN", "inf", "0x10", "1.2.3",
        ] {
            assert!(!is_decimal(bad), "{bad:?}");
        }
    }
}
