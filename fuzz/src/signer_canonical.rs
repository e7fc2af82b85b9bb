//! `signer_canonical`: the bytes, split on NUL, are a method, a path, a query string, a body
//! and header name/value pairs. The canonical request and the `Authorization` value must be
//! deterministic, independent of header order when names are distinct, and well-formed.

use huaweicloud_runtime::signer::{
    authorization, canonical_request, canonical_uri, SigningRequest,
};

/// The request a fuzz input describes.
pub struct Input {
    pub method: String,
    pub path: String,
    pub query: String,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
}

pub fn parse(data: &[u8]) -> Input {
    let mut parts = data.split(|b| *b == 0);
    let mut text = || String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let method = text();
    let path = text();
    let query = text();
    let body = text().into_bytes();
    let mut headers = Vec::new();
    loop {
        let name = text();
        if name.is_empty() {
            break;
        }
        headers.push((name, text()));
    }
    Input {
        method,
        path,
        query,
        body,
        headers,
    }
}

fn sign(input: &Input, headers: &[(String, String)]) -> (String, String, String) {
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let req = SigningRequest {
        method: &input.method,
        path: &input.path,
        query: &input.query,
        headers: &headers,
        body: &input.body,
    };
    let (canonical, names) = canonical_request(&req);
    let auth = authorization("AKFUZZ", "SKfuzz/secret", "20240101T000000Z", &req);
    (canonical, names, auth)
}

pub fn run(data: &[u8]) {
    let input = parse(data);
    let first = sign(&input, &input.headers);
    assert_eq!(
        first,
        sign(&input, &input.headers),
        "signing is deterministic"
    );
    let (canonical, names, auth) = &first;
    let mut lowered: Vec<String> = input
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    lowered.sort();
    lowered.dedup();
    if lowered.len() == input.headers.len() {
        let mut reversed = input.headers.clone();
        reversed.reverse();
        assert_eq!(
            first,
            sign(&input, &reversed),
            "header order does not matter"
        );
    }
    // With names that are HTTP tokens (as every header the client sends), the signed names
    // are the sorted, lowercased ones without `_`.
    if input.headers.iter().all(|(n, _)| is_token(n)) {
        let mut expected: Vec<String> = input
            .headers
            .iter()
            .filter(|(n, _)| !n.contains('_'))
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        expected.sort();
        assert_eq!(*names, expected.join(";"));
    }
    assert!(auth.starts_with("SDK-HMAC-SHA256 Access=AKFUZZ, SignedHeaders="));
    assert!(canonical.starts_with(&input.method.to_ascii_uppercase()));
    let uri = canonical_uri(&input.path);
    assert!(uri.ends_with('/'), "{uri}");
    assert!(uri
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.~%/".contains(&b)));
}

fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
