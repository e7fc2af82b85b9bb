//! Properties of the runtime's pure parts, checked on generated inputs: bound checks accept
//! exactly what the bounds allow, path and query encoding are reversible and canonical, signing
//! is deterministic and ignores header order, and JSON bodies are ASCII and round-trip.
//!
//! Case counts are kept small enough for the whole file to run in a few seconds. Failing inputs
//! are shrunk and printed by proptest; none are persisted to disk.

use std::collections::BTreeSet;

use huaweicloud_runtime::encode::{json_body, push_path_param, Query};
use huaweicloud_runtime::signer::{authorization, canonical_request, SigningRequest};
use huaweicloud_runtime::validate::{Int, Pattern, Problem, Str};
use percent_encoding::percent_decode_str;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;

/// A string checked against optional length bounds and a pattern, as generated code checks one.
fn check_string(
    s: &str,
    min: Option<u64>,
    max: Option<u64>,
    pattern: Option<&'static Pattern>,
) -> Result<(), Problem> {
    let rules = Str {
        min: min.unwrap_or(0),
        max: max.unwrap_or(u64::MAX),
        pattern,
    };
    huaweicloud_runtime::check("field", s, &rules).map_err(|e| {
        assert_eq!(e.field(), "field");
        e.problem().clone()
    })
}

/// An integer checked against optional bounds.
fn check_integer(v: i64, min: Option<i64>, max: Option<i64>) -> Result<(), Problem> {
    let rules = Int {
        min: min.unwrap_or(i64::MIN),
        max: max.unwrap_or(i64::MAX),
    };
    huaweicloud_runtime::check("field", &v, &rules).map_err(|e| e.problem().clone())
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Characters that make lengths interesting: ASCII, two-, three- and four-byte UTF-8, a
/// combining accent (one character of its own), a zero-width joiner, NUL, and anything else.
fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        1 => select(vec!['é', 'ß', '漢', '字', '😀', '👩', '\u{0301}', '\u{200D}', '\u{FE0F}', '\0', ' ', '/', '%']),
        1 => any::<char>(),
    ]
}

fn text(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    vec(text_char(), len).prop_map(String::from_iter)
}

/// A bound pair and a string whose character count sits at, just below or just above one of
/// the bounds (or anywhere short).
fn bounded_text() -> impl Strategy<Value = (Option<u64>, Option<u64>, String)> {
    (proptest::option::of(0u64..8), proptest::option::of(0u64..8))
        .prop_flat_map(|(min, max)| {
            let mut lengths: Vec<usize> = Vec::new();
            for bound in [min, max].into_iter().flatten() {
                let b = bound as usize;
                lengths.extend([b.saturating_sub(1), b, b + 1]);
            }
            lengths.extend(0..4);
            let len = select(lengths);
            (Just(min), Just(max), len)
        })
        .prop_flat_map(|(min, max, len)| {
            (
                Just(min),
                Just(max),
                vec(text_char(), len..=len).prop_map(String::from_iter),
            )
        })
}

/// Integers at and around the interesting points, the extremes included.
fn interesting_i64() -> impl Strategy<Value = i64> {
    prop_oneof![
        select(vec![
            i64::MIN,
            i64::MIN + 1,
            -1,
            0,
            1,
            i64::MAX - 1,
            i64::MAX
        ]),
        -1000i64..1000,
        any::<i64>(),
    ]
}

/// Bounds, and a value within two of one of them (or anywhere).
fn bounded_integer() -> impl Strategy<Value = (Option<i64>, Option<i64>, i64)> {
    (
        proptest::option::of(interesting_i64()),
        proptest::option::of(interesting_i64()),
    )
        .prop_flat_map(|(min, max)| {
            let anchors: Vec<i64> = [min, max, Some(0)].into_iter().flatten().collect();
            let near = (select(anchors), -2i64..=2).prop_map(|(a, d)| a.saturating_add(d));
            (
                Just(min),
                Just(max),
                prop_oneof![3 => near, 1 => any::<i64>()],
            )
        })
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn string_accepts_exactly_the_lengths_within_bounds((min, max, s) in bounded_text()) {
        let n = s.chars().count() as u64;
        let expected = if min.is_some_and(|m| n < m) {
            Err(Problem::TooShort { min: min.unwrap(), actual: n })
        } else if max.is_some_and(|m| n > m) {
            Err(Problem::TooLong { max: max.unwrap(), actual: n })
        } else {
            Ok(())
        };
        prop_assert_eq!(check_string(&s, min, max, None), expected);
    }

    #[test]
    fn string_lengths_count_characters_not_bytes(s in text(0..12)) {
        let n = s.chars().count() as u64;
        prop_assert_eq!(check_string(&s, Some(n), Some(n), None), Ok(()));
        prop_assert!(check_string(&s, Some(n + 1), None, None).is_err());
        if n > 0 {
            prop_assert!(check_string(&s, None, Some(n - 1), None).is_err());
        }
        prop_assert_eq!(check_string(&s, Some(0), Some(u64::MAX), None), Ok(()));
    }

    #[test]
    fn string_patterns_decide_after_lengths(s in text(0..6)) {
        static DIGITS: Pattern = Pattern::new("^[0-9]+$");
        let matches = !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        let result = check_string(&s, None, Some(5), Some(&DIGITS));
        match result {
            Ok(()) => prop_assert!(matches),
            Err(Problem::PatternMismatch { pattern }) => {
                prop_assert!(!matches);
                prop_assert_eq!(pattern, "^[0-9]+$");
            }
            Err(other) => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    #[test]
    fn integer_accepts_exactly_the_values_within_bounds((min, max, v) in bounded_integer()) {
        let expected = match (min, max) {
            (Some(m), _) if v < m => Err(Problem::BelowMinimum { minimum: m }),
            (_, Some(m)) if v > m => Err(Problem::AboveMaximum { maximum: m }),
            _ => Ok(()),
        };
        prop_assert_eq!(check_integer(v, min, max), expected);
    }

    #[test]
    fn path_parameters_round_trip_and_never_add_a_segment(s in text(0..40)) {
        let mut path = String::from("/v2/p/things/");
        let prefix = path.len();
        push_path_param(&mut path, s.as_str());
        let encoded = &path[prefix..];
        prop_assert!(!encoded.contains('/'), "{:?} encoded as {:?}", s, encoded);
        prop_assert!(!encoded.contains('?') && !encoded.contains('#'));
        prop_assert!(encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
        let decoded = percent_decode_str(encoded).decode_utf8().unwrap();
        prop_assert_eq!(decoded.as_ref(), s.as_str());
    }

    #[test]
    fn numeric_and_boolean_path_parameters_are_plain(n in any::<i64>(), b in any::<bool>()) {
        let mut path = String::new();
        push_path_param(&mut path, &n);
        prop_assert_eq!(&path, &n.to_string());
        let mut path = String::new();
        push_path_param(&mut path, &b);
        prop_assert_eq!(path, b.to_string());
    }
}

/// Query keys are `&'static str` (they come from the spec); a pool covers the odd ones.
const KEYS: &[&str] = &[
    "limit", "offset", "a", "B", "a b", "x/y", "名", "_", "~t", "a=b", "",
];

fn query_pairs() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    vec((select(KEYS), text(0..6)), 0..8)
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn query_encoding_ignores_insertion_order(
        (pairs, shuffled) in query_pairs().prop_flat_map(|p| (Just(p.clone()), Just(p).prop_shuffle()))
    ) {
        let mut a = Query::default();
        for (k, v) in &pairs {
            a.push(k, v.as_str());
        }
        let mut b = Query::default();
        for (k, v) in &shuffled {
            b.push(k, v.as_str());
        }
        prop_assert_eq!(a.encoded(), b.encoded());
    }

    #[test]
    fn query_encoding_is_sorted_and_reversible(pairs in query_pairs()) {
        let mut q = Query::default();
        for (k, v) in &pairs {
            q.push(k, v.as_str());
        }
        let encoded = q.encoded();
        prop_assert!(encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~%&=".contains(&b)));
        let decoded: Vec<(String, String)> = if encoded.is_empty() {
            Vec::new()
        } else {
            encoded
                .split('&')
                .map(|pair| {
                    let (k, v) = pair.split_once('=').expect("k=v");
                    (
                        percent_decode_str(k).decode_utf8().unwrap().into_owned(),
                        percent_decode_str(v).decode_utf8().unwrap().into_owned(),
                    )
                })
                .collect()
        };
        let mut expected: Vec<(String, String)> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        expected.sort();
        prop_assert_eq!(decoded, expected);
    }
}

/// Header names: distinct when lowercased; some contain `_` (never signed).
const HEADER_NAMES: &[&str] = &[
    "content-type",
    "host",
    "x-sdk-date",
    "x-project-id",
    "x-security-token",
    "user-agent",
    "x-trace_id",
    "x-custom",
    "accept",
];

#[derive(Debug, Clone)]
struct SigningCase {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    shuffled: Vec<(String, String)>,
    body: Vec<u8>,
    sk: String,
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof!["[ -~]{0,20}", text(0..10), Just("  padded  ".to_string()),]
}

fn signing_case() -> impl Strategy<Value = SigningCase> {
    let headers = proptest::sample::subsequence(HEADER_NAMES.to_vec(), 0..HEADER_NAMES.len())
        .prop_flat_map(|names| {
            let n = names.len();
            (
                Just(names),
                vec(header_value(), n..=n),
                vec(any::<bool>(), n..=n),
            )
        })
        .prop_map(|(names, values, upper)| {
            names
                .into_iter()
                .zip(values)
                .zip(upper)
                .map(|((name, value), up)| {
                    let name = if up {
                        name.to_ascii_uppercase()
                    } else {
                        name.to_string()
                    };
                    (name, value)
                })
                .collect::<Vec<_>>()
        });
    (
        select(vec!["GET", "get", "POST", "PUT", "DELETE", "PATCH", "HEAD"]),
        text(0..20),
        "[a-z0-9%=&._~-]{0,20}",
        headers.prop_flat_map(|h| (Just(h.clone()), Just(h).prop_shuffle())),
        vec(any::<u8>(), 0..64),
        "[ -~]{0,40}",
    )
        .prop_map(
            |(method, path, query, (headers, shuffled), body, sk)| SigningCase {
                method: method.to_string(),
                path: format!("/{path}"),
                query,
                headers,
                shuffled,
                body,
                sk,
            },
        )
}

fn sign(c: &SigningCase, headers: &[(String, String)]) -> (String, String) {
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let req = SigningRequest {
        method: &c.method,
        path: &c.path,
        query: &c.query,
        headers: &headers,
        body: &c.body,
    };
    (
        canonical_request(&req).0,
        authorization("AKPROPERTY", &c.sk, "20240101T000000Z", &req),
    )
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn signing_is_deterministic_and_ignores_header_order(c in signing_case()) {
        let first = sign(&c, &c.headers);
        prop_assert_eq!(&first, &sign(&c, &c.headers));
        prop_assert_eq!(&first, &sign(&c, &c.shuffled));
        let (canonical, auth) = first;
        let signed: BTreeSet<String> = c
            .headers
            .iter()
            .filter(|(n, _)| !n.contains('_'))
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        let names = signed.into_iter().collect::<Vec<_>>().join(";");
        prop_assert!(
            auth.starts_with(&format!("SDK-HMAC-SHA256 Access=AKPROPERTY, SignedHeaders={names}, Signature=")),
            "{}",
            auth
        );
        let signature = auth.rsplit("Signature=").next().unwrap();
        prop_assert_eq!(signature.len(), 64);
        prop_assert!(signature.bytes().all(|b| b.is_ascii_hexdigit()));
        let first_line = c.method.to_ascii_uppercase() + "\n";
        prop_assert!(canonical.starts_with(&first_line));
    }

    #[test]
    fn any_change_to_the_body_changes_the_signature(c in signing_case(), flip in any::<prop::sample::Index>()) {
        prop_assume!(!c.body.is_empty());
        prop_assume!(!c.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("x-sdk-content-sha256")));
        let mut changed = c.clone();
        let i = flip.index(changed.body.len());
        changed.body[i] ^= 0x01;
        prop_assert_ne!(sign(&c, &c.headers).1, sign(&changed, &changed.headers).1);
    }
}

/// JSON values: every kind, strings with any characters (astral ones need surrogate pairs),
/// integers at any size, floats from tiny to huge.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1_000_000i64..1_000_000, 0u32..20)
            .prop_map(|(m, e)| Value::from(m as f64 / f64::from(1u32 << e))),
        select(vec![0.1, -2.5e-300, 1.7976931348623157e308, 5e-324, 1e21]).prop_map(Value::from),
        text(0..12).prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(text(0..6), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn json_bodies_are_ascii_and_parse_back_to_the_same_value(v in json_value()) {
        let bytes = json_body(&v).unwrap();
        prop_assert!(bytes.is_ascii(), "{}", String::from_utf8_lossy(&bytes));
        let back: Value = serde_json::from_slice(&bytes).unwrap();
        // serde_json's parser (without its `float_roundtrip` feature) may read a float one ULP
        // off, so the reference is the value as read back from serde_json's own encoding.
        let reference: Value = serde_json::from_slice(&serde_json::to_vec(&v).unwrap()).unwrap();
        prop_assert_eq!(back, reference);
    }

    #[test]
    fn json_bodies_use_the_python_separators(s in text(1..8), n in any::<i32>()) {
        let v = serde_json::json!({ "k": s, "n": n, "a": [1, 2] });
        let body = String::from_utf8(json_body(&v).unwrap()).unwrap();
        prop_assert!(body.contains(", \"n\": ") || body.contains(", \"k\": "), "{}", body);
        prop_assert!(body.contains("[1, 2]"), "{}", body);
    }
}
