//! What a client is connected to and with: the endpoint, the credentials, the settings and the
//! HTTP backend. Every call reads it; nothing in it depends on the operation.

use reqwest::header::{HeaderName, HeaderValue};

use crate::config::Config;
use crate::credentials::Credentials;
use crate::service::ServiceSpec;

/// What the client is configured with, for every call, whatever the operation.
pub(crate) struct Connection {
    pub(crate) backend: Backend,
    /// `host[:port]` as sent and signed.
    pub(crate) host: String,
    /// The endpoint (scheme, host, port), parsed once; requests set its path and query.
    pub(crate) base_url: reqwest::Url,
    pub(crate) region_id: Option<&'static str>,
    pub(crate) credentials: Credentials,
    pub(crate) config: Config,
    pub(crate) spec: ServiceSpec,
    /// Sent as `User-Agent`.
    pub(crate) user_agent: String,
    /// The headers whose values are the same on every request, made (and checked) once.
    pub(crate) header_values: HeaderValues,
    /// The service's project id and token headers, lowercase as signed.
    pub(crate) project_id_header: HeaderName,
    pub(crate) token_header: HeaderName,
}

/// Header values every request carries unchanged: the `host` and `user_agent` above, and the
/// credentials' project id.
pub(crate) struct HeaderValues {
    pub(crate) project_id: Option<HeaderValue>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) host: HeaderValue,
}

/// Where requests go.
pub(crate) enum Backend {
    /// Over the network.
    Http(reqwest::Client),
    /// To the rules of a mocked client.
    #[cfg(feature = "test-util")]
    Mock(crate::test_util::mock::Mocks),
}
