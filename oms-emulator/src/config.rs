//! What an emulator is set up with: who may call it, how fast migrations go, what goes wrong.

use std::time::Duration;

use crate::clock::Clock;
use crate::faults::Faults;

/// The access key the default configuration accepts.
pub const ACCESS_KEY: &str = "EMULATORACCESSKEY000";
/// Its secret key.
pub const SECRET_KEY: &str = "emulator-secret-key-0000000000000000000";
/// The IAM token the default configuration accepts.
pub const TOKEN: &str = "emulator-iam-token";
/// The project id the emulator's printed credentials and test clients use.
pub const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";

/// What a migration task finds in its source: as many objects and bytes for every task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceContents {
    /// Objects to migrate.
    pub objects: u64,
    /// Their total size in bytes.
    pub bytes: u64,
}

/// The emulator's settings.
#[derive(Clone, Debug)]
pub struct Config {
    /// Accepted AK/SK pairs.
    pub access_keys: Vec<(String, String)>,
    /// Accepted IAM tokens.
    pub tokens: Vec<String>,
    /// Bytes a running task migrates per second.
    pub transfer_speed: u64,
    /// What every new task finds to migrate.
    pub source: SourceContents,
    /// Time a new or restarted task waits before it runs.
    pub scheduling_delay: Duration,
    /// Largest difference between `X-Sdk-Date` and the wall clock that is accepted, as the
    /// API gateway allows.
    pub max_clock_skew: Duration,
    /// Injected failures.
    pub faults: Faults,
    /// Seed of the fault generator.
    pub seed: u64,
    /// The emulator's clock.
    pub clock: Clock,
    /// How many of the latest requests [`Emulator::requests`](crate::Emulator::requests)
    /// keeps, so a long-running emulator does not grow without bound.
    pub request_log_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            access_keys: vec![(ACCESS_KEY.into(), SECRET_KEY.into())],
            tokens: vec![TOKEN.into()],
            transfer_speed: 100 * 1024 * 1024,
            source: SourceContents {
                objects: 1_000,
                bytes: 10 * 1024 * 1024 * 1024,
            },
            scheduling_delay: Duration::from_secs(5),
            max_clock_skew: Duration::from_secs(15 * 60),
            faults: Faults::default(),
            seed: 0x0e5e_0e5e,
            clock: Clock::real(),
            request_log_limit: 10_000,
        }
    }
}

impl Config {
    /// The defaults, with a clock that stands still until the test moves it.
    pub fn manual_clock() -> Config {
        Config {
            clock: Clock::manual(),
            ..Config::default()
        }
    }

    /// Accepts this AK/SK pair too.
    pub fn access_key(mut self, ak: &str, sk: &str) -> Config {
        self.access_keys.push((ak.into(), sk.into()));
        self
    }

    /// Accepts this IAM token too.
    pub fn token(mut self, token: &str) -> Config {
        self.tokens.push(token.into());
        self
    }

    /// Bytes a running task migrates per second.
    pub fn transfer_speed(mut self, bytes_per_second: u64) -> Config {
        self.transfer_speed = bytes_per_second.max(1);
        self
    }

    /// What every new task finds to migrate.
    pub fn source(mut self, objects: u64, bytes: u64) -> Config {
        self.source = SourceContents { objects, bytes };
        self
    }

    /// Time a new or restarted task waits before it runs.
    pub fn scheduling_delay(mut self, delay: Duration) -> Config {
        self.scheduling_delay = delay;
        self
    }

    /// Injected failures.
    pub fn faults(mut self, faults: Faults) -> Config {
        self.faults = faults;
        self
    }

    /// Seed of the fault generator.
    pub fn seed(mut self, seed: u64) -> Config {
        self.seed = seed;
        self
    }

    /// How many of the latest requests are kept for [`Emulator::requests`](crate::Emulator::requests).
    pub fn request_log_limit(mut self, requests: usize) -> Config {
        self.request_log_limit = requests;
        self
    }
}
