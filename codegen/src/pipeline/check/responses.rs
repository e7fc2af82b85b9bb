//! Operation responses: status codes, body shapes and examples.

use indexmap::IndexMap;

use super::Checker;
use crate::pipeline::model::Response;
use crate::spec::{FieldDef, ResponseDef};

impl Checker<'_> {
    /// The responses that pass their checks; at least one must be a success.
    pub(super) fn check_responses(
        &mut self,
        file: &str,
        place: &str,
        defs: &IndexMap<u32, ResponseDef>,
    ) -> Vec<Response> {
        let responses: Vec<Response> = defs
            .iter()
            .filter_map(|(status, r)| {
                let rplace = format!("{place}.responses.{status}");
                self.check_response(file, &rplace, *status, r)
            })
            .collect();
        // Counted in the spec, not among the responses that passed: a 2xx response with a
        // mistake of its own is reported for that mistake only.
        if !defs.keys().any(|status| (200..300).contains(status)) {
            self.diags.push(
                file,
                format!("{place}.responses"),
                "at least one 2xx response is required",
            );
        }
        responses
    }

    fn check_response(
        &mut self,
        file: &str,
        place: &str,
        status: u32,
        r: &ResponseDef,
    ) -> Option<Response> {
        if !(100..=599).contains(&status) {
            self.diags.push(
                file,
                place,
                format!("status code {status} is outside 100..599"),
            );
            return None;
        }
        let shape = match &r.ty {
            None => {
                if r.items.is_some() {
                    self.diags.push(file, place, "`items` needs `type: array`");
                }
                if r.values.is_some() {
                    self.diags.push(file, place, "`values` needs `type: map`");
                }
                None
            }
            Some(ty) => {
                let fd = FieldDef {
                    ty: Some(ty.clone()),
                    items: r.items.as_ref().map(|i| Box::new(clone_type_expr(i))),
                    values: r.values.as_ref().map(|v| Box::new(clone_type_expr(v))),
                    ..FieldDef::default()
                };
                Some(self.check_shape(file, place, &fd)?)
            }
        };
        let example = match &r.example {
            None => None,
            Some(v) => match serde_json::to_string(v) {
                Ok(json) => Some(json),
                Err(e) => {
                    self.diags.push(
                        file,
                        place,
                        format!("example is not representable as JSON: {e}"),
                    );
                    return None;
                }
            },
        };
        if shape.is_some() && matches!(status, 204 | 205) {
            self.diags.push(
                file,
                place,
                format!("a {status} response has no body (HTTP says so): remove `type`"),
            );
            return None;
        }
        if example.is_some() && shape.is_none() {
            self.diags
                .push(file, place, "an example needs a body `type`");
        }
        Some(Response {
            status: status as u16,
            description: r.description.clone(),
            shape,
            example,
        })
    }
}

/// The type expression of a field (type, format, items, values), without its bounds or other
/// keys.
fn clone_type_expr(f: &FieldDef) -> FieldDef {
    FieldDef {
        ty: f.ty.clone(),
        format: f.format.clone(),
        items: f.items.as_ref().map(|i| Box::new(clone_type_expr(i))),
        values: f.values.as_ref().map(|v| Box::new(clone_type_expr(v))),
        ..FieldDef::default()
    }
}
