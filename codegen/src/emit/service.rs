//! Service-wide facts: regions with their endpoints, and the auth headers' names and bounds.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, prose};
use super::opt_lit_u64;
use crate::model::Model;

pub fn emit_service(model: &Model) -> TokenStream {
    let s = &model.service;
    let name = &s.name;
    let version = &s.api_version;
    let variants = s.regions.iter().map(|r| {
        let v = format_ident!("{}", r.variant);
        let d = doc_attrs(&[format!("{} (`{}`).", prose(&r.name), r.id)]);
        quote!(#d #v,)
    });
    let arms = |f: &dyn Fn(&crate::model::Region) -> String| {
        s.regions
            .iter()
            .map(|r| {
                let v = format_ident!("{}", r.variant);
                let text = f(r);
                quote!(Region::#v => #text,)
            })
            .collect::<Vec<_>>()
    };
    let ids = arms(&|r| r.id.clone());
    let names = arms(&|r| r.name.clone());
    let endpoints = arms(&|r| r.endpoint.clone());
    let parse = s.regions.iter().map(|r| {
        let v = format_ident!("{}", r.variant);
        let id = &r.id;
        quote!(#id => Ok(Region::#v),)
    });
    let all = s.regions.iter().map(|r| format_ident!("{}", r.variant));
    let token_header = &s.token_header;
    let token_min = opt_lit_u64(s.token_min_length);
    let token_max = opt_lit_u64(s.token_max_length);
    let project_header = &s.project_id_header;
    let project_min = opt_lit_u64(s.project_id_min_length);
    let project_max = opt_lit_u64(s.project_id_max_length);
    let service_doc = doc_attrs(&[s.description.as_deref().map(prose).unwrap_or_default()]);
    let env_prefix = format!("HUAWEICLOUD_SDK_REGION_{}_", s.name.to_uppercase());
    quote! {
        //! Service facts from `spec/service.yaml`.
        #service_doc
        pub const SERVICE_NAME: &str = #name;
        /// The API version every operation path belongs to.
        pub const API_VERSION: &str = #version;
        /// Header that carries an IAM token.
        pub const TOKEN_HEADER: &str = #token_header;
        /// Documented length bounds of the IAM token, in characters.
        pub const TOKEN_LENGTH: (Option<u64>, Option<u64>) = (#token_min, #token_max);
        /// Header that repeats the project id of the path.
        pub const PROJECT_ID_HEADER: &str = #project_header;
        /// Documented length bounds of the project id, in characters.
        pub const PROJECT_ID_LENGTH: (Option<u64>, Option<u64>) = (#project_min, #project_max);
        /// Prefix of the environment variables that override a region's endpoint, as in the
        /// official SDKs: the region id follows, uppercased with `-` as `_`.
        pub const REGION_ENDPOINT_ENV_PREFIX: &str = #env_prefix;

        /// A region the service is offered in.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Region { #( #variants )* }

        impl Region {
            /// Every region, in spec order.
            pub const ALL: &'static [Region] = &[#( Region::#all ),*];

            /// The region id, e.g. `cn-north-4`.
            pub fn id(self) -> &'static str {
                match self { #( #ids )* }
            }

            /// The region's display name.
            pub fn name(self) -> &'static str {
                match self { #( #names )* }
            }

            /// The documented HTTPS endpoint.
            pub fn endpoint(self) -> &'static str {
                match self { #( #endpoints )* }
            }
        }

        impl std::fmt::Display for Region {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }

        impl std::str::FromStr for Region {
            type Err = crate::error::UnknownRegion;
            fn from_str(id: &str) -> Result<Self, Self::Err> {
                match id {
                    #( #parse )*
                    other => Err(crate::error::UnknownRegion(other.to_string())),
                }
            }
        }
    }
}
