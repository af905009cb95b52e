//! The `env` option of `runJob`: variables passed to the run.
//!
//! Names must match `^[A-Za-z_][A-Za-z0-9_]*$`. Values must be strings, finite numbers or
//! booleans; numbers and booleans are sent as their string form. The JavaScript side
//! writes that form with JavaScript's own `String(value)`, so `1e21` or `0.1` read exactly
//! as the caller would print them; this module only decides what is acceptable, before
//! any request is sent.

use crate::core::error::{concat, Error};

/// The type of one `env` value, as seen in the caller's object.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EnvValue {
    Text,
    Number(f64),
    Boolean,
    /// Anything else (`null`, `undefined`, objects, arrays, functions, bigints, symbols).
    Other,
}

/// Whether `name` is a valid variable name.
pub fn is_valid_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
        _ => return false,
    }
    bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Checks one entry of `env`.
pub fn check_entry(name: &str, value: EnvValue) -> Result<(), Error> {
    if !is_valid_name(name) {
        return Err(Error::invalid_argument(concat(&[
            "env name '",
            name,
            "' is not valid (expected letters, digits and '_', not starting with a digit)",
        ])));
    }
    match value {
        EnvValue::Text | EnvValue::Boolean => Ok(()),
        EnvValue::Number(n) if n.is_finite() => Ok(()),
        EnvValue::Number(_) => Err(Error::invalid_argument(concat(&[
            "env value of '",
            name,
            "' is not a finite number",
        ]))),
        EnvValue::Other => Err(Error::invalid_argument(concat(&[
            "env value of '",
            name,
            "' must be a string, a number or a boolean",
        ]))),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// A name is accepted exactly when it matches the documented pattern, whatever
        /// its characters (ASCII, Unicode letters and digits, controls, punctuation).
        #[test]
        fn names_are_accepted_exactly_when_they_match_the_pattern(
            name in prop_oneof![
                "[A-Za-z_][A-Za-z0-9_]{0,12}",
                "[A-Za-z0-9_\\-.$ é١\n\t\u{0}]{0,8}",
                any::<String>(),
            ],
        ) {
            let pattern = regex::Regex::new("^[A-Za-z_][A-Za-z0-9_]*$").unwrap();
            prop_assert_eq!(is_valid_name(&name), pattern.is_match(&name), "{:?}", name);
            prop_assert_eq!(check_entry(&name, EnvValue::Text).is_ok(), pattern.is_match(&name));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;

    #[test]
    fn names_follow_the_documented_pattern() {
        for good in ["A", "_", "_x1", "GREETING", "var_Name_2"] {
            assert!(is_valid_name(good), "{good}");
        }
        for bad in ["", "1A", "A-B", "A B", "é", "A.B", "$A", "A\n"] {
            assert!(!is_valid_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn strings_numbers_and_booleans_are_accepted() {
        for v in [
            EnvValue::Text,
            EnvValue::Boolean,
            EnvValue::Number(0.5),
            EnvValue::Number(-3.0),
        ] {
            assert_eq!(check_entry("X", v), Ok(()));
        }
    }

    #[test]
    fn other_values_and_bad_names_are_refused_with_the_name() {
        for (name, v) in [
            ("X", EnvValue::Other),
            ("X", EnvValue::Number(f64::NAN)),
            ("X", EnvValue::Number(f64::INFINITY)),
            ("9X", EnvValue::Text),
        ] {
            let e = check_entry(name, v).unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidArgument);
            assert!(e.message.contains(name), "{}", e.message);
        }
    }
}
