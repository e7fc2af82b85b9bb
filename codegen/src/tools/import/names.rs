//! Legal, unique names for what the draft declares, by the same rules the checker applies
//! (`pipeline::names`): UpperCamelCase types and operations that no generated name takes,
//! snake_case Rust names for fields that no keyword or generated member takes.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::pipeline::names;

/// `text` as an UpperCamelCase identifier: ASCII letters and digits, words joined; `None` when
/// nothing of it is left.
pub fn upper_camel(text: &str) -> Option<String> {
    let ascii: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let camel = ascii.to_upper_camel_case();
    if camel.is_empty() {
        return None;
    }
    Some(if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N{camel}")
    } else {
        camel
    })
}

/// Why the checker would refuse `name` for a type, if it would.
pub fn type_name_problem(name: &str, operations: &BTreeSet<String>) -> Option<&'static str> {
    let test = names::bounds_test(name);
    if !names::is_upper_camel(name) {
        Some("not an UpperCamelCase name")
    } else if names::is_reserved_type_name(name) {
        Some("a name the generated code reserves")
    } else if names::TEST_MODULE_ITEMS.contains(&test.as_str()) {
        Some("the name of a helper of the generated tests")
    } else if operations
        .iter()
        .any(|op| names::parameters_bounds_test(op) == test)
    {
        Some("the name of an operation's generated parameter test")
    } else {
        None
    }
}

/// Type names handed out so far, compared as the checker compares them (after case
/// conversion), with the builder each would get.
#[derive(Default)]
pub struct TypeNames {
    taken: BTreeSet<String>,
    operations: BTreeSet<String>,
}

impl TypeNames {
    pub fn new(operations: BTreeSet<String>) -> TypeNames {
        TypeNames {
            taken: BTreeSet::new(),
            operations,
        }
    }

    /// A legal name not taken yet, as close to `wanted` as possible, and why it differs from
    /// `wanted` when it does. `fallback` names a type whose own name gives nothing.
    pub fn claim(&mut self, wanted: &str, fallback: &str) -> (String, Option<String>) {
        let mut why = None;
        let mut name = match upper_camel(wanted) {
            Some(n) => n,
            None => {
                why = Some(format!("`{wanted}` makes no Rust name"));
                upper_camel(fallback).unwrap_or_else(|| "Type".into())
            }
        };
        if why.is_none() && name != wanted {
            why = Some(format!("`{wanted}` is not UpperCamelCase"));
        }
        if let Some(problem) = type_name_problem(&name, &self.operations) {
            why = Some(format!("`{name}` is {problem}"));
            name.push_str("Model");
        }
        let base = name.clone();
        let mut n = 2;
        while self.is_taken(&name) || type_name_problem(&name, &self.operations).is_some() {
            name = format!("{base}{n}");
            n += 1;
        }
        if name != base && why.is_none() {
            why = Some(format!("another type is already called `{base}`"));
        }
        self.taken.insert(names::bounds_test(&name));
        (name, why)
    }

    /// Whether `name`, or the builder of a type of that name, meets a name already handed out.
    fn is_taken(&self, name: &str) -> bool {
        let test = names::bounds_test(name);
        self.taken.contains(&test)
            || self
                .taken
                .contains(&names::bounds_test(&names::builder_type(name)))
            || name
                .strip_suffix("Builder")
                .is_some_and(|owner| self.taken.contains(&names::bounds_test(owner)))
    }
}

/// A legal operation name for `wanted`, not among `taken` (compared as methods), and why it
/// differs.
pub fn operation_name(wanted: &str, taken: &BTreeSet<String>) -> (String, Option<String>) {
    let mut why = None;
    let mut name = upper_camel(wanted).unwrap_or_else(|| {
        why = Some(format!("`{wanted}` makes no Rust name"));
        "Operation".into()
    });
    if why.is_none() && name != wanted {
        why = Some(format!("`{wanted}` is not UpperCamelCase"));
    }
    let method = names::client_method(&name);
    if names::is_keyword(&method)
        || names::CLIENT_METHODS.contains(&method.as_str())
        || method == names::OPERATIONS_MODULE
        || names::TEST_MODULE_ITEMS.contains(&names::protocol_test(&name).as_str())
    {
        why = Some(format!(
            "the method `{method}` would be a keyword or a name the generated client already has"
        ));
        name.push_str("Operation");
    }
    let base = name.clone();
    let mut n = 2;
    while taken.contains(&names::client_method(&name)) {
        name = format!("{base}{n}");
        n += 1;
    }
    if name != base && why.is_none() {
        why = Some(format!(
            "another operation's method is already `{}`",
            names::client_method(&base)
        ));
    }
    (name, why)
}

/// The Rust names given so far in one struct or one operation's parameters.
#[derive(Default)]
pub struct FieldNames {
    taken: BTreeSet<String>,
}

impl FieldNames {
    /// Names that members generated beside the fields already use.
    pub fn reserving(reserved: &[&str]) -> FieldNames {
        FieldNames {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The `rust_name` to write for the wire name `wire` (`None` when the checker's own
    /// derivation is legal and free), and why.
    pub fn claim(&mut self, wire: &str) -> (Option<String>, Option<String>) {
        let derived = names::field_name(wire);
        if names::is_snake_ident(&derived) && !self.taken.contains(&derived) {
            self.taken.insert(derived);
            return (None, None);
        }
        let (mut name, why) = if names::is_keyword(&derived) {
            (
                format!("{derived}_"),
                format!("`{derived}` is a Rust keyword"),
            )
        } else if self.taken.contains(&derived) {
            (
                format!("{derived}_"),
                format!("`{derived}` is taken (by another field, or by the generated code)"),
            )
        } else {
            (
                sanitize_snake(wire),
                format!("`{wire}` makes no Rust identifier"),
            )
        };
        let base = name.trim_end_matches('_').to_string();
        let mut n = 2;
        while self.taken.contains(&name) || !names::is_snake_ident(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        (Some(name), Some(why))
    }
}

/// ASCII letters and digits of `text` in snake_case, starting with a letter.
fn sanitize_snake(text: &str) -> String {
    let ascii: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let snake = ascii.to_snake_case();
    match snake.chars().next() {
        None => "field".into(),
        Some(c) if c.is_ascii_digit() => format!("n{snake}"),
        Some(_) => snake,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_legal_and_unique() {
        let mut names = TypeNames::new(["ListThings".to_string()].into());
        assert_eq!(names.claim("KeyInfo", "X").0, "KeyInfo");
        assert_eq!(names.claim("keyInfo", "X").0, "KeyInfo2");
        assert_eq!(names.claim("Error", "X").0, "ErrorModel");
        assert_eq!(names.claim("jobId", "X").0, "JobId");
        assert_eq!(
            names.claim("QuotaDetailGigabytesSAS", "X").0,
            "QuotaDetailGigabytesSas"
        );
        assert_eq!(names.claim("Match", "X").0, "Match");
        assert_eq!(
            names.claim("ListThingsParameters", "X").0,
            "ListThingsParametersModel"
        );
        assert_eq!(names.claim("KeyInfoBuilder", "X").0, "KeyInfoBuilder2");
        assert_eq!(names.claim("中文", "CreateThingBody").0, "CreateThingBody");
        assert_eq!(names.claim("2fa", "X").0, "N2fa");
    }

    #[test]
    fn field_names_avoid_keywords_and_generated_members() {
        let mut fields = FieldNames::reserving(&["body", "send"]);
        assert_eq!(fields.claim("type").0.as_deref(), Some("type_"));
        assert_eq!(fields.claim("body").0.as_deref(), Some("body_"));
        assert_eq!(fields.claim("srcAk").0, None);
        assert_eq!(fields.claim("src_ak").0.as_deref(), Some("src_ak_"));
        assert_eq!(
            fields.claim("@odata.id").0,
            None,
            "the checker's own derivation"
        );
        assert_eq!(fields.claim("名称").0.as_deref(), Some("field"));
        assert_eq!(fields.claim("2fa").0.as_deref(), Some("n2fa"));
    }

    #[test]
    fn operation_names_avoid_client_methods() {
        let taken = ["list_things".to_string()].into();
        assert_eq!(operation_name("listThings", &taken).0, "ListThings2");
        assert_eq!(operation_name("Match", &taken).0, "MatchOperation");
        assert_eq!(operation_name("Prepare", &taken).0, "PrepareOperation");
    }
}
