//! Client settings and their per-call overrides.

use std::time::Duration;

use crate::retry::RetryConfig;

/// Default cap on a response body: large list pages fit, a runaway body does not.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// Settings shared by every call of a client; `Copy`, so a call's own copy costs nothing.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Config {
    pub(crate) retry: RetryConfig,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) operation_timeout: Duration,
    pub(crate) validate_requests: bool,
    pub(crate) check_region: bool,
    pub(crate) max_response_bytes: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            retry: RetryConfig::default(),
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Duration::from_secs(60),
            operation_timeout: Duration::from_secs(180),
            validate_requests: true,
            check_region: true,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

/// Per-call overrides of the client's settings; unset values keep the client's.
///
/// ```
/// use std::time::Duration;
/// let options = huaweicloud_runtime::RequestOptions::default()
///     .attempt_timeout(Duration::from_secs(5))
///     .retry(huaweicloud_runtime::RetryConfig::disabled());
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct RequestOptions {
    pub(crate) retry: Option<RetryConfig>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) validate_requests: Option<bool>,
    pub(crate) check_region: Option<bool>,
    pub(crate) idempotent: Option<bool>,
}

impl RequestOptions {
    /// The retry policy for this call.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Time allowed for one attempt: sending the request and reading the whole response.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Time allowed for the whole call, retries and backoff included.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Turns the client-side bound checks off (or on) for this call.
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.validate_requests = Some(validate);
        self
    }

    /// Turns the region availability check off (or on) for this call.
    pub fn check_region(mut self, check: bool) -> Self {
        self.check_region = Some(check);
        self
    }

    /// Treats this call as safe to repeat (or not), overriding what the spec says of the
    /// operation; it decides which failures the [`RetryPolicy`](crate::RetryPolicy) retries.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// The client's settings with these overrides applied.
    pub(crate) fn apply(&self, base: &Config) -> Config {
        let mut c = *base;
        if let Some(r) = self.retry {
            c.retry = r;
        }
        if let Some(t) = self.attempt_timeout {
            c.attempt_timeout = t;
        }
        if let Some(t) = self.operation_timeout {
            c.operation_timeout = t;
        }
        if let Some(v) = self.validate_requests {
            c.validate_requests = v;
        }
        if let Some(v) = self.check_region {
            c.check_region = v;
        }
        c
    }
}
