//! What every generated operation provides to the runtime, and what it gets back.

use bytes::Bytes;

use crate::encode::Query;
use crate::validate::ValidationError;

/// The HTTP methods the spec allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `PATCH`
    Patch,
    /// `HEAD`
    Head,
}

impl Method {
    /// The method as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
        }
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
            Method::Head => reqwest::Method::HEAD,
        }
    }
}

/// Facts about an operation from the spec.
#[derive(Clone, Copy, Debug)]
pub struct OperationMeta {
    /// The operation name, e.g. `StartSyncTask`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, for logs.
    pub path: &'static str,
    /// Whether a retry after HTTP 500 is safe.
    pub idempotent: bool,
    /// Whether the path holds `{project_id}`.
    pub uses_project_id: bool,
    /// Regions the operation is available in; empty means all.
    pub regions: &'static [crate::Region],
}

/// An operation's request before the runtime adds auth and common headers.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    /// The path, parameters already percent-encoded.
    pub path: String,
    /// Query parameters.
    pub query: Query,
    /// Operation-specific headers.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body, if the operation has one.
    pub body: Option<Vec<u8>>,
}

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

/// One API operation's input. Generated for every operation in the spec.
pub trait Operation: Send + Sync {
    /// The decoded success body.
    type Output: Send;

    /// Facts about the operation from the spec.
    const META: OperationMeta;

    /// Checks every documented bound.
    fn validate(&self) -> Result<(), ValidationError>;

    /// Builds the path, query, headers and body; `project_id` comes from the credentials.
    fn to_http(&self, project_id: Option<&str>) -> Result<HttpRequest, crate::Error>;

    /// Decodes a success response.
    fn parse(response: &RawResponse) -> Result<Self::Output, crate::Error>;
}
