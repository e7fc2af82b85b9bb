//! Operations: names, method, body and regions, and the operation assembled from those and
//! from its parameters, path and responses (each checked in a module of its own).

use std::collections::{BTreeMap, BTreeSet};

use super::Checker;
use crate::pipeline::model::{Body, Method, Operation, Service};
use crate::pipeline::names;
use crate::spec::{BodyDef, OperationDef};

impl Checker<'_> {
    pub(super) fn check_operations(&mut self, service: &Service) -> Vec<Operation> {
        let spec = self.spec;
        let mut out = Vec::new();
        let mut seen: BTreeMap<String, (&str, &str)> = BTreeMap::new();
        for (file, name, def) in &spec.operations {
            if !self.check_operation_name(file, name, &mut seen) {
                continue;
            }
            if let Some(op) = self.check_operation(file, name, def, service) {
                out.push(op);
            }
        }
        out
    }

    /// An operation's name, and the names generated from it: its `Client` method (which
    /// `seen` maps to the operation names already taken, and their files) and its test.
    fn check_operation_name<'s>(
        &mut self,
        file: &'s str,
        name: &'s str,
        seen: &mut BTreeMap<String, (&'s str, &'s str)>,
    ) -> bool {
        let place = format!("operations.{name}");
        if !names::is_upper_camel(name) {
            self.diags.push(
                file,
                &place,
                "an operation name is UpperCamelCase (letters and digits)",
            );
            return false;
        }
        let method = names::client_method(name);
        if names::is_keyword(&method) || names::CLIENT_METHODS.contains(&method.as_str()) {
            self.diags.push(
                file,
                &place,
                format!(
                    "the operation's method `{method}` is a Rust keyword or a method `{}` already has",
                    names::CLIENT
                ),
            );
            return false;
        }
        let test = names::protocol_test(name);
        if names::TEST_MODULE_ITEMS.contains(&test.as_str()) {
            self.diags.push(
                file,
                &place,
                format!("the operation's generated test `{test}` would collide with a helper of the generated tests"),
            );
            return false;
        }
        if let Some(&(other, other_file)) = seen.get(&method) {
            let at = self.place_text(other_file, &format!("operations.{other}"));
            let msg = if other == name {
                format!("duplicate operation name (also defined at {at})")
            } else {
                format!("operation name collides with `{other}` (at {at}) after case conversion")
            };
            self.diags.push(file, &place, msg);
            return false;
        }
        seen.insert(method, (name, file));
        true
    }

    /// One operation; `None` when it has any problem (each reported).
    fn check_operation(
        &mut self,
        file: &str,
        name: &str,
        def: &OperationDef,
        service: &Service,
    ) -> Option<Operation> {
        let place = format!("operations.{name}");
        let errors_before = self.diags.len();
        let method = self.check_method(file, &place, &def.method);
        let params = self.check_params(file, &place, &def.parameters, service);
        let segments = self.check_path(
            file,
            &place,
            &def.path,
            &params,
            &service.project_id_placeholder,
        );
        let body = def
            .body
            .as_ref()
            .and_then(|b| self.check_body(file, &place, b, method));
        let responses = self.check_responses(file, &place, &def.responses);
        let regions = self.check_operation_regions(file, &place, def.regions.as_deref(), service);
        let method = method?;
        if self.diags.len() > errors_before {
            return None;
        }
        Some(Operation {
            name: name.to_string(),
            summary: def.summary.trim().to_string(),
            description: def.description.clone(),
            method,
            path: def.path.clone(),
            segments,
            regions,
            idempotent: def.idempotent.unwrap_or(matches!(
                method,
                Method::Get | Method::Head | Method::Put | Method::Delete
            )),
            params,
            body,
            responses,
            pagination: None,
        })
    }

    fn check_method(&mut self, file: &str, place: &str, method: &str) -> Option<Method> {
        let method = match method.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "DELETE" => Method::Delete,
            "PATCH" => Method::Patch,
            "HEAD" => Method::Head,
            other => {
                self.diags.push(
                    file,
                    format!("{place}.method"),
                    format!("unknown HTTP method `{other}`"),
                );
                return None;
            }
        };
        Some(method)
    }

    /// The body: a named object type, and not on GET or HEAD.
    fn check_body(
        &mut self,
        file: &str,
        place: &str,
        b: &BodyDef,
        method: Option<Method>,
    ) -> Option<Body> {
        let bplace = format!("{place}.body");
        let body = match self.type_defs.get(b.ty.as_str()) {
            Some((_, false)) => Some(Body {
                type_name: b.ty.clone(),
                required: b.required.unwrap_or(true),
                description: b.description.clone(),
            }),
            Some((_, true)) => {
                self.diags.push(
                    file,
                    &bplace,
                    format!("the body type `{}` is an enum, not an object", b.ty),
                );
                None
            }
            None if matches!(
                b.ty.as_str(),
                "string" | "integer" | "number" | "boolean" | "array"
            ) =>
            {
                self.diags.push(
                    file,
                    &bplace,
                    format!("a body is a named object type, not `{}`", b.ty),
                );
                None
            }
            // Its definition's own error says what is wrong with it.
            None if self.rejected_types.contains(b.ty.as_str()) => None,
            None => {
                self.diags
                    .push(file, &bplace, format!("unknown type `{}`", b.ty));
                None
            }
        };
        if let Some(Method::Get | Method::Head) = method {
            self.diags
                .push(file, &bplace, "GET and HEAD requests carry no body");
        }
        body
    }

    /// The regions an operation is limited to, each one of the service's; none means all.
    fn check_operation_regions(
        &mut self,
        file: &str,
        place: &str,
        regions: Option<&[String]>,
        service: &Service,
    ) -> Vec<String> {
        let Some(regions) = regions else {
            return Vec::new();
        };
        let rplace = format!("{place}.regions");
        if regions.is_empty() {
            self.diags.push(
                file,
                &rplace,
                "an empty region list makes the operation unusable: omit `regions` for all regions",
            );
        }
        let known: BTreeSet<&str> = service.regions.iter().map(|r| r.id.as_str()).collect();
        let mut out = Vec::new();
        for (i, r) in regions.iter().enumerate() {
            if known.contains(r.as_str()) {
                out.push(r.clone());
            } else {
                let at = self.position(file, &format!("{rplace}.{i}"));
                self.diags
                    .push_at(file, at, &rplace, format!("unknown region `{r}`"));
            }
        }
        out
    }
}
