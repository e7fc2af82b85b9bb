//! Drafts spec YAML from API Explorer definitions, for a maintainer to review: a spec the
//! generator accepts as it is, with no hand edit, whatever service the definitions describe.
//!
//! - Names are made legal and unique by the checker's own rules: UpperCamelCase types and
//!   operations, `rust_name` for fields whose wire name is a keyword, no Rust name, or one the
//!   generated code already uses; reserved type names are renamed. Each renaming says so in a
//!   comment.
//! - Definitions that several operations share are merged when they are the same; when they
//!   differ, the version most operations use keeps the name and the others are named after
//!   their operation, with a comment.
//! - Maps (`additionalProperties`) are `map`s, schemas without a type `any`; bounds and
//!   defaults the checker would refuse are left out with a comment saying why.
//! - Descriptions are copied as they are (often Chinese) behind a `TODO(translate)` mark, since
//!   the spec's words are ours to write.
//! - What the spec cannot express (form fields, binary bodies, a body of another media type
//!   than JSON, a definition missing from its file) is a decision for a person: a
//!   `# TODO(decide): ...` comment, and `cargo xtask generate` refuses the spec while one is
//!   left, so nothing is lost silently.

mod convert;
mod model;
mod names;
mod service;
mod write;

use serde_json::Value;

use crate::tools::explorer::{XOperation, XType};

/// The draft operations file for the given operations (types they use appear once).
pub fn draft(ops: &[XOperation]) -> String {
    write::operations_file(&convert::convert(ops))
}

/// A whole spec directory drafted from one service's definitions.
#[derive(Debug, Clone)]
pub struct SpecDraft {
    /// `service.yaml`.
    pub service: String,
    /// `operations/<name>.yaml`: every operation and the types they use.
    pub operations: String,
    /// The file name under `operations/`, after the service.
    pub operations_file: String,
    /// How many decisions the draft leaves to a person (`TODO(decide)` comments).
    pub decisions: usize,
}

/// The draft of a spec directory for these operations, which all belong to one service.
pub fn draft_spec(ops: &[XOperation]) -> SpecDraft {
    let operations = draft(ops);
    let decisions = operations
        .lines()
        .filter(|l| l.trim_start().starts_with(crate::load::DECISION_MARK))
        .count();
    let (service, name) = service::service_file(ops);
    SpecDraft {
        service,
        operations,
        operations_file: format!("{}.yaml", name.to_ascii_lowercase()),
        decisions,
    }
}

/// API Explorer often writes defaults as strings (`"false"`, `"10"`): give them their type.
/// The result is YAML text; lists are JSON, which YAML reads as they are.
pub fn normalise_default(v: &Value, ty: &XType) -> Option<String> {
    let text = match v {
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    };
    match ty {
        XType::Boolean => text.parse::<bool>().ok().map(|b| b.to_string()),
        XType::Integer(_) => text.parse::<i64>().ok().map(|i| i.to_string()),
        XType::Number(_) => text
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(|f| f.to_string()),
        XType::String => Some(write::yaml_str(&text)),
        _ => Some(v.to_string()),
    }
}
