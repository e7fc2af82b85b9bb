//! The service: its regions with their endpoints, what the runtime needs to know of it (the
//! `Api` marker), and the `Client` the operations hang off.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{code, doc_line, prose};
use super::verbatim;
use crate::pipeline::format::Chunk;
use crate::pipeline::model::Model;
use crate::pipeline::names;

pub fn emit_service(model: &Model, rt: &TokenStream) -> Vec<Chunk> {
    let s = &model.service;
    let name = &s.name;
    let token_header = &s.token_header;
    let length = |min: Option<u64>, max: Option<u64>| {
        let min = Literal::u64_unsuffixed(min.unwrap_or(0));
        let max = max.map_or_else(
            || quote!(u64::MAX),
            |m| {
                let m = Literal::u64_unsuffixed(m);
                quote!(#m)
            },
        );
        quote!((#min, #max))
    };
    let token_length = length(s.token_min_length, s.token_max_length);
    let project_length = length(s.project_id_min_length, s.project_id_max_length);
    let project_header = &s.project_id_header;
    let project_placeholder = &s.project_id_placeholder;
    let (api, region) = (
        format_ident!("{}", names::API),
        format_ident!("{}", names::REGION),
    );
    let api_doc = doc_line(&format!(
        " The {} {} API as the runtime sees it: its regions and how it authenticates.",
        s.name, s.api_version
    ));
    let header = quote! {
        //! The service: regions, the client, and what the runtime needs to know of them.
        #rt

        #[doc = #api_doc]
        #[derive(Debug)]
        pub enum #api {}

        impl rt::Service for #api {
            type Region = #region;
            const SPEC: rt::ServiceSpec = rt::ServiceSpec {
                name: #name,
                token_header: #token_header,
                token_length: #token_length,
                project_id_placeholder: #project_placeholder,
                project_id_header: #project_header,
                project_id_length: #project_length,
            };
        }
    };
    let client_docs = vec![s
        .description
        .as_deref()
        .map(prose)
        .unwrap_or_else(|| format!("A client of {}.", s.name))];
    let regions: Vec<verbatim::Variant> = s
        .regions
        .iter()
        .map(|r| verbatim::Variant {
            docs: vec![format!("{} ({}).", prose(&r.name), code(&r.id))],
            ident: r.variant.clone(),
            value: format!(
                "({}, {}, {})",
                Literal::string(&r.id),
                Literal::string(&r.name),
                Literal::string(&r.endpoint)
            ),
        })
        .collect();
    vec![
        Chunk::Code(header),
        Chunk::Verbatim(verbatim::client(&client_docs, names::API, names::REGION)),
        Chunk::Verbatim(verbatim::regions(&regions)),
    ]
}
