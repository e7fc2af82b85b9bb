//! Operations: names, method, body and regions, and the operation assembled from those and
//! from its parameters, path and responses (each checked in a module of its own).

use std::collections::{BTreeMap, BTreeSet};

use super::{is_header_name, Checker, DefKind};
use crate::pipeline::model::{Body, Bounds, Method, Operation, Service, Shape, Ty};
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
        if names::operation_module(name) == names::OPERATIONS_MODULE {
            self.diags.push(
                file,
                &place,
                format!(
                    "the operation's module would be `{0}::{0}`, repeating its parent's name: rename the operation",
                    names::OPERATIONS_MODULE
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
        let content_type =
            self.check_content_type(file, &place, def.content_type.as_deref(), body.is_some());
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
            content_type,
            params,
            body,
            responses,
            pagination: None,
        })
    }

    fn check_method(&mut self, file: &str, place: &str, method: &str) -> Option<Method> {
        let parsed = Method::parse(method);
        if parsed.is_none() {
            self.diags.push(
                file,
                format!("{place}.method"),
                format!("unknown HTTP method `{}`", method.to_ascii_uppercase()),
            );
        }
        parsed
    }

    /// The body: a named object type, or an alias of an array, a map or an untyped value; not
    /// on GET or HEAD.
    fn check_body(
        &mut self,
        file: &str,
        place: &str,
        b: &BodyDef,
        method: Option<Method>,
    ) -> Option<Body> {
        let bplace = format!("{place}.body");
        let kind = self.type_defs.get(b.ty.as_str()).map(|(_, k)| *k);
        let shape = match kind {
            Some(DefKind::Object) => Some(Shape {
                ty: Ty::Object(b.ty.clone()),
                bounds: Bounds::default(),
            }),
            Some(DefKind::Alias) => match self.resolve_alias(&b.ty) {
                Some(shape)
                    if matches!(
                        shape.ty,
                        Ty::Array(_) | Ty::Map(_) | Ty::Any | Ty::Object(_)
                    ) =>
                {
                    Some(shape)
                }
                Some(_) => {
                    self.diags.push(
                        file,
                        &bplace,
                        format!(
                            "the body type `{}` stands for a scalar: a body is an object, an array, a map or an untyped value",
                            b.ty
                        ),
                    );
                    None
                }
                // Its definition's own error says what is wrong with it.
                None => None,
            },
            Some(DefKind::Enum) => {
                self.diags.push(
                    file,
                    &bplace,
                    format!("the body type `{}` is an enum, not an object", b.ty),
                );
                None
            }
            None if matches!(
                b.ty.as_str(),
                "string" | "integer" | "number" | "boolean" | "array" | "map" | "any"
            ) =>
            {
                self.diags.push(
                    file,
                    &bplace,
                    format!(
                        "a body is a named object type (or an alias of an array or a map), not `{}`",
                        b.ty
                    ),
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
        shape.map(|shape| Body {
            type_name: b.ty.clone(),
            shape,
            required: b.required.unwrap_or(true),
            description: b.description.clone(),
        })
    }

    /// The body's media type, when the operation gives one: a JSON one (the client encodes
    /// bodies as JSON), for an operation that has a body.
    fn check_content_type(
        &mut self,
        file: &str,
        place: &str,
        content_type: Option<&str>,
        has_body: bool,
    ) -> Option<String> {
        let ct = content_type?;
        let cplace = format!("{place}.content_type");
        let (essence, params) = ct.split_once(';').unwrap_or((ct, ""));
        let well_formed = essence
            .split_once('/')
            .is_some_and(|(t, s)| is_header_name(t.trim()) && is_header_name(s.trim()))
            && params
                .chars()
                .all(|c| c == ' ' || c == '\t' || (c.is_ascii_graphic()));
        let problem = if !well_formed {
            Some(format!(
                "`{ct}` is not a media type (`type/subtype`, then `;` and parameters)"
            ))
        } else if !essence.to_ascii_lowercase().contains("json") {
            Some(format!(
                "the client sends bodies as JSON, and `{ct}` is not a JSON media type"
            ))
        } else if !has_body {
            Some("`content_type` is the media type of the body, and the operation has none".into())
        } else {
            None
        };
        match problem {
            Some(p) => {
                self.diags.push(file, &cplace, p);
                None
            }
            None => Some(ct.trim().to_string()),
        }
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
