//! Retries: which failures are worth another attempt ([`RetryPolicy`], the one place that
//! decides), how many attempts and how long to wait between them ([`RetryConfig`]).

use std::time::{Duration, SystemTime};

use crate::error::TransportKind;

/// How many attempts a call makes and how long it waits between them. Retries are on by
/// default: 3 attempts, exponential backoff with full jitter. Which failures are retried is
/// [`RetryPolicy`]'s decision. Every attempt is signed afresh with a new `X-Sdk-Date`, and the
/// whole call stays within the operation timeout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(30)))
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// How one attempt failed, as the retry policy sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptFailure {
    /// The service answered with this (non-2xx, non-3xx) status.
    Status(u16),
    /// The HTTP exchange failed.
    Transport(TransportKind),
    /// The attempt's time ran out before the response was complete.
    Timeout,
}

/// Which failures are retried: the single rule behind every retry and behind
/// [`Error::is_retryable`](crate::Error::is_retryable).
///
/// A repeated request is safe only when the first one certainly had no effect, or when the
/// operation is idempotent (repeating it changes nothing). So:
///
/// | failure | idempotent operations | other operations |
/// |---|---|---|
/// | connection refused or not established (nothing was sent) | retried | retried |
/// | HTTP 429 Too Many Requests, 503 Service Unavailable (the server did not handle the request; `Retry-After` honoured) | retried | retried |
/// | HTTP 500, 502, 504 (a gateway or the backend may have acted on the request) | retried | **not** retried |
/// | connection broken after sending, attempt timeout | retried | **not** retried |
/// | other statuses (4xx: the request itself is wrong) | not retried | not retried |
///
/// Operations are idempotent when the spec says so, by default GET, HEAD, PUT and DELETE;
/// [`RequestOptions::idempotent`](crate::RequestOptions::idempotent) overrides it per call.
#[derive(Clone, Copy, Debug, Default)]
pub struct RetryPolicy;

impl RetryPolicy {
    /// Whether another attempt after `failure` may succeed and is safe.
    pub fn is_retryable(failure: AttemptFailure, idempotent: bool) -> bool {
        match failure {
            AttemptFailure::Status(429 | 503) => true,
            AttemptFailure::Status(500 | 502 | 504) => idempotent,
            AttemptFailure::Status(_) => false,
            AttemptFailure::Transport(TransportKind::Connect) => true,
            AttemptFailure::Transport(_) | AttemptFailure::Timeout => idempotent,
        }
    }
}

/// `Retry-After` as seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}
