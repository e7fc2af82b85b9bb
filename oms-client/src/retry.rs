//! The retry policy: which failures are transient, and how long to wait before the next try.

use std::time::Duration;

/// Retry settings. Retries are on by default: 3 attempts, exponential backoff with full jitter.
///
/// Retried: connection failures, timeouts, HTTP 429 (honouring `Retry-After`), 502, 503, 504,
/// and 500 for idempotent operations (GET, PUT, DELETE unless the spec says otherwise). Never
/// retried: other 4xx. Every attempt is signed afresh with a new `X-Sdk-Date`, and the whole
/// call stays within the operation timeout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryConfig {
    /// No retries: one attempt only.
    pub fn disabled() -> RetryConfig {
        RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        }
    }

    /// Total attempts including the first (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> RetryConfig {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff ceiling before the first retry; it doubles with each retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> RetryConfig {
        self.initial_backoff = backoff;
        self
    }

    /// The cap on any single backoff.
    pub fn max_backoff(mut self, backoff: Duration) -> RetryConfig {
        self.max_backoff = backoff;
        self
    }

    /// Total attempts including the first.
    pub fn get_max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Full jitter: a uniformly random wait in `[0, min(max_backoff, initial * 2^retry)]`.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(30)))
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// Whether an HTTP error status is worth another attempt.
pub(crate) fn status_is_retryable(status: u16, idempotent: bool) -> bool {
    match status {
        429 | 502 | 503 | 504 => true,
        500 => idempotent,
        _ => false,
    }
}

/// `Retry-After` as seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}
