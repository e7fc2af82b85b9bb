//! Operation parameters: a field each (see `fields`), placed in the path, the query or a
//! header, with what each place allows.

use indexmap::IndexMap;

use super::{is_header_name, Checker};
use crate::pipeline::model::{Field, Param, ParamLocation, Service, Ty};
use crate::pipeline::names;
use crate::spec::FieldDef;

impl Checker<'_> {
    /// The parameters that pass their checks: as fields, then by location.
    pub(super) fn check_params(
        &mut self,
        file: &str,
        place: &str,
        defs: &IndexMap<String, FieldDef>,
        service: &Service,
    ) -> Vec<Param> {
        let fields = self.check_fields(file, &format!("{place}.parameters"), defs.iter(), true);
        fields
            .into_iter()
            .filter_map(|field| {
                let pdef = &defs[&field.wire_name];
                let pplace = format!("{place}.parameters.{}", field.wire_name);
                self.check_param(file, &pplace, field, pdef, service)
            })
            .collect()
    }

    fn check_param(
        &mut self,
        file: &str,
        place: &str,
        mut field: Field,
        def: &FieldDef,
        service: &Service,
    ) -> Option<Param> {
        if names::REQUEST_BUILDER_MEMBERS.contains(&field.rust_name.as_str()) {
            self.diags.push(
                file,
                place,
                format!("`{}` is a name the generated request builder already uses: set `rust_name` to another name", field.rust_name),
            );
            return None;
        }
        let location = match def.location.as_deref() {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some(other) => {
                self.diags.push(
                    file,
                    place,
                    format!("unknown parameter location `{other}` (path, query or header)"),
                );
                return None;
            }
            None => {
                self.diags
                    .push(file, place, "missing `in` (path, query or header)");
                return None;
            }
        };
        match location {
            ParamLocation::Path => {
                self.check_path_param(file, place, &field, def, &service.project_id_placeholder);
                field.required = true;
            }
            ParamLocation::Query => self.check_query_param(file, place, &field),
            ParamLocation::Header => self.check_header_param(file, place, &field, service),
        }
        Some(Param { field, location })
    }

    fn check_path_param(
        &mut self,
        file: &str,
        place: &str,
        field: &Field,
        def: &FieldDef,
        project_param: &str,
    ) {
        if def.required == Some(false) {
            self.diags
                .push(file, place, "path parameters are always required");
        }
        if !is_scalar(&field.shape.ty) {
            self.diags.push(
                file,
                place,
                "a path parameter is a string, integer, number, boolean or enum",
            );
        }
        if field.wire_name == project_param {
            self.diags.push(
                file,
                place,
                format!("`{project_param}` comes from the credentials: remove the parameter"),
            );
        }
    }

    fn check_query_param(&mut self, file: &str, place: &str, field: &Field) {
        let ok = match &field.shape.ty {
            Ty::Array(inner) => is_scalar(&inner.ty),
            t => is_scalar(t),
        };
        if !ok {
            self.diags.push(
                file,
                place,
                "a query parameter is a scalar, an enum or an array of them",
            );
        }
    }

    /// A header parameter is a scalar under a valid name that the runtime does not set itself:
    /// neither a fixed runtime header nor the service's token and project id headers.
    fn check_header_param(&mut self, file: &str, place: &str, field: &Field, service: &Service) {
        let name = &field.wire_name;
        let set_by_runtime = names::RUNTIME_HEADERS.contains(&name.to_ascii_lowercase().as_str())
            || name.eq_ignore_ascii_case(&service.token_header)
            || name.eq_ignore_ascii_case(&service.project_id_header);
        if !is_header_name(name) {
            self.diags.push(file, place, "not a valid HTTP header name");
        } else if name.eq_ignore_ascii_case("content-type") {
            self.diags.push(
                file,
                place,
                "the runtime sets `Content-Type` itself (JSON, or the operation's `content_type`): remove the parameter, and give the operation a `content_type` if its body takes another JSON media type",
            );
        } else if set_by_runtime {
            self.diags.push(
                file,
                place,
                format!("the runtime sets `{name}` itself; a parameter may not replace it"),
            );
        }
        if !is_scalar(&field.shape.ty) {
            self.diags
                .push(file, place, "a header parameter is a scalar or an enum");
        }
    }
}

/// A value that fits a path segment or a header: not an array or an object.
fn is_scalar(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::String | Ty::Int32 | Ty::Int64 | Ty::Float | Ty::Double | Ty::Bool | Ty::Enum(_)
    )
}
