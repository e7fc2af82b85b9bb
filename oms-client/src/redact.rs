//! The marker printed in place of secrets.

use std::fmt;

/// Prints as `*** Sensitive Data Redacted ***` in `Debug` and `Display`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

/// The one instance generated `Debug` impls print for sensitive fields.
pub const REDACTED: Redacted = Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** Sensitive Data Redacted ***")
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}
