//! Injected faults, seen through the client's retry policy: server errors and throttling on a
//! share of requests, dropped connections, latency, all reproducible from the seed.

use std::time::{Duration, Instant};

use oms_client::{Error, RetryConfig, TransportKind};
use oms_emulator::{codes, Config, Emulator, Faults};

fn quick_retries() -> RetryConfig {
    RetryConfig::default()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
}

#[tokio::test]
async fn server_errors_are_retried_by_the_client_for_idempotent_calls_only() {
    let faults = Faults {
        error_share: 1.0,
        error_statuses: vec![502],
        ..Faults::default()
    };
    let emulator = Emulator::start(Config::manual_clock().faults(faults))
        .await
        .unwrap();
    let client = emulator
        .client_builder()
        .retry(quick_retries())
        .build()
        .unwrap();
    let err = client.list_tasks().send().await.unwrap_err();
    let service = err.as_service().unwrap();
    assert_eq!((service.status, service.code()), (502, codes::INTERNAL));
    assert_eq!(emulator.requests().len(), 3, "a GET is retried");
    // StopTask is a POST that may have reached the backend: it is sent once.
    let err = client.stop_task().task_id(1).send().await.unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(emulator.requests().len(), 4);
}

#[tokio::test]
async fn throttling_is_retried_even_for_a_post_and_carries_the_gateway_code() {
    let emulator = Emulator::start(Config::manual_clock()).await.unwrap();
    emulator.set_faults(Faults {
        error_share: 1.0,
        error_statuses: vec![429],
        ..Faults::default()
    });
    let client = emulator
        .client_builder()
        .retry(quick_retries().max_attempts(2))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.stop_task().task_id(1).send().await.unwrap_err();
    let service = err.as_service().unwrap();
    assert_eq!((service.status, service.code()), (429, codes::THROTTLED));
    assert_eq!(emulator.requests().len(), 2, "a 429 means nothing was done");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "the client honoured Retry-After: 1"
    );
}

#[tokio::test]
async fn dropped_connections_are_transport_errors() {
    let faults = Faults {
        drop_share: 1.0,
        ..Faults::default()
    };
    let emulator = Emulator::start(Config::manual_clock().faults(faults))
        .await
        .unwrap();
    let client = emulator
        .client_builder()
        .retry(quick_retries())
        .build()
        .unwrap();
    let err = client.list_tasks().send().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Request,
                retryable: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        emulator.requests().len(),
        3,
        "each attempt arrived and was dropped"
    );
}

#[tokio::test]
async fn latency_is_added_to_every_answer() {
    let emulator = Emulator::start(Config::manual_clock()).await.unwrap();
    emulator.set_faults(Faults {
        latency: Duration::from_millis(150),
        ..Faults::default()
    });
    let client = emulator.client().unwrap();
    let started = Instant::now();
    client.list_tasks().send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(150));
}

/// The outcomes of `n` single-attempt calls, as status codes (0 for success).
async fn outcomes(seed: u64, n: usize) -> Vec<u16> {
    let faults = Faults {
        error_share: 0.5,
        error_statuses: vec![500, 503],
        ..Faults::default()
    };
    let emulator = Emulator::start(Config::manual_clock().faults(faults).seed(seed))
        .await
        .unwrap();
    let client = emulator
        .client_builder()
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(match client.list_tasks().send().await {
            Ok(_) => 0,
            Err(e) => e.status().unwrap_or(1),
        });
    }
    out
}

#[tokio::test]
async fn a_seed_repeats_the_same_faults() {
    let a = outcomes(7, 40).await;
    assert_eq!(a, outcomes(7, 40).await);
    assert_ne!(a, outcomes(8, 40).await);
    let failed = a.iter().filter(|s| **s != 0).count();
    assert!(
        (8..=32).contains(&failed),
        "about half of 40 fail: {failed}"
    );
    assert!(a.contains(&500) && a.contains(&503));
}
