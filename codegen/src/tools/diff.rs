//! What a spec change means for downstream crates: every change to operations, parameters,
//! fields, types, bounds, patterns, enum values, status codes and regions, each classed as
//! breaking for existing callers or compatible, with the reason.

use std::collections::BTreeSet;
use std::fmt;

use crate::pipeline::model::{
    Acceptor, AcceptorState, Bounds, Field, Model, NamedType, Number, Operation, Shape, Ty,
    TypeKind,
};
use crate::tools::show;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Breaking,
    Compatible,
}

/// One change between two versions of the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub class: Class,
    /// `Operation`, `Operation.parameters.name`, `Type.field`, …
    pub place: String,
    pub what: String,
    pub why: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let class = match self.class {
            Class::Breaking => "BREAKING  ",
            Class::Compatible => "compatible",
        };
        write!(f, "{class}  {}: {} ({})", self.place, self.what, self.why)
    }
}

/// The changes from `old` to `new`, breaking ones first.
pub fn diff(old: &Model, new: &Model) -> Vec<Change> {
    let mut d = Differ {
        old,
        new,
        out: Vec::new(),
    };
    d.operations();
    d.types();
    d.waiters();
    d.out.sort();
    d.out.dedup();
    d.out
}

/// A Markdown table for a pull request.
pub fn markdown(changes: &[Change]) -> String {
    let breaking = changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .count();
    let mut s = format!(
        "**Spec changes:** {} breaking, {} compatible\n\n| | Where | Change | Why |\n|---|---|---|---|\n",
        breaking,
        changes.len() - breaking
    );
    for c in changes {
        let class = match c.class {
            Class::Breaking => "⚠️ breaking",
            Class::Compatible => "compatible",
        };
        let cell = |t: &str| t.replace('|', "\\|");
        s.push_str(&format!(
            "| {class} | `{}` | {} | {} |\n",
            c.place,
            cell(&c.what),
            cell(&c.why)
        ));
    }
    s
}

struct Differ<'a> {
    old: &'a Model,
    new: &'a Model,
    out: Vec<Change>,
}

/// Whether callers send values of a field (requests), or only read them (responses).
#[derive(Clone, Copy)]
struct Use {
    request: bool,
}

fn ty_label(t: &Ty) -> String {
    match t {
        Ty::String => "string".into(),
        Ty::Int32 => "int32".into(),
        Ty::Int64 => "int64".into(),
        Ty::Float => "float".into(),
        Ty::Double => "double".into(),
        Ty::Bool => "boolean".into(),
        Ty::Array(i) => format!("array of {}", ty_label(&i.ty)),
        Ty::Map(i) => format!("map of {}", ty_label(&i.ty)),
        Ty::Any => "any".into(),
        Ty::Object(n) | Ty::Enum(n) => n.clone(),
    }
}

impl Differ<'_> {
    fn push(&mut self, class: Class, place: &str, what: impl Into<String>, why: &str) {
        self.out.push(Change {
            class,
            place: place.to_string(),
            what: what.into(),
            why: why.to_string(),
        });
    }

    fn operations(&mut self) {
        for o in &self.old.operations {
            match self.new.operations.iter().find(|n| n.name == o.name) {
                None => self.push(
                    Class::Breaking,
                    &o.name,
                    "operation removed",
                    "callers of its method no longer compile",
                ),
                Some(n) => self.operation(o, n),
            }
        }
        for n in &self.new.operations {
            if !self.old.operations.iter().any(|o| o.name == n.name) {
                self.push(
                    Class::Compatible,
                    &n.name,
                    "operation added",
                    "a new method; existing calls are unaffected",
                );
            }
        }
    }

    fn operation(&mut self, o: &Operation, n: &Operation) {
        let place = o.name.clone();
        if o.method != n.method {
            self.push(
                Class::Breaking,
                &place,
                format!("method {} → {}", o.method.as_str(), n.method.as_str()),
                "requests change on the wire",
            );
        }
        if o.path != n.path {
            self.push(
                Class::Breaking,
                &place,
                format!("path {} → {}", o.path, n.path),
                "requests change on the wire",
            );
        }
        if o.content_type != n.content_type {
            let show = |c: &Option<String>| c.clone().unwrap_or_else(|| "JSON".into());
            self.push(
                Class::Breaking,
                &format!("{place}.content_type"),
                format!(
                    "body media type {} → {}",
                    show(&o.content_type),
                    show(&n.content_type)
                ),
                "requests change on the wire",
            );
        }
        // Regions: empty means everywhere.
        let (or, nr): (BTreeSet<&String>, BTreeSet<&String>) =
            (o.regions.iter().collect(), n.regions.iter().collect());
        match (or.is_empty(), nr.is_empty()) {
            (true, false) => self.push(
                Class::Breaking,
                &format!("{place}.regions"),
                format!("limited to {}", n.regions.join(", ")),
                "calls from other regions now fail before sending",
            ),
            (false, true) => self.push(
                Class::Compatible,
                &format!("{place}.regions"),
                "available in every region",
                "no call that worked fails",
            ),
            (false, false) => {
                for r in or.difference(&nr) {
                    self.push(
                        Class::Breaking,
                        &format!("{place}.regions"),
                        format!("region {r} removed"),
                        "calls from that region now fail before sending",
                    );
                }
                for r in nr.difference(&or) {
                    self.push(
                        Class::Compatible,
                        &format!("{place}.regions"),
                        format!("region {r} added"),
                        "no call that worked fails",
                    );
                }
            }
            (true, true) => {}
        }
        // Parameters.
        for op in &o.params {
            let pplace = format!("{place}.parameters.{}", op.field.wire_name);
            match n
                .params
                .iter()
                .find(|np| np.field.wire_name == op.field.wire_name)
            {
                None => self.push(
                    Class::Breaking,
                    &pplace,
                    "parameter removed",
                    "callers that set it no longer compile",
                ),
                Some(np) => {
                    if op.location != np.location {
                        self.push(
                            Class::Breaking,
                            &pplace,
                            format!(
                                "moved from {} to {}",
                                op.location.as_str(),
                                np.location.as_str()
                            ),
                            "requests change on the wire",
                        );
                    }
                    self.field(&pplace, &op.field, &np.field, Use { request: true });
                }
            }
        }
        for np in &n.params {
            if !o
                .params
                .iter()
                .any(|op| op.field.wire_name == np.field.wire_name)
            {
                let pplace = format!("{place}.parameters.{}", np.field.wire_name);
                if np.field.required {
                    self.push(
                        Class::Breaking,
                        &pplace,
                        "required parameter added",
                        "existing calls lack it and fail before sending",
                    );
                } else {
                    self.push(
                        Class::Compatible,
                        &pplace,
                        "optional parameter added",
                        "existing calls need not set it",
                    );
                }
            }
        }
        // Body.
        let bplace = format!("{place}.body");
        match (&o.body, &n.body) {
            (None, Some(b)) if b.required => self.push(
                Class::Breaking,
                &bplace,
                format!("required body {} added", b.type_name),
                "existing calls lack it",
            ),
            (None, Some(b)) => self.push(
                Class::Compatible,
                &bplace,
                format!("optional body {} added", b.type_name),
                "existing calls need not set it",
            ),
            (Some(b), None) => self.push(
                Class::Breaking,
                &bplace,
                format!("body {} removed", b.type_name),
                "callers that set it no longer compile",
            ),
            (Some(ob), Some(nb)) => {
                if ob.type_name != nb.type_name {
                    self.push(
                        Class::Breaking,
                        &bplace,
                        format!("body type {} → {}", ob.type_name, nb.type_name),
                        "callers build the old type",
                    );
                } else {
                    // The same name: an alias may stand for something else now.
                    self.shape(&bplace, &ob.shape, &nb.shape, Use { request: true });
                }
                if !ob.required && nb.required {
                    self.push(
                        Class::Breaking,
                        &bplace,
                        "body made required",
                        "calls without a body now fail before sending",
                    );
                } else if ob.required && !nb.required {
                    self.push(
                        Class::Compatible,
                        &bplace,
                        "body made optional",
                        "calls with a body still work",
                    );
                }
            }
            (None, None) => {}
        }
        // Responses.
        for or in &o.responses {
            let rplace = format!("{place}.responses.{}", or.status);
            match n.responses.iter().find(|nr| nr.status == or.status) {
                None if (200..300).contains(&or.status) => self.push(
                    Class::Breaking,
                    &rplace,
                    "success response removed",
                    "the output type changes",
                ),
                None => self.push(
                    Class::Compatible,
                    &rplace,
                    "status no longer documented",
                    "errors are decoded whatever their status",
                ),
                Some(nr) => {
                    let (ot, nt) = (
                        or.shape.as_ref().map(|s| ty_label(&s.ty)),
                        nr.shape.as_ref().map(|s| ty_label(&s.ty)),
                    );
                    if ot != nt {
                        let class = if (200..300).contains(&or.status) {
                            Class::Breaking
                        } else {
                            Class::Compatible
                        };
                        let why = if class == Class::Breaking {
                            "the output type changes"
                        } else {
                            "error bodies are parsed generically"
                        };
                        self.push(
                            class,
                            &rplace,
                            format!("body {} → {}", show(ot), show(nt)),
                            why,
                        );
                    }
                }
            }
        }
        for nr in &n.responses {
            if !o.responses.iter().any(|or| or.status == nr.status) {
                let rplace = format!("{place}.responses.{}", nr.status);
                if (200..300).contains(&nr.status) && o.success().is_none() {
                    self.push(
                        Class::Breaking,
                        &rplace,
                        "success response added",
                        "the output type changes",
                    );
                } else {
                    self.push(
                        Class::Compatible,
                        &rplace,
                        "status documented",
                        "no caller code depends on it",
                    );
                }
            }
        }
    }

    fn types(&mut self) {
        for ot in &self.old.types {
            match self.new.type_named(&ot.name) {
                None => self.push(
                    Class::Breaking,
                    &ot.name,
                    "type removed",
                    "code that names it no longer compiles",
                ),
                Some(nt) => self.named_type(ot, nt),
            }
        }
        for nt in &self.new.types {
            if self.old.type_named(&nt.name).is_none() {
                self.push(
                    Class::Compatible,
                    &nt.name,
                    "type added",
                    "nothing used it before",
                );
            }
        }
    }

    fn waiters(&mut self) {
        for o in &self.old.waiters {
            let place = format!("waiters.{}", o.name);
            let Some(n) = self.new.waiters.iter().find(|n| n.name == o.name) else {
                self.push(
                    Class::Breaking,
                    &place,
                    "waiter removed",
                    "callers of its `wait_until_` method no longer compile",
                );
                continue;
            };
            if o.operation != n.operation {
                self.push(
                    Class::Breaking,
                    &place,
                    format!("polls {} instead of {}", n.operation, o.operation),
                    "its setters are now those of the other operation",
                );
            }
            if (o.min_delay, o.max_delay) != (n.min_delay, n.max_delay) {
                self.push(
                    Class::Compatible,
                    &place,
                    format!(
                        "delays {}..{} s → {}..{} s",
                        o.min_delay, o.max_delay, n.min_delay, n.max_delay
                    ),
                    "only how often it polls changes",
                );
            }
            if o.max_wait != n.max_wait {
                self.push(
                    Class::Compatible,
                    &place,
                    format!("default max_wait {} s → {} s", o.max_wait, n.max_wait),
                    "callers that set max_wait are unaffected",
                );
            }
            let text = |a: &Acceptor| format!("{} when {}", a.state.as_str(), a.describe());
            for a in &o.acceptors {
                if !n.acceptors.contains(a) {
                    self.push(
                        Class::Breaking,
                        &place,
                        format!("acceptor removed: {}", text(a)),
                        "waits that ended there now go on, or end otherwise",
                    );
                }
            }
            for a in &n.acceptors {
                if !o.acceptors.contains(a) {
                    let (class, why) = if a.state == AcceptorState::Retry {
                        (Class::Compatible, "a wait that went on still goes on")
                    } else {
                        (Class::Breaking, "waits that went on may now end there")
                    };
                    self.push(class, &place, format!("acceptor added: {}", text(a)), why);
                }
            }
        }
        for n in &self.new.waiters {
            if !self.old.waiters.iter().any(|o| o.name == n.name) {
                self.push(
                    Class::Compatible,
                    &format!("waiters.{}", n.name),
                    "waiter added",
                    "a new method; existing calls are unaffected",
                );
            }
        }
    }

    fn named_type(&mut self, ot: &NamedType, nt: &NamedType) {
        let usage = Use {
            request: ot.in_request || nt.in_request,
        };
        match (&ot.kind, &nt.kind) {
            (TypeKind::Object(of), TypeKind::Object(nf)) => {
                for f in of {
                    let place = format!("{}.{}", ot.name, f.wire_name);
                    match nf.iter().find(|g| g.wire_name == f.wire_name) {
                        None => self.push(
                            Class::Breaking,
                            &place,
                            "field removed",
                            "code that sets or reads it no longer compiles",
                        ),
                        Some(g) => self.field(&place, f, g, usage),
                    }
                }
                for g in nf {
                    if !of.iter().any(|f| f.wire_name == g.wire_name) {
                        let place = format!("{}.{}", ot.name, g.wire_name);
                        if g.required && usage.request {
                            self.push(
                                Class::Breaking,
                                &place,
                                "required field added",
                                "values built without it fail to build",
                            );
                        } else {
                            self.push(
                                Class::Compatible,
                                &place,
                                "optional field added",
                                "existing code need not set it; decoding tolerates it",
                            );
                        }
                    }
                }
            }
            // Fields of an alias's type are resolved to what it stands for, so the model does
            // not say which requests use it: judged as if one did (each field that uses it is
            // reported too, with its own use).
            (TypeKind::Alias(os), TypeKind::Alias(ns)) => {
                self.shape(&ot.name, os, ns, Use { request: true })
            }
            (TypeKind::Enum(ov), TypeKind::Enum(nv)) => {
                let open = |vs: &[crate::pipeline::model::EnumValue]| {
                    crate::pipeline::names::open_variant(vs.iter().map(|v| v.variant.as_str()))
                };
                let (oo, no) = (open(ov), open(nv));
                if oo != no {
                    self.push(
                        Class::Breaking,
                        &ot.name,
                        format!("variant for unlisted values {oo} → {no}"),
                        "a listed value now takes the old name: code matching the old variant no longer compiles or means another value",
                    );
                }
                for v in ov {
                    if !nv.iter().any(|w| w.value == v.value) {
                        self.push(
                            Class::Breaking,
                            &ot.name,
                            format!("enum value {} removed", v.value),
                            "code naming its variant no longer compiles",
                        );
                    }
                }
                for v in nv {
                    if !ov.iter().any(|w| w.value == v.value) {
                        self.push(
                            Class::Compatible,
                            &ot.name,
                            format!("enum value {} added", v.value),
                            "enums are non-exhaustive and keep unknown values",
                        );
                    }
                }
            }
            (TypeKind::IntEnum(ov), TypeKind::IntEnum(nv)) => {
                let open = |vs: &[crate::pipeline::model::IntEnumValue]| {
                    crate::pipeline::names::open_variant(vs.iter().map(|v| v.variant.as_str()))
                };
                let (oo, no) = (open(ov), open(nv));
                if oo != no {
                    self.push(
                        Class::Breaking,
                        &ot.name,
                        format!("variant for unlisted codes {oo} → {no}"),
                        "a listed code now takes the old name: code matching the old variant no longer compiles or means another code",
                    );
                }
                for v in ov {
                    match nv.iter().find(|w| w.value == v.value) {
                        None => self.push(
                            Class::Breaking,
                            &ot.name,
                            format!("enum value {} ({}) removed", v.value, v.variant),
                            "code naming its variant no longer compiles",
                        ),
                        Some(w) if w.variant != v.variant => self.push(
                            Class::Breaking,
                            &ot.name,
                            format!(
                                "enum value {} renamed {} → {}",
                                v.value, v.variant, w.variant
                            ),
                            "code naming the old variant no longer compiles",
                        ),
                        Some(_) => {}
                    }
                }
                for v in nv {
                    if !ov.iter().any(|w| w.value == v.value) {
                        self.push(
                            Class::Compatible,
                            &ot.name,
                            format!("enum value {} ({}) added", v.value, v.variant),
                            "enums are non-exhaustive and keep unknown values",
                        );
                    }
                }
            }
            (o, n) => {
                let kind = |k: &TypeKind| match k {
                    TypeKind::Object(_) => "object",
                    TypeKind::Enum(_) => "string enum",
                    TypeKind::IntEnum(_) => "integer enum",
                    TypeKind::Alias(_) => "alias",
                };
                self.push(
                    Class::Breaking,
                    &ot.name,
                    format!("changed from {} to {}", kind(o), kind(n)),
                    "code using the type no longer compiles",
                )
            }
        }
    }

    /// A field or parameter present in both versions.
    fn field(&mut self, place: &str, o: &Field, n: &Field, usage: Use) {
        if o.rust_name != n.rust_name {
            self.push(
                Class::Breaking,
                place,
                format!("Rust name {} → {}", o.rust_name, n.rust_name),
                "code using the old name no longer compiles",
            );
        }
        if usage.request {
            if !o.required && n.required {
                self.push(
                    Class::Breaking,
                    place,
                    "optional made required",
                    "calls that omit it now fail before sending",
                );
            } else if o.required && !n.required {
                self.push(
                    Class::Compatible,
                    place,
                    "required made optional",
                    "calls that set it still work",
                );
            }
        } else if o.required != n.required {
            self.push(
                Class::Compatible,
                place,
                format!("required {} → {}", o.required, n.required),
                "responses decode every field as optional",
            );
        }
        if o.default != n.default {
            self.push(
                Class::Compatible,
                place,
                format!("default {:?} → {:?}", o.default, n.default),
                "documents what the service assumes when the value is omitted",
            );
        }
        self.shape(place, &o.shape, &n.shape, usage);
    }

    fn shape(&mut self, place: &str, o: &Shape, n: &Shape, usage: Use) {
        let same_kind = match (&o.ty, &n.ty) {
            (Ty::Array(oi), Ty::Array(ni)) => {
                self.shape(&format!("{place}[]"), oi, ni, usage);
                true
            }
            (Ty::Map(oi), Ty::Map(ni)) => {
                self.shape(&format!("{place}{{}}"), oi, ni, usage);
                true
            }
            (a, b) => a == b,
        };
        if !same_kind {
            self.push(
                Class::Breaking,
                place,
                format!("type {} → {}", ty_label(&o.ty), ty_label(&n.ty)),
                "code using the old type no longer compiles",
            );
            return;
        }
        self.bounds(place, &o.bounds, &n.bounds, usage);
    }

    fn bounds(&mut self, place: &str, o: &Bounds, n: &Bounds, usage: Use) {
        // Bounds are checked on requests only; for response-only values they are documentation.
        let narrowed = if usage.request {
            Class::Breaking
        } else {
            Class::Compatible
        };
        let narrowed_why = if usage.request {
            "values that were valid are now rejected before sending"
        } else {
            "responses are not validated"
        };
        let check =
            |d: &mut Self, what: &str, old: Option<f64>, new: Option<f64>, is_lower: bool| {
                if old == new {
                    return;
                }
                let tighter = match (old, new) {
                    (None, Some(_)) => true,
                    (Some(_), None) => false,
                    (Some(a), Some(b)) => {
                        if is_lower {
                            b > a
                        } else {
                            b < a
                        }
                    }
                    (None, None) => false,
                };
                let text = format!("{what} {} → {}", show(old), show(new));
                if tighter {
                    d.push(narrowed, place, format!("{text} (narrowed)"), narrowed_why);
                } else {
                    d.push(
                        Class::Compatible,
                        place,
                        format!("{text} (widened)"),
                        "every value valid before is still valid",
                    );
                }
            };
        let u = |v: Option<u64>| v.map(|v| v as f64);
        check(self, "min_length", u(o.min_length), u(n.min_length), true);
        check(self, "max_length", u(o.max_length), u(n.max_length), false);
        let num = |n: Option<Number>| n.map(Number::as_f64);
        check(self, "minimum", num(o.minimum), num(n.minimum), true);
        check(self, "maximum", num(o.maximum), num(n.maximum), false);
        check(self, "min_items", u(o.min_items), u(n.min_items), true);
        check(self, "max_items", u(o.max_items), u(n.max_items), false);
        if o.pattern != n.pattern {
            let text = format!(
                "pattern {} → {}",
                show(o.pattern.as_ref()),
                show(n.pattern.as_ref())
            );
            if n.pattern.is_none() {
                self.push(
                    Class::Compatible,
                    place,
                    text,
                    "every value valid before is still valid",
                );
            } else {
                self.push(
                    narrowed,
                    place,
                    text,
                    if usage.request {
                        "values that matched before may now be rejected"
                    } else {
                        narrowed_why
                    },
                );
            }
        }
    }
}
