//! Secrets in requests and responses: a string that never prints.

use std::fmt;

/// What `Debug` and `Display` print in place of a secret.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Prints as [`REDACTED`] in `Debug`: the stand-in for a secret in hand-written `Debug` impls.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// A string the spec marks `sensitive` (a secret key, a password). It is sent and received as
/// a plain JSON string, but prints as [`REDACTED`], so a type holding it can derive `Debug`
/// and still keep the secret out of logs. The memory is zeroed on drop.
///
/// ```
/// use huaweicloud_runtime::SensitiveString;
/// let sk = SensitiveString::from("my-secret-key");
/// assert_eq!(format!("{sk:?}"), "*** Sensitive Data Redacted ***");
/// assert_eq!(sk.expose_secret(), "my-secret-key");
/// assert_eq!(serde_json::to_string(&sk).unwrap(), "\"my-secret-key\"");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct SensitiveString(String);

impl SensitiveString {
    /// The secret itself, for the few places that must see it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Length in characters, as the spec's bounds count it.
    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }
}

impl fmt::Debug for SensitiveString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for SensitiveString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Drop for SensitiveString {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl From<String> for SensitiveString {
    fn from(value: String) -> Self {
        SensitiveString(value)
    }
}

impl From<&str> for SensitiveString {
    fn from(value: &str) -> Self {
        SensitiveString(value.to_string())
    }
}

impl serde::Serialize for SensitiveString {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for SensitiveString {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(SensitiveString)
    }
}
