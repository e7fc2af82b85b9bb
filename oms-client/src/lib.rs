//! A typed, validated, signed async client for the Huawei Cloud Object Storage Migration
//! Service (OMS) v2, generated from the YAML spec in this repository.
//!
//! Every operation is a method on [`Client`] returning a fluent builder; bounds from the spec
//! are checked before anything is sent, requests are signed with `SDK-HMAC-SHA256` (or carry
//! an IAM token), transient failures are retried, and errors are typed.
//!
//! ```no_run
//! # async fn run() -> Result<(), oms_client::Error> {
//! use oms_client::{types::StartSyncTaskReq, Client, Credentials, Region};
//!
//! let client = Client::builder()
//!     .region(Region::CnNorth4)
//!     .credentials(Credentials::from_env()?)
//!     .build()?;
//! client
//!     .start_sync_task()
//!     .sync_task_id("0d146099-8cf4-437d-b6ef-88e043771c8b")
//!     .body(
//!         StartSyncTaskReq::builder()
//!             .src_ak("source-ak")
//!             .src_sk("source-sk")
//!             .dst_ak("destination-ak")
//!             .dst_sk("destination-sk")
//!             .build()?,
//!     )
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod client;
mod config;
pub mod credentials;
pub mod decode;
pub mod encode;
pub mod error;
// The spec-features crate compiles this same crate root against the code generated from
// its synthetic spec (see spec-features/build.rs): one runtime, two generated APIs.
#[rustfmt::skip]
#[cfg_attr(spec_features, path = "../../spec-features/src/generated/mod.rs")]
mod generated;
pub mod operation;
pub mod paginate;
pub mod redact;
pub mod retry;
pub mod signer;
mod transport;
pub mod validate;

pub use client::{Client, ClientBuilder};
pub use config::{RequestOptions, DEFAULT_MAX_RESPONSE_BYTES};
pub use credentials::Credentials;
pub use error::{Error, ServiceError, TransportKind};
pub use generated::operations;
pub use generated::service::{self, Region};
pub use generated::types;
pub use retry::RetryConfig;
pub use transport::{JSON_BODY_CONTENT_TYPE, NO_BODY_CONTENT_TYPE};

/// The README's examples, compiled as doctests so the README stays true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
