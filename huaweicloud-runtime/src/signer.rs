//! `SDK-HMAC-SHA256` request signing, as `huaweicloudsdkcore/signer/signer.py` does it.
//!
//! canonical request = method, canonical URI, canonical query, canonical headers, signed header
//! names, body hash; string to sign = algorithm, `X-Sdk-Date`, hash of the canonical request;
//! signature = hex HMAC-SHA256 of that, keyed with the SK.

use std::borrow::Cow;

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

use crate::encode::UNRESERVED;

/// The algorithm name, first in the string to sign and in `Authorization`.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// SHA-256 of the empty string: the payload hash of a request without a body.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// What the signature covers.
#[derive(Debug, Clone, Copy)]
pub struct SigningRequest<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The path as sent (percent-encoded).
    pub path: &'a str,
    /// The query string as sent, already in canonical (sorted, encoded) form, without `?`.
    pub query: &'a str,
    /// Every header sent, including `Host` and `X-Sdk-Date`; names with `_` are not signed.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body bytes (empty when there is none).
    pub body: &'a [u8],
}

/// `X-Sdk-Date` for a point in time: `%Y%m%dT%H%M%SZ` in UTC.
pub fn sdk_date(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let mut out = String::with_capacity(16);
    let digits = |out: &mut String, n: u32, width: u32| {
        for i in (0..width).rev() {
            out.push(char::from(b'0' + (n / 10u32.pow(i) % 10) as u8));
        }
    };
    digits(&mut out, t.year().clamp(0, 9999) as u32, 4);
    digits(&mut out, u32::from(u8::from(t.month())), 2);
    digits(&mut out, u32::from(t.day()), 2);
    out.push('T');
    digits(&mut out, u32::from(t.hour()), 2);
    digits(&mut out, u32::from(t.minute()), 2);
    digits(&mut out, u32::from(t.second()), 2);
    out.push('Z');
    out
}

/// The path percent-decoded, split on `/`, each segment re-encoded, always ending in `/`.
pub fn canonical_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    push_canonical_uri(&mut out, path);
    out
}

fn push_canonical_uri(out: &mut String, path: &str) {
    // Already canonical (what the runtime produces): unreserved bytes and `/` only.
    if path
        .bytes()
        .all(|b| b == b'/' || b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
    {
        out.push_str(path);
    } else {
        let decoded = percent_decode_str(path).collect::<Vec<u8>>();
        let decoded = String::from_utf8_lossy(&decoded);
        for (i, segment) in decoded.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            out.extend(utf8_percent_encode(segment, UNRESERVED));
        }
    }
    if !out.ends_with('/') {
        out.push('/');
    }
}

/// Lowercased, sorted names of the headers that are signed.
fn signed_headers<'a>(headers: &'a [(&'a str, &'a str)]) -> Vec<(Cow<'a, str>, &'a str)> {
    let mut signed: Vec<(Cow<'a, str>, &str)> = headers
        .iter()
        .filter(|(name, _)| !name.contains('_'))
        .map(|(name, value)| {
            let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(*name)
            };
            (name, *value)
        })
        .collect();
    signed.sort_by(|a, b| a.0.cmp(&b.0));
    signed
}

/// Lowercase hex of a SHA-256 digest or HMAC, on the stack.
struct Hex64([u8; 64]);

impl Hex64 {
    fn of(digest: &[u8]) -> Hex64 {
        let mut buf = [b'0'; 64];
        // A 32-byte digest always fits 64 hex digits.
        let _ = hex::encode_to_slice(digest, &mut buf);
        Hex64(buf)
    }

    fn as_str(&self) -> &str {
        // Hex digits are ASCII.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// What the canonical request's last line holds: the body's hash, or the value the request
/// gives in `X-Sdk-Content-Sha256` (`UNSIGNED-PAYLOAD`).
fn push_payload_hash(out: &mut String, headers: &[(Cow<'_, str>, &str)], body: &[u8]) {
    if body.is_empty() {
        out.push_str(EMPTY_SHA256);
    } else if let Some((_, v)) = headers.iter().find(|(n, _)| n == "x-sdk-content-sha256") {
        out.push_str(v.trim());
    } else {
        out.push_str(Hex64::of(&Sha256::digest(body)).as_str());
    }
}

/// The canonical request and the `;`-joined signed header names.
pub fn canonical_request(req: &SigningRequest<'_>) -> (String, String) {
    let headers = signed_headers(req.headers);
    let mut names = String::with_capacity(headers.len() * 16);
    for (i, (n, _)) in headers.iter().enumerate() {
        if i > 0 {
            names.push(';');
        }
        names.push_str(n);
    }
    let mut out = String::with_capacity(
        256 + req.path.len() + req.query.len() + headers.iter().map(|h| h.1.len()).sum::<usize>(),
    );
    for c in req.method.chars() {
        out.push(c.to_ascii_uppercase());
    }
    out.push('\n');
    push_canonical_uri(&mut out, req.path);
    out.push('\n');
    out.push_str(req.query);
    out.push('\n');
    for (name, value) in &headers {
        out.push_str(name);
        out.push(':');
        out.push_str(value.trim());
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&names);
    out.push('\n');
    push_payload_hash(&mut out, &headers, req.body);
    (out, names)
}

/// `SDK-HMAC-SHA256`, the date, and the hex SHA-256 of the canonical request, one per line.
pub fn string_to_sign(date: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + date.len() + 66);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(date);
    out.push('\n');
    out.push_str(Hex64::of(&Sha256::digest(canonical_request.as_bytes())).as_str());
    out
}

/// The `Authorization` header value. `date` must equal the `X-Sdk-Date` header in `req`.
pub fn authorization(ak: &str, sk: &str, date: &str, req: &SigningRequest<'_>) -> String {
    let (canonical, names) = canonical_request(req);
    let to_sign = string_to_sign(date, &canonical);
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(sk.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(to_sign.as_bytes());
    let signature = Hex64::of(&mac.finalize().into_bytes());
    let mut out = String::with_capacity(48 + ak.len() + names.len() + 64);
    out.push_str(ALGORITHM);
    out.push_str(" Access=");
    out.push_str(ak);
    out.push_str(", SignedHeaders=");
    out.push_str(&names);
    out.push_str(", Signature=");
    out.push_str(signature.as_str());
    out
}
