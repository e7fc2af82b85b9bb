//! Waiters: their names and `Client` methods, the operation they poll, their delays, and each
//! acceptor's path and value checked against the polled operation's output types. Runs on the
//! finished model, since a path walks the named types.

use std::collections::BTreeMap;

use super::{ty_label, Checker};
use crate::pipeline::model::{
    Acceptor, AcceptorState, Expected, Matcher, Model, PathStep, Shape, Ty, TypeKind, Waiter,
};
use crate::pipeline::names;
use crate::spec::{AcceptorDef, WaiterDef};

/// Delays when the spec gives none, in seconds (as Smithy's waiters).
const DEFAULT_MIN_DELAY: u64 = 2;
const DEFAULT_MAX_DELAY: u64 = 120;

impl Checker<'_> {
    pub(super) fn check_waiters(&mut self, model: &Model) -> Vec<Waiter> {
        let spec = self.spec;
        let operation_methods: BTreeMap<String, &str> = spec
            .operations
            .iter()
            .map(|(_, op, _)| (names::client_method(op), op.as_str()))
            .collect();
        let mut seen: BTreeMap<String, (&str, &str)> = BTreeMap::new();
        let mut out = Vec::new();
        for (file, name, def) in &spec.waiters {
            let place = format!("waiters.{name}");
            if !names::is_upper_camel(name) {
                self.diags.push(
                    file,
                    &place,
                    "a waiter name is UpperCamelCase (letters and digits)",
                );
                continue;
            }
            let method = names::waiter_method(name);
            if let Some(op) = operation_methods.get(&method) {
                self.diags.push(
                    file,
                    &place,
                    format!("the waiter's method `{method}` is the method of operation `{op}`"),
                );
                continue;
            }
            if names::CLIENT_METHODS.contains(&method.as_str()) {
                self.diags.push(
                    file,
                    &place,
                    format!("the waiter's method `{method}` is a method `Client` already has"),
                );
                continue;
            }
            if let Some(&(other, other_file)) = seen.get(&method) {
                let at = self.place_text(other_file, &format!("waiters.{other}"));
                let msg = if other == name {
                    format!("duplicate waiter name (also defined at {at})")
                } else {
                    format!("waiter name collides with `{other}` (at {at}) after case conversion")
                };
                self.diags.push(file, &place, msg);
                continue;
            }
            seen.insert(method, (name, file));
            if let Some(w) = self.check_waiter(model, file, &place, name, def) {
                out.push(w);
            }
        }
        out
    }

    fn check_waiter(
        &mut self,
        model: &Model,
        file: &str,
        place: &str,
        name: &str,
        def: &WaiterDef,
    ) -> Option<Waiter> {
        let errors_before = self.diags.len();
        let op = model.operation_named(&def.operation);
        if op.is_none()
            && !self
                .spec
                .operations
                .iter()
                .any(|(_, n, _)| *n == def.operation)
        {
            // An operation that failed its own checks has been reported there.
            self.diags.push(
                file,
                format!("{place}.operation"),
                format!("unknown operation `{}`", def.operation),
            );
        }
        if let Some(op) = op {
            for p in &op.params {
                if names::WAITER_BUILDER_MEMBERS.contains(&p.field.rust_name.as_str()) {
                    self.diags.push(
                        file,
                        format!("{place}.operation"),
                        format!(
                            "parameter `{}` of `{}` would be a setter of the waiter, whose \
                             builder has a method of that name: set the parameter's `rust_name`",
                            p.field.rust_name, op.name
                        ),
                    );
                }
            }
        }
        let min_delay = def.min_delay.unwrap_or(DEFAULT_MIN_DELAY);
        let max_delay = def.max_delay.unwrap_or(DEFAULT_MAX_DELAY.max(min_delay));
        if min_delay == 0 {
            self.diags.push(
                file,
                format!("{place}.min_delay"),
                "`min_delay` is at least 1 second: a waiter must not poll in a busy loop",
            );
        }
        if max_delay < min_delay {
            self.diags.push(
                file,
                format!("{place}.max_delay"),
                format!("`max_delay` {max_delay} is less than `min_delay` {min_delay}"),
            );
        }
        if def.max_wait == 0 {
            self.diags.push(
                file,
                format!("{place}.max_wait"),
                "`max_wait` is at least 1 second",
            );
        }
        if def.acceptors.is_empty() {
            self.diags
                .push(file, place, "a waiter needs at least one acceptor");
        } else if !def.acceptors.iter().any(|a| a.state == "success") {
            self.diags.push(
                file,
                format!("{place}.acceptors"),
                "a waiter needs a `success` acceptor: without one, a wait can only fail or run \
                 out of time",
            );
        }
        let output = op.and_then(|o| o.success()).and_then(|r| r.shape.as_ref());
        let acceptors: Vec<Acceptor> = def
            .acceptors
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let aplace = format!("{place}.acceptors.{i}");
                self.check_acceptor(model, file, &aplace, &def.operation, output, a)
            })
            .collect();
        if self.diags.len() > errors_before || op.is_none() {
            return None;
        }
        Some(Waiter {
            name: name.to_string(),
            description: def.description.clone(),
            operation: def.operation.clone(),
            min_delay,
            max_delay,
            max_wait: def.max_wait,
            acceptors,
        })
    }

    fn check_acceptor(
        &mut self,
        model: &Model,
        file: &str,
        place: &str,
        operation: &str,
        output: Option<&Shape>,
        def: &AcceptorDef,
    ) -> Option<Acceptor> {
        let state = match def.state.as_str() {
            "success" => Some(AcceptorState::Success),
            "failure" => Some(AcceptorState::Failure),
            "retry" => Some(AcceptorState::Retry),
            other => {
                self.diags.push(
                    file,
                    format!("{place}.state"),
                    format!("unknown acceptor state `{other}` (success, failure or retry)"),
                );
                None
            }
        };
        let matcher = match (&def.path, &def.equals, &def.error) {
            (Some(_), _, Some(_)) | (_, Some(_), Some(_)) => {
                self.diags.push(
                    file,
                    place,
                    "an acceptor compares `path` with `equals`, or matches an `error`, not both",
                );
                None
            }
            (None, None, Some(code)) => {
                if code.trim().is_empty() {
                    self.diags.push(
                        file,
                        format!("{place}.error"),
                        "`error` is a service error code, such as `OMS.1009`",
                    );
                }
                if state == Some(AcceptorState::Success) {
                    self.diags.push(
                        file,
                        format!("{place}.state"),
                        "an acceptor on an error leads to `failure` or `retry`: `success` ends \
                         the wait with an output, and a failed poll has none",
                    );
                }
                Some(Matcher::ErrorCode(code.clone()))
            }
            (Some(path), Some(equals), None) => {
                self.check_acceptor_path(model, file, place, operation, output, path, equals)
            }
            (Some(_), None, None) => {
                self.diags.push(
                    file,
                    format!("{place}.path"),
                    "`path` needs `equals`: the value the field must have",
                );
                None
            }
            (None, Some(_), None) => {
                self.diags.push(
                    file,
                    format!("{place}.equals"),
                    "`equals` needs `path`: the field of the output it is compared with",
                );
                None
            }
            (None, None, None) => {
                self.diags.push(
                    file,
                    place,
                    "an acceptor needs `path` and `equals` (a field of the output and its \
                     value), or `error` (a service error code)",
                );
                None
            }
        };
        Some(Acceptor {
            state: state?,
            matcher: matcher?,
        })
    }

    /// The path from the output to a scalar or enum field, and the value compared with it.
    #[allow(clippy::too_many_arguments)]
    fn check_acceptor_path(
        &mut self,
        model: &Model,
        file: &str,
        place: &str,
        operation: &str,
        output: Option<&Shape>,
        path: &str,
        equals: &serde_yaml::Value,
    ) -> Option<Matcher> {
        let pplace = format!("{place}.path");
        let Some(output) = output else {
            // An unknown operation is reported once, at `operation`.
            if model.operation_named(operation).is_some() {
                self.diags.push(
                    file,
                    &pplace,
                    format!("`{operation}` returns no body: a path needs an output object"),
                );
            }
            return None;
        };
        let mut ty = &output.ty;
        let mut steps = Vec::new();
        for segment in path.split('.') {
            let Ty::Object(type_name) = ty else {
                let what = match steps.last() {
                    Some(PathStep { wire_name, .. }) => {
                        format!("`{wire_name}` is {}", ty_label(ty))
                    }
                    None => format!("the output of `{operation}` is {}", ty_label(ty)),
                };
                self.diags.push(
                    file,
                    &pplace,
                    format!("{what}, not an object: a path goes through objects only"),
                );
                return None;
            };
            let Some(TypeKind::Object(fields)) = model.type_named(type_name).map(|t| &t.kind)
            else {
                return None;
            };
            let Some(field) = fields.iter().find(|f| f.wire_name == segment) else {
                let known: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
                self.diags.push(
                    file,
                    &pplace,
                    format!(
                        "`{segment}` is not a field of `{type_name}` (its fields: {})",
                        known.join(", ")
                    ),
                );
                return None;
            };
            if field.sensitive {
                self.diags.push(
                    file,
                    &pplace,
                    format!("`{segment}` is sensitive: a waiter does not compare secrets"),
                );
                return None;
            }
            steps.push(PathStep {
                wire_name: field.wire_name.clone(),
                rust_name: field.rust_name.clone(),
            });
            ty = &field.shape.ty;
        }
        if matches!(ty, Ty::Array(_) | Ty::Object(_)) {
            self.diags.push(
                file,
                &pplace,
                format!(
                    "`{path}` is {}: a path ends at a string, integer, boolean or enum field",
                    ty_label(ty)
                ),
            );
            return None;
        }
        let expected =
            self.check_expected(model, file, &format!("{place}.equals"), path, ty, equals)?;
        Some(Matcher::Output {
            path: steps,
            expected,
        })
    }

    /// `equals` as a value of the field's type.
    fn check_expected(
        &mut self,
        model: &Model,
        file: &str,
        place: &str,
        path: &str,
        ty: &Ty,
        equals: &serde_yaml::Value,
    ) -> Option<Expected> {
        use serde_yaml::Value;
        let shown = serde_yaml::to_string(equals)
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let expected = match (ty, equals) {
            (Ty::String, Value::String(s)) => Some(Expected::Str(s.clone())),
            (Ty::Int32 | Ty::Int64, Value::Number(n)) => n
                .as_i64()
                .filter(|v| !matches!(ty, Ty::Int32) || i32::try_from(*v).is_ok())
                .map(Expected::Int),
            (Ty::Bool, Value::Bool(b)) => Some(Expected::Bool(*b)),
            (Ty::Float | Ty::Double, _) => {
                self.diags.push(
                    file,
                    place,
                    format!(
                        "`{path}` is a number: comparing numbers for equality is unreliable; \
                         compare a string, integer, boolean or enum field"
                    ),
                );
                return None;
            }
            (Ty::Enum(name), _) => {
                return self.check_enum_expected(model, file, place, name, equals)
            }
            _ => None,
        };
        if expected.is_none() {
            self.diags.push(
                file,
                place,
                format!(
                    "`equals: {shown}` is not {} value, the type of `{path}`",
                    ty_label(ty)
                ),
            );
        }
        expected
    }

    /// A value of a string enum, or a code (or the name of a code) of an integer enum.
    fn check_enum_expected(
        &mut self,
        model: &Model,
        file: &str,
        place: &str,
        name: &str,
        equals: &serde_yaml::Value,
    ) -> Option<Expected> {
        use serde_yaml::Value;
        let shown = serde_yaml::to_string(equals)
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        match model.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(values)) => {
                let found = match equals {
                    Value::String(s) => values.iter().find(|v| v.value == *s),
                    _ => None,
                };
                match found {
                    Some(v) => Some(Expected::Enum {
                        type_name: name.to_string(),
                        variant: v.variant.clone(),
                        value: v.value.clone(),
                    }),
                    None => {
                        let listed: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                        self.diags.push(
                            file,
                            place,
                            format!(
                                "`{shown}` is not a value of enum `{name}` ({})",
                                listed.join(", ")
                            ),
                        );
                        None
                    }
                }
            }
            Some(TypeKind::IntEnum(values)) => {
                let found = match equals {
                    Value::Number(n) => values
                        .iter()
                        .find(|v| n.as_i64() == Some(i64::from(v.value))),
                    Value::String(s) => values.iter().find(|v| v.variant == *s),
                    _ => None,
                };
                match found {
                    Some(v) => Some(Expected::IntEnum {
                        type_name: name.to_string(),
                        variant: v.variant.clone(),
                        code: v.value,
                    }),
                    None => {
                        let listed: Vec<String> = values
                            .iter()
                            .map(|v| format!("{} {}", v.value, v.variant))
                            .collect();
                        self.diags.push(
                            file,
                            place,
                            format!(
                                "`{shown}` is not a code of enum `{name}` (codes: {})",
                                listed.join(", ")
                            ),
                        );
                        None
                    }
                }
            }
            _ => None,
        }
    }
}
