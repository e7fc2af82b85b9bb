//! From an operation's input to a signed HTTP request: the writer generated code fills in, the
//! checks that come first, and the one request builder that both [`prepare`] and every
//! attempt of a call use.
//!
//! [`prepare`]: crate::Handle::prepare

use std::borrow::Cow;

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HOST,
    USER_AGENT,
};
use secrecy::ExposeSecret;

use crate::config::Config;
use crate::connection::Connection;
use crate::credentials::Auth;
use crate::encode::{ParamValue, ParamValues, Query, UNRESERVED};
use crate::operation::{Operation, OperationMeta};
use crate::validate::{Problem, Str, Validate, ValidationError};
use crate::{signer, Error};

/// `Content-Type` of requests with a JSON body, as the API declares it.
pub const JSON_BODY_CONTENT_TYPE: &str = "application/json;charset=UTF-8";
/// `Content-Type` of the others; the official SDKs send it on every request.
pub const NO_BODY_CONTENT_TYPE: &str = "application/json";

/// Collects what an operation puts on the wire; generated `write` methods fill it in.
#[derive(Debug, Default)]
pub struct RequestWriter<'a> {
    path_params: Vec<(&'static str, Cow<'a, str>)>,
    query: Query,
    headers: Vec<(&'static str, String)>,
    body: Option<Result<Vec<u8>, String>>,
    content_type: Option<&'static str>,
}

impl<'a> RequestWriter<'a> {
    /// The value of the path placeholder `{name}`.
    pub fn path_param<V: ParamValue + ?Sized>(&mut self, name: &'static str, value: &'a V) {
        self.path_params.push((name, value.to_param()));
    }

    /// A query parameter: one value, an optional one, or a list (the key repeats per item).
    pub fn query<V: ParamValues + ?Sized>(&mut self, key: &'static str, value: &V) {
        self.query.push_values(key, value);
    }

    /// A header parameter, if set.
    pub fn header<V: ParamValues + ?Sized>(&mut self, name: &'static str, value: &V) {
        value.for_each_param(&mut |v| self.headers.push((name, v.into_owned())));
    }

    /// The JSON body, if any, encoded as the official Python SDK encodes it.
    pub fn json<T: serde::Serialize>(&mut self, body: Option<&T>) {
        if let Some(body) = body {
            self.body = Some(crate::encode::json_body(body).map_err(|e| e.to_string()));
        }
    }

    /// The media type of the JSON body, for an operation that documents another one than
    /// [`JSON_BODY_CONTENT_TYPE`] (`application/merge-patch+json`, say); sent as
    /// `Content-Type` when there is a body.
    pub fn content_type(&mut self, media_type: &'static str) {
        self.content_type = Some(media_type);
    }
}

/// An operation's input with its type erased, so that everything after it is written once
/// rather than once per operation.
pub(crate) trait Input: Send + Sync + std::fmt::Debug {
    fn validate(&self) -> Result<(), ValidationError>;
    fn write<'a>(&'a self, request: &mut RequestWriter<'a>);
    /// The typed input, for mocks that match on it.
    #[cfg(feature = "test-util")]
    fn as_any(&self) -> &dyn std::any::Any;
}

impl<O: Operation> Input for O {
    fn validate(&self) -> Result<(), ValidationError> {
        Validate::validate(self)
    }
    fn write<'a>(&'a self, request: &mut RequestWriter<'a>) {
        Operation::write(self, request)
    }
    #[cfg(feature = "test-util")]
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The parts of a request that stay the same across attempts: built and checked once per
/// call, signed afresh for each attempt.
pub(crate) struct Prepared {
    pub(crate) url: reqwest::Url,
    pub(crate) path: String,
    pub(crate) query: String,
    /// The operation's header parameters.
    pub(crate) headers: Vec<(HeaderName, String)>,
    pub(crate) body: Option<Bytes>,
    /// The body's media type, when the operation documents its own.
    pub(crate) content_type: Option<&'static str>,
}

impl Prepared {
    /// Checks the call (region, project id, credentials' bounds, the input's bounds) and builds
    /// the path, query, headers and body.
    pub(crate) fn new(
        connection: &Connection,
        config: &Config,
        meta: &OperationMeta,
        input: &dyn Input,
    ) -> Result<Prepared, Error> {
        let project_id = preflight(connection, config, meta)?;
        if config.validate_requests {
            input.validate()?;
        }
        let mut writer = RequestWriter::default();
        input.write(&mut writer);
        let path = expand_path(
            meta.path,
            connection.spec.project_id_placeholder,
            project_id,
            &writer.path_params,
        )?;
        let body = match writer.body {
            Some(Ok(b)) => Some(Bytes::from(b)),
            Some(Err(e)) => return Err(Error::Encode(e)),
            None => None,
        };
        let query = writer.query.encoded();
        let mut url = connection.base_url.clone();
        url.set_path(&path);
        if !query.is_empty() {
            url.set_query(Some(&query));
        }
        let headers = writer
            .headers
            .into_iter()
            .map(|(name, value)| {
                HeaderName::from_bytes(name.as_bytes())
                    .map(|name| (name, value))
                    .map_err(|_| Error::Encode(format!("`{name}` is not a valid header name")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Prepared {
            url,
            path,
            query,
            headers,
            body,
            content_type: writer.content_type,
        })
    }

    /// One attempt's request, signed now.
    pub(crate) fn build(
        &self,
        connection: &Connection,
        meta: &OperationMeta,
    ) -> Result<reqwest::Request, Error> {
        let headers = sign_headers(connection, meta, self)?;
        let mut request = reqwest::Request::new(meta.method.to_reqwest(), self.url.clone());
        *request.headers_mut() = headers;
        if let Some(b) = &self.body {
            *request.body_mut() = Some(reqwest::Body::from(b.clone()));
        }
        Ok(request)
    }
}

/// Checks that need no request: region availability, project id and token presence and bounds.
fn preflight<'s>(
    connection: &'s Connection,
    config: &Config,
    meta: &OperationMeta,
) -> Result<Option<&'s str>, Error> {
    if config.check_region && !meta.regions.is_empty() {
        if let Some(region) = connection.region_id {
            if !meta.regions.contains(&region) {
                return Err(Error::RegionUnavailable {
                    operation: meta.name,
                    region,
                    available: meta.regions.join(", "),
                });
            }
        }
    }
    let project_id = connection.credentials.project_id_value();
    if config.validate_requests {
        if let Some(p) = project_id {
            let (min, max) = connection.spec.project_id_length;
            Str::len(min, max)
                .check_str(p)
                .map_err(|e| ValidationError::new("project_id", e))?;
        }
        if let Auth::Token(t) = connection.credentials.auth() {
            let (min, max) = connection.spec.token_length;
            Str::len(min, max)
                .check_str(t.expose_secret())
                .map_err(|e| ValidationError::new("token", e))?;
        }
    }
    Ok(project_id)
}

/// Fills the path template: the project id placeholder from the credentials, every other
/// placeholder from the operation's path parameters, each percent-encoded so that it stays one
/// segment. `.` and `..` are refused: URL normalisation would resolve them away and send the
/// request to another path than the one signed.
fn expand_path(
    template: &str,
    project_placeholder: &str,
    project_id: Option<&str>,
    params: &[(&'static str, Cow<'_, str>)],
) -> Result<String, Error> {
    let mut path = String::with_capacity(template.len() + 48);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|i| open + i) else {
            break;
        };
        let name = &rest[open + 1..close];
        let value = if name == project_placeholder {
            project_id.ok_or(ValidationError::new(
                project_placeholder,
                Problem::MissingProjectId,
            ))?
        } else {
            params
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_ref())
                .ok_or_else(|| {
                    Error::Encode(format!("no value for the path placeholder `{{{name}}}`"))
                })?
        };
        if value == "." || value == ".." {
            return Err(ValidationError::new(name, Problem::DotSegment).into());
        }
        path.extend(percent_encoding::utf8_percent_encode(value, UNRESERVED));
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    Ok(path)
}

/// The headers of one attempt: common ones, the operation's, a fresh `X-Sdk-Date`, and the
/// signature (or the IAM token). Names are lowercase, as they are signed.
fn sign_headers(
    connection: &Connection,
    meta: &OperationMeta,
    request: &Prepared,
) -> Result<HeaderMap, Error> {
    let date = signer::sdk_date(time::OffsetDateTime::now_utc());
    let content_type = match (&request.body, request.content_type) {
        (Some(_), Some(media_type)) => media_type,
        (Some(_), None) => JSON_BODY_CONTENT_TYPE,
        (None, _) => NO_BODY_CONTENT_TYPE,
    };
    let auth = connection.credentials.auth();
    // Secrets are borrowed from their SecretString, never copied into plain Strings.
    let secret = match auth {
        Auth::AkSk {
            security_token: Some(t),
            ..
        } => Some((X_SECURITY_TOKEN, "security_token", t.expose_secret())),
        Auth::Token(t) => Some((connection.token_header.clone(), "token", t.expose_secret())),
        Auth::AkSk { .. } => None,
    };
    let project_id = connection.credentials.project_id_value();
    let mut signed: Vec<(&str, &str)> = Vec::with_capacity(8 + request.headers.len());
    signed.push(("content-type", content_type));
    signed.push(("user-agent", &connection.user_agent));
    if let Some(p) = project_id {
        signed.push((connection.project_id_header.as_str(), p));
    }
    for (name, value) in &request.headers {
        signed.push((name.as_str(), value));
    }
    if let Some((name, _, value)) = &secret {
        signed.push((name.as_str(), value));
    }
    signed.push(("x-sdk-date", &date));
    signed.push(("host", &connection.host));
    let authorization = match (auth, auth.sk()) {
        (Auth::AkSk { ak, .. }, Some(sk)) => Some(signer::authorization(
            ak,
            sk,
            &date,
            &signer::SigningRequest {
                method: meta.method.as_str(),
                path: &request.path,
                query: &request.query,
                headers: &signed,
                body: request.body.as_deref().unwrap_or_default(),
            },
        )),
        _ => None,
    };
    let value = |field: &str, text: &str| {
        HeaderValue::from_str(text.trim()).map_err(|_| {
            Error::Validation(ValidationError::new(field, Problem::InvalidHeaderValue))
        })
    };
    let mut map = HeaderMap::with_capacity(signed.len() + 2);
    map.insert(CONTENT_TYPE, value("content-type", content_type)?);
    let fixed = &connection.header_values;
    map.insert(USER_AGENT, fixed.user_agent.clone());
    if let Some(p) = &fixed.project_id {
        map.insert(connection.project_id_header.clone(), p.clone());
    }
    for (name, text) in &request.headers {
        map.insert(name.clone(), value(name.as_str(), text)?);
    }
    if let Some((name, field, text)) = secret {
        let mut v = value(field, text)?;
        v.set_sensitive(true);
        map.insert(name, v);
    }
    map.insert(X_SDK_DATE, value("x-sdk-date", &date)?);
    map.insert(HOST, fixed.host.clone());
    if let Some(a) = authorization {
        let mut v = value("authorization", &a)?;
        v.set_sensitive(true);
        map.insert(AUTHORIZATION, v);
    }
    // Not signed, as in the official SDKs, whose HTTP library adds it after signing.
    if request.body.is_none() && meta.method.announces_empty_body() {
        map.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
    }
    Ok(map)
}

const X_SDK_DATE: HeaderName = HeaderName::from_static("x-sdk-date");
const X_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-security-token");
