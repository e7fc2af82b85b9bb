//! The client: configuration, endpoint and credentials, shared cheaply between tasks.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::config::{Config, RequestOptions};
use crate::credentials::Credentials;
use crate::generated::service::REGION_ENDPOINT_ENV_PREFIX;
use crate::operation::Operation;
use crate::retry::RetryConfig;
use crate::{Error, Region};

/// An OMS client. Cloning is cheap (one `Arc`); share one client between tasks.
///
/// ```no_run
/// # async fn run() -> Result<(), oms_client::Error> {
/// use oms_client::{Client, Credentials, Region};
/// let client = Client::builder()
///     .region(Region::CnNorth4)
///     .credentials(Credentials::from_env()?)
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub(crate) http: reqwest::Client,
    /// `host[:port]` as sent and signed.
    pub(crate) host: String,
    /// The endpoint (scheme, host, port), parsed once; requests set its path and query.
    pub(crate) base_url: reqwest::Url,
    pub(crate) region: Option<Region>,
    pub(crate) credentials: Credentials,
    pub(crate) config: Config,
}

impl Client {
    /// Starts a [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Sends an operation's input with the client's settings.
    pub async fn call<O: Operation>(&self, input: O) -> Result<O::Output, Error> {
        self.call_with(input, &RequestOptions::default()).await
    }

    /// Sends an operation's input with per-call overrides.
    pub async fn call_with<O: Operation>(
        &self,
        input: O,
        options: &RequestOptions,
    ) -> Result<O::Output, Error> {
        crate::transport::execute(self, input, options).await
    }

    /// The request `call` would send first, fully built and signed, without sending it: for
    /// inspection, dry runs and benchmarks. Region and bound checks apply as in `call`.
    pub fn prepare<O: Operation>(&self, input: &O) -> Result<reqwest::Request, Error> {
        crate::transport::prepare(self, input, &RequestOptions::default())
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        self.inner.base_url.as_str().trim_end_matches('/')
    }

    /// The region, unless the client was built with an explicit endpoint only.
    pub fn region(&self) -> Option<Region> {
        self.inner.region
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint())
            .field("region", &self.inner.region)
            .field("credentials", &self.inner.credentials)
            .field("config", &self.inner.config)
            .finish()
    }
}

/// Reads one environment variable.
type EnvLookup = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Builds a [`Client`]. A region or an endpoint, and credentials, are required.
///
/// ```
/// use std::time::Duration;
/// use oms_client::{Client, Credentials, Region, RetryConfig};
///
/// // A region's documented endpoint, with retries and timeouts tuned.
/// let client = Client::builder()
///     .region(Region::CnEast3)
///     .credentials(Credentials::new("AK", "SK").project_id("project"))
///     .retry(RetryConfig::default().max_attempts(5).initial_backoff(Duration::from_millis(100)))
///     .connect_timeout(Duration::from_secs(5))
///     .attempt_timeout(Duration::from_secs(30))
///     .operation_timeout(Duration::from_secs(120))
///     .build()?;
/// assert_eq!(client.endpoint(), "https://oms.cn-east-3.myhuaweicloud.com");
///
/// // A custom endpoint (a private deployment, a proxy): region checks are off.
/// let private = Client::builder()
///     .endpoint("https://oms.internal.example.com:8443")
///     .credentials(Credentials::token("iam-token").project_id("project"))
///     .check_region(false)
///     .build()?;
/// assert_eq!(private.endpoint(), "https://oms.internal.example.com:8443");
/// # Ok::<(), oms_client::Error>(())
/// ```
#[derive(Default)]
pub struct ClientBuilder {
    region: Option<Region>,
    endpoint: Option<String>,
    credentials: Option<Credentials>,
    allow_http: bool,
    http_client: Option<reqwest::Client>,
    config: Config,
    env: Option<EnvLookup>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("allow_http", &self.allow_http)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The region: its documented endpoint, unless `HUAWEICLOUD_SDK_REGION_OMS_<ID>` (the
    /// official SDKs' override, `-` as `_`) or [`ClientBuilder::endpoint`] says otherwise.
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }

    /// An explicit endpoint such as `https://oms.example.com`; wins over the region's.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// How requests authenticate (required).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Allows a plain `http://` endpoint (loopback tests, a TLS-terminating proxy). Off by
    /// default: credentials and bodies would travel unencrypted.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Uses your own `reqwest::Client` (proxies, custom CAs). Signing, retries and timeouts
    /// still apply; its connect timeout is yours to set.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The retry policy (default: 3 attempts, exponential backoff with full jitter).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// Time allowed to open a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Time allowed for one attempt, response body included (default 60 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.config.attempt_timeout = timeout;
        self
    }

    /// Time allowed for a whole call, retries and backoff included (default 180 s).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.config.operation_timeout = timeout;
        self
    }

    /// Whether requests are checked against the spec's bounds before sending (default on).
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.config.validate_requests = validate;
        self
    }

    /// Whether calling an operation outside the regions the spec lists for it fails before
    /// sending (default on). Turn off for private deployments.
    pub fn check_region(mut self, check: bool) -> Self {
        self.config.check_region = check;
        self
    }

    /// Cap on a response body (default 8 MiB).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.config.max_response_bytes = limit;
        self
    }

    /// Appended to the `User-Agent`, e.g. your application's name and version.
    pub fn user_agent_suffix(mut self, suffix: &str) -> Self {
        self.config.user_agent = format!("{} {suffix}", Config::default().user_agent);
        self
    }

    /// Reads environment overrides through `lookup` instead of the process environment.
    pub fn env_lookup(
        mut self,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.env = Some(Box::new(lookup));
        self
    }

    /// Checks the settings and builds the client; fails with [`Error::Config`] naming what
    /// is missing or wrong.
    pub fn build(self) -> Result<Client, Error> {
        let credentials = self.credentials.ok_or_else(|| {
            Error::Config("no credentials: call ClientBuilder::credentials".into())
        })?;
        let env_endpoint = self.region.and_then(|r| {
            let name = format!(
                "{REGION_ENDPOINT_ENV_PREFIX}{}",
                r.id().replace('-', "_").to_uppercase()
            );
            let value = match &self.env {
                Some(lookup) => lookup(&name),
                None => std::env::var(&name).ok(),
            }?;
            // The official SDKs accept a comma-separated list; the first is used here.
            value
                .split(',')
                .map(str::trim)
                .find(|s| !s.is_empty())
                .map(str::to_string)
        });
        let endpoint = match (self.endpoint, env_endpoint, self.region) {
            (Some(e), _, _) | (None, Some(e), _) => e,
            (None, None, Some(r)) => r.endpoint().to_string(),
            (None, None, None) => {
                return Err(Error::Config(
                    "no region or endpoint: call ClientBuilder::region or ::endpoint".into(),
                ))
            }
        };
        let url = reqwest::Url::parse(&endpoint)
            .map_err(|e| Error::Config(format!("endpoint `{endpoint}` is not a URL: {e}")))?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            "http" => {
                return Err(Error::Config(format!(
                    "endpoint `{endpoint}` is plain HTTP; call ClientBuilder::allow_http(true) to permit it"
                )))
            }
            other => return Err(Error::Config(format!("endpoint scheme `{other}` is not http(s)"))),
        }
        if url.path() != "/"
            || url.query().is_some()
            || !url.username().is_empty()
            || url.password().is_some()
        {
            return Err(Error::Config(format!(
                "endpoint `{endpoint}` must be scheme, host and port only"
            )));
        }
        let host_name = url
            .host_str()
            .ok_or_else(|| Error::Config(format!("endpoint `{endpoint}` has no host")))?;
        let host = match url.port() {
            Some(p) => format!("{host_name}:{p}"),
            None => host_name.to_string(),
        };
        let http = match self.http_client {
            Some(c) => c,
            None => reqwest::Client::builder()
                .connect_timeout(self.config.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                base_url: url,
                host,
                region: self.region,
                credentials,
                config: self.config,
            }),
        })
    }
}
