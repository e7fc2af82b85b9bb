//! The spec files as written by people: plain serde structs, no meaning attached yet.
//!
//! Every struct denies unknown keys so a misspelt `max_lenght` is an error, not a silently
//! ignored bound. Meaning (type resolution, bounds, names) is given by [`crate::check`].
//!
//! What loading asks beyond these structs (each refusal reported at `file:line:column`):
//!
//! - Every file is UTF-8 and defines something: `service.yaml` its `service`, `types.yaml` at
//!   least one type, each `operations/*.yaml` at least one operation (types that only other
//!   files use belong in `types.yaml`). A file emptied by accident (nothing, only comments, an
//!   empty `operations:` or `types:`) would otherwise drop its definitions silently: delete a
//!   file rather than empty it.
//! - No key is given twice in one mapping.
//! - Text (any key or value) holds no bidirectional control character (U+202A–U+202E,
//!   U+2066–U+2069) and no control character other than tab and line breaks. YAML comments
//!   are not checked: they never reach the generated code.
//!
//! The rest of any text is accepted. In the generated docs, every kind of line break (LF,
//! CR LF, a bare CR, NEL, LS, PS) is a line break and a tab is a space; in code spans
//! (values, patterns, wire names) they show as escapes (`\t`); literals and the OpenAPI
//! document keep the text exactly. (`pipeline/text.rs` has the classes and their reasons.)

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

/// `spec/service.yaml`: the service, its endpoints and how it authenticates.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    pub service: ServiceDef,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceDef {
    /// Short name, e.g. `OMS`.
    pub name: String,
    /// API version, e.g. `v2`.
    pub api_version: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Endpoint template with a `{region}` placeholder.
    pub endpoint: String,
    pub regions: Vec<RegionDef>,
    /// The IAM token header every operation accepts instead of a signature.
    pub token: TokenDef,
    /// The project id: taken from the credentials, sent in the path and as a header.
    pub project_id: ProjectIdDef,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionDef {
    pub id: String,
    pub name: String,
    /// Overrides the endpoint template for this region.
    #[serde(default)]
    pub endpoint: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenDef {
    pub header: String,
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub max_length: Option<u64>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectIdDef {
    /// The path placeholder filled from the credentials.
    pub path_parameter: String,
    /// The header that repeats it.
    pub header: String,
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub max_length: Option<u64>,
    #[serde(default)]
    pub description: Option<String>,
}

/// `spec/types.yaml`: named types shared between operations.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypesFile {
    #[serde(default)]
    pub types: IndexMap<String, TypeDef>,
}

/// A named type: an object (`fields`), a string enum (`enum`), an integer enum (`type:
/// integer` with `enum`: named integer codes), or another name for a type expression
/// (`alias`: an array, a map or a scalar with its bounds, say).
///
/// An enum value whose variant would be `Unknown` is allowed: the variant that keeps unlisted
/// values then takes another name (see the generated enum's docs).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    #[serde(default)]
    pub description: Option<String>,
    /// `integer` for an enum of named integer codes (each value with a `name`); absent for
    /// objects and string enums.
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    /// `int32`, the only width of integer enums (may be left out).
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub fields: Option<IndexMap<String, FieldDef>>,
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<EnumValueDef>>,
    /// The type expression this name stands for: `type` (with `format`, `items` or `values`)
    /// and bounds; fields of this type take its bounds, and may narrow them with their own.
    #[serde(default)]
    pub alias: Option<Box<FieldDef>>,
}

/// One enum value: either a bare value or `{value, name, description}`.
#[derive(Debug, JsonSchema)]
#[schemars(untagged)]
pub enum EnumValueDef {
    Bare(EnumLiteral),
    Described(DescribedEnumValue),
}

/// An enum value as written: text (string enums; a bare number or boolean there counts as its
/// text) or an integer (integer enums).
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(untagged)]
pub enum EnumLiteral {
    Text(String),
    Int(#[schemars(with = "i64")] i128),
}

impl EnumLiteral {
    /// The value as text: how string enums read it, and how messages show it.
    pub fn text(&self) -> String {
        match self {
            EnumLiteral::Text(t) => t.clone(),
            EnumLiteral::Int(i) => i.to_string(),
        }
    }
}

impl<'de> Deserialize<'de> for EnumLiteral {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = EnumLiteral;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an enum value: a string or an integer")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<EnumLiteral, E> {
                Ok(EnumLiteral::Text(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<EnumLiteral, E> {
                Ok(EnumLiteral::Int(v.into()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<EnumLiteral, E> {
                Ok(EnumLiteral::Int(v.into()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<EnumLiteral, E> {
                Ok(EnumLiteral::Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// By hand rather than `untagged`, so a mistake inside `{value, description}` (say an unknown
/// key) is reported as such instead of "did not match any variant".
impl<'de> Deserialize<'de> for EnumValueDef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = EnumValueDef;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "an enum value: a string or an integer, or a map with `value`, `name` and \
                     `description`",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<EnumValueDef, E> {
                Ok(EnumValueDef::Bare(EnumLiteral::Text(v.to_string())))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<EnumValueDef, E> {
                Ok(EnumValueDef::Bare(EnumLiteral::Int(v.into())))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<EnumValueDef, E> {
                Ok(EnumValueDef::Bare(EnumLiteral::Int(v.into())))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<EnumValueDef, E> {
                Ok(EnumValueDef::Bare(EnumLiteral::Text(v.to_string())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<EnumValueDef, A::Error> {
                DescribedEnumValue::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(EnumValueDef::Described)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DescribedEnumValue {
    pub value: EnumLiteral,
    /// The Rust variant of an integer enum's value (UpperCamelCase); string enums take theirs
    /// from the value.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

impl EnumValueDef {
    pub fn literal(&self) -> &EnumLiteral {
        match self {
            EnumValueDef::Bare(v) => v,
            EnumValueDef::Described(d) => &d.value,
        }
    }
    /// The value as text (see [`EnumLiteral::text`]).
    pub fn value(&self) -> String {
        self.literal().text()
    }
    pub fn name(&self) -> Option<&str> {
        match self {
            EnumValueDef::Bare(_) => None,
            EnumValueDef::Described(d) => d.name.as_deref(),
        }
    }
    pub fn description(&self) -> Option<&str> {
        match self {
            EnumValueDef::Bare(_) => None,
            EnumValueDef::Described(d) => d.description.as_deref(),
        }
    }
}

/// A field of an object type, an operation parameter, an array's items, a map's values, an
/// alias or a response body.
///
/// One struct for all of them keeps the vocabulary identical everywhere; [`crate::check`]
/// rejects keys that make no sense in a given place (`in` on a type field, `required` on array
/// items).
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// `string`, `integer`, `number`, `boolean`, `array` (with `items`), `map` (a JSON object
    /// with any keys, with `values`), `any` (any JSON value, not checked), or the name of a
    /// type.
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// For integers `int32` (also written `int`, `integer`, `int16`, `int8`, `short`) or
    /// `int64` (also `long`, `uint32`); for numbers `float` or `double`.
    #[serde(default)]
    pub format: Option<String>,
    /// Element type of an array.
    #[serde(default)]
    pub items: Option<Box<FieldDef>>,
    /// Value type of a map (keys are strings).
    #[serde(default)]
    pub values: Option<Box<FieldDef>>,
    /// Where a parameter travels: `path`, `query` or `header`.
    #[serde(default, rename = "in")]
    pub location: Option<String>,
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub default: Option<serde_yaml::Value>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub max_length: Option<u64>,
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub minimum: Option<serde_yaml::Number>,
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub maximum: Option<serde_yaml::Number>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub min_items: Option<u64>,
    #[serde(default)]
    pub max_items: Option<u64>,
    /// Secrets: redacted from `Debug` output.
    #[serde(default)]
    pub sensitive: Option<bool>,
    /// The Rust name, when the wire name cannot be one (a keyword, say).
    #[serde(default)]
    pub rust_name: Option<String>,
}

/// `spec/operations/*.yaml`: one or more operations.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OperationsFile {
    #[serde(default)]
    pub operations: IndexMap<String, OperationDef>,
    /// Types used only by these operations; shared ones live in `spec/types.yaml`.
    #[serde(default)]
    pub types: IndexMap<String, TypeDef>,
    /// Waiters that poll these operations until long-running work is done.
    #[serde(default)]
    pub waiters: IndexMap<String, WaiterDef>,
}

/// A waiter: `Client::wait_until_<name>()` polls `operation` until an acceptor says the work
/// succeeded or failed, or `max_wait` passes. Delays are in seconds; between polls the wait
/// grows exponentially from `min_delay` to `max_delay`, with jitter.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiterDef {
    #[serde(default)]
    pub description: Option<String>,
    /// The operation polled; the waiter takes its parameters' setters.
    pub operation: String,
    /// The first delay between polls and the least, in seconds (default 2).
    #[serde(default)]
    pub min_delay: Option<u64>,
    /// The longest delay between polls, in seconds (default 120).
    #[serde(default)]
    pub max_delay: Option<u64>,
    /// How long a wait may take by default, in seconds; callers override it with
    /// `.max_wait(..)`.
    pub max_wait: u64,
    /// Tried in order after each poll: the first that matches decides.
    pub acceptors: Vec<AcceptorDef>,
}

/// One acceptor: a field of the output compared with a value (`path` and `equals`), or the
/// service error code of a failed poll (`error`), and what follows when it matches.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptorDef {
    /// `success`, `failure` or `retry`.
    pub state: String,
    /// Wire names of fields from the output to a scalar or enum field, dot-separated
    /// (`status`, `error_reason.error_code`).
    #[serde(default)]
    pub path: Option<String>,
    /// The value the field must have: a string, an integer, a boolean, or a value of the
    /// field's enum (for an integer enum, its code or its name).
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub equals: Option<serde_yaml::Value>,
    /// A service error code, such as `OMS.1009`, that a failed poll answers.
    #[serde(default)]
    pub error: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OperationDef {
    pub summary: String,
    #[serde(default)]
    pub description: Option<String>,
    pub method: String,
    pub path: String,
    /// Region ids the operation is available in; absent means every region.
    #[serde(default)]
    pub regions: Option<Vec<String>>,
    /// Whether repeating the call is harmless (retries of HTTP 500 depend on it).
    /// Defaults to true for GET, PUT and DELETE.
    #[serde(default)]
    pub idempotent: Option<bool>,
    /// The media type of the JSON body when it is not `application/json;charset=UTF-8`, e.g.
    /// `application/merge-patch+json`; sent as `Content-Type`.
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub parameters: IndexMap<String, FieldDef>,
    #[serde(default)]
    pub body: Option<BodyDef>,
    pub responses: IndexMap<u32, ResponseDef>,
    #[serde(default)]
    pub pagination: Option<PaginationDef>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyDef {
    /// A named object type, or an alias of an array or a map.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseDef {
    #[serde(default)]
    pub description: Option<String>,
    /// Body type; absent for an empty body.
    #[serde(rename = "type", default)]
    pub ty: Option<String>,
    #[serde(default)]
    pub items: Option<Box<FieldDef>>,
    #[serde(default)]
    pub values: Option<Box<FieldDef>>,
    /// A sample body, e.g. from the API documentation; generated tests decode it.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub example: Option<serde_yaml::Value>,
}

/// Offset/limit paging: names of the parameters and of the response fields involved.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaginationDef {
    pub offset: String,
    pub limit: String,
    pub items: String,
    pub count: String,
}

/// The integer `format`s that mean a 32-bit integer.
pub const INT32_FORMATS: &[&str] = &["int32", "int", "integer", "int16", "int8", "short"];
/// The integer `format`s that mean a 64-bit integer (`uint32` fits in one).
pub const INT64_FORMATS: &[&str] = &["int64", "long", "uint32"];

/// Any spec file: the union of the three kinds, for the editor schema. The loader itself reads
/// each file as its own kind.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "OMS client spec file",
    description = "A file under spec/: service.yaml, types.yaml or operations/*.yaml."
)]
pub struct AnySpecFile {
    #[serde(default)]
    pub service: Option<ServiceDef>,
    #[serde(default)]
    pub types: IndexMap<String, TypeDef>,
    #[serde(default)]
    pub operations: IndexMap<String, OperationDef>,
    #[serde(default)]
    pub waiters: IndexMap<String, WaiterDef>,
}
