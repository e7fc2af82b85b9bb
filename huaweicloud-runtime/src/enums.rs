//! Open enums: the values a spec lists, plus one variant that keeps any other value, so a value
//! the service adds later decodes (and re-encodes unchanged) instead of failing.
//!
//! Generated code declares each enum with [`string_enum!`](crate::string_enum) or
//! [`int_enum!`](crate::int_enum); everything else is here, written once.

use std::fmt;
use std::marker::PhantomData;

/// An enum whose wire form is a string.
pub trait StringEnum: Sized {
    /// The value as sent on the wire.
    fn as_str(&self) -> &str;
    /// Whether the value is not one the spec lists.
    fn is_unknown(&self) -> bool;
    /// The value for a wire string; unlisted strings become the open variant.
    fn from_wire(value: &str) -> Self;
}

/// An enum whose wire form is an integer.
pub trait IntEnum: Sized {
    /// The value as sent on the wire.
    fn code(&self) -> i32;
    /// Whether the value is not one the spec lists.
    fn is_unknown(&self) -> bool;
    /// The value for a wire integer; unlisted ones become the open variant.
    fn from_code(code: i32) -> Self;
}

/// Deserializes a string enum from any string.
pub fn deserialize_string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: StringEnum,
{
    struct Visitor<T>(PhantomData<T>);
    impl<T: StringEnum> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from_wire(v))
        }
    }
    deserializer.deserialize_str(Visitor(PhantomData))
}

/// Deserializes an integer enum from any integer that fits in 32 bits.
pub fn deserialize_int_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: IntEnum,
{
    let code = <i32 as serde::Deserialize>::deserialize(deserializer)?;
    Ok(T::from_code(code))
}

/// Declares an open string enum: its variants with their wire strings, and after `..` the
/// variant that keeps unlisted values.
///
/// ```
/// huaweicloud_runtime::string_enum! {
///     /// How a key is protected.
///     pub enum CryptoType {
///         /// The service's default key.
///         Default = "DEFAULT",
///         /// A key from KMS.
///         Kms = "KMS",
///         ..Unknown
///     }
/// }
/// assert_eq!(CryptoType::from("KMS"), CryptoType::Kms);
/// assert_eq!(CryptoType::from("NEW").as_str(), "NEW");
/// assert_eq!(serde_json::to_string(&CryptoType::Default).unwrap(), "\"DEFAULT\"");
/// let later: CryptoType = serde_json::from_str("\"SM4\"").unwrap();
/// assert!(later.is_unknown());
/// ```
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
            .. $open:ident $(,)?
        }
    ) => {
        $(#[$meta])*
        ///
        #[doc = concat!("A value the service sends that this version does not list decodes as `", stringify!($open), "` and encodes back unchanged.")]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value the spec does not list, kept as received.
            $open(::std::string::String),
        }

        impl $name {
            /// Every value the spec lists, in spec order.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::$open(other) => other,
                }
            }

            /// Whether the value is one the spec does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::$open(_))
            }
        }

        impl $crate::enums::StringEnum for $name {
            fn as_str(&self) -> &str {
                $name::as_str(self)
            }
            fn is_unknown(&self) -> bool {
                $name::is_unknown(self)
            }
            fn from_wire(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::$open(other.into()),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                <Self as $crate::enums::StringEnum>::from_wire(value)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::Validate for $name {
            fn validate(&self) -> ::std::result::Result<(), $crate::ValidationError> {
                $crate::enums::known(self.is_unknown())
            }
        }

        impl $crate::encode::ParamValue for $name {
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl $crate::server::FromParam for $name {
            const EXPECTED: &'static str = "a string";
            fn from_param(text: &str) -> ::std::option::Option<Self> {
                ::std::option::Option::Some(<Self as $crate::enums::StringEnum>::from_wire(text))
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::enums::deserialize_string_enum(deserializer)
            }
        }
    };
}

/// Declares an open integer enum: its variants with their wire codes, and after `..` the
/// variant that keeps unlisted codes.
///
/// ```
/// huaweicloud_runtime::int_enum! {
///     /// The state of a task.
///     pub enum TaskStatus {
///         /// Waiting to be scheduled.
///         Waiting = 1,
///         /// Running.
///         Running = 2,
///         ..Unknown
///     }
/// }
/// assert_eq!(TaskStatus::from(2), TaskStatus::Running);
/// assert_eq!(serde_json::to_string(&TaskStatus::Waiting).unwrap(), "1");
/// let later: TaskStatus = serde_json::from_str("9").unwrap();
/// assert_eq!(later, TaskStatus::Unknown(9));
/// ```
#[macro_export]
macro_rules! int_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
            .. $open:ident $(,)?
        }
    ) => {
        $(#[$meta])*
        ///
        #[doc = concat!("A code the service sends that this version does not list decodes as `", stringify!($open), "` and encodes back unchanged.")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A code the spec does not list, kept as received.
            $open(i32),
        }

        impl $name {
            /// Every code the spec lists, in spec order.
            pub const VALUES: &'static [i32] = &[$($value),*];

            /// The code as sent on the wire.
            pub fn code(self) -> i32 {
                match self {
                    $( Self::$variant => $value, )*
                    Self::$open(other) => other,
                }
            }

            /// Whether the code is one the spec does not list.
            pub fn is_unknown(self) -> bool {
                matches!(self, Self::$open(_))
            }
        }

        impl $crate::enums::IntEnum for $name {
            fn code(&self) -> i32 {
                $name::code(*self)
            }
            fn is_unknown(&self) -> bool {
                $name::is_unknown(*self)
            }
            fn from_code(code: i32) -> Self {
                match code {
                    $( $value => Self::$variant, )*
                    other => Self::$open(other),
                }
            }
        }

        impl ::std::convert::From<i32> for $name {
            fn from(code: i32) -> Self {
                <Self as $crate::enums::IntEnum>::from_code(code)
            }
        }

        impl ::std::convert::From<$name> for i32 {
            fn from(value: $name) -> i32 {
                value.code()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.code(), f)
            }
        }

        impl $crate::Validate for $name {
            fn validate(&self) -> ::std::result::Result<(), $crate::ValidationError> {
                $crate::enums::known(self.is_unknown())
            }
        }

        impl $crate::encode::ParamValue for $name {
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Owned(self.code().to_string())
            }
        }

        impl $crate::server::FromParam for $name {
            const EXPECTED: &'static str = "an int32";
            fn from_param(text: &str) -> ::std::option::Option<Self> {
                text.trim()
                    .parse::<i32>()
                    .ok()
                    .map(<Self as $crate::enums::IntEnum>::from_code)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.code())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::enums::deserialize_int_enum(deserializer)
            }
        }
    };
}

/// Requests carry only values the spec lists; the open variant is for decoding newer responses.
pub fn known(is_unknown: bool) -> Result<(), crate::ValidationError> {
    if is_unknown {
        Err(crate::ValidationError::new(
            "",
            crate::Problem::UnknownEnumValue,
        ))
    } else {
        Ok(())
    }
}
