//! Spec problems: where (file, place inside it) and what.

use std::fmt;

/// One problem found in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file, relative to the spec directory's parent (e.g. `spec/types.yaml`).
    pub file: String,
    /// `line:column` when the YAML parser knows it.
    pub position: Option<(usize, usize)>,
    /// The place inside the file, e.g. `operations.StartSyncTask.parameters.sync_task_id`.
    pub place: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if !self.place.is_empty() {
            write!(f, ": {}", self.place)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found, in file order. Generation stops when there is at least one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, file: &str, place: impl Into<String>, message: impl Into<String>) {
        self.0.push(Diagnostic {
            file: file.to_string(),
            position: None,
            place: place.into(),
            message: message.into(),
        });
    }

    /// [`Diagnostics::push`] with the position already known (say of a list item, which the
    /// place names by its value rather than its index).
    pub fn push_at(
        &mut self,
        file: &str,
        position: Option<(usize, usize)>,
        place: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.0.push(Diagnostic {
            file: file.to_string(),
            position,
            place: place.into(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "error: {d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} in the spec",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}
