//! The one error type of the crate, and the service error it carries.
//!
//! No variant holds a credential or a sensitive field's value: validation errors name the
//! field only, transport errors drop the URL, service errors hold what the service said.

use std::fmt;
use std::time::Duration;

pub use crate::validate::{Problem, ValidationError};

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A request value is outside its documented bounds; nothing was sent.
    #[error("invalid request: {0}")]
    Validation(#[from] ValidationError),

    /// The client is set up wrongly: missing credentials, a bad endpoint, an invalid header.
    #[error("configuration error: {0}")]
    Config(String),

    /// The request body could not be encoded as JSON; nothing was sent.
    #[error("cannot encode the request body: {0}")]
    Encode(String),

    /// The operation is not offered in the client's region; nothing was sent.
    #[error("{operation} is not available in region {region} (only in {available}); use RequestOptions::check_region(false) for private deployments")]
    RegionUnavailable {
        /// The operation called.
        operation: &'static str,
        /// The client's region.
        region: &'static str,
        /// The regions the operation is offered in, comma-separated.
        available: String,
    },

    /// The service answered with an error status.
    #[error(transparent)]
    Service(#[from] ServiceError),

    /// The service answered with a redirect, which the client does not follow: the request
    /// was signed for this endpoint, and a redirect usually means the endpoint is wrong.
    #[error("{operation}: the endpoint answered HTTP {status} (redirect{}){}; check the endpoint", location.as_deref().map(|l| format!(" to {l}")).unwrap_or_default(), request_id_suffix(request_id.as_deref()))]
    Redirect {
        /// The operation called.
        operation: &'static str,
        /// The 3xx status.
        status: u16,
        /// The `Location` header, if any.
        location: Option<String>,
        /// The `X-Request-Id` response header.
        request_id: Option<String>,
    },

    /// The request did not complete: connection refused, TLS failure, connection closed.
    #[error("{kind} error calling {operation}: {source}")]
    Transport {
        /// The operation called.
        operation: &'static str,
        /// What failed.
        kind: TransportKind,
        /// Whether the retry policy counts it as transient and safe to repeat for this call.
        retryable: bool,
        /// The underlying error, without the URL.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    /// The attempt or operation timeout elapsed.
    #[error("{operation} timed out after {elapsed:?} ({attempts} attempt{plural})", plural = if *attempts == 1 { "" } else { "s" })]
    Timeout {
        /// The operation called.
        operation: &'static str,
        /// Time spent on the call.
        elapsed: Duration,
        /// Attempts made.
        attempts: u32,
        /// Whether the retry policy counts another attempt as safe for this call (an attempt
        /// that timed out may have reached the service).
        retryable: bool,
    },

    /// A success response whose body is not what the spec describes.
    #[error("cannot decode the HTTP {status} response{}: {message}; body starts with {excerpt:?}", request_id_suffix(request_id.as_deref()))]
    Decode {
        /// The HTTP status.
        status: u16,
        /// The `X-Request-Id` response header.
        request_id: Option<String>,
        /// What the decoder found wrong.
        message: String,
        /// The start of the body, invalid UTF-8 replaced.
        excerpt: String,
    },

    /// The response body exceeded the configured cap; the rest was not read.
    #[error("HTTP {status} response body exceeds the limit of {limit} bytes{}", request_id_suffix(request_id.as_deref()))]
    ResponseTooLarge {
        /// The HTTP status.
        status: u16,
        /// The `X-Request-Id` response header.
        request_id: Option<String>,
        /// The configured cap, in bytes.
        limit: usize,
    },

    /// Paging reached the documented maximum offset with items still unread.
    #[error("{operation}: {count} items exist but paging stops at offset {max_offset}; narrow the query")]
    PageLimit {
        /// The list operation.
        operation: &'static str,
        /// The total the service reported.
        count: i64,
        /// The documented maximum offset.
        max_offset: i64,
    },
}

fn request_id_suffix(id: Option<&str>) -> String {
    id.map(|id| format!(" (request id {id})"))
        .unwrap_or_default()
}

impl Error {
    /// The service error, if the service answered with one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, if a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode { status, .. }
            | Error::ResponseTooLarge { status, .. }
            | Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `X-Request-Id` of the response, for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id(),
            Error::Decode { request_id, .. }
            | Error::ResponseTooLarge { request_id, .. }
            | Error::Redirect { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the client's retry policy counts this failure as transient and safe to repeat
    /// for the call that produced it: exactly the failures the client retries (see
    /// [`RetryPolicy`](crate::RetryPolicy)). A call that returns a retryable error used up its
    /// attempts or its time.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => e.retryable,
            Error::Transport { retryable, .. } | Error::Timeout { retryable, .. } => *retryable,
            _ => false,
        }
    }

    /// The `Location` of a redirect the client did not follow.
    pub fn redirect_location(&self) -> Option<&str> {
        match self {
            Error::Redirect { location, .. } => location.as_deref(),
            _ => None,
        }
    }
}

/// The kind of a transport failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The connection could not be made (refused, DNS, TLS handshake).
    Connect,
    /// The request could not be sent.
    Request,
    /// The response (headers or body) broke off.
    Response,
    /// Anything else the HTTP stack reports.
    Other,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "connect",
            TransportKind::Request => "request",
            TransportKind::Response => "response",
            TransportKind::Other => "transport",
        })
    }
}

/// An error status from the service, parsed as the official SDKs parse it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// The HTTP status.
    pub status: u16,
    /// `error_code` (or `errorCode`, `code`); the status as text when the body has none.
    pub code: String,
    /// `error_msg` (or `errorMsg`, `message`); the raw body when it has none.
    pub message: String,
    /// `error_detail` (or `errorDetail`, `detail`), when the body has one: OMS names the
    /// offending parameter there, e.g. `request parameter [description] invalid.`
    pub detail: Option<String>,
    /// The `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// Whether the retry policy counts it as transient and safe to repeat for this call.
    pub retryable: bool,
}

impl ServiceError {
    /// The service error code, e.g. `OMS.1009`.
    pub fn code(&self) -> &str {
        &self.code
    }
    /// The service's message.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The service's detail, when it gave one.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }
    /// The `X-Request-Id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ServiceError {
    /// `OMS.1009: No resources found. (HTTP 400, request id 4f2c…)`, or with a detail
    /// `OMS.0064: Invalid request parameters. (request parameter [description] invalid.; HTTP
    /// 400, request id 4f2c…)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} (", self.code, self.message)?;
        if let Some(detail) = &self.detail {
            write!(f, "{detail}; ")?;
        }
        write!(f, "HTTP {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for ServiceError {}

/// A region id that the spec does not list.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown region `{0}`; use ClientBuilder::endpoint for regions this client does not list")]
pub struct UnknownRegion(pub String);

impl From<UnknownRegion> for Error {
    fn from(e: UnknownRegion) -> Self {
        Error::Config(e.to_string())
    }
}
