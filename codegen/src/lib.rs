//! The OMS client generator: YAML spec → checked model → `quote!` tokens → formatted Rust.
//!
//! The flow is one-way: [`load`] parses the files, [`check`] gives them meaning and reports
//! every problem, [`emit`] turns the model into token streams, [`mod@format`] into source text.
//! Nothing here touches the network or builds the client.

pub mod audit;
pub mod check;
pub mod diag;
pub mod emit;
pub mod explorer;
pub mod format;
pub mod import;
pub mod load;
pub mod locate;
pub mod model;
pub mod spec;

use std::path::Path;

pub use diag::{Diagnostic, Diagnostics};
pub use load::{SourceFile, SpecSources};

/// One generated file: its path relative to the workspace root and its full contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Loads and checks a spec, returning the model or every problem found.
pub fn model_from_sources(sources: &SpecSources) -> Result<model::Model, Diagnostics> {
    let loaded = load::load(sources)?;
    check::check(&loaded).map_err(|d| with_positions(d, sources))
}

/// Gives every diagnostic that has a place but no position the `line:column` of that place.
fn with_positions(mut diags: Diagnostics, sources: &SpecSources) -> Diagnostics {
    let files = std::iter::once(&sources.service)
        .chain(sources.types.iter())
        .chain(sources.operations.iter());
    let mut indexes = std::collections::HashMap::new();
    for f in files {
        indexes.insert(f.name.as_str(), locate::KeyIndex::new(&f.text));
    }
    for d in &mut diags.0 {
        if d.position.is_none() && !d.place.is_empty() {
            d.position = indexes.get(d.file.as_str()).and_then(|i| i.find(&d.place));
        }
    }
    diags
}

/// Generates every file of the client from in-memory spec sources.
pub fn generate_from_sources(sources: &SpecSources) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let model = model_from_sources(sources)?;
    emit::emit(&model).map_err(|bug| {
        Diagnostics(vec![Diagnostic {
            file: "codegen".into(),
            position: None,
            place: String::new(),
            message: format!("internal generator error, please report: {bug}"),
        }])
    })
}

/// Generates every file of the client from a spec directory.
pub fn generate(spec_dir: &Path) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let sources = SpecSources::read_dir(spec_dir)?;
    generate_from_sources(&sources)
}
