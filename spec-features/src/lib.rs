//! A client generated from `spec-features/spec`, a synthetic spec that uses every feature of
//! the spec format (keywords, case collisions, odd text, look-around patterns, every type and
//! bound). It exists to be built and tested: a generator change that breaks any feature fails
//! here, whatever the OMS spec happens to use.

#![warn(missing_docs)]

#[rustfmt::skip]
mod generated;

pub use generated::operations;
pub use generated::service::{Client, ClientBuilder, Region};
pub use generated::types;
pub use generated::waiters;
pub use huaweicloud_runtime::{
    Credentials, Error, Problem, RequestOptions, RetryConfig, SensitiveString, Validate,
    ValidationError,
};
