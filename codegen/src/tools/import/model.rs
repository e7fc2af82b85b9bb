//! The draft before it is written: operations and types with legal names, each shape with
//! what it could keep of the definition, and notes (plain ones, and decisions that stop
//! generation until a person makes them).

use serde_json::Value;

/// A remark the draft carries as a comment above what it concerns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// A decision a person has to make: written `# TODO(decide): ...`, which `generate`
    /// refuses until the comment is gone.
    pub decide: bool,
    pub text: String,
}

impl Note {
    pub fn info(text: impl Into<String>) -> Note {
        Note {
            decide: false,
            text: text.into(),
        }
    }

    pub fn decide(text: impl Into<String>) -> Note {
        Note {
            decide: true,
            text: text.into(),
        }
    }
}

/// A type expression of the draft, with the bounds and default that apply.
#[derive(Clone, Debug, PartialEq)]
pub struct DShape {
    pub expr: Expr,
    pub bounds: DBounds,
    /// JSON, already checked against the type and bounds.
    pub default: Option<Value>,
}

impl DShape {
    pub fn of(expr: Expr) -> DShape {
        DShape {
            expr,
            bounds: DBounds::default(),
            default: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    String,
    /// `int32` or `int64`.
    Integer(&'static str),
    /// `float` or `double`.
    Number(&'static str),
    Boolean,
    Array(Box<DShape>),
    Map(Box<DShape>),
    Any,
    /// A type of the draft, by index.
    Named(usize),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DBounds {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// As YAML writes them (`1`, `0.5`).
    pub minimum: Option<String>,
    pub maximum: Option<String>,
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct DField {
    pub wire: String,
    pub rust_name: Option<String>,
    /// `path`, `query` or `header` for parameters.
    pub location: Option<&'static str>,
    pub required: bool,
    pub shape: DShape,
    pub description: Option<String>,
    pub sensitive: bool,
    pub notes: Vec<Note>,
}

#[derive(Clone, Debug)]
pub enum DKind {
    Object(Vec<DField>),
    Enum(Vec<String>),
    /// Named int32 codes (the names made from the codes).
    IntEnum(Vec<i32>),
    Alias(DShape),
}

#[derive(Clone, Debug)]
pub struct DType {
    pub name: String,
    pub kind: DKind,
    pub description: Option<String>,
    pub notes: Vec<Note>,
}

#[derive(Clone, Debug)]
pub struct DBody {
    /// A type of the draft: an object, or an alias of an array or a map.
    pub type_id: usize,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Clone, Debug)]
pub struct DResponse {
    pub status: u16,
    pub description: Option<String>,
    pub shape: Option<DShape>,
    pub notes: Vec<Note>,
}

#[derive(Clone, Debug)]
pub struct DOperation {
    pub name: String,
    pub notes: Vec<Note>,
    pub summary: String,
    pub description: Option<String>,
    pub method: String,
    pub path: String,
    pub content_type: Option<String>,
    pub params: Vec<DField>,
    pub body: Option<DBody>,
    pub responses: Vec<DResponse>,
}

/// The whole draft.
#[derive(Debug, Default)]
pub struct Draft {
    pub operations: Vec<DOperation>,
    pub types: Vec<DType>,
}
