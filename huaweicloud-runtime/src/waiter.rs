//! Waiting for long-running work: a spec's waiters poll an operation until one of their
//! acceptors says the work succeeded or failed, or the wait runs out of time.
//!
//! The generated code holds only each waiter's acceptors and its builder (the
//! [`waiter!`](macro@crate::waiter) macro); the loop is here, written once:
//!
//! - each poll is an ordinary call of the operation: validated, signed afresh, retried by the
//!   client's [`RetryPolicy`](crate::RetryPolicy) within the call;
//! - after each poll the acceptors are tried in order: the first that matches the output (or
//!   the error) decides: success ends the wait with the output, failure ends it with the output
//!   and the acceptor, retry polls again. Nothing matching means poll again too;
//! - an error that no acceptor matches ends the wait, unless the retry policy counts it as
//!   transient (the call already used its attempts): then the waiter polls again later, so a
//!   blip of the service does not end a wait of hours;
//! - between polls it sleeps with exponential backoff and jitter, bounded by the waiter's
//!   minimum and maximum delay, and never past `max_wait`: no poll starts after it (a poll
//!   in flight then finishes, bounded by the client's timeouts).

use std::fmt;
use std::future::Future;
use std::time::Duration;

use futures_util::stream;
pub use futures_util::stream::Stream;
use tokio::time::Instant;

use crate::Error;

/// What an acceptor decides when it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// The work is done: the wait ends with the output.
    Success,
    /// The work failed: the wait ends with a [`WaitError::Failed`].
    Failure,
    /// Not done yet: poll again.
    Retry,
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            State::Success => "success",
            State::Failure => "failure",
            State::Retry => "retry",
        })
    }
}

/// What an acceptor looks at.
pub enum Matcher<O: 'static> {
    /// A test of the output (a field compared with a value, written by the generator).
    Output(fn(&O) -> bool),
    /// The service error code of a failed poll, e.g. `OMS.1009`.
    ErrorCode(&'static str),
}

/// One acceptor of a waiter: a test of a poll's result and what follows when it matches.
pub struct Acceptor<O: 'static> {
    state: State,
    matcher: Matcher<O>,
    description: &'static str,
}

impl<O> Acceptor<O> {
    /// An acceptor on the output; `description` says what it tests, as the spec wrote it
    /// (``` `status` is `Failed` (4) ```).
    pub const fn output(state: State, description: &'static str, test: fn(&O) -> bool) -> Self {
        Acceptor {
            state,
            matcher: Matcher::Output(test),
            description,
        }
    }

    /// An acceptor on the service error code of a failed poll.
    pub const fn error(state: State, code: &'static str, description: &'static str) -> Self {
        Acceptor {
            state,
            matcher: Matcher::ErrorCode(code),
            description,
        }
    }

    /// What follows when it matches.
    pub fn state(&self) -> State {
        self.state
    }

    /// What it tests, e.g. ``` `status` is `Failed` (4) ```.
    pub fn description(&self) -> &'static str {
        self.description
    }

    /// The error code it matches, for an acceptor on errors.
    pub fn error_code(&self) -> Option<&'static str> {
        match self.matcher {
            Matcher::ErrorCode(code) => Some(code),
            Matcher::Output(_) => None,
        }
    }

    fn matches_output(&self, output: &O) -> bool {
        matches!(self.matcher, Matcher::Output(test) if test(output))
    }

    fn matches_error(&self, error: &Error) -> bool {
        matches!(self.matcher, Matcher::ErrorCode(code)
            if error.as_service().is_some_and(|s| s.code() == code))
    }
}

impl<O> fmt::Debug for Acceptor<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.state, self.description)
    }
}

impl<O> fmt::Display for Acceptor<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description)
    }
}

/// A wait that succeeded: the output a success acceptor matched.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Finished<O> {
    /// The last output, the one that matched.
    pub output: O,
    /// Polls made, the last included.
    pub polls: u32,
    /// Time from the start of the wait to the end of the last poll.
    pub elapsed: Duration,
}

/// How a wait ended without success.
#[non_exhaustive]
pub enum WaitError<O: 'static> {
    /// A failure acceptor matched.
    Failed {
        /// The waiter's name in the spec.
        waiter: &'static str,
        /// The acceptor that matched.
        acceptor: &'static Acceptor<O>,
        /// The output that matched, or for an acceptor on errors the last output seen.
        output: Option<O>,
        /// The error that matched, for an acceptor on errors.
        error: Option<Error>,
        /// Polls made.
        polls: u32,
        /// Time waited.
        elapsed: Duration,
    },
    /// `max_wait` passed before an acceptor said success or failure (no poll starts after it).
    MaxWaitExceeded {
        /// The waiter's name in the spec.
        waiter: &'static str,
        /// The last output, if a poll succeeded at all.
        last_output: Option<O>,
        /// The last transient error, if the last poll failed with one.
        last_error: Option<Error>,
        /// The time allowed.
        max_wait: Duration,
        /// Polls made.
        polls: u32,
        /// Time waited.
        elapsed: Duration,
    },
    /// A poll failed with an error no acceptor matches and the retry policy does not count as
    /// transient (a validation error, an unknown task, a refused signature, ...).
    Operation {
        /// The waiter's name in the spec.
        waiter: &'static str,
        /// The error.
        error: Error,
        /// The last output before it, if any.
        last_output: Option<O>,
        /// Polls made, the failed one included.
        polls: u32,
    },
}

impl<O> WaitError<O> {
    /// The last output the service returned, if any: the one a failure acceptor matched, or
    /// the last one before the time ran out or a poll failed.
    pub fn last_output(&self) -> Option<&O> {
        match self {
            WaitError::Failed { output, .. } => output.as_ref(),
            WaitError::MaxWaitExceeded { last_output, .. }
            | WaitError::Operation { last_output, .. } => last_output.as_ref(),
        }
    }

    /// The error behind the outcome, if a poll failed.
    pub fn error(&self) -> Option<&Error> {
        match self {
            WaitError::Failed { error, .. }
            | WaitError::MaxWaitExceeded {
                last_error: error, ..
            } => error.as_ref(),
            WaitError::Operation { error, .. } => Some(error),
        }
    }
}

impl<O> fmt::Debug for WaitError<O> {
    /// The outcome without the output (outputs may be large; read them with
    /// [`WaitError::last_output`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failed {
                waiter,
                acceptor,
                error,
                polls,
                elapsed,
                ..
            } => f
                .debug_struct("Failed")
                .field("waiter", waiter)
                .field("acceptor", acceptor)
                .field("error", error)
                .field("polls", polls)
                .field("elapsed", elapsed)
                .finish_non_exhaustive(),
            WaitError::MaxWaitExceeded {
                waiter,
                last_error,
                max_wait,
                polls,
                elapsed,
                ..
            } => f
                .debug_struct("MaxWaitExceeded")
                .field("waiter", waiter)
                .field("last_error", last_error)
                .field("max_wait", max_wait)
                .field("polls", polls)
                .field("elapsed", elapsed)
                .finish_non_exhaustive(),
            WaitError::Operation {
                waiter,
                error,
                polls,
                ..
            } => f
                .debug_struct("Operation")
                .field("waiter", waiter)
                .field("error", error)
                .field("polls", polls)
                .finish_non_exhaustive(),
        }
    }
}

impl<O> fmt::Display for WaitError<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failed {
                waiter,
                acceptor,
                polls,
                elapsed,
                ..
            } => write!(
                f,
                "{waiter}: the work failed: {acceptor} (after {polls} poll{}, {elapsed:.1?})",
                plural(*polls)
            ),
            WaitError::MaxWaitExceeded {
                waiter,
                max_wait,
                polls,
                last_error,
                ..
            } => {
                write!(
                    f,
                    "{waiter}: not finished within {max_wait:?} ({polls} poll{})",
                    plural(*polls)
                )?;
                if let Some(e) = last_error {
                    write!(f, "; the last poll failed: {e}")?;
                }
                Ok(())
            }
            WaitError::Operation {
                waiter,
                error,
                polls,
                ..
            } => write!(f, "{waiter}: poll {polls} failed: {error}"),
        }
    }
}

impl<O> std::error::Error for WaitError<O> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error().map(|e| e as _)
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The wait between poll `polls` and the next: exponential from `min_delay` (doubling with
/// each poll, capped at `max_delay`), with jitter: a uniformly random wait between
/// `min_delay` and that ceiling. Never below `min_delay` nor above `max_delay`.
pub fn backoff(min_delay: Duration, max_delay: Duration, polls: u32) -> Duration {
    let max_delay = max_delay.max(min_delay);
    let ceiling = min_delay
        .saturating_mul(2u32.saturating_pow(polls.saturating_sub(1).min(30)))
        .min(max_delay);
    let low = u64::try_from(min_delay.as_nanos()).unwrap_or(u64::MAX);
    let high = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(low..=high.max(low)))
}

/// A progress callback: called with every output a poll returns.
type OnPoll<'c, O> = Box<dyn FnMut(&O) + Send + 'c>;

/// One waiter's settings and acceptors, held by a generated waiter builder.
pub struct Waiter<'c, O: 'static> {
    name: &'static str,
    acceptors: &'static [Acceptor<O>],
    min_delay: Duration,
    max_delay: Duration,
    max_wait: Duration,
    on_poll: Option<OnPoll<'c, O>>,
}

impl<O> fmt::Debug for Waiter<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("name", &self.name)
            .field("acceptors", &self.acceptors)
            .field("min_delay", &self.min_delay)
            .field("max_delay", &self.max_delay)
            .field("max_wait", &self.max_wait)
            .field("on_poll", &self.on_poll.is_some())
            .finish()
    }
}

impl<'c, O: Send + 'static> Waiter<'c, O> {
    /// A waiter with the spec's delays (`min_delay`, `max_delay`) and default `max_wait`.
    pub fn new(
        name: &'static str,
        acceptors: &'static [Acceptor<O>],
        min_delay: Duration,
        max_delay: Duration,
        max_wait: Duration,
    ) -> Self {
        Waiter {
            name,
            acceptors,
            min_delay,
            max_delay,
            max_wait,
            on_poll: None,
        }
    }

    /// The longest the wait may take, polls and delays included.
    pub fn set_max_wait(&mut self, max_wait: Duration) {
        self.max_wait = max_wait;
    }

    /// The first delay between polls, and the least.
    pub fn set_min_delay(&mut self, delay: Duration) {
        self.min_delay = delay;
    }

    /// The longest delay between polls.
    pub fn set_max_delay(&mut self, delay: Duration) {
        self.max_delay = delay;
    }

    /// Calls `on_poll` with every output a poll returns.
    pub fn set_on_poll(&mut self, on_poll: impl FnMut(&O) + Send + 'c) {
        self.on_poll = Some(Box::new(on_poll));
    }

    /// Polls with `poll` until an acceptor says success or failure, a poll fails for good, or
    /// `max_wait` passes.
    pub async fn wait<F, Fut>(self, poll: F) -> Result<Finished<O>, WaitError<O>>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<O, Error>>,
    {
        let mut run = Run::new(self, poll);
        loop {
            if let Step::Done(outcome) = run.step().await {
                return outcome;
            }
        }
    }

    /// The outputs of the polls as a stream: every output (the last being the one a success
    /// acceptor matched), or an `Err` as the last item when the wait fails, runs out of time
    /// or a poll fails for good.
    pub fn stream<F, Fut>(self, poll: F) -> impl Stream<Item = Result<O, WaitError<O>>> + 'c
    where
        O: Clone,
        F: FnMut() -> Fut + Send + 'c,
        Fut: Future<Output = Result<O, Error>> + Send + 'c,
    {
        stream::unfold(Some(Run::new(self, poll)), |run| async move {
            let mut run = run?;
            loop {
                match run.step().await {
                    Step::Output => {
                        if let Some(output) = run.last_output.clone() {
                            return Some((Ok(output), Some(run)));
                        }
                    }
                    Step::Again => {}
                    Step::Done(Ok(finished)) => return Some((Ok(finished.output), None)),
                    Step::Done(Err(e)) => return Some((Err(e), None)),
                }
            }
        })
    }
}

/// What one step of a wait did.
enum Step<O: 'static> {
    /// Polled and got an output (now `last_output`); not finished.
    Output,
    /// The poll failed with an error that means polling again.
    Again,
    Done(Result<Finished<O>, WaitError<O>>),
}

/// A wait in progress.
struct Run<'c, O: 'static, F> {
    waiter: Waiter<'c, O>,
    poll: F,
    started: Instant,
    polls: u32,
    last_output: Option<O>,
    last_error: Option<Error>,
}

impl<'c, O: Send + 'static, F, Fut> Run<'c, O, F>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<O, Error>>,
{
    fn new(waiter: Waiter<'c, O>, poll: F) -> Self {
        Run {
            waiter,
            poll,
            started: Instant::now(),
            polls: 0,
            last_output: None,
            last_error: None,
        }
    }

    fn exceeded(&mut self) -> Step<O> {
        Step::Done(Err(WaitError::MaxWaitExceeded {
            waiter: self.waiter.name,
            last_output: self.last_output.take(),
            last_error: self.last_error.take(),
            max_wait: self.waiter.max_wait,
            polls: self.polls,
            elapsed: self.started.elapsed(),
        }))
    }

    /// Sleeps (after the first poll), polls once and applies the acceptors.
    async fn step(&mut self) -> Step<O> {
        let w = &self.waiter;
        let deadline = self.started + w.max_wait;
        if self.polls > 0 {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return self.exceeded();
            }
            let delay = backoff(w.min_delay, w.max_delay, self.polls).min(remaining);
            tracing::debug!(
                waiter = w.name,
                polls = self.polls,
                ?delay,
                "waiting before the next poll"
            );
            tokio::time::sleep(delay).await;
        }
        // A poll in flight is not cut off at the deadline: it is an ordinary call, bounded by
        // the client's own timeouts, and its answer is the last output.
        let result = (self.poll)().await;
        self.polls += 1;
        let acceptors = self.waiter.acceptors;
        match result {
            Ok(output) => {
                self.last_error = None;
                if let Some(on_poll) = self.waiter.on_poll.as_mut() {
                    on_poll(&output);
                }
                match acceptors.iter().find(|a| a.matches_output(&output)) {
                    Some(a) if a.state == State::Success => Step::Done(Ok(Finished {
                        output,
                        polls: self.polls,
                        elapsed: self.started.elapsed(),
                    })),
                    Some(a) if a.state == State::Failure => Step::Done(Err(WaitError::Failed {
                        waiter: self.waiter.name,
                        acceptor: a,
                        output: Some(output),
                        error: None,
                        polls: self.polls,
                        elapsed: self.started.elapsed(),
                    })),
                    _ => {
                        self.last_output = Some(output);
                        Step::Output
                    }
                }
            }
            Err(error) => match acceptors.iter().find(|a| a.matches_error(&error)) {
                Some(a) if a.state == State::Failure => Step::Done(Err(WaitError::Failed {
                    waiter: self.waiter.name,
                    acceptor: a,
                    output: self.last_output.take(),
                    error: Some(error),
                    polls: self.polls,
                    elapsed: self.started.elapsed(),
                })),
                // A matching retry acceptor, or a success one (which the generator refuses on
                // errors: success needs an output), polls again.
                Some(_) => {
                    self.last_error = Some(error);
                    Step::Again
                }
                None if error.is_retryable() => {
                    tracing::debug!(waiter = self.waiter.name, error = %error, "transient error; polling again");
                    self.last_error = Some(error);
                    Step::Again
                }
                None => Step::Done(Err(WaitError::Operation {
                    waiter: self.waiter.name,
                    error,
                    last_output: self.last_output.take(),
                    polls: self.polls,
                })),
            },
        }
    }
}

/// Declares a waiter's builder: the polled operation's request builder and setters, the
/// waiter's acceptors and delays, `max_wait`, a progress callback, `wait` and `into_stream`.
///
/// ```
/// use std::time::Duration;
/// use huaweicloud_runtime as rt;
/// # pub enum Api {}
/// # impl rt::Service for Api {
/// #     type Region = Region;
/// #     const SPEC: rt::ServiceSpec = rt::ServiceSpec {
/// #         name: "DEMO", token_header: "X-Auth-Token", token_length: (1, 16384),
/// #         project_id_placeholder: "project_id", project_id_header: "X-Project-Id",
/// #         project_id_length: (1, 64),
/// #     };
/// # }
/// # rt::regions! { pub enum Region { /// North.
/// #     CnNorth4 = ("cn-north-4", "North", "https://demo.cn-north-4.example.com"), } }
/// # rt::client! { pub struct Client, ClientBuilder for Api, Region; }
/// # #[derive(Clone, Debug, serde::Deserialize)]
/// # pub struct Job { pub state: Option<String> }
/// # #[derive(Debug)]
/// # pub struct ShowJobInput { pub job_id: String, pub labels: Option<std::collections::BTreeMap<String, String>> }
/// # impl rt::Validate for ShowJobInput {
/// #     fn validate(&self) -> Result<(), rt::ValidationError> { Ok(()) }
/// # }
/// # impl rt::Operation for ShowJobInput {
/// #     type Service = Api;
/// #     type Output = Job;
/// #     const META: rt::OperationMeta = rt::OperationMeta {
/// #         name: "ShowJob", method: rt::Method::Get, path: "/v1/jobs/{job_id}",
/// #         idempotent: true, regions: &[], has_output: true,
/// #     };
/// #     fn write<'a>(&'a self, w: &mut rt::RequestWriter<'a>) {
/// #         w.path_param("job_id", &self.job_id);
/// #     }
/// # }
/// # rt::request! {
/// #     /// Fluent builder for `ShowJob`.
/// #     pub struct ShowJobRequest for Client => ShowJobInput -> Job {
/// #         /// The job.
/// #         job_id: required into String,
/// #         /// Labels the job must carry.
/// #         labels: optional map_into String,
/// #     }
/// # }
/// rt::waiter! {
///     /// Waits until a job is done.
///     pub struct WaitUntilJobDone for ShowJobRequest -> Job {
///         waiter: "JobDone",
///         delays: (2, 60, 3600),
///         acceptors: [
///             rt::waiter::Acceptor::output(rt::waiter::State::Success, "`state` is `DONE`", |o| {
///                 o.state.as_deref() == Some("DONE")
///             }),
///             rt::waiter::Acceptor::error(rt::waiter::State::Failure, "JOB.404", "the job is gone"),
///         ],
///         setters: {
///             /// The job.
///             job_id: into String,
///             /// Labels the job must carry.
///             labels: map_into String,
///         }
///     }
/// }
/// impl Client {
///     pub fn wait_until_job_done(&self) -> WaitUntilJobDone<'_> {
///         ShowJobRequest::from(rt::fluent::Call::new(self)).into()
///     }
/// }
///
/// # async fn run(client: Client) {
/// let done = client
///     .wait_until_job_done()
///     .job_id("j-1")
///     .labels([("team", "blue")])
///     .max_wait(Duration::from_secs(600))
///     .on_poll(|job| println!("{:?}", job.state))
///     .wait()
///     .await;
/// # }
/// ```
#[macro_export]
macro_rules! waiter {
    (
        $(#[$meta:meta])*
        pub struct $name:ident for $request:ident -> $output:ty {
            waiter: $waiter:literal,
            delays: ($min_delay:literal, $max_delay:literal, $max_wait:literal),
            acceptors: [ $( $acceptor:expr ),* $(,)? ],
            setters: {
                $( $(#[$fmeta:meta])* $field:ident: $kind:ident $ty:ty, )*
            }
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub struct $name<'c> {
            request: $request<'c>,
            waiter: $crate::waiter::Waiter<'c, $output>,
        }

        impl $name<'_> {
            /// The acceptors, tried in order after each poll.
            pub const ACCEPTORS: &'static [$crate::waiter::Acceptor<$output>] = &[ $( $acceptor ),* ];
        }

        impl<'c> ::std::convert::From<$request<'c>> for $name<'c> {
            fn from(request: $request<'c>) -> Self {
                $name {
                    request,
                    waiter: $crate::waiter::Waiter::new(
                        $waiter,
                        Self::ACCEPTORS,
                        ::std::time::Duration::from_secs($min_delay),
                        ::std::time::Duration::from_secs($max_delay),
                        ::std::time::Duration::from_secs($max_wait),
                    ),
                }
            }
        }

        impl<'c> $name<'c> {
            $( $crate::setters!(@setter $(#[$fmeta])* $field $kind $ty => request); )*

            /// Overrides client settings (timeouts, retries, validation) for every poll.
            pub fn options(mut self, options: $crate::RequestOptions) -> Self {
                self.request = self.request.options(options);
                self
            }

            #[doc = concat!("The longest the wait may take, polls and delays included (default ", stringify!($max_wait), " s).")]
            pub fn max_wait(mut self, max_wait: ::std::time::Duration) -> Self {
                self.waiter.set_max_wait(max_wait);
                self
            }

            #[doc = concat!("The first delay between polls, and the least (default ", stringify!($min_delay), " s).")]
            pub fn min_delay(mut self, delay: ::std::time::Duration) -> Self {
                self.waiter.set_min_delay(delay);
                self
            }

            #[doc = concat!("The longest delay between polls (default ", stringify!($max_delay), " s).")]
            pub fn max_delay(mut self, delay: ::std::time::Duration) -> Self {
                self.waiter.set_max_delay(delay);
                self
            }

            /// Calls `on_poll` with the output of every poll, e.g. to show progress.
            pub fn on_poll(mut self, on_poll: impl FnMut(&$output) + Send + 'c) -> Self {
                self.waiter.set_on_poll(on_poll);
                self
            }

            /// Polls until an acceptor says success (`Ok` with the last output) or failure
            /// ([`WaitError::Failed`]($crate::waiter::WaitError::Failed) with the output and
            /// the acceptor), a poll fails for good, or `max_wait` passes.
            pub async fn wait(
                self,
            ) -> ::std::result::Result<$crate::waiter::Finished<$output>, $crate::waiter::WaitError<$output>> {
                let request = self.request;
                self.waiter
                    .wait(move || {
                        let request = request.clone();
                        async move { request.send().await }
                    })
                    .await
            }

            /// The output of every poll as a stream, ending after the one a success acceptor
            /// matched, or with an `Err` when the wait fails, a poll fails for good, or
            /// `max_wait` passes.
            pub fn into_stream(
                self,
            ) -> impl $crate::waiter::Stream<Item = ::std::result::Result<$output, $crate::waiter::WaitError<$output>>> + 'c {
                let request = self.request;
                self.waiter.stream(move || {
                    let request = request.clone();
                    async move { request.send().await }
                })
            }
        }
    };
}
