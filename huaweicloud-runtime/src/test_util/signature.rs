//! Verifies `SDK-HMAC-SHA256` signatures the way a server does: from the request as it arrived
//! on the wire, with its own canonicalization, independent of [`crate::signer`], so that a
//! test which signs with the runtime and verifies here compares two implementations. Both are
//! held to the official SDK's vectors.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Why a signature was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// No `Authorization` header.
    Missing,
    /// An `Authorization` header that is not `SDK-HMAC-SHA256 Access=…, SignedHeaders=…,
    /// Signature=…`.
    Malformed,
    /// Signed with another access key.
    UnknownAccessKey(String),
    /// A header named in `SignedHeaders` is not in the request.
    MissingSignedHeader(String),
    /// `Host` or `X-Sdk-Date` is not among the signed headers.
    UnsignedRequiredHeader(&'static str),
    /// The signature does not match the request.
    Mismatch,
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignatureError::Missing => f.write_str("no Authorization header"),
            SignatureError::Malformed => f.write_str("malformed Authorization header"),
            SignatureError::UnknownAccessKey(ak) => write!(f, "unknown access key `{ak}`"),
            SignatureError::MissingSignedHeader(h) => write!(f, "signed header `{h}` is missing"),
            SignatureError::UnsignedRequiredHeader(h) => write!(f, "`{h}` is not signed"),
            SignatureError::Mismatch => f.write_str("the signature does not match the request"),
        }
    }
}

impl std::error::Error for SignatureError {}

/// A request as a server received it.
#[derive(Clone, Copy, Debug)]
pub struct ReceivedRequest<'a> {
    /// The method, e.g. `POST`.
    pub method: &'a str,
    /// The request target as sent: path, then `?` and the query if any.
    pub target: &'a str,
    /// Every header, in any case.
    pub headers: &'a [(String, String)],
    /// The body bytes.
    pub body: &'a [u8],
}

impl ReceivedRequest<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Checks the request's signature against the secret key `sk` of access key `ak`.
pub fn verify(request: &ReceivedRequest<'_>, ak: &str, sk: &str) -> Result<(), SignatureError> {
    let auth = request
        .header("authorization")
        .ok_or(SignatureError::Missing)?;
    let rest = auth
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or(SignatureError::Malformed)?;
    let mut access = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(", ") {
        match part.split_once('=') {
            Some(("Access", v)) => access = Some(v),
            Some(("SignedHeaders", v)) => signed = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => return Err(SignatureError::Malformed),
        }
    }
    let (Some(access), Some(signed), Some(signature)) = (access, signed, signature) else {
        return Err(SignatureError::Malformed);
    };
    if access != ak {
        return Err(SignatureError::UnknownAccessKey(access.to_string()));
    }
    let names: Vec<&str> = signed.split(';').collect();
    for required in ["host", "x-sdk-date"] {
        if !names.contains(&required) {
            return Err(SignatureError::UnsignedRequiredHeader(
                if required == "host" {
                    "Host"
                } else {
                    "X-Sdk-Date"
                },
            ));
        }
    }
    let mut canonical_headers = String::new();
    for name in &names {
        let value = request
            .header(name)
            .ok_or_else(|| SignatureError::MissingSignedHeader(name.to_string()))?;
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value.trim());
        canonical_headers.push('\n');
    }
    let (path, query) = match request.target.split_once('?') {
        Some((p, q)) => (p, q),
        None => (request.target, ""),
    };
    let payload = match request.header("x-sdk-content-sha256") {
        Some(v) => v.to_string(),
        None => hex::encode(Sha256::digest(request.body)),
    };
    let canonical = [
        request.method.to_ascii_uppercase(),
        canonical_path(path),
        canonical_query(query),
        canonical_headers,
        signed.to_string(),
        payload,
    ]
    .join("\n");
    let date = request.header("x-sdk-date").unwrap_or_default();
    let to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(sk.as_bytes())
        .map_err(|_| SignatureError::Mismatch)?;
    mac.update(to_sign.as_bytes());
    let expected = hex::decode(signature).map_err(|_| SignatureError::Malformed)?;
    mac.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// The path as the official signer sees it: decoded, split on `/`, each segment encoded again,
/// ending in `/`.
fn canonical_path(path: &str) -> String {
    let decoded = String::from_utf8_lossy(&percent_decode(path)).into_owned();
    let mut out: String = decoded.split('/').map(quote).collect::<Vec<_>>().join("/");
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The query as the official signer sees it: pairs decoded, sorted by key then value, encoded.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                String::from_utf8_lossy(&percent_decode(k)).into_owned(),
                String::from_utf8_lossy(&percent_decode(v)).into_owned(),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", quote(k), quote(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Python's `urllib.parse.quote(s, safe='~')`: all but letters, digits and `-_.~` encoded.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}
