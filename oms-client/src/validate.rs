//! Request validation: the generic checks that generated `validate()` methods call.
//!
//! Errors name the field and the bound but never the value, which may be a secret.

use std::fmt;
use std::sync::OnceLock;

use regex::Regex;

/// A `pattern` bound from the spec, compiled on first use.
///
/// Most patterns compile with the `regex` crate (linear time). The few documented with
/// look-around fall back to `fancy-regex`, whose backtracking is bounded: a value that
/// exhausts the bound counts as not matching.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<Compiled>>,
}

enum Compiled {
    Linear(Regex),
    Backtracking(Box<fancy_regex::Regex>),
}

impl Compiled {
    fn new(source: &str) -> Option<Compiled> {
        match Regex::new(source) {
            Ok(re) => Some(Compiled::Linear(re)),
            Err(_) => fancy_regex::Regex::new(source)
                .ok()
                .map(|re| Compiled::Backtracking(Box::new(re))),
        }
    }

    fn is_match(&self, value: &str) -> bool {
        match self {
            Compiled::Linear(re) => re.is_match(value),
            Compiled::Backtracking(re) => re.is_match(value).unwrap_or(false),
        }
    }
}

impl Pattern {
    /// A pattern the generator has already checked compiles.
    pub const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The regular expression as written in the spec.
    pub fn as_str(&self) -> &'static str {
        self.source
    }

    /// Whether `value` matches; a pattern that does not compile matches nothing.
    pub fn is_match(&self, value: &str) -> bool {
        self.compiled
            .get_or_init(|| Compiled::new(self.source))
            .as_ref()
            .is_some_and(|re| re.is_match(value))
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// What is wrong with a value. Fields: `min`/`max`/`minimum`/`maximum` are the documented
/// bound, `actual` the count found, `pattern` the documented regular expression.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
#[allow(missing_docs)] // the fields are described above
pub enum Problem {
    /// A required value is absent.
    Missing,
    /// Fewer characters than `min`.
    TooShort { min: u64, actual: u64 },
    /// More characters than `max`.
    TooLong { max: u64, actual: u64 },
    /// An integer below `minimum`.
    BelowMinimum { minimum: i64 },
    /// An integer above `maximum`.
    AboveMaximum { maximum: i64 },
    /// A number below `minimum` (or not a number at all).
    NumberBelowMinimum { minimum: f64 },
    /// A number above `maximum`.
    NumberAboveMaximum { maximum: f64 },
    /// A string that does not match the documented pattern.
    PatternMismatch { pattern: &'static str },
    /// An enum value the spec does not list.
    UnknownEnumValue,
    /// An array with fewer items than `min`.
    TooFewItems { min: u64, actual: u64 },
    /// An array with more items than `max`.
    TooManyItems { max: u64, actual: u64 },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing => write!(f, "is required but missing"),
            Problem::TooShort { min, actual } => {
                write!(
                    f,
                    "has {actual} characters, fewer than the minimum of {min}"
                )
            }
            Problem::TooLong { max, actual } => {
                write!(f, "has {actual} characters, more than the maximum of {max}")
            }
            Problem::BelowMinimum { minimum } => write!(f, "is below the minimum of {minimum}"),
            Problem::AboveMaximum { maximum } => write!(f, "is above the maximum of {maximum}"),
            Problem::NumberBelowMinimum { minimum } => {
                write!(f, "is below the minimum of {minimum} (or not a number)")
            }
            Problem::NumberAboveMaximum { maximum } => {
                write!(f, "is above the maximum of {maximum}")
            }
            Problem::PatternMismatch { pattern } => {
                write!(f, "does not match the pattern `{pattern}`")
            }
            Problem::UnknownEnumValue => write!(f, "is not one of the values the spec lists"),
            Problem::TooFewItems { min, actual } => {
                write!(f, "has {actual} items, fewer than the minimum of {min}")
            }
            Problem::TooManyItems { max, actual } => {
                write!(f, "has {actual} items, more than the maximum of {max}")
            }
        }
    }
}

/// A request value outside its documented bounds: which field, and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationError {
    field: String,
    problem: Problem,
}

impl ValidationError {
    /// A problem with the field at `field` (a dotted path).
    pub fn new(field: &str, problem: Problem) -> ValidationError {
        ValidationError {
            field: field.to_string(),
            problem,
        }
    }

    /// A problem with item `index` of the array field `field`.
    pub fn item(field: &str, index: usize, problem: Problem) -> ValidationError {
        ValidationError {
            field: format!("{field}[{index}]"),
            problem,
        }
    }

    /// Places the error inside the object field `parent` (`src_node` + `bucket` =
    /// `src_node.bucket`).
    pub fn within(mut self, parent: &str) -> ValidationError {
        self.field = format!("{parent}.{}", self.field);
        self
    }

    /// Places the error inside item `index` of the array field `parent`.
    pub fn within_item(mut self, parent: &str, index: usize) -> ValidationError {
        self.field = format!("{parent}[{index}].{}", self.field);
        self
    }

    /// The dotted path of the offending field, e.g. `body.src_ak`.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.problem)
    }
}

impl std::error::Error for ValidationError {}

/// Length in Unicode scalar values (the API documents lengths in characters) and pattern.
pub fn string(
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
    pattern: Option<&Pattern>,
) -> Result<(), Problem> {
    if min.is_some() || max.is_some() {
        let actual = value.chars().count() as u64;
        if let Some(min) = min.filter(|m| actual < *m) {
            return Err(Problem::TooShort { min, actual });
        }
        if let Some(max) = max.filter(|m| actual > *m) {
            return Err(Problem::TooLong { max, actual });
        }
    }
    match pattern {
        Some(p) if !p.is_match(value) => Err(Problem::PatternMismatch {
            pattern: p.as_str(),
        }),
        _ => Ok(()),
    }
}

/// Integer range, inclusive.
pub fn integer(value: i64, minimum: Option<i64>, maximum: Option<i64>) -> Result<(), Problem> {
    if let Some(minimum) = minimum.filter(|m| value < *m) {
        return Err(Problem::BelowMinimum { minimum });
    }
    if let Some(maximum) = maximum.filter(|m| value > *m) {
        return Err(Problem::AboveMaximum { maximum });
    }
    Ok(())
}

/// NaN fails every bound, since it compares false with everything.
pub fn number(value: f64, minimum: Option<f64>, maximum: Option<f64>) -> Result<(), Problem> {
    if let Some(minimum) = minimum.filter(|m| value.is_nan() || value < *m) {
        return Err(Problem::NumberBelowMinimum { minimum });
    }
    if let Some(maximum) = maximum.filter(|m| value.is_nan() || value > *m) {
        return Err(Problem::NumberAboveMaximum { maximum });
    }
    Ok(())
}

/// Array length, inclusive.
pub fn items(len: usize, min: Option<u64>, max: Option<u64>) -> Result<(), Problem> {
    let actual = len as u64;
    if let Some(min) = min.filter(|m| actual < *m) {
        return Err(Problem::TooFewItems { min, actual });
    }
    if let Some(max) = max.filter(|m| actual > *m) {
        return Err(Problem::TooManyItems { max, actual });
    }
    Ok(())
}

/// Requests carry only values the spec lists; `Unknown` is for decoding newer responses.
pub fn known<E: crate::encode::StringEnum>(value: &E) -> Result<(), Problem> {
    if value.is_unknown() {
        Err(Problem::UnknownEnumValue)
    } else {
        Ok(())
    }
}
