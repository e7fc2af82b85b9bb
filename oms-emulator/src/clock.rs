//! The emulator's time: the wall clock, or one that tests move by hand so that a migration of
//! hours is over in a call.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A clock shared by the emulator and whoever drives it; cloning gives another handle.
#[derive(Clone, Debug)]
pub struct Clock(Arc<Inner>);

#[derive(Debug)]
enum Inner {
    /// Wall time, as milliseconds since the Unix epoch.
    Real { start_ms: u64, start: Instant },
    /// Milliseconds since the Unix epoch, moved only by [`Clock::advance`].
    Manual(AtomicU64),
}

impl Clock {
    /// The wall clock.
    pub fn real() -> Clock {
        Clock(Arc::new(Inner::Real {
            start_ms: wall_ms(),
            start: Instant::now(),
        }))
    }

    /// A clock that stands at the current wall time until moved.
    pub fn manual() -> Clock {
        Clock(Arc::new(Inner::Manual(AtomicU64::new(wall_ms()))))
    }

    /// Now, in milliseconds since the Unix epoch (the unit OMS timestamps use).
    pub fn now_ms(&self) -> u64 {
        match &*self.0 {
            Inner::Real { start_ms, start } => start_ms + start.elapsed().as_millis() as u64,
            Inner::Manual(ms) => ms.load(Ordering::SeqCst),
        }
    }

    /// Moves a manual clock forward; a real clock cannot be moved, so this panics.
    pub fn advance(&self, by: Duration) {
        match &*self.0 {
            Inner::Manual(ms) => {
                ms.fetch_add(by.as_millis() as u64, Ordering::SeqCst);
            }
            Inner::Real { .. } => panic!("the emulator runs on the wall clock; build it with Config::manual_clock to move time by hand"),
        }
    }
}

fn wall_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64
}
