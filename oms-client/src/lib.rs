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

//! # What this crate offers
//!
//! - [`Client`] and its [`ClientBuilder`]: one method per operation (`start_sync_task`,
//!   `list_tasks`, ...), each returning a fluent builder from [`operations`] whose `send`
//!   returns the operation's output.
//! - [`Credentials`] (AK/SK, temporary AK/SK, IAM token, from the environment) and [`Region`].
//! - [`RequestOptions`] for per-call overrides, [`RetryConfig`] and the [`RetryPolicy`] it
//!   follows.
//! - [`types`]: request and response bodies and enums, with builders for what requests carry;
//!   [`Validate`] checks a value against the spec's bounds before anything is sent, and
//!   [`SensitiveString`] holds secrets.
//! - Errors: [`Error`], with [`ServiceError`], [`ValidationError`] and [`Problem`],
//!   [`TransportKind`] and [`UnknownRegion`].
//! - Paging: the list operations' builders have `into_stream`, a `Stream` of every item.
//! - With the `test-util` feature, `test_util`: typed mocks for testing code that uses the
//!   client without Huawei Cloud.
//!
//! The machinery (signing, transport, decoding) lives in the `huaweicloud-runtime` crate.

#![warn(missing_docs)]

#[rustfmt::skip]
mod generated;

pub use generated::operations;
pub use generated::service::{Client, ClientBuilder, Region};
pub use generated::types;
pub use generated::waiters;
pub use huaweicloud_runtime::{
    reqwest, Credentials, Error, Problem, RequestOptions, RetryConfig, RetryPolicy,
    SensitiveString, ServiceError, TransportKind, UnknownRegion, Validate, ValidationError,
};

/// Testing code that uses the client, without Huawei Cloud (feature `test-util`).
///
/// A [`Rule`](test_util::Rule) per operation input says which calls it matches and what it
/// answers; a client built with [`ClientBuilder::mocks`] answers from the rules and runs
/// everything else (validation, serialization, signing, retries, decoding) as it would against
/// the service.
///
/// ```
/// use oms_client::operations::show_task::ShowTaskInput;
/// use oms_client::test_util::{MockError, Mocks, Rule};
/// use oms_client::types::TaskResp;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), oms_client::Error> {
/// let show = Rule::<ShowTaskInput>::new()
///     .match_requests(|input| input.task_id == 42)
///     .then_output(|| TaskResp::default());
/// let client = oms_client::Client::builder()
///     .mocks(Mocks::new().rule(&show))
///     .build()?;
/// client.show_task().task_id(42).send().await?;
/// assert_eq!(show.calls()[0].task_id, 42);
/// # Ok(()) }
/// ```
#[cfg(feature = "test-util")]
pub mod test_util {
    pub use huaweicloud_runtime::test_util::mock::{MockError, Mocks, Rule};
    pub use huaweicloud_runtime::TransportKind;
}

/// The README's examples, compiled as doctests so the README stays true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
