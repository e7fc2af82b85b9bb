//! Request validation: the bounds a spec documents, as data ([`Str`], [`Int`], [`Num`],
//! [`Items`]), and the generic [`check`] that generated `validate()` methods call once per
//! bounded field.
//!
//! Errors name the field and the bound but never the value, which may be a secret.

use std::fmt;
use std::sync::OnceLock;

use regex::Regex;

use crate::sensitive::SensitiveString;

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
    /// A path parameter of `.` or `..`: URL normalisation would send the request to another
    /// path than the one signed.
    DotSegment,
    /// The operation needs the project id, and the credentials have none.
    MissingProjectId,
    /// A header value with characters HTTP does not allow (a line break, say).
    InvalidHeaderValue,
    /// A parameter whose text is not a value of its type (a server decoding a request).
    Unparsable { expected: &'static str },
    /// A body that is not the JSON the operation takes (a server decoding a request).
    InvalidJson { reason: String },
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
            Problem::DotSegment => write!(
                f,
                "is `.` or `..`, which would change the request path; it cannot be sent"
            ),
            Problem::MissingProjectId => write!(
                f,
                "is required by this operation: set Credentials::project_id or HUAWEICLOUD_SDK_PROJECT_ID"
            ),
            Problem::InvalidHeaderValue => {
                write!(f, "holds characters that an HTTP header cannot carry")
            }
            Problem::Unparsable { expected } => write!(f, "is not {expected}"),
            Problem::InvalidJson { reason } => write!(f, "is not valid JSON for it: {reason}"),
        }
    }
}

/// A request value outside its documented bounds: which field, and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationError {
    /// `body.src_node.bucket`, `items[2].name`; empty while a value is checked on its own.
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

    /// A problem with a value checked on its own; [`ValidationError::within`] names it.
    fn of_value(problem: Problem) -> ValidationError {
        ValidationError {
            field: String::new(),
            problem,
        }
    }

    /// Places the error inside the field `parent`: `bucket` becomes `src_node.bucket`, `[2]`
    /// becomes `items[2]`, and an error about the value itself names `parent`.
    pub fn within(mut self, parent: &str) -> ValidationError {
        self.field = if self.field.is_empty() {
            parent.to_string()
        } else if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }

    /// Places the error inside item `index` of an array.
    fn within_item(mut self, index: usize) -> ValidationError {
        self.field = if self.field.is_empty() || self.field.starts_with('[') {
            format!("[{index}]{}", self.field)
        } else {
            format!("[{index}].{}", self.field)
        };
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

/// A request type or operation input that can check its documented bounds.
pub trait Validate {
    /// Checks every documented bound, naming the first field that violates one.
    fn validate(&self) -> Result<(), ValidationError>;
}

/// A value that can be checked against rules of the spec: strings against [`Str`], integers
/// against [`Int`], numbers against [`Num`], arrays against [`Items`], objects and enums (as
/// [`Validate`]) against `()`. `None` passes the rules of the value it would hold.
pub trait Check {
    /// The bounds that apply to this kind of value.
    type Rules;
    /// Checks the value; the error names a place relative to the value (empty for the value
    /// itself), which [`check`] puts inside the field's name.
    fn check(&self, rules: &Self::Rules) -> Result<(), ValidationError>;
}

/// Checks one field of a request against its rules, naming it in the error.
#[inline]
pub fn check<T: Check + ?Sized>(
    field: &str,
    value: &T,
    rules: &T::Rules,
) -> Result<(), ValidationError> {
    value.check(rules).map_err(|e| e.within(field))
}

/// Checks a field that the type keeps optional (to decode lenient responses) but that a
/// request must carry.
#[inline]
pub fn check_present<T: Check>(
    field: &str,
    value: &Option<T>,
    rules: &T::Rules,
) -> Result<(), ValidationError> {
    match value {
        Some(v) => check(field, v, rules),
        None => Err(ValidationError::new(field, Problem::Missing)),
    }
}

/// The value of a required builder field, or the error that names it.
#[inline]
pub fn required<T>(field: &str, value: Option<T>) -> Result<T, ValidationError> {
    value.ok_or_else(|| ValidationError::new(field, Problem::Missing))
}

/// Length and pattern of a string; lengths count characters (Unicode scalar values), as the
/// API documents them.
#[derive(Clone, Copy, Debug)]
pub struct Str {
    /// Fewest characters (0: no lower bound).
    pub min: u64,
    /// Most characters (`u64::MAX`: no upper bound).
    pub max: u64,
    /// The documented pattern, if any.
    pub pattern: Option<&'static Pattern>,
}

impl Str {
    /// No bound at all.
    pub const ANY: Str = Str {
        min: 0,
        max: u64::MAX,
        pattern: None,
    };
    /// Between `min` and `max` characters.
    pub const fn len(min: u64, max: u64) -> Str {
        Str {
            min,
            max,
            pattern: None,
        }
    }
    /// At least `min` characters.
    pub const fn min(min: u64) -> Str {
        Str::len(min, u64::MAX)
    }
    /// At most `max` characters.
    pub const fn max(max: u64) -> Str {
        Str::len(0, max)
    }
    /// Only a pattern.
    pub const fn pattern(pattern: &'static Pattern) -> Str {
        Str::ANY.matching(pattern)
    }
    /// These bounds and a pattern.
    pub const fn matching(self, pattern: &'static Pattern) -> Str {
        Str {
            pattern: Some(pattern),
            ..self
        }
    }

    /// Checks a string against these bounds.
    pub fn check_str(&self, value: &str) -> Result<(), Problem> {
        if self.min > 0 || self.max < u64::MAX {
            let actual = value.chars().count() as u64;
            if actual < self.min {
                return Err(Problem::TooShort {
                    min: self.min,
                    actual,
                });
            }
            if actual > self.max {
                return Err(Problem::TooLong {
                    max: self.max,
                    actual,
                });
            }
        }
        match self.pattern {
            Some(p) if !p.is_match(value) => Err(Problem::PatternMismatch {
                pattern: p.as_str(),
            }),
            _ => Ok(()),
        }
    }
}

/// An inclusive integer range.
#[derive(Clone, Copy, Debug)]
pub struct Int {
    /// Smallest value (`i64::MIN`: no lower bound).
    pub min: i64,
    /// Largest value (`i64::MAX`: no upper bound).
    pub max: i64,
}

impl Int {
    /// No bound at all.
    pub const ANY: Int = Int {
        min: i64::MIN,
        max: i64::MAX,
    };
    /// Between `min` and `max`, inclusive.
    pub const fn range(min: i64, max: i64) -> Int {
        Int { min, max }
    }
    /// At least `min`.
    pub const fn min(min: i64) -> Int {
        Int { min, max: i64::MAX }
    }
    /// At most `max`.
    pub const fn max(max: i64) -> Int {
        Int { min: i64::MIN, max }
    }

    fn check_int(&self, value: i64) -> Result<(), Problem> {
        if value < self.min {
            Err(Problem::BelowMinimum { minimum: self.min })
        } else if value > self.max {
            Err(Problem::AboveMaximum { maximum: self.max })
        } else {
            Ok(())
        }
    }
}

/// An inclusive range of a floating-point number. NaN fails every bound that is set.
#[derive(Clone, Copy, Debug)]
pub struct Num {
    /// Smallest value, if bounded below.
    pub min: Option<f64>,
    /// Largest value, if bounded above.
    pub max: Option<f64>,
}

impl Num {
    /// No bound at all.
    pub const ANY: Num = Num {
        min: None,
        max: None,
    };
    /// Between `min` and `max`, inclusive.
    pub const fn range(min: f64, max: f64) -> Num {
        Num {
            min: Some(min),
            max: Some(max),
        }
    }
    /// At least `min`.
    pub const fn min(min: f64) -> Num {
        Num {
            min: Some(min),
            max: None,
        }
    }
    /// At most `max`.
    pub const fn max(max: f64) -> Num {
        Num {
            min: None,
            max: Some(max),
        }
    }

    fn check_num(&self, value: f64) -> Result<(), Problem> {
        if let Some(minimum) = self.min.filter(|m| value.is_nan() || value < *m) {
            return Err(Problem::NumberBelowMinimum { minimum });
        }
        if let Some(maximum) = self.max.filter(|m| value.is_nan() || value > *m) {
            return Err(Problem::NumberAboveMaximum { maximum });
        }
        Ok(())
    }
}

/// How many items an array holds, and the rules of each item.
#[derive(Clone, Copy, Debug)]
pub struct Items<R> {
    /// Fewest items (0: no lower bound).
    pub min: u64,
    /// Most items (`u64::MAX`: no upper bound).
    pub max: u64,
    /// The rules every item must meet.
    pub each: R,
}

impl<R> Items<R> {
    /// Between `min` and `max` items, each meeting `each`.
    pub const fn len(min: u64, max: u64, each: R) -> Items<R> {
        Items { min, max, each }
    }
    /// At least `min` items.
    pub const fn min(min: u64, each: R) -> Items<R> {
        Items::len(min, u64::MAX, each)
    }
    /// At most `max` items.
    pub const fn max(max: u64, each: R) -> Items<R> {
        Items::len(0, max, each)
    }
    /// Any number of items, each meeting `each`.
    pub const fn each(each: R) -> Items<R> {
        Items::len(0, u64::MAX, each)
    }
}

impl Check for str {
    type Rules = Str;
    fn check(&self, rules: &Str) -> Result<(), ValidationError> {
        rules.check_str(self).map_err(ValidationError::of_value)
    }
}

impl Check for String {
    type Rules = Str;
    fn check(&self, rules: &Str) -> Result<(), ValidationError> {
        self.as_str().check(rules)
    }
}

impl Check for SensitiveString {
    type Rules = Str;
    fn check(&self, rules: &Str) -> Result<(), ValidationError> {
        self.expose_secret().check(rules)
    }
}

impl Check for i32 {
    type Rules = Int;
    fn check(&self, rules: &Int) -> Result<(), ValidationError> {
        rules
            .check_int(i64::from(*self))
            .map_err(ValidationError::of_value)
    }
}

impl Check for i64 {
    type Rules = Int;
    fn check(&self, rules: &Int) -> Result<(), ValidationError> {
        rules.check_int(*self).map_err(ValidationError::of_value)
    }
}

impl Check for f32 {
    type Rules = Num;
    fn check(&self, rules: &Num) -> Result<(), ValidationError> {
        rules
            .check_num(f64::from(*self))
            .map_err(ValidationError::of_value)
    }
}

impl Check for f64 {
    type Rules = Num;
    fn check(&self, rules: &Num) -> Result<(), ValidationError> {
        rules.check_num(*self).map_err(ValidationError::of_value)
    }
}

impl Check for bool {
    type Rules = ();
    fn check(&self, _: &()) -> Result<(), ValidationError> {
        Ok(())
    }
}

impl Check for serde_json::Value {
    type Rules = ();
    fn check(&self, _: &()) -> Result<(), ValidationError> {
        Ok(())
    }
}

/// Objects and enums check themselves.
impl<T: Validate> Check for T {
    type Rules = ();
    fn check(&self, _: &()) -> Result<(), ValidationError> {
        self.validate()
    }
}

impl<T: Check> Check for Option<T> {
    type Rules = T::Rules;
    fn check(&self, rules: &T::Rules) -> Result<(), ValidationError> {
        match self {
            Some(v) => v.check(rules),
            None => Ok(()),
        }
    }
}

impl<T: Check> Check for Vec<T> {
    type Rules = Items<T::Rules>;
    fn check(&self, rules: &Items<T::Rules>) -> Result<(), ValidationError> {
        let actual = self.len() as u64;
        if actual < rules.min {
            return Err(ValidationError::of_value(Problem::TooFewItems {
                min: rules.min,
                actual,
            }));
        }
        if actual > rules.max {
            return Err(ValidationError::of_value(Problem::TooManyItems {
                max: rules.max,
                actual,
            }));
        }
        for (index, item) in self.iter().enumerate() {
            item.check(&rules.each).map_err(|e| e.within_item(index))?;
        }
        Ok(())
    }
}

impl<T: Check> Check for std::collections::BTreeMap<String, T> {
    type Rules = T::Rules;
    fn check(&self, rules: &T::Rules) -> Result<(), ValidationError> {
        for (key, value) in self {
            value
                .check(rules)
                .map_err(|e| e.within(&format!("[{key:?}]")))?;
        }
        Ok(())
    }
}
