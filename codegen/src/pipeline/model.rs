//! The checked model: every name resolved, every bound typed. Emission reads only this.

/// A value type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    Int32,
    Int64,
    Float,
    Double,
    Bool,
    Array(Box<Shape>),
    /// A JSON object with any keys, each holding a value of the shape.
    Map(Box<Shape>),
    /// Any JSON value, unchecked.
    Any,
    /// A named object type (index into [`Model::types`]).
    Object(String),
    /// A named enum: a string enum or an integer enum, as its [`TypeKind`] says.
    Enum(String),
}

impl Ty {
    /// The OpenAPI `format` of a number type: `int32`, `int64`, `float`, `double`.
    pub fn format(&self) -> Option<&'static str> {
        match self {
            Ty::Int32 => Some("int32"),
            Ty::Int64 => Some("int64"),
            Ty::Float => Some("float"),
            Ty::Double => Some("double"),
            _ => None,
        }
    }
}

/// A type together with the bounds that apply to its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub ty: Ty,
    pub bounds: Bounds,
}

/// A numeric bound, typed like the value it bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    /// The bound as a float, for comparing bounds of either kind.
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(v) => v as f64,
            Number::Float(v) => v,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bounds {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<Number>,
    pub maximum: Option<Number>,
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

impl Bounds {
    pub fn is_empty(&self) -> bool {
        *self == Bounds::default()
    }
}

/// A default value, already converted to the field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    String(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// The items of an array's default.
    Array(Vec<DefaultValue>),
}

impl DefaultValue {
    /// The value as JSON, as it goes on the wire.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            DefaultValue::String(s) => serde_json::Value::from(s.as_str()),
            DefaultValue::Int(i) => serde_json::Value::from(*i),
            DefaultValue::Float(f) => serde_json::Value::from(*f),
            DefaultValue::Bool(b) => serde_json::Value::from(*b),
            DefaultValue::Array(items) => items.iter().map(DefaultValue::to_json).collect(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The name on the wire (JSON key, query key, header name).
    pub wire_name: String,
    /// The snake_case Rust name.
    pub rust_name: String,
    pub shape: Shape,
    pub required: bool,
    pub default: Option<DefaultValue>,
    pub description: Option<String>,
    pub sensitive: bool,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub value: String,
    /// The UpperCamelCase variant name.
    pub variant: String,
    pub description: Option<String>,
}

/// A named integer code of an integer enum.
#[derive(Debug, Clone)]
pub struct IntEnumValue {
    pub value: i32,
    /// The UpperCamelCase variant name, as the spec names it.
    pub variant: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Object(Vec<Field>),
    /// Sent as the value's string.
    Enum(Vec<EnumValue>),
    /// Sent as the value's integer code (int32).
    IntEnum(Vec<IntEnumValue>),
    /// Another name for a type expression; fields of the alias's type are resolved to it.
    Alias(Shape),
}

#[derive(Debug, Clone)]
pub struct NamedType {
    pub name: String,
    pub description: Option<String>,
    pub kind: TypeKind,
    /// Reachable from a request: gets a builder and a `validate()`.
    pub in_request: bool,
    /// Reachable from a response: every field is optional when decoding.
    pub in_response: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
}

impl Method {
    /// A method as the spec or an API definition spells it, in any case.
    pub fn parse(text: &str) -> Option<Method> {
        Some(match text.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "DELETE" => Method::Delete,
            "PATCH" => Method::Patch,
            "HEAD" => Method::Head,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    /// A parameter of the operation (by wire name).
    Param(String),
    /// The project id, filled from the credentials.
    ProjectId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

impl ParamLocation {
    /// As OpenAPI and the spec spell it: `path`, `query`, `header`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub field: Field,
    pub location: ParamLocation,
}

#[derive(Debug, Clone)]
pub struct Body {
    /// The type as the spec names it: an object type, or an alias.
    pub type_name: String,
    /// What that name stands for: the object type, or the alias resolved.
    pub shape: Shape,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub description: Option<String>,
    pub shape: Option<Shape>,
    /// A sample body as JSON text.
    pub example: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Pagination {
    /// Rust names of the query parameters.
    pub offset: String,
    pub limit: String,
    /// Rust names of the response fields.
    pub items: String,
    pub count: String,
    /// Type of one item.
    pub item_shape: Shape,
    /// Integer types of the offset and limit parameters and of the count field.
    pub offset_ty: Ty,
    pub limit_ty: Ty,
    pub count_ty: Ty,
    /// Documented maximum of `limit`, used as the page size when the caller sets none.
    pub max_limit: Option<i64>,
    /// Documented maximum of `offset`.
    pub max_offset: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub name: String,
    pub summary: String,
    pub description: Option<String>,
    pub method: Method,
    pub path: String,
    pub segments: Vec<PathSegment>,
    /// Empty means every region of the service.
    pub regions: Vec<String>,
    pub idempotent: bool,
    /// The body's media type when it is not the runtime's default JSON one.
    pub content_type: Option<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    pub pagination: Option<Pagination>,
}

impl Operation {
    /// The success response (the lowest 2xx status), if any.
    pub fn success(&self) -> Option<&Response> {
        self.responses
            .iter()
            .find(|r| (200..300).contains(&r.status))
    }

    pub fn uses_project_id(&self) -> bool {
        self.segments.contains(&PathSegment::ProjectId)
    }
}

/// What a waiter's acceptor decides when it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    Success,
    Failure,
    Retry,
}

impl AcceptorState {
    pub fn as_str(self) -> &'static str {
        match self {
            AcceptorState::Success => "success",
            AcceptorState::Failure => "failure",
            AcceptorState::Retry => "retry",
        }
    }
}

/// One field on a waiter's path: its wire and Rust names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    pub wire_name: String,
    pub rust_name: String,
}

/// The value an acceptor compares a field with, typed like the field.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    Str(String),
    Int(i64),
    Bool(bool),
    /// A value of a string enum.
    Enum {
        type_name: String,
        variant: String,
        value: String,
    },
    /// A code of an integer enum.
    IntEnum {
        type_name: String,
        variant: String,
        code: i32,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// A field of the output (reached through `path`, every step optional) equals a value.
    Output {
        path: Vec<PathStep>,
        expected: Expected,
    },
    /// A failed poll's service error code.
    ErrorCode(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    pub state: AcceptorState,
    pub matcher: Matcher,
}

impl Acceptor {
    /// What it tests, for docs, messages and reviews: ``` `status` is `Failed` (4) ```, or
    /// ``` the service answers `OMS.1009` ```.
    pub fn describe(&self) -> String {
        match &self.matcher {
            Matcher::ErrorCode(c) => format!("the service answers `{c}`"),
            Matcher::Output { path, expected } => {
                let path: Vec<&str> = path.iter().map(|p| p.wire_name.as_str()).collect();
                let value = match expected {
                    Expected::Str(s) => format!("`{s}`"),
                    Expected::Int(i) => i.to_string(),
                    Expected::Bool(b) => b.to_string(),
                    Expected::Enum { value, .. } => format!("`{value}`"),
                    Expected::IntEnum { variant, code, .. } => format!("`{variant}` ({code})"),
                };
                format!("`{}` is {value}", path.join("."))
            }
        }
    }
}

/// A waiter: polls `operation` until an acceptor says success or failure.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    pub name: String,
    pub description: Option<String>,
    /// The polled operation's name.
    pub operation: String,
    /// Seconds.
    pub min_delay: u64,
    pub max_delay: u64,
    pub max_wait: u64,
    pub acceptors: Vec<Acceptor>,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub endpoint: String,
    /// UpperCamelCase variant name.
    pub variant: String,
}

#[derive(Debug, Clone)]
pub struct Service {
    pub name: String,
    pub api_version: String,
    pub description: Option<String>,
    pub regions: Vec<Region>,
    pub token_header: String,
    pub token_min_length: Option<u64>,
    pub token_max_length: Option<u64>,
    pub project_id_header: String,
    /// The path placeholder filled with the project id.
    pub project_id_placeholder: String,
    pub project_id_min_length: Option<u64>,
    pub project_id_max_length: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub service: Service,
    /// The named types; their names and order are fixed once the model is built (the index
    /// below follows them).
    pub types: Vec<NamedType>,
    pub operations: Vec<Operation>,
    /// Waiters, in file order.
    pub waiters: Vec<Waiter>,
    /// Type name to position in `types`: lookups by name are constant-time, so nothing that
    /// follows a type reference grows with the square of the spec.
    type_index: std::collections::HashMap<String, usize>,
}

impl Model {
    pub fn new(service: Service, types: Vec<NamedType>, operations: Vec<Operation>) -> Model {
        let type_index = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        Model {
            service,
            types,
            operations,
            waiters: Vec::new(),
            type_index,
        }
    }

    pub fn operation_named(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == name)
    }

    pub fn type_named(&self, name: &str) -> Option<&NamedType> {
        self.type_index
            .get(name)
            .and_then(|&i| self.types.get(i))
            .filter(|t| t.name == name)
    }
}
