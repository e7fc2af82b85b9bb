//! Tests generated from the spec, in the style of smithy's protocol tests: for every operation,
//! the request built from representative values must arrive on a loopback server exactly as
//! the spec says (method, path, query, body, signature), and a response must decode; for every
//! bound, values just inside pass and values just outside fail, naming the field.

use std::fmt::Write as _;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::sample::{
    param_text, percent_encode, python_float, python_json, rust_expr, sample, sample_lenient,
    sample_response, string_fits, Sample,
};
use super::Paths;
use crate::pipeline::format::{expr_text, Chunk};
use crate::pipeline::model::{
    Bounds, Field, Method, Model, NamedType, Number, Operation, ParamLocation, PathSegment, Shape,
    Ty, TypeKind,
};
use crate::pipeline::names;

/// The project id of the protocol tests: `proj123`, made as long as the service's project id
/// bounds ask (digits added or dropped), so the requests pass their own checks.
fn project_id(model: &Model) -> String {
    let s = &model.service;
    project_id_within(s.project_id_min_length, s.project_id_max_length)
}

fn project_id_within(min: Option<u64>, max: Option<u64>) -> String {
    let mut id = String::from("proj123");
    let min = min.unwrap_or(0).min(4096) as usize;
    while id.len() < min {
        id.push(char::from(b'0' + (id.len() % 10) as u8));
    }
    if let Some(max) = max {
        id.truncate(max as usize);
    }
    id
}

/// The start of `protocol.rs`: its docs, imports and the project id; the tests follow.
pub fn emit_protocol_head(model: &Model) -> TokenStream {
    let project_id = project_id(model);
    quote! {
        //! Protocol tests generated from the spec: one request per operation, checked against
        //! the wire form the generator computes on its own. The including test target provides
        //! `api` (the crate under test) and `harness`: a server per test (`start`: a loopback
        //! server scripted with the given answer, or an emulator that answers for itself;
        //! `scripted`: always the scripted one), a client for it, the requests it received, and
        //! how outputs are compared.
        use super::{api, harness};

        /// The project id every request carries.
        pub const PROJECT_ID: &str = #project_id;
    }
}

/// The representative input of an operation: (field, value) for every parameter that has one,
/// and the body; `valid` is false when a required value could not be made within its bounds.
struct Inputs {
    params: Vec<(Field, ParamLocation, Sample)>,
    body: Option<Sample>,
    valid: bool,
}

fn inputs(model: &Model, op: &Operation) -> Inputs {
    let mut valid = true;
    let mut params = Vec::new();
    for p in &op.params {
        match sample(model, &p.field.shape, 0) {
            Some(s) => params.push((p.field.clone(), p.location, s)),
            None if p.field.required => {
                valid = false;
                if let Some(s) = sample_lenient(model, &p.field.shape) {
                    params.push((p.field.clone(), p.location, s));
                }
            }
            None => {}
        }
    }
    let body = op.body.as_ref().and_then(|b| {
        sample(model, &b.shape, 0).or_else(|| {
            // No value within every bound: send one anyway, with validation off.
            valid = false;
            sample_lenient(model, &b.shape)
        })
    });
    Inputs {
        params,
        body,
        valid,
    }
}

fn expected_target(op: &Operation, inputs: &Inputs, project_id: &str) -> String {
    let mut path = String::new();
    for seg in &op.segments {
        match seg {
            PathSegment::Literal(l) => path.push_str(l),
            PathSegment::ProjectId => path.push_str(&percent_encode(project_id)),
            PathSegment::Param(name) => {
                if let Some((_, _, s)) = inputs.params.iter().find(|(f, _, _)| &f.wire_name == name)
                {
                    path.push_str(&percent_encode(&param_text(s)));
                }
            }
        }
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (f, loc, s) in &inputs.params {
        if *loc != ParamLocation::Query {
            continue;
        }
        match s {
            Sample::Array(items) => {
                pairs.extend(items.iter().map(|i| (f.wire_name.clone(), param_text(i))))
            }
            other => pairs.push((f.wire_name.clone(), param_text(other))),
        }
    }
    pairs.sort();
    if !pairs.is_empty() {
        path.push('?');
        let q: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
            .collect();
        path.push_str(&q.join("&"));
    }
    path
}

/// The protocol test of one operation (and its documented-example test, if any).
pub fn protocol_test(model: &Model, op: &Operation) -> TokenStream {
    let test_name = format_ident!("{}", names::protocol_test(&op.name));
    let method_ident = format_ident!("{}", names::client_method(&op.name));
    let send = format_ident!("{}", names::SEND);
    let inputs = inputs(model, op);
    let setters = setter_calls(inputs.params.iter().map(|(f, _, v)| (f, v)));
    let body_setter = inputs.body.as_ref().map(body_call);
    let options_fn = format_ident!("{}", names::OPTIONS);
    let options = (!inputs.valid)
        .then(|| quote!(.#options_fn(api::RequestOptions::default().validate_requests(false))));
    let success = op.success();
    let status = Literal::u16_unsuffixed(success.map(|r| r.status).unwrap_or(200));
    // Responses are not held to their bounds: a value that breaks a pattern no sample can
    // meet decodes all the same.
    let response_sample = success
        .and_then(|r| r.shape.as_ref())
        .and_then(|shape| sample(model, shape, 0).or_else(|| sample_response(model, shape)));
    let response_text = response_sample
        .as_ref()
        .map(python_json)
        .unwrap_or_default();
    let method = op.method.as_str();
    let project_id = project_id(model);
    let target = expected_target(op, &inputs, &project_id);
    let content_type = match (&inputs.body, &op.content_type) {
        (Some(_), Some(media_type)) => media_type.as_str(),
        (Some(_), None) => "application/json;charset=UTF-8",
        (None, _) => "application/json",
    };
    // The recorded request names its headers in lowercase.
    let project_header = model.service.project_id_header.to_ascii_lowercase();
    let project_check = if op.uses_project_id() {
        quote!(assert_eq!(r.header(#project_header), Some(#project_id));)
    } else {
        quote!(assert_eq!(r.header(#project_header), Some(#project_id), "sent on every call, as the official SDK does");)
    };
    let body_check = match &inputs.body {
        Some(b) => {
            let expected = python_json(b);
            quote!(assert_eq!(std::str::from_utf8(&r.body).unwrap(), #expected);)
        }
        // Without a body, everything but GET and HEAD announces `Content-Length: 0`, as the
        // official SDKs do (gateways may refuse a POST without a length).
        None if matches!(op.method, Method::Get | Method::Head) => quote! {
            assert!(r.body.is_empty(), "no body expected");
            assert_eq!(r.header("content-length"), None);
        },
        None => quote! {
            assert!(r.body.is_empty(), "no body expected");
            assert_eq!(r.header("content-length"), Some("0"));
        },
    };
    let output_check = response_sample
        .is_some()
        .then(|| quote!(harness::check_output(&output, #response_text);));
    let op_name = &op.name;
    let bind = response_sample.is_some().then(|| quote!(let output =));
    let example_test = success.and_then(|r| r.example.as_ref().map(|ex| (r, ex))).map(|(r, ex)| {
        let name = format_ident!("{}", names::example_test(&op.name));
        let status = Literal::u16_unsuffixed(r.status);
        let required = setter_calls(inputs.params.iter().filter(|(f, _, _)| f.required).map(|(f, _, v)| (f, v)));
        let body_setter = body_setter.clone();
        let options = options.clone();
        quote! {
            #[tokio::test]
            async fn #name() {
                let server = harness::scripted(#status, #ex).await;
                let result = server.client().#method_ident() #(#required)* #body_setter #options .#send().await;
                assert!(result.is_ok(), "the documented example must decode: {:?}", result.err());
            }
        }
    });
    quote! {
        #[tokio::test]
        async fn #test_name() {
            let server = harness::start(#op_name, #status, #response_text).await;
            #bind server.client()
                .#method_ident()
                #(#setters)*
                #body_setter
                #options
                .#send()
                .await
                .unwrap();
            let requests = server.requests();
            assert_eq!(requests.len(), 1);
            let r = &requests[0];
            assert_eq!(r.method, #method);
            assert_eq!(r.target, #target);
            assert_eq!(r.header("content-type"), Some(#content_type));
            #project_check
            assert!(server.signature_is_valid(r), "signature must verify");
            #body_check
            #output_check
        }
        #example_test
    }
}

/// The base value and the boundary cases of a request type's fields, if it has any bounds
/// to test.
fn type_cases<'m>(model: &Model, t: &'m NamedType) -> Option<(Sample, Vec<(&'m Field, Case)>)> {
    let TypeKind::Object(fields) = &t.kind else {
        return None;
    };
    if !t.in_request {
        return None;
    }
    let shape = Shape {
        ty: Ty::Object(t.name.clone()),
        bounds: Bounds::default(),
    };
    let base = sample(model, &shape, 0)?;
    let cases: Vec<(&Field, Case)> = fields
        .iter()
        .flat_map(|f| boundary_cases(model, f).into_iter().map(move |c| (f, c)))
        .collect();
    (!cases.is_empty()).then_some((base, cases))
}

/// The boundary cases of an operation's parameters, and its representative input, if it has
/// any bounds to test and a valid input to test them on.
fn operation_cases<'m>(
    model: &Model,
    op: &'m Operation,
) -> Option<(Inputs, Vec<(&'m Field, Case)>)> {
    let inputs = inputs(model, op);
    if !inputs.valid {
        return None;
    }
    let cases: Vec<(&Field, Case)> = op
        .params
        .iter()
        .flat_map(|p| {
            boundary_cases(model, &p.field)
                .into_iter()
                .map(move |c| (&p.field, c))
        })
        .collect();
    (!cases.is_empty()).then_some((inputs, cases))
}

/// What the tests of `bounds.rs` use, so that its head declares only that: a spec without a
/// bounded parameter has no parameter test, and no helper for one.
#[derive(Default)]
pub struct BoundsUsage {
    type_tests: bool,
    operation_tests: bool,
    repeat: bool,
    json: bool,
    items: bool,
}

pub fn bounds_usage(model: &Model) -> BoundsUsage {
    let mut usage = BoundsUsage::default();
    for t in &model.types {
        if let Some((_, cases)) = type_cases(model, t) {
            usage.type_tests = true;
            for (_, case) in cases {
                match case.value {
                    CaseValue::Repeat(..) => usage.repeat = true,
                    CaseValue::Items(..) => usage.items = true,
                    _ => usage.json = true,
                }
            }
        }
    }
    usage.operation_tests = model
        .operations
        .iter()
        .any(|op| operation_cases(model, op).is_some());
    usage
}

/// The boundary test of a request type's fields, if it has any bounds to test: a
/// `type_bounds!` table (see [`emit_bounds_head`]), one case per line.
pub fn bounds_type_test(model: &Model, t: &NamedType) -> Option<String> {
    let (base, cases) = type_cases(model, t)?;
    let mut rows = String::new();
    for (f, case) in cases {
        let _ = writeln!(
            rows,
            "    {} {}: {} => {};",
            string_literal(&f.wire_name),
            f.rust_name,
            case.value.table(),
            case.problem.unwrap_or(ACCEPTED)
        );
    }
    Some(format!(
        "type_bounds! {{\n    {}: {} = {};\n{rows}}}\n",
        names::bounds_test(&t.name),
        t.name,
        string_literal(&python_json(&base)),
    ))
}

/// The boundary test of an operation's parameters: a `parameter_bounds!` table whose rows set
/// one parameter each on a builder that holds every other required value.
pub fn bounds_operation_test(model: &Model, op: &Operation) -> Option<String> {
    let (inputs, cases) = operation_cases(model, op)?;
    let mut rows = String::new();
    for (f, case) in cases {
        let _ = writeln!(
            rows,
            "    {}({}) => {};",
            f.rust_name,
            case.value.rust(),
            case.problem.unwrap_or(ACCEPTED)
        );
    }
    let method = format_ident!("{}", names::client_method(&op.name));
    let required = setter_calls(
        inputs
            .params
            .iter()
            .filter(|(f, _, _)| f.required)
            .map(|(f, _, v)| (f, v)),
    );
    let body = inputs.body.as_ref().map(body_call);
    let base = expr_text(&quote!(client.#method() #(#required)* #body), "        ");
    Some(format!(
        "parameter_bounds! {{\n    {}: {}::{} = |client| {{\n        {base}\n    }};\n{rows}}}\n",
        names::parameters_bounds_test(&op.name),
        names::operation_module(&op.name),
        names::request_type(&op.name),
    ))
}

/// What a boundary table says of a value that must be accepted.
const ACCEPTED: &str = "ok";

/// A Rust string literal of `text`.
fn string_literal(text: &str) -> String {
    Literal::string(text).to_string()
}

/// The start of `bounds.rs`: its docs, the helpers its tests use and the macros that turn
/// each table into a test; the tables follow.
pub fn emit_bounds_head(usage: &BoundsUsage) -> Vec<Chunk> {
    let mut chunks = vec![Chunk::Code(bounds_helpers(usage))];
    let mut macros = String::new();
    if usage.type_tests {
        macros.push_str(TYPE_BOUNDS_MACRO);
    }
    if usage.operation_tests {
        macros.push_str(PARAMETER_BOUNDS_MACRO);
    }
    if usage.type_tests || usage.operation_tests {
        macros.push_str(PROBLEM_MACRO);
        chunks.push(Chunk::Verbatim(macros));
    }
    chunks
}

// The tables' macros, laid out by hand: prettyplease prints a macro's rules as one run of
// tokens.

const TYPE_BOUNDS_MACRO: &str = r#"/// A request type's boundary test: the test's name, the type and a valid value of it as
/// JSON, then one case per line: the field's wire name, its Rust name, the boundary value,
/// and the `Problem` variant it raises (`ok`: accepted).
macro_rules! type_bounds {
    (
        $test:ident: $ty:ident = $base:literal;
        $( $wire:literal $field:ident: $kind:ident($($value:tt)*) => $problem:ident; )*
    ) => {
        #[test]
        fn $test() {
            check::<api::types::$ty>(
                $base,
                &[$( ($wire, stringify!($field), V::$kind($($value)*), problem!($problem)) ),*],
            );
        }
    };
}

"#;

const PARAMETER_BOUNDS_MACRO: &str = r#"/// An operation's boundary test of its parameters: the test's name, the request builder's
/// type and a builder holding every required value, then one case per line: a setter call
/// with the boundary value, and the `Problem` variant it raises (`ok`: accepted).
macro_rules! parameter_bounds {
    (
        $test:ident: $module:ident::$request:ident = |$client:ident| $base:block;
        $( $setter:ident($($value:tt)*) => $problem:ident; )*
    ) => {
        #[test]
        fn $test() {
            let $client = client();
            check_parameters::<api::operations::$module::$request, _>(
                || $base,
                |r| r.into_input(),
                &[$( (|r| r.$setter($($value)*), stringify!($setter), problem!($problem)) ),*],
            );
        }
    };
}

"#;

const PROBLEM_MACRO: &str = r#"/// A table's expected problem: `ok` is none, else the `Problem` variant's name.
macro_rules! problem {
    (ok) => {
        None
    };
    ($problem:ident) => {
        Some(stringify!($problem))
    };
}
"#;

/// The functions the tables' tests call, those that some test uses.
fn bounds_helpers(usage: &BoundsUsage) -> TokenStream {
    let docs = quote! {
        //! Boundary tests generated from the spec: for each bound of each request field and
        //! parameter, values just inside are accepted and values just outside are rejected with
        //! the field's name.
    };
    if !usage.type_tests && !usage.operation_tests {
        return docs;
    }
    let used = |yes: bool, tokens: TokenStream| yes.then_some(tokens);
    let type_helpers = usage.type_tests.then(|| {
        let repeat = used(usage.repeat, quote! {
            /// A string of `n` copies of the text.
            Repeat(&'static str, usize),
        });
        let json = used(usage.json, quote! {
            /// JSON text.
            Json(&'static str),
        });
        let items = used(usage.items, quote! {
            /// An array of `n` copies of one JSON item.
            Items(&'static str, usize),
        });
        let repeat_arm = used(
            usage.repeat,
            quote!(V::Repeat(text, n) => serde_json::Value::String(text.repeat(*n)),),
        );
        let json_arm = used(
            usage.json,
            quote!(V::Json(text) => serde_json::from_str(text).unwrap(),),
        );
        let items_arm = used(
            usage.items,
            quote!(V::Items(item, n) => serde_json::Value::Array(vec![serde_json::from_str(item).unwrap(); *n]),),
        );
        quote! {
            /// A boundary value as JSON.
            enum V {
                #repeat
                #json
                #items
            }

            impl V {
                fn json(&self) -> serde_json::Value {
                    match self {
                        #repeat_arm
                        #json_arm
                        #items_arm
                    }
                }
            }

            /// Sets each row's field of the `base` value (JSON, wire names) to the row's value,
            /// decodes the type and validates it: accepted, or rejected naming the field with the
            /// expected problem.
            fn check<T: serde::de::DeserializeOwned + Validate>(
                base: &str,
                rows: &[(&str, &str, V, Option<&str>)],
            ) {
                let base: serde_json::Value = serde_json::from_str(base).unwrap();
                for (wire, field, value, expected) in rows {
                    let mut json = base.clone();
                    json[*wire] = value.json();
                    let typed: T = serde_json::from_value(json).unwrap_or_else(|e| panic!("{field}: {e}"));
                    expect(typed.validate(), field, *expected);
                }
            }
        }
    });
    let operation_helpers = usage.operation_tests.then(|| {
        quote! {
            /// A row of a parameters test: the setter call, the parameter's name and the expected
            /// `Problem` variant (`None`: accepted).
            type ParameterRow<B> = (fn(B) -> B, &'static str, Option<&'static str>);

            /// Sets each row's parameter on the `base` builder (which holds every other required
            /// value) and validates the input: accepted, or rejected naming the parameter with the
            /// expected problem.
            fn check_parameters<B, I: Validate>(
                base: impl Fn() -> B,
                input: impl Fn(B) -> Result<I, api::ValidationError>,
                rows: &[ParameterRow<B>],
            ) {
                for (set, field, expected) in rows {
                    let typed = input(set(base())).unwrap_or_else(|e| panic!("{field}: {e}"));
                    expect(typed.validate(), field, *expected);
                }
            }

            /// A client that never sends: these tests only validate inputs.
            fn client() -> api::Client {
                api::Client::builder()
                    .endpoint("https://127.0.0.1:9")
                    .credentials(api::Credentials::new("AK", "SK").project_id("p"))
                    .build()
                    .unwrap()
            }
        }
    });
    quote! {
        #docs

        #type_helpers

        #operation_helpers

        /// The validation result is acceptance (`None`), or an error naming `field` with the
        /// `Problem` variant of that name.
        fn expect(result: Result<(), api::ValidationError>, field: &str, expected: Option<&str>) {
            match (result, expected) {
                (Ok(()), None) => {}
                (Err(e), Some(problem)) => {
                    assert_eq!(e.field(), field);
                    let debug = format!("{:?}", e.problem());
                    let variant = debug.split([' ', '{', '(']).next().unwrap_or_default();
                    assert_eq!(variant, problem, "{field}: {e}");
                }
                (got, want) => panic!("{field}: expected {want:?}, got {got:?}"),
            }
        }

        use super::api;
        use api::Validate;
    }
}

/// `.body(value)`: the setter of an operation's body.
fn body_call(body: &Sample) -> TokenStream {
    let setter = format_ident!("{}", names::BODY);
    let v = rust_expr(body, true, false);
    quote!(.#setter(#v))
}

/// `.field(value)` calls for a builder, one per (field, value).
fn setter_calls<'a>(pairs: impl Iterator<Item = (&'a Field, &'a Sample)>) -> Vec<TokenStream> {
    pairs
        .map(|(f, v)| {
            let ident = format_ident!("{}", f.rust_name);
            let v = rust_expr(v, true, f.sensitive);
            quote!(.#ident(#v))
        })
        .collect()
}

/// One boundary value of a field and the problem it must raise (`None`: accepted).
struct Case {
    value: CaseValue,
    /// The `Problem` variant, e.g. `TooLong`.
    problem: Option<&'static str>,
}

/// The Rust type of an array's items, which an empty array must spell.
struct ItemType(TokenStream);

enum CaseValue {
    /// `n` copies of one character.
    Repeat(char, u64),
    Text(&'static str),
    Int(i64),
    Float(f64),
    /// A value of the named enum that the spec does not list.
    UnknownEnum(String),
    /// A code of the named integer enum that the spec does not list.
    UnknownIntEnum(String, i64),
    /// `n` copies of an array item, of this Rust type.
    Items(Sample, u64, ItemType),
}

impl CaseValue {
    /// The value as a Rust expression for a builder setter, as text.
    fn rust(&self) -> String {
        match self {
            CaseValue::Repeat(c, 1) => string_literal(&c.to_string()),
            CaseValue::Repeat(c, n) => format!("{}.repeat({n})", string_literal(&c.to_string())),
            CaseValue::Text(t) => string_literal(t),
            CaseValue::Int(v) => v.to_string(),
            CaseValue::Float(v) => {
                let l = Literal::f64_unsuffixed(v.abs());
                if *v < 0.0 {
                    format!("-{l}")
                } else {
                    l.to_string()
                }
            }
            CaseValue::UnknownEnum(t) => format!("api::types::{t}::from(\"NOT-A-LISTED-VALUE\")"),
            CaseValue::UnknownIntEnum(t, code) => {
                format!("api::types::{t}::from({})", CaseValue::Int(*code).rust())
            }
            CaseValue::Items(_, 0, ItemType(ty)) => expr_text(&quote!(Vec::<#ty>::new()), ""),
            CaseValue::Items(item, n, _) => {
                format!(
                    "vec![{}; {n}]",
                    expr_text(&rust_expr(item, false, false), "    ")
                )
            }
        }
    }

    /// The value as a `V` of the generated table (JSON text, or a repetition of it), as text.
    fn table(&self) -> String {
        match self {
            CaseValue::Repeat(c, n) => format!("Repeat({}, {n})", string_literal(&c.to_string())),
            CaseValue::Items(item, n, _) => {
                format!("Items({}, {n})", string_literal(&python_json(item)))
            }
            CaseValue::Text(t) => format!(
                "Json({})",
                string_literal(&python_json(&Sample::Str(t.to_string())))
            ),
            CaseValue::Int(v) => format!("Json({})", string_literal(&v.to_string())),
            CaseValue::Float(v) => format!("Json({})", string_literal(&python_float(*v))),
            CaseValue::UnknownEnum(_) => {
                format!("Json({})", string_literal("\"NOT-A-LISTED-VALUE\""))
            }
            CaseValue::UnknownIntEnum(_, code) => {
                format!("Json({})", string_literal(&code.to_string()))
            }
        }
    }
}

/// The boundary values of one field: just inside and just outside each bound, a pattern
/// mismatch, an unlisted enum value.
fn boundary_cases(model: &Model, f: &Field) -> Vec<Case> {
    let b = &f.shape.bounds;
    let mut cases = Vec::new();
    let mut push = |value, problem| cases.push(Case { value, problem });
    match &f.shape.ty {
        Ty::String => {
            let pattern_only = Bounds {
                min_length: None,
                max_length: None,
                ..b.clone()
            };
            // A multibyte character when the pattern allows it: lengths count characters.
            let unit = ['é', 'a', '0']
                .into_iter()
                .find(|c| string_fits(&pattern_only, &c.to_string().repeat(3)));
            if let Some(unit) = unit {
                // Lengths beyond this make huge test inputs: not tested.
                let testable = |n: u64| n <= 20_000;
                let fits_pattern =
                    |n: u64| string_fits(&pattern_only, &unit.to_string().repeat(n as usize));
                if let Some(min) = b.min_length.filter(|m| testable(*m)) {
                    if fits_pattern(min) {
                        push(CaseValue::Repeat(unit, min), None);
                    }
                    if min > 0 && fits_pattern(min - 1) {
                        push(CaseValue::Repeat(unit, min - 1), Some("TooShort"));
                    }
                }
                if let Some(max) = b.max_length.filter(|m| testable(*m)) {
                    if fits_pattern(max) {
                        push(CaseValue::Repeat(unit, max), None);
                    }
                    if fits_pattern(max + 1) {
                        push(CaseValue::Repeat(unit, max + 1), Some("TooLong"));
                    }
                }
            }
            if b.pattern.is_some() {
                let within = |s: &str| {
                    let n = s.chars().count() as u64;
                    b.min_length.is_none_or(|m| n >= m) && b.max_length.is_none_or(|m| n <= m)
                };
                let bad = ["<", "\"", "a<b", "&", "'", "\\", " ", "-", "Z", "!"]
                    .into_iter()
                    .find(|c| within(c) && !string_fits(&pattern_only, c));
                if let Some(bad) = bad {
                    push(CaseValue::Text(bad), Some("PatternMismatch"));
                }
            }
        }
        Ty::Int32 | Ty::Int64 => {
            let limit = if matches!(f.shape.ty, Ty::Int32) {
                i64::from(i32::MAX)
            } else {
                i64::MAX
            };
            if let Some(Number::Int(min)) = b.minimum {
                push(CaseValue::Int(min), None);
                if min > -limit {
                    push(CaseValue::Int(min - 1), Some("BelowMinimum"));
                }
            }
            if let Some(Number::Int(max)) = b.maximum {
                push(CaseValue::Int(max), None);
                if max < limit {
                    push(CaseValue::Int(max + 1), Some("AboveMaximum"));
                }
            }
        }
        Ty::Float | Ty::Double => {
            let value = |n: Number| match n {
                Number::Float(v) => v,
                Number::Int(v) => v as f64,
            };
            if let Some(min) = b.minimum.map(value) {
                push(CaseValue::Float(min), None);
                push(CaseValue::Float(min - 1.0), Some("NumberBelowMinimum"));
            }
            if let Some(max) = b.maximum.map(value) {
                push(CaseValue::Float(max), None);
                push(CaseValue::Float(max + 1.0), Some("NumberAboveMaximum"));
            }
        }
        Ty::Enum(name) => match model.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(values)) if !values.is_empty() => push(
                CaseValue::UnknownEnum(name.clone()),
                Some("UnknownEnumValue"),
            ),
            Some(TypeKind::IntEnum(values)) if !values.is_empty() => {
                // One past the largest listed code (or below the smallest, at the top of
                // the range): a code the spec does not list.
                let max = values.iter().map(|v| v.value).max().unwrap_or(0);
                let min = values.iter().map(|v| v.value).min().unwrap_or(0);
                if let Some(code) = max.checked_add(1).or(min.checked_sub(1)) {
                    push(
                        CaseValue::UnknownIntEnum(name.clone(), i64::from(code)),
                        Some("UnknownEnumValue"),
                    );
                }
            }
            _ => {}
        },
        Ty::Array(inner) => {
            if let Some(item) = sample(model, inner, 1) {
                if let Some(min) = b.min_items.filter(|m| *m <= 10_000) {
                    let ty = || ItemType(Paths::TESTS.type_of(&inner.ty, false));
                    push(CaseValue::Items(item.clone(), min, ty()), None);
                    if min > 0 {
                        push(
                            CaseValue::Items(item.clone(), min - 1, ty()),
                            Some("TooFewItems"),
                        );
                    }
                }
                if let Some(max) = b.max_items.filter(|m| *m <= 10_000) {
                    let ty = || ItemType(Paths::TESTS.type_of(&inner.ty, false));
                    push(CaseValue::Items(item.clone(), max, ty()), None);
                    push(CaseValue::Items(item, max + 1, ty()), Some("TooManyItems"));
                }
            }
        }
        _ => {}
    }
    cases
}

#[cfg(test)]
mod unit {
    use super::project_id_within;

    #[test]
    fn the_test_project_id_fits_the_service_bounds() {
        assert_eq!(project_id_within(None, None), "proj123");
        assert_eq!(project_id_within(Some(15), Some(40)), "proj12378901234");
        assert_eq!(project_id_within(Some(1), Some(4)), "proj");
        assert_eq!(project_id_within(Some(32), Some(32)).len(), 32);
    }
}
