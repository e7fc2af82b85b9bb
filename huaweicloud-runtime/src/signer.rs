//! `SDK-HMAC-SHA256` request signing, as `huaweicloudsdkcore/signer/signer.py` does it.
//!
//! canonical request = method, canonical URI, canonical query, canonical headers, signed header
//! names, body hash; string to sign = algorithm, `X-Sdk-Date`, hash of the canonical request;
//! signature = hex HMAC-SHA256 of that, keyed with the SK.

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
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The path percent-decoded, split on `/`, each segment re-encoded, always ending in `/`.
pub fn canonical_uri(path: &str) -> String {
    // Already canonical (what the generated code produces): unreserved bytes and `/` only.
    if path
        .bytes()
        .all(|b| b == b'/' || b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
    {
        let mut out = String::with_capacity(path.len() + 1);
        out.push_str(path);
        if !out.ends_with('/') {
            out.push('/');
        }
        return out;
    }
    let decoded = percent_decode_str(path).collect::<Vec<u8>>();
    let decoded = String::from_utf8_lossy(&decoded);
    let mut out = String::with_capacity(path.len() + 1);
    for (i, segment) in decoded.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.extend(utf8_percent_encode(segment, UNRESERVED));
    }
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Lowercased, sorted names of the headers that are signed.
fn signed_headers<'a>(headers: &'a [(&'a str, &'a str)]) -> Vec<(String, &'a str)> {
    let mut signed: Vec<(String, &str)> = headers
        .iter()
        .filter(|(name, _)| !name.contains('_'))
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim()))
        .collect();
    signed.sort_by(|a, b| a.0.cmp(&b.0));
    signed
}

fn payload_hash(req: &SigningRequest<'_>) -> String {
    if req.body.is_empty() {
        return EMPTY_SHA256.to_string();
    }
    if let Some((_, v)) = req
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("x-sdk-content-sha256"))
    {
        return v.to_string();
    }
    hex64(&Sha256::digest(req.body))
}

/// Lowercase hex of a SHA-256 digest, into a fixed buffer rather than char by char.
fn hex64(digest: &[u8]) -> String {
    let mut buf = [0u8; 64];
    match hex::encode_to_slice(digest, &mut buf) {
        // Hex digits are ASCII, so each byte is one char.
        Ok(()) => buf.iter().map(|&b| char::from(b)).collect(),
        Err(_) => hex::encode(digest),
    }
}

/// The canonical request and the `;`-joined signed header names.
pub fn canonical_request(req: &SigningRequest<'_>) -> (String, String) {
    let headers = signed_headers(req.headers);
    let names = headers
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let mut out = String::with_capacity(256 + req.path.len() + req.query.len());
    out.push_str(&req.method.to_ascii_uppercase());
    out.push('\n');
    out.push_str(&canonical_uri(req.path));
    out.push('\n');
    out.push_str(req.query);
    out.push('\n');
    for (name, value) in &headers {
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&names);
    out.push('\n');
    out.push_str(&payload_hash(req));
    (out, names)
}

/// `SDK-HMAC-SHA256`, the date, and the hex SHA-256 of the canonical request, one per line.
pub fn string_to_sign(date: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + date.len() + 66);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(date);
    out.push('\n');
    out.push_str(&hex64(&Sha256::digest(canonical_request.as_bytes())));
    out
}

/// The `Authorization` header value. `date` must equal the `X-Sdk-Date` header in `req`.
pub fn authorization(ak: &str, sk: &str, date: &str, req: &SigningRequest<'_>) -> String {
    let (canonical, names) = canonical_request(req);
    let to_sign = string_to_sign(date, &canonical);
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(sk.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(to_sign.as_bytes());
    let signature = hex64(&mac.finalize().into_bytes());
    let mut out = String::with_capacity(64 + ak.len() + names.len() + signature.len());
    out.push_str(ALGORITHM);
    out.push_str(" Access=");
    out.push_str(ak);
    out.push_str(", SignedHeaders=");
    out.push_str(&names);
    out.push_str(", Signature=");
    out.push_str(&signature);
    out
}
