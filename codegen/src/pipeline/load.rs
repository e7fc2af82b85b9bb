//! Reads the spec directory: `service.yaml`, `types.yaml` and `operations/*.yaml`.
//!
//! Files are read in a fixed order (operations sorted by file name) so generation is
//! deterministic whatever order the file system lists them in.

use std::path::Path;

use crate::pipeline::diag::{Diagnostic, Diagnostics};
use crate::spec::{OperationDef, OperationsFile, ServiceFile, TypeDef, TypesFile};

/// The parsed spec, every item tagged with the file it came from.
#[derive(Debug)]
pub struct LoadedSpec {
    pub service_file: String,
    pub service: ServiceFile,
    pub types: Vec<(String, String, TypeDef)>,
    pub operations: Vec<(String, String, OperationDef)>,
}

/// An in-memory spec file: its display name and contents.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// The files of a spec directory, read from disk.
#[derive(Debug, Clone)]
pub struct SpecSources {
    pub service: SourceFile,
    pub types: Option<SourceFile>,
    pub operations: Vec<SourceFile>,
}

impl SpecSources {
    /// Reads `dir`; file names in diagnostics are shown as `spec/<relative path>`.
    pub fn read_dir(dir: &Path) -> Result<SpecSources, Diagnostics> {
        let mut diags = Diagnostics::default();
        let read = |rel: &str, diags: &mut Diagnostics| -> Option<SourceFile> {
            let name = format!("spec/{rel}");
            match std::fs::read_to_string(dir.join(rel)) {
                Ok(text) => Some(SourceFile { name, text }),
                Err(e) => {
                    diags.push(&name, "", format!("cannot read file: {e}"));
                    None
                }
            }
        };
        let service = read("service.yaml", &mut diags);
        let types = if dir.join("types.yaml").exists() {
            read("types.yaml", &mut diags)
        } else {
            None
        };
        let mut operations = Vec::new();
        let ops_dir = dir.join("operations");
        match std::fs::read_dir(&ops_dir) {
            Ok(entries) => {
                let mut names: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
                    .collect();
                names.sort();
                for n in names {
                    if let Some(f) = read(&format!("operations/{n}"), &mut diags) {
                        operations.push(f);
                    }
                }
            }
            Err(e) => diags.push("spec/operations", "", format!("cannot read directory: {e}")),
        }
        match service {
            Some(service) if diags.is_empty() => Ok(SpecSources {
                service,
                types,
                operations,
            }),
            _ => Err(diags),
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &SourceFile, diags: &mut Diagnostics) -> Option<T> {
    match serde_yaml::from_str::<T>(&file.text) {
        Ok(v) => {
            let duplicates = crate::pipeline::locate::KeyIndex::duplicate_keys(&file.text);
            for (place, position) in &duplicates {
                diags.0.push(Diagnostic {
                    file: file.name.clone(),
                    position: Some(*position),
                    place: place.clone(),
                    message: "duplicate key: the earlier entry would be silently replaced".into(),
                });
            }
            duplicates.is_empty().then_some(v)
        }
        Err(e) => {
            let position = e.location().map(|l| (l.line(), l.column()));
            // serde_yaml appends " at line X column Y"; the position is shown separately.
            let mut message = e.to_string();
            if let Some(i) = message.find(" at line ") {
                message.truncate(i);
            }
            diags.0.push(Diagnostic {
                file: file.name.clone(),
                position,
                place: String::new(),
                message,
            });
            None
        }
    }
}

/// Parses every file; reports every file that does not parse, not only the first.
pub fn load(sources: &SpecSources) -> Result<LoadedSpec, Diagnostics> {
    let mut diags = Diagnostics::default();
    let service: Option<ServiceFile> = parse(&sources.service, &mut diags);
    let mut types = Vec::new();
    if let Some(f) = &sources.types {
        if let Some(t) = parse::<TypesFile>(f, &mut diags) {
            types.extend(t.types.into_iter().map(|(n, d)| (f.name.clone(), n, d)));
        }
    }
    let mut operations = Vec::new();
    for f in &sources.operations {
        if let Some(o) = parse::<OperationsFile>(f, &mut diags) {
            operations.extend(
                o.operations
                    .into_iter()
                    .map(|(n, d)| (f.name.clone(), n, d)),
            );
            types.extend(o.types.into_iter().map(|(n, d)| (f.name.clone(), n, d)));
        }
    }
    match service {
        Some(service) if diags.is_empty() => Ok(LoadedSpec {
            service_file: sources.service.name.clone(),
            service,
            types,
            operations,
        }),
        _ => Err(diags),
    }
}
