//! Reads the spec directory: `service.yaml`, `types.yaml` and `operations/*.yaml`.
//!
//! Files are read in a fixed order (operations sorted by file name) so generation is
//! deterministic whatever order the file system lists them in.
//!
//! Besides parsing, loading refuses what would make a file say something else than it seems
//! to: a file that is not UTF-8, a file that defines nothing (empty, only comments, or an
//! empty `operations:`/`types:`; an operations file emptied by accident would otherwise drop
//! its operations from the client silently), a key given twice, and text holding characters
//! the spec refuses (see `pipeline/text.rs`).

use std::collections::HashMap;
use std::path::Path;

use crate::pipeline::diag::{Diagnostic, Diagnostics};
use crate::pipeline::locate::KeyIndex;
use crate::pipeline::text;
use crate::spec::{OperationDef, OperationsFile, ServiceFile, TypeDef, TypesFile, WaiterDef};

/// The comment `cargo xtask import` writes where a draft needs a person's decision; a spec
/// holding one is refused, at the comment, until the decision is made and the comment gone.
pub const DECISION_MARK: &str = "# TODO(decide)";

/// The parsed spec, every item tagged with the file it came from.
#[derive(Debug)]
pub struct LoadedSpec {
    pub service_file: String,
    pub service: ServiceFile,
    pub types: Vec<(String, String, TypeDef)>,
    pub operations: Vec<(String, String, OperationDef)>,
    pub waiters: Vec<(String, String, WaiterDef)>,
    /// Where keys and list items stand, by file name.
    pub positions: HashMap<String, KeyIndex>,
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
        SpecSources::read_dir_as(dir, "spec")
    }

    /// Reads `dir`; file names in diagnostics are shown as `<shown_as>/<relative path>` (the
    /// directory as the user named it, say).
    pub fn read_dir_as(dir: &Path, shown_as: &str) -> Result<SpecSources, Diagnostics> {
        let shown_as = shown_as.trim_end_matches('/');
        let mut diags = Diagnostics::default();
        let read = |rel: &str, diags: &mut Diagnostics| -> Option<SourceFile> {
            let name = format!("{shown_as}/{rel}");
            let bytes = match std::fs::read(dir.join(rel)) {
                Ok(bytes) => bytes,
                Err(e) => {
                    diags.push(&name, "", format!("cannot read file: {e}"));
                    return None;
                }
            };
            match String::from_utf8(bytes) {
                Ok(text) => Some(SourceFile { name, text }),
                Err(e) => {
                    let (position, message) = not_utf8(e.as_bytes(), e.utf8_error());
                    diags.0.push(Diagnostic {
                        file: name,
                        position: Some(position),
                        place: String::new(),
                        message,
                    });
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
            Err(e) => diags.push(
                &format!("{shown_as}/operations"),
                "",
                format!("cannot read directory: {e}"),
            ),
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

/// Where a file stops being UTF-8, and what to do about it.
fn not_utf8(bytes: &[u8], error: std::str::Utf8Error) -> ((usize, usize), String) {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return (
            (1, 1),
            "the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8".into(),
        );
    }
    let offset = error.valid_up_to();
    // The prefix is valid UTF-8 by definition.
    let before = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (
        (line, column),
        format!(
            "the file is not UTF-8: byte 0x{:02X} (offset {offset}) does not belong to a UTF-8 \
             character; save the file as UTF-8",
            bytes[offset]
        ),
    )
}

/// What the loader asks of each kind of file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Service,
    Types,
    Operations,
}

impl FileKind {
    /// What a file of this kind must define, for the message about one that defines nothing.
    fn needs(self) -> &'static str {
        match self {
            FileKind::Service => "service.yaml needs its `service` definition",
            FileKind::Types => "types.yaml defines at least one type (delete the file if no type is shared)",
            FileKind::Operations => {
                "an operations file defines at least one operation (delete the file to drop its operations)"
            }
        }
    }
}

/// From this size on, a file's two parses (values and positions) run on two threads; below
/// it, starting a thread costs more than it saves.
const PARALLEL_PARSE_BYTES: usize = 64 * 1024;

/// A parsed file and the index of its positions.
struct Parsed<T> {
    value: T,
    index: KeyIndex,
}

fn parse<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    kind: FileKind,
    diags: &mut Diagnostics,
) -> Option<Parsed<T>> {
    let push = |diags: &mut Diagnostics, position, place: &str, message: String| {
        diags.0.push(Diagnostic {
            file: file.name.clone(),
            position,
            place: place.to_string(),
            message,
        });
    };
    // The index parses the file with a second YAML parser; when that fails, serde_yaml's
    // syntax error says where and why. On a large file the two parses run side by side.
    let (index, value) = if file.text.len() >= PARALLEL_PARSE_BYTES {
        std::thread::scope(|s| {
            let index = s.spawn(|| KeyIndex::new(&file.text));
            let value = serde_yaml::from_str::<T>(&file.text);
            let index = index
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (index, value)
        })
    } else {
        (
            KeyIndex::new(&file.text),
            serde_yaml::from_str::<T>(&file.text),
        )
    };
    if let Some(index) = &index {
        if index.first_node.is_none() {
            let what = if file.text.trim().is_empty() {
                "the file is empty"
            } else {
                "the file holds nothing but comments"
            };
            push(diags, Some((1, 1)), "", format!("{what}: {}", kind.needs()));
            return None;
        }
    }
    let decisions = open_decisions(file, diags);
    let value = match value {
        Ok(value) => value,
        Err(e) => {
            let (position, message) = syntax_error(&e);
            push(diags, position, "", message);
            return None;
        }
    };
    let index = index.unwrap_or_default();
    for (place, position) in &index.duplicates {
        push(
            diags,
            Some(*position),
            place,
            "duplicate key: the earlier entry would be silently replaced".into(),
        );
    }
    for r in &index.refused_text {
        let reason = text::refused(r.character).map_or("", text::reason);
        let written = r
            .escape
            .as_ref()
            .map(|e| format!(" (written `{e}`)"))
            .unwrap_or_default();
        let more = match r.more {
            0 => String::new(),
            1 => " (and 1 more refused character in this text)".into(),
            n => format!(" (and {n} more refused characters in this text)"),
        };
        push(
            diags,
            Some(r.position),
            &text::quoted(&r.place),
            format!(
                "the text holds {}{written}, {reason}; remove it{more}",
                text::describe(r.character),
            ),
        );
    }
    (index.duplicates.is_empty() && index.refused_text.is_empty() && decisions == 0)
        .then_some(Parsed { value, index })
}

/// Reports every decision a draft still leaves open (a comment line starting with
/// [`DECISION_MARK`]); returns how many.
fn open_decisions(file: &SourceFile, diags: &mut Diagnostics) -> usize {
    let mut n = 0;
    for (i, line) in file.text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix(DECISION_MARK) else {
            continue;
        };
        n += 1;
        let column = line.chars().count() - trimmed.chars().count() + 1;
        let what = rest.trim_start_matches(':').trim();
        diags.0.push(Diagnostic {
            file: file.name.clone(),
            position: Some((i + 1, column)),
            place: String::new(),
            message: format!(
                "a decision the importer left open: {what} (make it, then delete the comment)"
            ),
        });
    }
    n
}

/// A serde_yaml error as a position and a message. A syntax error that libyaml found inside
/// a construct (a quoted scalar, a flow mapping) names two places: where the construct opened
/// and where the problem showed. When the problem is that the construct never closed, the
/// opening is where the mistake is, so it is the position and the other place is in the
/// message; otherwise the problem's place is the position and the opening is in the message.
fn syntax_error(e: &serde_yaml::Error) -> (Option<(usize, usize)>, String) {
    let position = e.location().map(|l| (l.line(), l.column()));
    let text = e.to_string();
    // serde_yaml appends " at line X column Y" to the problem, then ", <context>" and the
    // context's own " at line X column Y" when it has one.
    let Some((problem, rest)) = text.split_once(" at line ") else {
        return (position, text);
    };
    let Some((_, context)) = rest.split_once(", ") else {
        return (position, problem.to_string());
    };
    let (context, opened) = match context.split_once(" at line ") {
        Some((context, at)) => (context, parse_line_column(at)),
        None => (context, position),
    };
    // A context at the problem's own place ("while scanning for the next token") adds
    // nothing.
    let Some(opened) = opened.filter(|o| Some(*o) != position) else {
        return (position, problem.to_string());
    };
    let unclosed = problem.starts_with("found unexpected end of stream")
        || problem.starts_with("found unexpected document indicator")
        || problem.starts_with("did not find expected ','")
        || problem.starts_with("could not find expected ':'");
    match position {
        Some((line, column)) if unclosed => (
            Some(opened),
            format!("{context} that starts here: {problem} at {line}:{column}"),
        ),
        _ => (
            position,
            format!(
                "{problem}, {context} that starts at {}:{}",
                opened.0, opened.1
            ),
        ),
    }
}

/// `12 column 5` (what follows " at line ") as (12, 5).
fn parse_line_column(text: &str) -> Option<(usize, usize)> {
    let (line, column) = text.split_once(" column ")?;
    let column: String = column.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// Parses every file; reports every file that does not parse, not only the first.
pub fn load(sources: &SpecSources) -> Result<LoadedSpec, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut positions = HashMap::new();
    let service = parse::<ServiceFile>(&sources.service, FileKind::Service, &mut diags).map(|p| {
        positions.insert(sources.service.name.clone(), p.index);
        p.value
    });
    let mut types = Vec::new();
    if let Some(f) = &sources.types {
        if let Some(p) = parse::<TypesFile>(f, FileKind::Types, &mut diags) {
            if p.value.types.is_empty() {
                let at = p.index.get("types").or(p.index.first_node);
                diags.0.push(Diagnostic {
                    file: f.name.clone(),
                    position: at,
                    place: String::new(),
                    message: format!("the file defines no type: {}", FileKind::Types.needs()),
                });
            }
            types.extend(
                p.value
                    .types
                    .into_iter()
                    .map(|(n, d)| (f.name.clone(), n, d)),
            );
            positions.insert(f.name.clone(), p.index);
        }
    }
    let mut operations = Vec::new();
    let mut waiters = Vec::new();
    for f in &sources.operations {
        if let Some(p) = parse::<OperationsFile>(f, FileKind::Operations, &mut diags) {
            if p.value.operations.is_empty() {
                let needs = FileKind::Operations.needs();
                let (at, message) = match p.index.get("operations") {
                    Some(at) => (at, format!("`operations` holds no operation: {needs}")),
                    None if !p.value.types.is_empty() => (
                        p.index.get("types").unwrap_or((1, 1)),
                        "the file defines types but no operation: an operations file defines at \
                         least one operation, and types that other files use belong in \
                         spec/types.yaml"
                            .to_string(),
                    ),
                    None => (
                        p.index.first_node.unwrap_or((1, 1)),
                        format!("the file defines no operation: {needs}"),
                    ),
                };
                diags.0.push(Diagnostic {
                    file: f.name.clone(),
                    position: Some(at),
                    place: String::new(),
                    message,
                });
            }
            operations.extend(
                p.value
                    .operations
                    .into_iter()
                    .map(|(n, d)| (f.name.clone(), n, d)),
            );
            types.extend(
                p.value
                    .types
                    .into_iter()
                    .map(|(n, d)| (f.name.clone(), n, d)),
            );
            waiters.extend(
                p.value
                    .waiters
                    .into_iter()
                    .map(|(n, d)| (f.name.clone(), n, d)),
            );
            positions.insert(f.name.clone(), p.index);
        }
    }
    match service {
        Some(service) if diags.is_empty() => Ok(LoadedSpec {
            service_file: sources.service.name.clone(),
            service,
            types,
            operations,
            waiters,
            positions,
        }),
        _ => Err(diags),
    }
}
