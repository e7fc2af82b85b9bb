//! What a generated client tells the runtime about its service: the regions it is offered in
//! and how it authenticates.

use std::fmt;

/// A service with a generated client. Implemented by a marker type in generated code.
pub trait Service: Send + Sync + 'static {
    /// The service's regions, a generated enum.
    type Region: RegionInfo;
    /// Facts from the spec's `service.yaml`.
    const SPEC: ServiceSpec;
}

/// A region a service is offered in.
pub trait RegionInfo: Copy + Eq + fmt::Debug + Send + Sync + 'static {
    /// The region id, e.g. `cn-north-4`.
    fn id(self) -> &'static str;
    /// The documented endpoint, e.g. `https://oms.cn-north-4.myhuaweicloud.com`.
    fn endpoint(self) -> &'static str;
}

/// Service-wide facts the runtime needs: its name and its authentication headers.
#[derive(Clone, Copy, Debug)]
pub struct ServiceSpec {
    /// Short name, e.g. `OMS`; it names the endpoint override variables and the tracing span.
    pub name: &'static str,
    /// Header that carries an IAM token, e.g. `X-Auth-Token`.
    pub token_header: &'static str,
    /// Documented length bounds of the IAM token, in characters.
    pub token_length: (u64, u64),
    /// The path placeholder filled with the project id, e.g. `project_id`.
    pub project_id_placeholder: &'static str,
    /// Header that repeats the project id, e.g. `X-Project-Id`.
    pub project_id_header: &'static str,
    /// Documented length bounds of the project id, in characters.
    pub project_id_length: (u64, u64),
}

impl ServiceSpec {
    /// The variable that overrides a region's endpoint, as in the official SDKs:
    /// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION ID>`, uppercased with `-` as `_`.
    pub fn region_endpoint_variable(&self, region_id: &str) -> String {
        format!(
            "HUAWEICLOUD_SDK_REGION_{}_{}",
            self.name.to_uppercase(),
            region_id.replace('-', "_").to_uppercase()
        )
    }
}

/// Declares a service's `Region` enum from one line per region: variant, id, display name and
/// documented endpoint.
///
/// ```
/// huaweicloud_runtime::regions! {
///     pub enum Region {
///         /// CN North-Beijing4 (`cn-north-4`).
///         CnNorth4 = ("cn-north-4", "CN North-Beijing4", "https://oms.cn-north-4.myhuaweicloud.com"),
///     }
/// }
/// assert_eq!("cn-north-4".parse::<Region>().unwrap(), Region::CnNorth4);
/// assert_eq!(Region::CnNorth4.endpoint(), "https://oms.cn-north-4.myhuaweicloud.com");
/// assert!("mars-1".parse::<Region>().is_err());
/// ```
#[macro_export]
macro_rules! regions {
    (
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = ($id:literal, $display:literal, $endpoint:literal), )*
        }
    ) => {
        /// A region the service is offered in.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every region, in spec order.
            pub const ALL: &'static [$name] = &[$( $name::$variant ),*];

            /// The region id, e.g. `cn-north-4`.
            pub fn id(self) -> &'static str {
                match self {
                    $( $name::$variant => $id, )*
                }
            }

            /// The region's display name.
            pub fn name(self) -> &'static str {
                match self {
                    $( $name::$variant => $display, )*
                }
            }

            /// The documented endpoint.
            pub fn endpoint(self) -> &'static str {
                match self {
                    $( $name::$variant => $endpoint, )*
                }
            }
        }

        impl $crate::RegionInfo for $name {
            fn id(self) -> &'static str {
                $name::id(self)
            }
            fn endpoint(self) -> &'static str {
                $name::endpoint(self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.id())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownRegion;
            fn from_str(id: &str) -> ::std::result::Result<Self, Self::Err> {
                match id {
                    $( $id => ::std::result::Result::Ok($name::$variant), )*
                    other => ::std::result::Result::Err($crate::UnknownRegion(other.to_string())),
                }
            }
        }
    };
}
