//! Compares the spec with API Explorer definitions, field by field.
//!
//! Every difference names its place (`StartSyncTask.body.src_ak`), what differs (`max_length`)
//! and both values. Deliberate deviations are listed, each with a reason, in an allow-list
//! (`spec/audit-allow.yaml`); everything else is reported as unexplained.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Deserialize;

use crate::pipeline::model::{Bounds, DefaultValue, Field, Model, Number, Shape, Ty, TypeKind};
use crate::tools::explorer::{
    body_media_type, XBounds, XDefinition, XField, XOperation, XShape, XType,
};
use crate::tools::import::normalise_default;
use crate::tools::show;

type Defs = BTreeMap<String, XDefinition>;
type Seen = BTreeSet<(String, String)>;

/// One difference between the spec and a definition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    /// `Operation.parameters.name`, `Operation.body`, `Operation.responses.200`, or
    /// `TypeName.field` for fields of named types.
    pub place: String,
    /// What differs: `operation`, `parameter`, `field`, `type`, `required`, `min_length`, …
    pub kind: String,
    pub explorer: String,
    pub spec: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: API Explorer {}, spec {}",
            self.place, self.kind, self.explorer, self.spec
        )
    }
}

/// `spec/audit-allow.yaml`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AllowList {
    #[serde(default)]
    pub allow: Vec<Allowed>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Allowed {
    pub place: String,
    pub difference: String,
    pub reason: String,
}

impl AllowList {
    pub fn parse(text: &str) -> Result<AllowList, String> {
        let list: AllowList = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        for a in &list.allow {
            if a.reason.trim().is_empty() {
                return Err(format!(
                    "{} ({}): every allowed difference needs a reason",
                    a.place, a.difference
                ));
            }
        }
        Ok(list)
    }
}

/// The outcome of an audit.
#[derive(Debug, Default)]
pub struct Report {
    pub unexplained: Vec<Difference>,
    pub allowed: Vec<(Difference, String)>,
    /// Allow-list entries that match no difference any more.
    pub stale: Vec<Allowed>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.unexplained.is_empty() && self.stale.is_empty()
    }
}

/// Audits the model against the definitions and sorts the differences by the allow-list.
pub fn audit(model: &Model, ops: &[XOperation], allow: &AllowList) -> Report {
    let mut diffs = compare(model, ops);
    diffs.sort();
    diffs.dedup();
    let mut report = Report::default();
    let mut used = BTreeSet::new();
    for d in diffs {
        match allow
            .allow
            .iter()
            .position(|a| a.place == d.place && a.difference == d.kind)
        {
            Some(i) => {
                used.insert(i);
                report.allowed.push((d, allow.allow[i].reason.clone()));
            }
            None => report.unexplained.push(d),
        }
    }
    report.stale = allow
        .allow
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, a)| a.clone())
        .collect();
    report
}

/// Every difference, unsorted.
pub fn compare(model: &Model, ops: &[XOperation]) -> Vec<Difference> {
    let mut a = Auditor {
        model,
        diffs: Vec::new(),
    };
    let names: BTreeSet<&str> = ops.iter().map(|o| o.name.as_str()).collect();
    for x in ops {
        a.operation(x);
    }
    for op in &model.operations {
        if !names.contains(op.name.as_str()) {
            a.diff(&op.name, "operation", "absent", "present");
        }
    }
    a.diffs
}

struct Auditor<'a> {
    model: &'a Model,
    diffs: Vec<Difference>,
}

impl Auditor<'_> {
    fn diff(
        &mut self,
        place: &str,
        kind: &str,
        explorer: impl Into<String>,
        spec: impl Into<String>,
    ) {
        self.diffs.push(Difference {
            place: place.to_string(),
            kind: kind.to_string(),
            explorer: explorer.into(),
            spec: spec.into(),
        });
    }

    fn operation(&mut self, x: &XOperation) {
        let Some(op) = self.model.operations.iter().find(|o| o.name == x.name) else {
            self.diff(&x.name, "operation", "present", "absent");
            return;
        };
        let place = op.name.clone();
        if x.method != op.method.as_str() {
            self.diff(&place, "method", &x.method, op.method.as_str());
        }
        if x.path != op.path {
            self.diff(&place, "path", &x.path, &op.path);
        }
        if let Some(xc) = body_media_type(x) {
            if op.content_type.as_deref().map(media_key) != Some(media_key(&xc)) {
                self.diff(&place, "content_type", xc, show(op.content_type.as_ref()));
            }
        } else if let Some(sc) = &op.content_type {
            self.diff(&place, "content_type", "application/json", sc);
        }
        // Parameters (form fields too: the spec has no place for them).
        for p in x.params.iter().chain(&x.form_params) {
            let pplace = format!("{place}.parameters.{}", p.name);
            let Some(sp) = op.params.iter().find(|s| s.field.wire_name == p.name) else {
                self.diff(&pplace, "parameter", "present", "absent");
                continue;
            };
            let loc = sp.location.as_str();
            if p.location != loc {
                self.diff(&pplace, "location", &p.location, loc);
            }
            if p.required != sp.field.required {
                self.diff(
                    &pplace,
                    "required",
                    p.required.to_string(),
                    sp.field.required.to_string(),
                );
            }
            self.shape(
                &pplace,
                &p.shape,
                &sp.field.shape,
                sp.field.default.as_ref(),
                &x.definitions,
                &mut BTreeSet::new(),
            );
        }
        for sp in &op.params {
            if !x
                .params
                .iter()
                .chain(&x.form_params)
                .any(|p| p.name == sp.field.wire_name)
            {
                self.diff(
                    &format!("{place}.parameters.{}", sp.field.wire_name),
                    "parameter",
                    "absent",
                    "present",
                );
            }
        }
        // Body.
        match (&x.body, &op.body) {
            (Some(xb), Some(b)) => {
                let bplace = format!("{place}.body");
                if xb.required != b.required {
                    self.diff(
                        &bplace,
                        "required",
                        xb.required.to_string(),
                        b.required.to_string(),
                    );
                }
                self.shape(
                    &bplace,
                    &xb.shape,
                    &b.shape,
                    None,
                    &x.definitions,
                    &mut BTreeSet::new(),
                );
            }
            (Some(xb), None) => self.diff(
                &format!("{place}.body"),
                "body",
                x_type_label(&xb.shape.ty, &xb.shape.bounds),
                "none",
            ),
            (None, Some(b)) => self.diff(
                &format!("{place}.body"),
                "body",
                "none",
                b.type_name.clone(),
            ),
            (None, None) => {}
        }
        // Responses.
        for r in &x.responses {
            let rplace = format!("{place}.responses.{}", r.status);
            let Some(sr) = op.responses.iter().find(|s| s.status == r.status) else {
                self.diff(&rplace, "status", "present", "absent");
                continue;
            };
            match (&r.shape, &sr.shape) {
                (Some(xs), Some(ss)) => {
                    self.shape(&rplace, xs, ss, None, &x.definitions, &mut BTreeSet::new())
                }
                (Some(_), None) => self.diff(&rplace, "body", "typed", "empty"),
                (None, Some(_)) => self.diff(&rplace, "body", "empty", "typed"),
                (None, None) => {}
            }
        }
        for sr in &op.responses {
            if !x.responses.iter().any(|r| r.status == sr.status) {
                self.diff(
                    &format!("{place}.responses.{}", sr.status),
                    "status",
                    "absent",
                    "present",
                );
            }
        }
    }

    /// An object of the definitions (or written in place) against a spec object type.
    fn object(
        &mut self,
        place: &str,
        xkey: &str,
        xfields: &[XField],
        sname: &str,
        defs: &Defs,
        seen: &mut Seen,
    ) {
        if !seen.insert((xkey.to_string(), sname.to_string())) {
            return;
        }
        let Some(TypeKind::Object(sfields)) = self.model.type_named(sname).map(|t| t.kind.clone())
        else {
            self.diff(
                place,
                "type",
                format!("object {xkey}"),
                format!("`{sname}` (not an object)"),
            );
            return;
        };
        // Fields of a named type are reported once, under the type's name, however many
        // operations use it.
        for xf in xfields {
            let fplace = format!("{sname}.{}", xf.name);
            let Some(sf) = sfields.iter().find(|f| f.wire_name == xf.name) else {
                self.diff(&fplace, "field", "present", "absent");
                continue;
            };
            self.field(&fplace, xf, sf, defs, seen);
        }
        for sf in &sfields {
            if !xfields.iter().any(|x| x.name == sf.wire_name) {
                self.diff(
                    &format!("{sname}.{}", sf.wire_name),
                    "field",
                    "absent",
                    "present",
                );
            }
        }
    }

    fn field(&mut self, place: &str, xf: &XField, sf: &Field, defs: &Defs, seen: &mut Seen) {
        if xf.required != sf.required {
            self.diff(
                place,
                "required",
                xf.required.to_string(),
                sf.required.to_string(),
            );
        }
        self.shape(place, &xf.shape, &sf.shape, sf.default.as_ref(), defs, seen);
    }

    fn shape(
        &mut self,
        place: &str,
        x: &XShape,
        s: &Shape,
        default: Option<&DefaultValue>,
        defs: &Defs,
        seen: &mut Seen,
    ) {
        // A reference to a definition that is not an object stands for its shape (an array
        // or a map the spec names with an alias, say).
        if let XType::Ref(xn) = &x.ty {
            if let Some(def) = defs
                .get(xn)
                .filter(|d| !matches!(d.shape.ty, XType::Object(_)))
            {
                if seen.insert((xn.clone(), place.to_string())) {
                    self.shape(place, &def.shape, s, default, defs, seen);
                }
                return;
            }
        }
        let xb = &x.bounds;
        let mut enums = false;
        // Bounds of an integer enum are its codes, compared on their own.
        let mut int_enum = false;
        match (&x.ty, &s.ty) {
            (XType::String, Ty::Enum(name)) if xb.enum_values.is_some() => {
                enums = true;
                let spec_values: Vec<String> = match self.model.type_named(name).map(|t| &t.kind) {
                    Some(TypeKind::Enum(vs)) => vs.iter().map(|v| v.value.clone()).collect(),
                    _ => vec![],
                };
                let xv: BTreeSet<&String> = xb.enum_values.iter().flatten().collect();
                let sv: BTreeSet<&String> = spec_values.iter().collect();
                for v in xv.difference(&sv) {
                    self.diff(place, &format!("enum value {v}"), "present", "absent");
                }
                for v in sv.difference(&xv) {
                    self.diff(place, &format!("enum value {v}"), "absent", "present");
                }
            }
            (XType::Integer(f), Ty::Enum(name))
                if matches!(
                    self.model.type_named(name).map(|t| &t.kind),
                    Some(TypeKind::IntEnum(_))
                ) =>
            {
                self.int_enum(place, f.as_deref(), xb, name);
                int_enum = true;
            }
            (XType::String, Ty::String) if xb.enum_values.is_none() => {}
            (XType::Integer(f), Ty::Int32 | Ty::Int64)
            | (XType::Number(f), Ty::Float | Ty::Double) => {
                let sf = s.ty.format().unwrap_or_default();
                if let Some(f) = f.as_deref().filter(|f| *f != sf) {
                    self.diff(place, "format", f, sf);
                }
            }
            (XType::Boolean, Ty::Bool) => {}
            (XType::Array(xi), Ty::Array(si)) => {
                self.shape(&format!("{place}[]"), xi, si, None, defs, seen)
            }
            (XType::Map(xi), Ty::Map(si)) => {
                self.shape(&format!("{place}{{}}"), xi, si, None, defs, seen)
            }
            (XType::Any, Ty::Any) => {}
            (XType::Ref(xn), Ty::Object(sn)) => {
                let fields = match defs.get(xn).map(|d| &d.shape.ty) {
                    Some(XType::Object(o)) => o.fields.clone(),
                    _ => Vec::new(),
                };
                self.object(place, xn, &fields, sn, defs, seen)
            }
            (XType::Object(o), Ty::Object(sn)) => self.object(
                place,
                &format!("written at {place}"),
                &o.fields,
                sn,
                defs,
                seen,
            ),
            (xt, st) => {
                self.diff(place, "type", x_type_label(xt, xb), s_type_label(st));
                return;
            }
        }
        if !int_enum {
            self.bounds(place, xb, &s.bounds, enums);
        }
        let xd = xb
            .default
            .as_ref()
            .and_then(|d| normalise_default(d, &x.ty));
        let sd = default.map(|d| match d {
            DefaultValue::String(v) => serde_yaml::to_string(v)
                .map(|t| t.trim_end().to_string())
                .unwrap_or_default(),
            DefaultValue::Int(v) => v.to_string(),
            DefaultValue::Float(v) => v.to_string(),
            DefaultValue::Bool(v) => v.to_string(),
            DefaultValue::Array(_) => d.to_json().to_string(),
        });
        if xd != sd {
            self.diff(place, "default", show(xd), show(sd));
        }
    }

    /// An integer enum against the definition's integer: the format, the codes its
    /// description lists (when it lists them), and its `minimum`/`maximum` (when it gives them)
    /// against the smallest and largest code.
    fn int_enum(&mut self, place: &str, format: Option<&str>, x: &XBounds, name: &str) {
        let codes: Vec<i64> = match self.model.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::IntEnum(vs)) => vs.iter().map(|v| i64::from(v.value)).collect(),
            _ => return,
        };
        if let Some(f) = format.filter(|f| *f != "int32") {
            self.diff(place, "format", f, "int32");
        }
        if let Some(documented) = &x.documented_codes {
            let xv: BTreeSet<&i64> = documented.iter().collect();
            let sv: BTreeSet<&i64> = codes.iter().collect();
            for v in xv.difference(&sv) {
                self.diff(place, &format!("enum value {v}"), "present", "absent");
            }
            for v in sv.difference(&xv) {
                self.diff(place, &format!("enum value {v}"), "absent", "present");
            }
        }
        let (lowest, highest) = (
            codes.iter().min().map(|v| *v as f64),
            codes.iter().max().map(|v| *v as f64),
        );
        if x.minimum.is_some() && x.minimum != lowest {
            self.diff(place, "minimum", show(x.minimum), show(lowest));
        }
        if x.maximum.is_some() && x.maximum != highest {
            self.diff(place, "maximum", show(x.maximum), show(highest));
        }
    }

    fn bounds(&mut self, place: &str, x: &XBounds, s: &Bounds, enums: bool) {
        if !enums {
            if x.min_length != s.min_length {
                self.diff(place, "min_length", show(x.min_length), show(s.min_length));
            }
            if x.max_length != s.max_length {
                self.diff(place, "max_length", show(x.max_length), show(s.max_length));
            }
            if !same_pattern(x.pattern.as_deref(), s.pattern.as_deref()) {
                self.diff(
                    place,
                    "pattern",
                    show(x.pattern.as_ref()),
                    show(s.pattern.as_ref()),
                );
            }
        }
        if x.minimum != s.minimum.map(Number::as_f64) {
            self.diff(
                place,
                "minimum",
                show(x.minimum),
                show(s.minimum.map(Number::as_f64)),
            );
        }
        if x.maximum != s.maximum.map(Number::as_f64) {
            self.diff(
                place,
                "maximum",
                show(x.maximum),
                show(s.maximum.map(Number::as_f64)),
            );
        }
        if x.min_items != s.min_items {
            self.diff(place, "min_items", show(x.min_items), show(s.min_items));
        }
        if x.max_items != s.max_items {
            self.diff(place, "max_items", show(x.max_items), show(s.max_items));
        }
    }
}

/// Patterns are the same if written the same or if they parse to the same regular expression
/// (`[^\"]` and `[^"]` differ only in a redundant escape).
pub fn same_pattern(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) if a != b => {
            let canonical = |p: &str| regex_syntax::parse(p).ok().map(|h| h.to_string());
            canonical(a).is_some() && canonical(a) == canonical(b)
        }
        (a, b) => a == b,
    }
}

fn x_type_label(t: &XType, b: &XBounds) -> String {
    match t {
        XType::String if b.enum_values.is_some() => format!(
            "enum [{}]",
            b.enum_values
                .iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ),
        XType::String => "string".into(),
        XType::Integer(f) => format!("integer ({})", f.as_deref().unwrap_or("no format")),
        XType::Number(f) => format!("number ({})", f.as_deref().unwrap_or("no format")),
        XType::Boolean => "boolean".into(),
        XType::Array(_) => "array".into(),
        XType::Map(_) => "map".into(),
        XType::Any => "any".into(),
        XType::Object(_) => "object".into(),
        XType::Ref(n) => format!("object {n}"),
        XType::File => "file".into(),
        XType::Other(o) => o.clone(),
    }
}

/// A media type compared loosely: case and spaces aside.
fn media_key(media: &str) -> String {
    media.to_ascii_lowercase().replace(' ', "")
}

fn s_type_label(t: &Ty) -> String {
    match t {
        Ty::String => "string".into(),
        Ty::Int32 => "integer (int32)".into(),
        Ty::Int64 => "integer (int64)".into(),
        Ty::Float => "number (float)".into(),
        Ty::Double => "number (double)".into(),
        Ty::Bool => "boolean".into(),
        Ty::Array(_) => "array".into(),
        Ty::Map(_) => "map".into(),
        Ty::Any => "any".into(),
        Ty::Object(n) => format!("object {n}"),
        Ty::Enum(n) => format!("enum {n}"),
    }
}
