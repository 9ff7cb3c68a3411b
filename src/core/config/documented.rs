//! `js/index.d.ts` is what an app's editor shows for each option: these tests hold the defaults
//! written there to the ones [`check`](super::check) applies, and its option list to
//! [`OPTIONS`](super::OPTIONS), so the two cannot drift apart unnoticed.

use super::*;

const DTS: &str = include_str!("../../../js/index.d.ts");

/// `(option, doc comment)` for each member of `RumInitConfiguration`.
fn documented_options() -> Vec<(String, String)> {
    let start = DTS
        .find("export interface RumInitConfiguration {")
        .expect("RumInitConfiguration in index.d.ts");
    let body = &DTS[start..];
    let body = &body[..body.find("\n}").expect("the interface ends")];
    let (mut options, mut comment, mut in_comment) = (Vec::new(), String::new(), false);
    for line in body.lines().skip(1) {
        let line = line.trim();
        if line.starts_with("/**") {
            comment.clear();
            in_comment = true;
        }
        if in_comment {
            comment.push(' ');
            comment.push_str(line.trim_start_matches("/**").trim_start_matches('*'));
            in_comment = !line.ends_with("*/");
            continue;
        }
        let name: String = line
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if !name.is_empty() && line[name.len()..].trim_start_matches('?').starts_with(':') {
            options.push((name, comment.trim().trim_end_matches("*/").into()));
            comment.clear();
        }
    }
    options
}

/// The value after "Default " in a doc comment: a `code` span or a number, as written.
fn documented_default(comment: &str) -> Option<String> {
    let rest = &comment[comment.find("Default ")? + "Default ".len()..];
    if let Some(code) = rest.strip_prefix('`') {
        return Some(code[..code.find('`')?].into());
    }
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// The default the core applies to an absent option, written as index.d.ts writes it.
fn applied_default(name: &str, kind: Check) -> Option<String> {
    match kind {
        Check::Site => return Some(cat(&["\"", DEFAULT_SITE, "\""])),
        Check::Attribute => return Some(cat(&["\"", DEFAULT_ACTION_NAME_ATTRIBUTE, "\""])),
        _ => {}
    }
    match check(kind, &Value::Null).unwrap_or_else(|e| panic!("{name}: {e}")) {
        Value::Null => None,
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(format!("{n}")),
        Value::String(s) => Some(format!("\"{s}\"")),
        other => panic!("{name}: an unexpected default {other:?}"),
    }
}

#[test]
fn every_option_is_declared_once_and_every_declared_option_is_known() {
    let documented = documented_options();
    let names: Vec<&str> = documented.iter().map(|(n, _)| n.as_str()).collect();
    for (name, _) in OPTIONS {
        assert_eq!(
            names.iter().filter(|n| *n == name).count(),
            1,
            "{name} is declared once in index.d.ts"
        );
    }
    for name in names {
        // wasmUrl is the JS entry's own: it is read before the module loads.
        assert!(
            name == "wasmUrl" || OPTIONS.iter().any(|(known, _)| *known == name),
            "index.d.ts declares {name}, which init refuses"
        );
    }
}

#[test]
fn the_defaults_in_index_d_ts_are_the_defaults_the_core_applies() {
    let documented = documented_options();
    let mut compared = 0;
    for (name, kind) in OPTIONS {
        let (_, comment) = documented.iter().find(|(n, _)| n == name).unwrap();
        let written = documented_default(comment);
        let applied = applied_default(name, *kind);
        match (&written, &applied) {
            (Some(w), Some(a)) => {
                assert_eq!(
                    w, a,
                    "{name}: index.d.ts says Default {w}, the core applies {a}"
                );
                compared += 1;
            }
            (None, Some(a)) => panic!("{name}: index.d.ts states no default; the core applies {a}"),
            // A list option the core reads itself: absent is the empty list.
            (Some(w), None) if w == "[]" && matches!(kind, Check::Any) => {}
            (Some(w), None) => {
                panic!("{name}: index.d.ts says Default {w}; the core applies none of its own")
            }
            (None, None) => {}
        }
    }
    // The flags, numbers, choices, the site and the attribute: a parser that found nothing
    // would pass the loop above without comparing anything.
    assert!(compared >= 20, "only {compared} defaults compared");
}

#[test]
fn a_wrong_default_in_the_doc_is_caught() {
    assert_eq!(
        documented_default("Bodies are deflated. Default `true`."),
        Some("true".into())
    );
    assert_eq!(
        documented_default("Default 61440 (one body)."),
        Some("61440".into())
    );
    assert_eq!(documented_default("Default: none."), None);
    assert_ne!(
        documented_default("`\"all\"`: … Default `\"all\"`."),
        applied_default("traceContextInjection", Check::Choice(&["sampled", "all"]))
    );
}
