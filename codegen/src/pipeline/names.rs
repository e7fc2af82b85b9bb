//! The names generated code uses: those derived from the spec (`<Op>Input`, `<Type>Builder`,
//! an operation's method) and the fixed ones (`Client`, `Region`, `into_input`, ...), with the
//! words Rust reserves.
//!
//! The checker refuses a spec name that would collide with one of them and emission spells
//! them from here, so the two cannot disagree: a name added to generated code is added here,
//! and the checker refuses it from then on.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's strict and reserved keywords (2021 edition, plus `gen` reserved in 2024).
const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// A keyword, which no field, module or variant can be named.
pub fn is_keyword(name: &str) -> bool {
    RUST_KEYWORDS.contains(&name)
}

/// ASCII letters, digits and `_`, not starting with a digit.
pub fn is_ident(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// A snake_case identifier that is no keyword, as field names are: lowercase letters, digits
/// and single `_` between words, with `_` allowed at either end (`type_` for `type`, the usual
/// spelling of a keyword as a name).
pub fn is_snake_ident(name: &str) -> bool {
    let words = name.trim_matches('_');
    is_ident(name)
        && !is_keyword(name)
        && !words.is_empty()
        && !words.contains("__")
        && name
            .chars()
            .all(|c| c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// An UpperCamelCase identifier, as type and operation names are.
pub fn is_upper_camel(name: &str) -> bool {
    is_ident(name) && name.to_upper_camel_case() == name
}

// The service module: the runtime's `client!` declares `Client` and `ClientBuilder`, its
// `regions!` the `Region` enum; `Api` is the marker type that tells the runtime about the
// service.

/// The service's marker type, `impl rt::Service for Api`.
pub const API: &str = "Api";
/// The client the operations are methods of.
pub const CLIENT: &str = "Client";
/// The builder of [`CLIENT`].
pub const CLIENT_BUILDER: &str = "ClientBuilder";
/// The enum of the service's regions.
pub const REGION: &str = "Region";

/// Names a type of the spec may not take: the items generated beside the types, what a client
/// crate re-exports from the runtime beside them (`Error`, `Credentials`), and the prelude
/// names generated code relies on (a type `Into` would shadow the trait that setters take).
const RESERVED_TYPE_NAMES: &[&str] = &[
    API,
    CLIENT,
    CLIENT_BUILDER,
    REGION,
    "Error",
    "Credentials",
    "Result",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Into",
    "From",
    "IntoIterator",
    "Iterator",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "ToString",
    "ToOwned",
    "AsRef",
    "AsMut",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Extend",
    "DoubleEndedIterator",
    "ExactSizeIterator",
];

/// Whether a spec type may not be called `name`: a keyword or a reserved name.
pub fn is_reserved_type_name(name: &str) -> bool {
    is_keyword(name) || RESERVED_TYPE_NAMES.contains(&name)
}

/// Methods the runtime's `client!` defines on [`CLIENT`], beside one per operation.
pub const CLIENT_METHODS: &[&str] = &[
    BUILDER,
    "call",
    "call_with",
    "prepare",
    "endpoint",
    "region",
];

/// The method of [`CLIENT`] that starts an operation's request; also its module's name.
pub fn client_method(operation: &str) -> String {
    operation.to_snake_case()
}

/// The module that holds one module per operation; an operation's own module may not repeat
/// its name (clippy's `module_inception`).
pub const OPERATIONS_MODULE: &str = "operations";

/// The module of an operation's input and request builder: its [`client_method`]'s name.
pub fn operation_module(operation: &str) -> String {
    client_method(operation)
}

/// An operation's input struct, checked and sent.
pub fn input_type(operation: &str) -> String {
    format!("{operation}Input")
}

/// An operation's fluent request builder, returned by its [`client_method`].
pub fn request_type(operation: &str) -> String {
    format!("{operation}Request")
}

/// The request builder's field holding the client and per-call options.
pub const CALL_FIELD: &str = "call";
/// The input field and setter of an operation's JSON body.
pub const BODY: &str = "body";
/// The request builder's method that assembles the input.
pub const INTO_INPUT: &str = "into_input";
/// The request builder's method that streams the items of every page (paged operations).
pub const INTO_STREAM: &str = "into_stream";
/// The request builder's method that overrides client settings (the runtime's `request!`).
pub const OPTIONS: &str = "options";
/// The request builder's method that sends the request (the runtime's `request!`).
pub const SEND: &str = "send";

/// Names a request builder already uses beside one setter per parameter: its fields and its
/// methods. `body` is taken whether or not the operation has a body, so adding one later
/// does not rename a parameter.
pub const REQUEST_BUILDER_MEMBERS: &[&str] =
    &[CALL_FIELD, BODY, INTO_INPUT, INTO_STREAM, OPTIONS, SEND];

/// The `Client` method that starts a waiter: `TaskFinished` -> `wait_until_task_finished`.
pub fn waiter_method(waiter: &str) -> String {
    format!("wait_until_{}", waiter.to_snake_case())
}

/// A waiter's builder, in the `waiters` module: `TaskFinished` -> `WaitUntilTaskFinished`.
pub fn waiter_type(waiter: &str) -> String {
    format!("WaitUntil{waiter}")
}

/// Names a waiter builder uses beside one setter per parameter of the polled operation: its
/// fields and methods (the runtime's `waiter!`).
pub const WAITER_BUILDER_MEMBERS: &[&str] = &[
    "request",
    "waiter",
    OPTIONS,
    "max_wait",
    "min_delay",
    "max_delay",
    "on_poll",
    "wait",
    INTO_STREAM,
];

/// The builder of a request type, made by its `builder()`.
pub fn builder_type(type_name: &str) -> String {
    format!("{type_name}Builder")
}

/// A request type's function that starts its builder (also `Client::builder`).
pub const BUILDER: &str = "builder";
/// The method that finishes a builder (a request type's, or the `ClientBuilder`).
pub const BUILD: &str = "build";

/// The Rust name of a field or parameter without `rust_name`: `src-ak` and `srcAk` give
/// `src_ak`.
pub fn field_name(wire_name: &str) -> String {
    wire_name.replace('-', "_").to_snake_case()
}

/// The variant of a generated enum that keeps a value the spec does not list, unless a listed
/// value takes that name (see [`open_variant`]).
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The open variant of an enum with these variants: [`UNKNOWN_VARIANT`], or when a listed
/// value makes that variant (a service whose real value is `UNKNOWN`), the first of
/// `Unlisted`, `Other`, `UnlistedValue`, `Unlisted2`, ... that none takes.
pub fn open_variant<'v>(variants: impl Iterator<Item = &'v str> + Clone) -> String {
    let taken = |name: &str| variants.clone().any(|v| v == name);
    let fixed = [UNKNOWN_VARIANT, "Unlisted", "Other", "UnlistedValue"];
    fixed
        .iter()
        .map(|n| n.to_string())
        .chain((2..).map(|i| format!("Unlisted{i}")))
        .find(|n| !taken(n))
        .unwrap_or_default()
}

/// `DEFAULT` -> `Default`, `size_last_modified` -> `SizeLastModified`, `2xx` -> `V2xx`.
pub fn enum_variant(value: &str) -> String {
    let cleaned: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let camel = cleaned.to_lowercase().to_upper_camel_case();
    match camel.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("V{camel}"),
        _ => camel,
    }
}

/// `cn-north-4` -> `CnNorth4`.
pub fn region_variant(id: &str) -> String {
    id.to_upper_camel_case()
}

/// A request type's bounds test, in the generated `bounds.rs`: the type's name in snake_case,
/// with `_` after it when that is a keyword (`Match` gives `match_`; no UpperCamelCase name
/// gives a snake_case one ending in `_`, so the two cannot meet).
pub fn bounds_test(type_name: &str) -> String {
    let snake = type_name.to_snake_case();
    if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// The bounds test of an operation's parameters, in the generated `bounds.rs`. A type named
/// `<Operation>Parameters` would share it, so the checker refuses that type name.
pub fn parameters_bounds_test(operation: &str) -> String {
    format!("{}_parameters", operation.to_snake_case())
}

/// An operation's protocol test, in the generated `protocol.rs`.
pub fn protocol_test(operation: &str) -> String {
    operation.to_snake_case()
}

/// The test of an operation's documented response example, in the generated `protocol.rs`.
pub fn example_test(operation: &str) -> String {
    format!("{}_documented_example_decodes", protocol_test(operation))
}

/// Every lowercase name the generated test modules define or import beside the tests
/// (helpers, `use` names), whatever its namespace: a type or an operation whose test would
/// take one of them is refused.
pub const TEST_MODULE_ITEMS: &[&str] = &[
    "api",
    "check",
    "check_parameters",
    "client",
    "expect",
    "harness",
];

/// Headers the runtime sets whatever the service (the signature and its inputs, the content
/// headers, temporary credentials), lowercase; a parameter may not replace them. The service's
/// own token and project id headers come from its spec.
pub const RUNTIME_HEADERS: &[&str] = &[
    "authorization",
    "host",
    "content-type",
    "content-length",
    "user-agent",
    "x-sdk-date",
    "x-security-token",
    "x-sdk-content-sha256",
];

/// The fixed names against their sources: the runtime's macros and the generated tests.
#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use super::*;

    fn workspace() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// The text from `start` to the brace that closes the first `{` after it.
    fn block<'s>(source: &'s str, start: &str) -> &'s str {
        let from = source
            .find(start)
            .unwrap_or_else(|| panic!("`{start}` not found"));
        let mut depth = 0;
        for (i, c) in source[from..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 1 => return &source[from..from + i],
                '}' => depth -= 1,
                _ => {}
            }
        }
        panic!("`{start}` is not closed")
    }

    /// The methods a macro of the runtime's `fluent.rs` defines in its `impl <target>` block.
    fn macro_methods(macro_name: &str, target: &str) -> BTreeSet<String> {
        let path = workspace().join("huaweicloud-runtime/src/fluent.rs");
        let source = std::fs::read_to_string(&path).unwrap();
        let body = block(&source, &format!("macro_rules! {macro_name} {{"));
        let methods = block(body, &format!("impl {target} {{"));
        regex::Regex::new(r"\bfn (\w+)")
            .unwrap()
            .captures_iter(methods)
            .map(|c| c[1].to_string())
            .collect()
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn waiter_builder_members_are_those_of_the_runtime_waiter_macro() {
        let path = workspace().join("huaweicloud-runtime/src/waiter.rs");
        let source = std::fs::read_to_string(&path).unwrap();
        let body = block(&source, "macro_rules! waiter {");
        let fields = block(body, "pub struct $name<'c> {");
        let methods = block(body, "impl<'c> $name<'c> {");
        let mut found: BTreeSet<String> = regex::Regex::new(r"\bfn (\w+)")
            .unwrap()
            .captures_iter(methods)
            .map(|c| c[1].to_string())
            .filter(|m| m != "$field")
            .collect();
        found.extend(
            regex::Regex::new(r"(?m)^\s*(\w+):")
                .unwrap()
                .captures_iter(fields)
                .map(|c| c[1].to_string()),
        );
        assert_eq!(found, set(WAITER_BUILDER_MEMBERS));
    }

    #[test]
    fn client_methods_are_those_of_the_runtime_client_macro() {
        assert_eq!(macro_methods("client", "$client"), set(CLIENT_METHODS));
    }

    #[test]
    fn request_builder_methods_include_those_of_the_runtime_request_macro() {
        assert_eq!(
            macro_methods("request", "$builder<'_>"),
            set(&[INTO_INPUT, OPTIONS, SEND])
        );
        let path = workspace().join("huaweicloud-runtime/src/fluent.rs");
        let source = std::fs::read_to_string(&path).unwrap();
        let request = block(&source, "macro_rules! request {");
        assert!(request.contains(&format!("{CALL_FIELD}: $crate::fluent::Call<")));
        for name in [INTO_INPUT, OPTIONS, SEND] {
            assert!(REQUEST_BUILDER_MEMBERS.contains(&name), "{name}");
        }
    }

    /// Lowercase names a `use` brings in.
    fn use_names(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
        let name = match tree {
            syn::UseTree::Path(p) => return use_names(&p.tree, out),
            syn::UseTree::Group(g) => return g.items.iter().for_each(|t| use_names(t, out)),
            syn::UseTree::Name(n) => n.ident.to_string(),
            syn::UseTree::Rename(r) => r.rename.to_string(),
            syn::UseTree::Glob(_) => return,
        };
        if name.starts_with(|c: char| c.is_ascii_lowercase()) {
            out.insert(name);
        }
    }

    #[test]
    fn test_module_items_are_the_helpers_and_imports_of_the_generated_tests() {
        let sources =
            crate::SpecSources::read_dir(&workspace().join("spec-features/spec")).unwrap();
        let files = crate::generate_from_sources(&sources).unwrap();
        let mut found = BTreeSet::new();
        let test_files: Vec<_> = files
            .iter()
            .filter(|f| f.path.starts_with(crate::emit::TESTS_DIR))
            .collect();
        assert_eq!(test_files.len(), 2, "protocol.rs and bounds.rs");
        for f in test_files {
            let file = syn::parse_file(&f.contents).unwrap();
            for item in &file.items {
                match item {
                    syn::Item::Fn(func) => {
                        let is_test = func
                            .attrs
                            .iter()
                            .any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test"));
                        if !is_test {
                            found.insert(func.sig.ident.to_string());
                        }
                    }
                    syn::Item::Use(u) => use_names(&u.tree, &mut found),
                    _ => {}
                }
            }
        }
        assert_eq!(found, set(TEST_MODULE_ITEMS));
    }

    #[test]
    fn derived_names() {
        assert_eq!(client_method("StartSyncTask"), "start_sync_task");
        assert_eq!(input_type("StartSyncTask"), "StartSyncTaskInput");
        assert_eq!(request_type("StartSyncTask"), "StartSyncTaskRequest");
        assert_eq!(builder_type("SrcNode"), "SrcNodeBuilder");
        assert_eq!(field_name("src-ak"), "src_ak");
        assert_eq!(field_name("srcAk"), "src_ak");
        assert_eq!(enum_variant("size_last_modified"), "SizeLastModified");
        assert_eq!(enum_variant("2xx"), "V2xx");
        assert_eq!(enum_variant("--"), "");
        assert_eq!(region_variant("cn-north-4"), "CnNorth4");
        assert_eq!(bounds_test("Match"), "match_");
        assert_eq!(bounds_test("MatchRule"), "match_rule");
    }

    #[test]
    fn the_open_variant_steps_aside_for_a_listed_value() {
        assert_eq!(open_variant(["Active", "Deleted"].into_iter()), "Unknown");
        assert_eq!(open_variant(["Unknown", "Active"].into_iter()), "Unlisted");
        assert_eq!(
            open_variant(["Unknown", "Unlisted", "Other", "UnlistedValue"].into_iter()),
            "Unlisted2"
        );
    }
}
