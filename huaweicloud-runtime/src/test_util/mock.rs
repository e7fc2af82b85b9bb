//! Typed mocks: a client whose calls are answered by rules instead of the network, while
//! everything else runs as in production (validation, serialization, signing, retries,
//! timeouts, decoding).
//!
//! A [`Rule`] is written per operation input type: which inputs it matches (a closure over the
//! typed input) and what it answers, in order (a typed output, a service error, a transport
//! failure, a timeout). [`Mocks`] holds the rules a client is built with. Every attempt, retries
//! included, takes the next answer of the first rule that matches, and is recorded in that
//! rule. A call that no rule matches panics naming the operation; a rule that never matched
//! panics when the client is dropped, unless it is [`Rule::optional`].

use std::any::{Any, TypeId};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;

use crate::decode::RawResponse;
use crate::error::TransportKind;
use crate::operation::{Operation, OperationMeta};

/// A service error for a rule to answer with: the HTTP status and the body the service
/// sends (`error_code`, `error_msg`, optionally `error_detail`), optionally a request id and
/// `Retry-After`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockError {
    status: u16,
    code: String,
    message: String,
    detail: Option<String>,
    request_id: Option<String>,
    retry_after: Option<Duration>,
}

impl MockError {
    /// An error response with this status, `error_code` and `error_msg`.
    pub fn service(status: u16, code: &str, message: &str) -> MockError {
        MockError {
            status,
            code: code.into(),
            message: message.into(),
            detail: None,
            request_id: None,
            retry_after: None,
        }
    }

    /// The `error_detail` the body carries (OMS names the parameter at fault there).
    pub fn detail(mut self, detail: &str) -> MockError {
        self.detail = Some(detail.into());
        self
    }

    /// The `X-Request-Id` the response carries.
    pub fn request_id(mut self, id: &str) -> MockError {
        self.request_id = Some(id.into());
        self
    }

    /// The `Retry-After` the response carries.
    pub fn retry_after(mut self, after: Duration) -> MockError {
        self.retry_after = Some(after);
        self
    }
}

/// One answer of a rule.
#[derive(Clone)]
enum Reply {
    /// A success body: the typed output, encoded when the answer is given.
    Output(Arc<dyn Fn() -> String + Send + Sync>),
    Error(MockError),
    Json {
        status: u16,
        body: String,
    },
    Transport(TransportKind),
    Timeout,
}

/// What the transport does with a mocked attempt.
pub(crate) enum MockAnswer {
    Response(RawResponse, Option<Duration>),
    Transport(TransportKind),
    Timeout,
}

struct RuleState<I: Operation> {
    matcher: Box<dyn Fn(&I) -> bool + Send + Sync>,
    /// Answers in order, each with how many times it is given (`None`: once, or forever
    /// when it is the last).
    replies: Vec<(Reply, Option<u32>)>,
    optional: bool,
    progress: Mutex<Progress<I>>,
}

struct Progress<I> {
    /// Index into `replies` and answers given from it.
    position: usize,
    given: u32,
    calls: Vec<I>,
}

/// How calls of the operation whose input is `I` are answered. Cloning gives another handle
/// to the same rule (to inspect its calls after the client used it).
///
/// ```
/// # use huaweicloud_runtime as rt;
/// # #[derive(Clone, Debug, PartialEq)] pub struct ShowThing { pub id: String }
/// # impl rt::Validate for ShowThing { fn validate(&self) -> Result<(), rt::ValidationError> { Ok(()) } }
/// # pub enum Api {}
/// # impl rt::Service for Api { type Region = Region; const SPEC: rt::ServiceSpec = rt::ServiceSpec { name: "DEMO", token_header: "X-Auth-Token", token_length: (1, 64), project_id_placeholder: "project_id", project_id_header: "X-Project-Id", project_id_length: (1, 64) }; }
/// # rt::regions! { pub enum Region { /// North.
/// #     North = ("north-1", "North", "https://demo.north-1.example.com"), } }
/// # impl rt::Operation for ShowThing {
/// #     type Service = Api; type Output = serde_json::Value;
/// #     const META: rt::OperationMeta = rt::OperationMeta { name: "ShowThing", method: rt::Method::Get, path: "/v1/{project_id}/things/{id}", idempotent: true, regions: &[], has_output: true };
/// #     fn write<'a>(&'a self, w: &mut rt::RequestWriter<'a>) { w.path_param("id", &self.id); }
/// # }
/// use rt::test_util::mock::{MockError, Rule};
///
/// // The first call of thing `t1` is throttled, the next ones succeed.
/// let rule = Rule::<ShowThing>::new()
///     .match_requests(|input| input.id == "t1")
///     .then_error(MockError::service(429, "APIGW.0308", "throttled"))
///     .then_output(|| serde_json::json!({"name": "one"}));
/// assert_eq!(rule.num_calls(), 0);
/// ```
pub struct Rule<I: Operation> {
    state: Arc<RuleState<I>>,
}

impl<I: Operation> Clone for Rule<I> {
    fn clone(&self) -> Self {
        Rule {
            state: self.state.clone(),
        }
    }
}

impl<I: Operation + Clone> fmt::Debug for Rule<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("operation", &I::META.name)
            .field("answers", &self.state.replies.len())
            .field("calls", &self.num_calls())
            .finish()
    }
}

impl<I: Operation + Clone> Default for Rule<I> {
    fn default() -> Self {
        Rule::new()
    }
}

impl<I: Operation + Clone> Rule<I> {
    /// A rule that matches every call of the operation and has no answer yet.
    pub fn new() -> Rule<I> {
        Rule {
            state: Arc::new(RuleState {
                matcher: Box::new(|_| true),
                replies: Vec::new(),
                optional: false,
                progress: Mutex::new(Progress {
                    position: 0,
                    given: 0,
                    calls: Vec::new(),
                }),
            }),
        }
    }

    fn edit(self, f: impl FnOnce(&mut RuleState<I>)) -> Rule<I> {
        let mut state = Arc::try_unwrap(self.state)
            .unwrap_or_else(|_| panic!("a mock rule is configured before it is shared"));
        f(&mut state);
        Rule {
            state: Arc::new(state),
        }
    }

    /// Matches only the calls whose input passes `matcher`.
    pub fn match_requests(self, matcher: impl Fn(&I) -> bool + Send + Sync + 'static) -> Self {
        self.edit(|s| s.matcher = Box::new(matcher))
    }

    /// Answers with a success response carrying this output, encoded as the service would.
    pub fn then_output(self, output: impl Fn() -> I::Output + Send + Sync + 'static) -> Self
    where
        I::Output: serde::Serialize,
    {
        self.then(Reply::Output(Arc::new(move || {
            serde_json::to_string(&output())
                .unwrap_or_else(|e| panic!("a mocked {} output does not encode: {e}", I::META.name))
        })))
    }

    /// Answers with a service error.
    pub fn then_error(self, error: MockError) -> Self {
        self.then(Reply::Error(error))
    }

    /// Answers with this status and raw JSON body, for what a typed answer cannot say (a
    /// malformed body, an unusual shape).
    pub fn then_json(self, status: u16, body: &str) -> Self {
        self.then(Reply::Json {
            status,
            body: body.into(),
        })
    }

    /// Answers with a transport failure of this kind (connection refused, broken response).
    pub fn then_transport_error(self, kind: TransportKind) -> Self {
        self.then(Reply::Transport(kind))
    }

    /// Answers by letting the attempt time out.
    pub fn then_timeout(self) -> Self {
        self.then(Reply::Timeout)
    }

    fn then(self, reply: Reply) -> Self {
        self.edit(|s| s.replies.push((reply, None)))
    }

    /// Gives the answer added last exactly `n` times (by default the last answer repeats for
    /// every further call, and an earlier one is given once).
    pub fn times(self, n: u32) -> Self {
        self.edit(|s| {
            if let Some(last) = s.replies.last_mut() {
                last.1 = Some(n);
            }
        })
    }

    /// Does not fail the test if the rule never matches.
    pub fn optional(self) -> Self {
        self.edit(|s| s.optional = true)
    }

    /// The inputs of the calls this rule answered, one per attempt, in order.
    pub fn calls(&self) -> Vec<I> {
        self.progress().calls.clone()
    }

    /// How many attempts this rule answered.
    pub fn num_calls(&self) -> usize {
        self.progress().calls.len()
    }

    fn progress(&self) -> std::sync::MutexGuard<'_, Progress<I>> {
        self.state
            .progress
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A rule with its input type erased, as [`Mocks`] holds it.
trait AnyRule: Send + Sync {
    fn input_type(&self) -> TypeId;
    fn operation(&self) -> &'static str;
    /// The next answer if the rule matches `input` and has one left; records the call.
    fn answer(&self, input: &dyn Any) -> Option<MockAnswer>;
    fn is_unused(&self) -> bool;
}

impl<I> AnyRule for Rule<I>
where
    I: Operation + Clone,
{
    fn input_type(&self) -> TypeId {
        TypeId::of::<I>()
    }

    fn operation(&self) -> &'static str {
        I::META.name
    }

    fn answer(&self, input: &dyn Any) -> Option<MockAnswer> {
        let input = input.downcast_ref::<I>()?;
        if !(self.state.matcher)(input) {
            return None;
        }
        let replies = &self.state.replies;
        let mut progress = self.progress();
        let reply = loop {
            let (reply, times) = replies.get(progress.position)?;
            let is_last = progress.position + 1 == replies.len();
            let limit = times.unwrap_or(if is_last { u32::MAX } else { 1 });
            if progress.given < limit {
                progress.given += 1;
                break reply.clone();
            }
            progress.position += 1;
            progress.given = 0;
        };
        progress.calls.push(input.clone());
        drop(progress);
        Some(match reply {
            Reply::Output(output) => MockAnswer::Response(response(200, output(), None), None),
            Reply::Error(e) => {
                let mut body = serde_json::json!({"error_code": e.code, "error_msg": e.message});
                if let Some(detail) = &e.detail {
                    body["error_detail"] = detail.as_str().into();
                }
                MockAnswer::Response(
                    response(e.status, body.to_string(), e.request_id),
                    e.retry_after,
                )
            }
            Reply::Json { status, body } => {
                MockAnswer::Response(response(status, body, None), None)
            }
            Reply::Transport(kind) => MockAnswer::Transport(kind),
            Reply::Timeout => MockAnswer::Timeout,
        })
    }

    fn is_unused(&self) -> bool {
        !self.state.optional && self.num_calls() == 0
    }
}

fn response(status: u16, body: String, request_id: Option<String>) -> RawResponse {
    RawResponse {
        status,
        request_id,
        body: Bytes::from(body),
    }
}

/// The rules a mocked client answers with. Every non-optional rule must have matched by the
/// time the client is dropped.
#[derive(Clone, Default)]
pub struct Mocks {
    rules: Arc<MockSet>,
}

#[derive(Default)]
struct MockSet {
    rules: Vec<Box<dyn AnyRule>>,
}

impl fmt::Debug for Mocks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.rules.rules.iter().map(|r| r.operation()))
            .finish()
    }
}

impl Mocks {
    /// No rules yet.
    pub fn new() -> Mocks {
        Mocks::default()
    }

    /// Adds a rule; rules are tried in the order they were added.
    pub fn rule<I: Operation + Clone>(mut self, rule: &Rule<I>) -> Mocks {
        Arc::get_mut(&mut self.rules)
            .unwrap_or_else(|| panic!("rules are added before the mocks are given to a client"))
            .rules
            .push(Box::new(rule.clone()));
        self
    }

    /// The answer to one attempt of `meta`'s operation with `input`.
    pub(crate) fn answer(
        &self,
        meta: &OperationMeta,
        input: &dyn Any,
        shown: &dyn fmt::Debug,
    ) -> MockAnswer {
        let ty = (*input).type_id();
        for rule in self.rules.rules.iter().filter(|r| r.input_type() == ty) {
            if let Some(answer) = rule.answer(input) {
                return answer;
            }
        }
        panic!(
            "no mock rule matches this call of {}: {shown:?}\n(add a Rule for it, or check its match_requests and how many answers it has)",
            meta.name
        );
    }
}

impl Drop for MockSet {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let unused: Vec<&str> = self
            .rules
            .iter()
            .filter(|r| r.is_unused())
            .map(|r| r.operation())
            .collect();
        if !unused.is_empty() {
            panic!(
                "mock rules that never matched a call: {} (mark a rule .optional() if that is expected)",
                unused.join(", ")
            );
        }
    }
}
