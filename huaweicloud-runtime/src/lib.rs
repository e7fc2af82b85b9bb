//! The runtime of generated Huawei Cloud API clients.
//!
//! A client generated from a spec (such as `oms-client`) holds only what is specific to its
//! service: its types, its operations with their bounds, its regions. Everything else lives
//! here, written once and reviewed once, as `progenitor-client` and `aws-smithy-runtime` do for
//! their generators:
//!
//! - authentication: [`Credentials`] (AK/SK, temporary AK/SK, IAM token, from the environment)
//!   and the `SDK-HMAC-SHA256` [`signer`];
//! - the call: [`Handle`] and [`Builder`] (endpoint, region, timeouts), one request builder
//!   shared by every attempt, [`RetryPolicy`] and [`RetryConfig`], paging, tracing;
//! - requests and responses: encoding as the official SDKs do ([`encode`]), lenient decoding
//!   ([`decode`]), validation against the spec's bounds ([`validate`]), secrets that never
//!   print ([`SensitiveString`]), open enums ([`string_enum!`], [`int_enum!`]);
//! - waiting for long-running work: [`waiter`](mod@waiter) polls an operation until the spec's acceptors
//!   say it succeeded or failed ([`waiter!`] declares a waiter's builder);
//! - one [`Error`] type.
//!
//! The traits generated code implements are [`Service`], [`RegionInfo`], [`Operation`] and
//! [`Validate`]. Applications use the generated crate, which re-exports what they need.

#![warn(missing_docs)]

mod client;
mod config;
mod connection;
pub mod credentials;
pub mod decode;
pub mod encode;
pub mod enums;
pub mod error;
pub mod fluent;
pub mod operation;
pub mod paginate;
pub mod request;
pub mod retry;
pub mod sensitive;
pub mod server;
pub mod service;
pub mod signer;
#[cfg(feature = "test-util")]
pub mod test_util;
mod transport;
pub mod validate;
pub mod waiter;

pub use client::{Builder, Handle};
pub use config::{RequestOptions, DEFAULT_MAX_RESPONSE_BYTES};
pub use credentials::Credentials;
pub use decode::RawResponse;
pub use error::{Error, ServiceError, TransportKind, UnknownRegion};
pub use operation::{Method, Operation, OperationMeta};
pub use request::RequestWriter;
pub use retry::{RetryConfig, RetryPolicy};
pub use sensitive::SensitiveString;
pub use service::{RegionInfo, Service, ServiceSpec};
pub use validate::{
    check, check_present, required, Int, Items, Num, Problem, Str, Validate, ValidationError,
};

/// The HTTP client the runtime uses, for [`Builder::http_client`] and prepared requests.
pub use reqwest;

/// JSON values: what fields the spec leaves untyped (`type: any`) hold, as
/// `serde_json::Value`.
pub use serde_json;

#[doc(hidden)]
pub mod __private {
    pub use serde;
}
