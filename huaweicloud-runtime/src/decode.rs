//! Response decoding: success bodies into generated types, error bodies into [`ServiceError`].
//!
//! Decoding is lenient: unknown fields are ignored, missing ones are `None`, and no bound or
//! pattern from the spec applies to what the service sends.

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{Error, ServiceError};
use crate::operation::OperationMeta;

/// A response as received: status, request id and the (size-capped) body.
#[derive(Clone, Debug)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// The body, at most the configured cap.
    pub body: Bytes,
}

/// How much of a body an error message quotes.
const EXCERPT_CHARS: usize = 200;
/// How much of a non-JSON error body becomes the message.
const MESSAGE_CHARS: usize = 2048;

/// An operation's output from its success response: the JSON body, or `()` when the spec
/// documents none (whatever the body holds).
pub fn output<T: DeserializeOwned>(
    meta: &OperationMeta,
    response: &RawResponse,
) -> Result<T, Error> {
    if meta.has_output {
        json(response)
    } else {
        serde_json::from_value(Value::Null).map_err(|e| Error::Decode {
            status: response.status,
            request_id: response.request_id.clone(),
            message: e.to_string(),
            excerpt: String::new(),
        })
    }
}

/// Decodes a JSON success body.
pub fn json<T: DeserializeOwned>(response: &RawResponse) -> Result<T, Error> {
    serde_json::from_slice(&response.body).map_err(|e| Error::Decode {
        status: response.status,
        request_id: response.request_id.clone(),
        message: e.to_string(),
        excerpt: excerpt(&response.body, EXCERPT_CHARS),
    })
}

/// The first `max` characters of a body, invalid UTF-8 replaced.
pub(crate) fn excerpt(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(max * 4)]);
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max || body.len() > max * 4 {
        out.push('…');
    }
    out
}

/// Parses an error response the way the official SDK does: the pairs `error_code`/`error_msg`,
/// `errorCode`/`errorMsg`, `code`/`message`, at the top level or in nested objects (a later
/// match wins); else the status as the code and the body text as the message. An
/// `error_detail` beside the pair (OMS names the offending parameter there) is kept too.
pub fn service_error(response: &RawResponse, retryable: bool) -> ServiceError {
    let found = match serde_json::from_slice::<Value>(&response.body) {
        Ok(Value::Object(map)) => find_code_and_message(&map),
        _ => None,
    };
    let Found {
        code,
        message,
        detail,
    } = found.unwrap_or_default();
    ServiceError {
        status: response.status,
        code: if code.is_empty() {
            response.status.to_string()
        } else {
            code
        },
        // Capped like the raw-body fallback: a service message is text, not a payload.
        message: if message.is_empty() {
            excerpt(&response.body, MESSAGE_CHARS)
        } else {
            excerpt(message.as_bytes(), MESSAGE_CHARS)
        },
        detail: detail
            .filter(|d| !d.is_empty())
            .map(|d| excerpt(d.as_bytes(), MESSAGE_CHARS)),
        request_id: response.request_id.clone(),
        retryable,
    }
}

/// The code, message and detail an error body carries.
#[derive(Default)]
struct Found {
    code: String,
    message: String,
    detail: Option<String>,
}

fn find_code_and_message(map: &Map<String, Value>) -> Option<Found> {
    for (code_key, msg_key, detail_key) in [
        ("error_code", "error_msg", "error_detail"),
        ("errorCode", "errorMsg", "errorDetail"),
        ("code", "message", "detail"),
    ] {
        if let (Some(code), Some(msg)) = (map.get(code_key), map.get(msg_key)) {
            return Some(Found {
                code: text(code),
                message: text(msg),
                detail: map.get(detail_key).map(text),
            });
        }
    }
    let mut found = None;
    for value in map.values() {
        if let Value::Object(inner) = value {
            if let Some(pair) = find_code_and_message(inner) {
                found = Some(pair);
            }
        }
    }
    found
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
