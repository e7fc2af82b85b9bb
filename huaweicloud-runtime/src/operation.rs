//! What every generated operation tells the runtime: facts from the spec ([`OperationMeta`])
//! and how its input goes on the wire ([`Operation::write`]).

use serde::de::DeserializeOwned;

use crate::request::RequestWriter;
use crate::service::Service;
use crate::validate::Validate;

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

    /// Whether a request of this method without a body still announces `Content-Length: 0`,
    /// as the official SDKs (Python `requests`) do for everything but GET and HEAD.
    pub(crate) fn announces_empty_body(self) -> bool {
        !matches!(self, Method::Get | Method::Head)
    }
}

/// Facts about an operation from the spec.
#[derive(Clone, Copy, Debug)]
pub struct OperationMeta {
    /// The operation name, e.g. `StartSyncTask`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/v2/{project_id}/sync-tasks/{sync_task_id}/start`.
    pub path: &'static str,
    /// Whether repeating the request is harmless, which decides what the retry policy retries.
    pub idempotent: bool,
    /// Ids of the regions the operation is offered in; empty means all.
    pub regions: &'static [&'static str],
    /// Whether a success response carries a JSON body to decode; when not, its body is ignored.
    pub has_output: bool,
}

/// One operation's input. Generated for every operation in the spec.
pub trait Operation: Validate + std::fmt::Debug + Send + Sync + 'static {
    /// The service the operation belongs to.
    type Service: Service;
    /// The decoded success body (`()` when the spec documents none).
    type Output: DeserializeOwned + Send + 'static;
    /// Facts about the operation from the spec.
    const META: OperationMeta;
    /// Puts the input's path parameters, query, headers and body on the request.
    fn write<'a>(&'a self, request: &mut RequestWriter<'a>);
}
