//! Gives the parsed spec its meaning and checks it, reporting every problem at once.
//!
//! Each check names the file, the place inside it and what is wrong. Nothing here panics on
//! any input: a spec that passes produces a [`Model`] that emission can turn into code that
//! compiles.
//!
//! [`check`] runs the passes in order: each definition on its own (service, types, operations
//! with their fields, paths and responses), then the checks across definitions (recursion,
//! enum defaults), then the analysis that derives what the definitions imply (`analysis`:
//! which types requests and responses reach, how paging resolves), then the checks that need
//! the finished model (builder names of request types; waiters, whose paths walk the types).

mod aliases;
mod analysis;
mod bounds;
mod defaults;
mod fields;
mod operations;
mod parameters;
mod paths;
mod recursion;
mod responses;
mod service;
mod types;
mod waiters;

use std::collections::{HashMap, HashSet};

use crate::pipeline::diag::Diagnostics;
use crate::pipeline::load::LoadedSpec;
use crate::pipeline::model::{Model, Shape, Ty};

/// Checks the loaded spec and builds the model, or returns every problem found.
pub fn check(spec: &LoadedSpec) -> Result<Model, Diagnostics> {
    let mut cx = Checker {
        spec,
        diags: Diagnostics::default(),
        type_defs: HashMap::new(),
        rejected_types: HashSet::new(),
        int_enums: HashSet::new(),
        aliases: HashMap::new(),
        resolving: Vec::new(),
        type_files: first_files(&spec.types),
        operation_files: first_files(&spec.operations),
    };
    // Each definition on its own, building its part of the model.
    let service = cx.check_service();
    cx.collect_type_names();
    let types = cx.check_types();
    let operations = cx.check_operations(&service);
    let mut model = Model::new(service, types, operations);
    // Across definitions.
    cx.check_recursion(&model.types);
    cx.check_enum_defaults(&model);
    // What the definitions imply, then the check that needs it.
    analysis::analyze(&mut model, spec, &mut cx.diags);
    cx.check_builder_names(&model);
    model.waiters = cx.check_waiters(&model);
    if cx.diags.is_empty() {
        Ok(model)
    } else {
        Err(cx.with_positions())
    }
}

/// What the passes share: the spec, the problems found so far, and the type names known.
/// Name to file, the first file for a name defined twice.
fn first_files<T>(defs: &[(String, String, T)]) -> HashMap<&str, &str> {
    let mut files = HashMap::new();
    for (file, name, _) in defs {
        files.entry(name.as_str()).or_insert(file.as_str());
    }
    files
}

/// What kind of type a name defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DefKind {
    Object,
    Enum,
    Alias,
}

struct Checker<'a> {
    spec: &'a LoadedSpec,
    diags: Diagnostics,
    /// Type name -> (file, kind), for every type whose name passed its checks.
    type_defs: HashMap<&'a str, (&'a str, DefKind)>,
    /// Aliases resolved so far: the shape each stands for, or `None` when its definition has
    /// a problem (reported once, at the alias).
    aliases: HashMap<String, Option<Shape>>,
    /// The aliases being resolved, innermost last: one met again is a cycle.
    resolving: Vec<String>,
    /// Type names refused by their own checks (reserved, not UpperCamelCase...): a use of one
    /// is not reported again as an unknown type.
    rejected_types: HashSet<&'a str>,
    /// The type names that are integer enums (their values are integer codes).
    int_enums: HashSet<&'a str>,
    /// The file each type and operation comes from (the first, for a duplicate name).
    type_files: HashMap<&'a str, &'a str>,
    operation_files: HashMap<&'a str, &'a str>,
}

impl<'a> Checker<'a> {
    /// The position of exactly `path` in `file` (a list item, `types.Color.enum.2`).
    fn position(&self, file: &str, path: &str) -> Option<(usize, usize)> {
        self.spec.positions.get(file)?.get(path)
    }

    /// `FILE:LINE:COLUMN` of `place` in `file`, or `FILE` when its position is unknown: how
    /// a message names the other place of a conflict.
    fn place_text(&self, file: &str, place: &str) -> String {
        match self.spec.positions.get(file).and_then(|i| i.find(place)) {
            Some((line, column)) => format!("{file}:{line}:{column}"),
            None => file.to_string(),
        }
    }

    /// Gives every diagnostic that has a place but no position the `line:column` of that
    /// place (or of its nearest ancestor that is indexed).
    fn with_positions(mut self) -> Diagnostics {
        for d in &mut self.diags.0 {
            if d.position.is_none() && !d.place.is_empty() {
                d.position = self
                    .spec
                    .positions
                    .get(d.file.as_str())
                    .and_then(|i| i.find(&d.place));
            }
        }
        self.diags
    }

    /// The file a type was defined in.
    fn type_file(&self, name: &str) -> &'a str {
        self.type_files.get(name).copied().unwrap_or("spec")
    }

    /// The file an operation was defined in.
    fn operation_file(&self, name: &str) -> &'a str {
        self.operation_files.get(name).copied().unwrap_or("spec")
    }

    /// `min_length` must not exceed `max_length` (string fields, the token, the project id).
    fn check_lengths(&mut self, file: &str, place: &str, min: Option<u64>, max: Option<u64>) {
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                self.diags.push(
                    file,
                    place,
                    format!("min_length {min} is greater than max_length {max}"),
                );
            }
        }
    }
}

/// The first character a path template may not hold (only unreserved characters, `/` and the
/// braces of placeholders may stand in it), if any.
pub(crate) fn refused_path_char(path: &str) -> Option<char> {
    path.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "/-._~{}".contains(*c)))
}

/// A header name as HTTP allows it (a token).
pub(crate) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A type as messages name it: `a string`, `object type `Thing``.
fn ty_label(ty: &Ty) -> String {
    match ty {
        Ty::String => "a string".into(),
        Ty::Int32 => "an int32".into(),
        Ty::Int64 => "an int64".into(),
        Ty::Float | Ty::Double => "a number".into(),
        Ty::Bool => "a boolean".into(),
        Ty::Array(_) => "an array".into(),
        Ty::Map(_) => "a map".into(),
        Ty::Any => "an untyped value".into(),
        Ty::Object(n) => format!("object type `{n}`"),
        Ty::Enum(n) => format!("enum `{n}`"),
    }
}
