//! The error answers: OMS's own (`OMS.xxxx`, in the service's error shape) and the API
//! gateway's (`APIGW.xxxx`, for authentication, with the request id in the body as the gateway
//! sends it).

use huaweicloud_runtime::{Problem, ValidationError};

/// Error codes, in one place. Sources: the OMS error-code table and the API gateway's (see
/// the crate docs); where the service's code for a case is not documented, the nearest
/// documented one.
pub mod codes {
    /// A parameter or body field outside its documented bounds (400).
    pub const INVALID_PARAMETER: &str = "OMS.0064";
    /// A parameter of the wrong type, such as text where a number goes (400).
    pub const INCORRECT_TYPE: &str = "OMS.1010";
    /// The resource does not exist (400 for tasks, as the service answers; 404 for groups
    /// and synchronization tasks).
    pub const NOT_FOUND: &str = "OMS.1009";
    /// Deleting a task or group that is in progress: stop it first (400).
    pub const IN_PROGRESS: &str = "OMS.0063";
    /// Starting what is already started (400).
    pub const ALREADY_STARTED: &str = "OMS.0065";
    /// Stopping what is not running (400).
    pub const NOT_RUNNING: &str = "OMS.0066";
    /// Starting or stopping what has completed (400).
    pub const ALREADY_COMPLETED: &str = "OMS.0070";
    /// No operation answers this method and path (404).
    pub const NO_SUCH_API: &str = "APIGW.0101";
    /// The signature or token is not valid (401).
    pub const BAD_AUTH: &str = "APIGW.0301";
    /// Throttled (429).
    pub const THROTTLED: &str = "APIGW.0308";
    /// An injected server fault (5xx).
    pub const INTERNAL: &str = "OMS.0500";
}

/// An error answer: status and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OmsError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub detail: Option<String>,
}

impl OmsError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> OmsError {
        OmsError {
            status,
            code,
            message: message.into(),
            detail: None,
        }
    }

    /// A request that does not decode or that the spec's bounds refuse, naming the field
    /// as the client would.
    pub fn invalid(e: ValidationError) -> OmsError {
        let code = match e.problem() {
            Problem::Unparsable { .. } | Problem::InvalidJson { .. } => codes::INCORRECT_TYPE,
            _ => codes::INVALID_PARAMETER,
        };
        OmsError::new(400, code, "Invalid request parameters.")
            .detail(format!("request parameter [{}] invalid: {e}", e.field()))
    }

    /// A missing migration task: the service answers 400, not 404.
    pub fn task_not_found(id: i64) -> OmsError {
        OmsError::new(400, codes::NOT_FOUND, "No resources found.")
            .detail(format!("task {id} does not exist"))
    }

    pub fn group_not_found(id: &str) -> OmsError {
        OmsError::new(404, codes::NOT_FOUND, "No resources found.")
            .detail(format!("task group {id} does not exist"))
    }

    pub fn sync_task_not_found(id: &str) -> OmsError {
        OmsError::new(404, codes::NOT_FOUND, "No resources found.")
            .detail(format!("synchronization task {id} does not exist"))
    }

    /// The entity's state does not allow the operation.
    pub fn state(code: &'static str, message: impl Into<String>) -> OmsError {
        OmsError::new(400, code, message)
    }

    /// An authentication failure at the API gateway.
    pub fn auth(reason: impl std::fmt::Display) -> OmsError {
        OmsError::new(
            401,
            codes::BAD_AUTH,
            format!("Incorrect IAM authentication information: {reason}"),
        )
    }

    /// An extra `error_detail`, as the service adds to parameter errors.
    pub fn detail(mut self, detail: impl Into<String>) -> OmsError {
        self.detail = Some(detail.into());
        self
    }

    /// Whether the API gateway answers it (its body carries the request id).
    fn is_gateways(&self) -> bool {
        self.code.starts_with("APIGW.")
    }

    /// The body the service sends.
    pub fn body(&self, request_id: &str) -> String {
        let mut body = serde_json::json!({"error_code": self.code, "error_msg": self.message});
        if let Some(detail) = &self.detail {
            body["error_detail"] = detail.as_str().into();
        }
        if self.is_gateways() {
            body["request_id"] = request_id.into();
        }
        body.to_string()
    }
}
