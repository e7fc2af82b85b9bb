//! Failure injection: a share of requests answered with a server error or throttling, added
//! latency, and connections dropped without an answer, drawn from a seeded generator so that a
//! run can be repeated.

use std::sync::Mutex;
use std::time::Duration;

/// What goes wrong, and how often.
#[derive(Clone, Debug, PartialEq)]
pub struct Faults {
    /// Share of requests (0 to 1) answered with one of `error_statuses` instead of being served.
    pub error_share: f64,
    /// The statuses injected errors carry, picked at random.
    pub error_statuses: Vec<u16>,
    /// Share of requests (0 to 1) whose connection is closed without an answer.
    pub drop_share: f64,
    /// Time added before every answer.
    pub latency: Duration,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            error_share: 0.0,
            error_statuses: vec![500, 502, 503, 429],
            drop_share: 0.0,
            latency: Duration::ZERO,
        }
    }
}

/// What happens to one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    Error(u16),
    Drop,
}

/// Draws faults for requests.
#[derive(Debug)]
pub(crate) struct Injector {
    faults: Mutex<Faults>,
    rng: Mutex<fastrand::Rng>,
}

impl Injector {
    pub(crate) fn new(faults: Faults, seed: u64) -> Injector {
        Injector {
            faults: Mutex::new(faults),
            rng: Mutex::new(fastrand::Rng::with_seed(seed)),
        }
    }

    pub(crate) fn set(&self, faults: Faults) {
        *lock(&self.faults) = faults;
    }

    pub(crate) fn latency(&self) -> Duration {
        lock(&self.faults).latency
    }

    pub(crate) fn draw(&self) -> Fault {
        let faults = lock(&self.faults).clone();
        let mut rng = lock(&self.rng);
        if faults.drop_share > 0.0 && rng.f64() < faults.drop_share {
            return Fault::Drop;
        }
        if faults.error_share > 0.0 && rng.f64() < faults.error_share {
            if let Some(status) = (!faults.error_statuses.is_empty())
                .then(|| faults.error_statuses[rng.usize(..faults.error_statuses.len())])
            {
                return Fault::Error(status);
            }
        }
        Fault::None
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
