//! The waiter engine on scripted polls, in tokio's paused time: the delays it sleeps are
//! measured exactly, and no test waits in real time. (Waiters over HTTP, generated from a spec,
//! are tested in oms-client's `tests/waiters.rs` against a loopback server.)

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use huaweicloud_runtime::waiter::{backoff, Acceptor, State, WaitError, Waiter};
use huaweicloud_runtime::{decode, Error, RawResponse};
use tokio::time::Instant;

#[derive(Clone, Debug, PartialEq)]
struct Job {
    state: &'static str,
}

static ACCEPTORS: [Acceptor<Job>; 4] = [
    Acceptor::output(State::Success, "`state` is `DONE`", |j| j.state == "DONE"),
    Acceptor::output(State::Failure, "`state` is `FAILED`", |j| {
        j.state == "FAILED"
    }),
    Acceptor::error(State::Failure, "JOB.0404", "the job is gone"),
    Acceptor::error(State::Retry, "JOB.0409", "the job is busy"),
];

const MIN: Duration = Duration::from_secs(2);
const MAX: Duration = Duration::from_secs(30);

fn job(state: &'static str) -> Result<Job, Error> {
    Ok(Job { state })
}

/// A service error as the client decodes it from an error body.
fn service_error(status: u16, code: &str, retryable: bool) -> Result<Job, Error> {
    let body = format!(r#"{{"error_code": "{code}", "error_msg": "scripted"}}"#);
    let response = RawResponse {
        status,
        request_id: None,
        body: body.into_bytes().into(),
    };
    Err(Error::Service(decode::service_error(&response, retryable)))
}

/// A poll function answering from `script` in order, recording when each poll happened.
#[allow(clippy::type_complexity)]
fn scripted(
    script: Vec<Result<Job, Error>>,
) -> (
    impl FnMut() -> std::future::Ready<Result<Job, Error>>,
    Arc<Mutex<Vec<Instant>>>,
) {
    let script = Arc::new(Mutex::new(VecDeque::from(script)));
    let times = Arc::new(Mutex::new(Vec::new()));
    let record = times.clone();
    let poll = move || {
        record.lock().unwrap().push(Instant::now());
        let next = script
            .lock()
            .unwrap()
            .pop_front()
            .expect("the waiter polled more often than scripted");
        std::future::ready(next)
    };
    (poll, times)
}

fn waiter(max_wait: Duration) -> Waiter<'static, Job> {
    Waiter::new("JobDone", &ACCEPTORS, MIN, MAX, max_wait)
}

/// The delays between consecutive polls.
fn gaps(times: &Mutex<Vec<Instant>>) -> Vec<Duration> {
    let times = times.lock().unwrap();
    times.windows(2).map(|w| w[1] - w[0]).collect()
}

#[test]
fn backoff_starts_at_the_minimum_grows_exponentially_with_jitter_and_stays_within_bounds() {
    for _ in 0..200 {
        assert_eq!(backoff(MIN, MAX, 1), MIN, "the first delay is the minimum");
    }
    for polls in 2..40 {
        let ceiling = MIN.saturating_mul(2u32.saturating_pow(polls - 1)).min(MAX);
        let samples: Vec<Duration> = (0..300).map(|_| backoff(MIN, MAX, polls)).collect();
        for d in &samples {
            assert!(
                *d >= MIN && *d <= ceiling,
                "poll {polls}: {d:?} outside {MIN:?}..={ceiling:?}"
            );
        }
        if polls >= 3 {
            // Jitter: not every delay is the same. Uniform over at least 2..8 s, 300 samples
            // all alike would be a broken random source.
            let first = samples[0];
            assert!(
                samples.iter().any(|d| *d != first),
                "poll {polls}: no jitter"
            );
        }
    }
    // Late delays reach towards the maximum: over 300 samples in 2..=30 s, one above 25 s.
    assert!((0..300).any(|_| backoff(MIN, MAX, 10) > Duration::from_secs(25)));
}

#[tokio::test(start_paused = true)]
async fn success_ends_with_the_output_that_matched_and_the_progress_callback_sees_every_poll() {
    let (poll, times) = scripted(vec![
        job("WAITING"),
        job("RUNNING"),
        job("RUNNING"),
        job("DONE"),
    ]);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let mut w = waiter(Duration::from_secs(3600));
    w.set_on_poll(move |j: &Job| record.lock().unwrap().push(j.state));
    let done = w.wait(poll).await.unwrap();
    assert_eq!(done.output, Job { state: "DONE" });
    assert_eq!(done.polls, 4);
    assert_eq!(
        *seen.lock().unwrap(),
        ["WAITING", "RUNNING", "RUNNING", "DONE"]
    );
    let gaps = gaps(&times);
    assert_eq!(gaps[0], MIN, "the first delay is the minimum");
    assert!(gaps[1] >= MIN && gaps[1] <= 2 * MIN, "{gaps:?}");
    assert!(gaps[2] >= MIN && gaps[2] <= 4 * MIN, "{gaps:?}");
    assert_eq!(done.elapsed, gaps.iter().sum::<Duration>());
}

#[tokio::test(start_paused = true)]
async fn the_first_acceptor_that_matches_decides_and_a_failure_carries_the_output_and_acceptor() {
    let (poll, _) = scripted(vec![job("RUNNING"), job("FAILED")]);
    let err = waiter(Duration::from_secs(3600))
        .wait(poll)
        .await
        .unwrap_err();
    let WaitError::Failed {
        waiter,
        acceptor,
        output,
        error,
        polls,
        ..
    } = &err
    else {
        panic!("expected a failure, got {err:?}");
    };
    assert_eq!((*waiter, *polls), ("JobDone", 2));
    assert_eq!(acceptor.description(), "`state` is `FAILED`");
    assert_eq!(acceptor.state(), State::Failure);
    assert_eq!(output.as_ref(), Some(&Job { state: "FAILED" }));
    assert!(error.is_none());
    assert_eq!(
        err.to_string(),
        "JobDone: the work failed: `state` is `FAILED` (after 2 polls, 2.0s)"
    );
}

#[tokio::test(start_paused = true)]
async fn an_error_acceptor_matches_the_service_error_code() {
    let (poll, _) = scripted(vec![
        job("RUNNING"),
        service_error(409, "JOB.0409", false),
        job("RUNNING"),
        service_error(400, "JOB.0404", false),
    ]);
    let err = waiter(Duration::from_secs(3600))
        .wait(poll)
        .await
        .unwrap_err();
    let WaitError::Failed {
        acceptor,
        output,
        error,
        polls,
        ..
    } = &err
    else {
        panic!("expected a failure, got {err:?}");
    };
    assert_eq!(acceptor.error_code(), Some("JOB.0404"));
    assert_eq!(*polls, 4, "the retry acceptor on JOB.0409 polled again");
    assert_eq!(
        output.as_ref(),
        Some(&Job { state: "RUNNING" }),
        "the last output seen"
    );
    assert_eq!(
        error.as_ref().and_then(Error::as_service).map(|s| s.code()),
        Some("JOB.0404")
    );
}

#[tokio::test(start_paused = true)]
async fn transient_errors_poll_again_and_other_errors_end_the_wait() {
    let (poll, _) = scripted(vec![
        job("RUNNING"),
        service_error(503, "SYS.0503", true),
        job("DONE"),
    ]);
    let done = waiter(Duration::from_secs(3600)).wait(poll).await.unwrap();
    assert_eq!((done.output.state, done.polls), ("DONE", 3));

    let (poll, _) = scripted(vec![job("RUNNING"), service_error(403, "IAM.0003", false)]);
    let err = waiter(Duration::from_secs(3600))
        .wait(poll)
        .await
        .unwrap_err();
    let WaitError::Operation {
        error,
        last_output,
        polls,
        ..
    } = &err
    else {
        panic!("expected an operation error, got {err:?}");
    };
    assert_eq!(error.status(), Some(403));
    assert_eq!(
        (last_output.as_ref().map(|j| j.state), *polls),
        (Some("RUNNING"), 2)
    );
}

#[tokio::test(start_paused = true)]
async fn max_wait_ends_the_wait_with_the_last_output_and_is_never_overslept() {
    let max_wait = Duration::from_secs(20);
    let (poll, times) = scripted((0..100).map(|_| job("RUNNING")).collect());
    let started = Instant::now();
    let err = waiter(max_wait).wait(poll).await.unwrap_err();
    let WaitError::MaxWaitExceeded {
        last_output,
        last_error,
        polls,
        elapsed,
        ..
    } = &err
    else {
        panic!("expected max wait exceeded, got {err:?}");
    };
    assert_eq!(last_output.as_ref().map(|j| j.state), Some("RUNNING"));
    assert!(last_error.is_none());
    assert_eq!(
        *elapsed, max_wait,
        "the last poll is made at the deadline, not after it"
    );
    assert_eq!(started.elapsed(), max_wait);
    assert_eq!(*polls as usize, times.lock().unwrap().len());
    assert!(
        *polls >= 3,
        "2 s, then up to 4 s, 8 s: at least three polls in 20 s"
    );
}

#[tokio::test(start_paused = true)]
async fn the_stream_yields_every_output_and_ends_after_success_or_with_the_error() {
    let (poll, _) = scripted(vec![
        job("WAITING"),
        service_error(503, "SYS.0503", true),
        job("DONE"),
    ]);
    let items: Vec<_> = waiter(Duration::from_secs(3600))
        .stream(poll)
        .collect()
        .await;
    let states: Vec<_> = items
        .iter()
        .map(|i| i.as_ref().map(|j| j.state).map_err(|e| e.to_string()))
        .collect();
    assert_eq!(
        states,
        [Ok("WAITING"), Ok("DONE")],
        "a transient error yields nothing"
    );

    let (poll, _) = scripted(vec![job("RUNNING"), job("FAILED")]);
    let items: Vec<_> = waiter(Duration::from_secs(3600))
        .stream(poll)
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().state, "RUNNING");
    let last = items[1].as_ref().unwrap_err();
    assert_eq!(last.last_output().map(|j| j.state), Some("FAILED"));
}
