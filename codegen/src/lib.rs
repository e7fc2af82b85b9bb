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
    check::check(&loaded)
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
