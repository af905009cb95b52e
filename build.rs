//! Writes the element's stylesheet, minified, as `js/style.js` (a JS module the class
//! shell imports, so an element renders before the wasm is ready): its comments and
//! indentation are for people, and cost about 0.3 KB gzipped in every download.

use std::fs;

const STYLESHEET: &str = "src/element/style.css";
const MODULE: &str = "js/style.js";

fn main() {
    println!("cargo::rerun-if-changed={STYLESHEET}");
    let css = fs::read_to_string(STYLESHEET).expect("src/element/style.css is readable");
    // Rust's escapes (`{:?}`) are a JS string literal's too, for the `"` the sheet has.
    let module = format!("export default {:?};\n", minify(&css));
    // Unchanged, it is left alone: a newer file would have wasm-bindgen's snippets redone.
    if fs::read_to_string(MODULE).ok().as_deref() != Some(module.as_str()) {
        fs::write(MODULE, module).expect("js/ is writable");
    }
}

/// Drops comments, turns each run of whitespace into one space, drops the spaces that
/// separate nothing (around `{ } ; ,` and after `:`; a space before `:` can mean a
/// descendant and stays), the last `;` of each block and the `0` of `0.5`. The sheet has
/// no string in which that would change anything (its only strings are `""`, font names
/// and attribute values with no such characters in them).
fn minify(css: &str) -> String {
    let mut spaced = String::with_capacity(css.len());
    let mut rest = css;
    while let Some((before, after)) = rest.split_once("/*") {
        push_collapsed(&mut spaced, before);
        spaced.push(' '); // a comment separates tokens
        rest = after.split_once("*/").map_or("", |(_, after)| after);
    }
    push_collapsed(&mut spaced, rest);
    let mut tight = String::with_capacity(spaced.len());
    let mut chars = spaced.trim().chars().peekable();
    while let Some(c) = chars.next() {
        let joins = |c: Option<char>| matches!(c, Some('{' | '}' | ';' | ',' | ':'));
        if c == ' '
            && (joins(tight.chars().last())
                || joins(chars.peek().copied()) && chars.peek() != Some(&':'))
        {
            continue;
        }
        tight.push(c);
    }
    let tight = tight.replace(";}", "}");
    let mut out = String::with_capacity(tight.len());
    let mut chars = tight.chars().peekable();
    while let Some(c) = chars.next() {
        let after_word = out
            .chars()
            .last()
            .is_some_and(|p| p.is_ascii_alphanumeric() || p == '.');
        if c == '0' && chars.peek() == Some(&'.') && !after_word {
            continue;
        }
        out.push(c);
    }
    out
}

fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if !c.is_whitespace() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
}
