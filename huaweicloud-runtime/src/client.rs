//! The engine behind a generated client: its configuration, endpoint and credentials, connection
//! cheaply between tasks, and the builder that checks them.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::config::{Config, RequestOptions};
use crate::connection::{Backend, Connection, HeaderValues};
use crate::credentials::Credentials;
use crate::operation::Operation;
use crate::request::Prepared;
use crate::retry::RetryConfig;
use crate::service::{RegionInfo, Service};
use crate::Error;

/// A configured connection to one service: what a generated `Client` wraps. Cloning is cheap
/// (one `Arc`).
pub struct Handle<S: Service> {
    connection: Arc<Connection>,
    region: Option<S::Region>,
    service: PhantomData<fn() -> S>,
}

impl<S: Service> Clone for Handle<S> {
    fn clone(&self) -> Self {
        Handle {
            connection: self.connection.clone(),
            region: self.region,
            service: PhantomData,
        }
    }
}

impl<S: Service> Handle<S> {
    /// Sends an operation's input with the client's settings, overridden by `options`.
    pub async fn send<O: Operation<Service = S>>(
        &self,
        input: O,
        options: &RequestOptions,
    ) -> Result<O::Output, Error> {
        let meta = O::META;
        let mut output = None;
        crate::transport::execute(&self.connection, &meta, &input, options, &mut |response| {
            output = Some(crate::decode::output::<O::Output>(&meta, response)?);
            Ok(())
        })
        .await?;
        output.ok_or_else(|| Error::Encode("the response was never decoded".into()))
    }

    /// The request `send` would make first, fully built and signed, without sending it: for
    /// inspection, dry runs and benchmarks. Region and bound checks apply as in `send`.
    pub fn prepare<O: Operation<Service = S>>(
        &self,
        input: &O,
        options: &RequestOptions,
    ) -> Result<reqwest::Request, Error> {
        let config = options.apply(&self.connection.config);
        let meta = O::META;
        Prepared::new(&self.connection, &config, &meta, input)?.build(&self.connection, &meta)
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        self.connection.base_url.as_str().trim_end_matches('/')
    }

    /// The region, unless the client was built with an explicit endpoint only.
    pub fn region(&self) -> Option<S::Region> {
        self.region
    }
}

impl<S: Service> fmt::Debug for Handle<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.connection.spec.name)
            .field("endpoint", &self.endpoint())
            .field("region", &self.region)
            .field("credentials", &self.connection.credentials)
            .field("config", &self.connection.config)
            .finish()
    }
}

/// Reads one environment variable.
type EnvLookup = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Builds a [`Handle`]: what a generated `ClientBuilder` wraps. A region or an endpoint, and
/// credentials, are required.
pub struct Builder<S: Service> {
    region: Option<S::Region>,
    endpoint: Option<String>,
    credentials: Option<Credentials>,
    allow_http: bool,
    http_client: Option<reqwest::Client>,
    config: Config,
    user_agent: String,
    env: Option<EnvLookup>,
    #[cfg(feature = "test-util")]
    mocks: Option<crate::test_util::mock::Mocks>,
}

impl<S: Service> Default for Builder<S> {
    fn default() -> Self {
        Builder {
            region: None,
            endpoint: None,
            credentials: None,
            allow_http: false,
            http_client: None,
            config: Config::default(),
            user_agent: concat!("huaweicloud-runtime-rust/", env!("CARGO_PKG_VERSION")).into(),
            env: None,
            #[cfg(feature = "test-util")]
            mocks: None,
        }
    }
}

impl<S: Service> fmt::Debug for Builder<S> {
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

impl<S: Service> Builder<S> {
    /// The region: its documented endpoint, unless the official SDKs' override variable
    /// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` or [`Builder::endpoint`] says otherwise.
    pub fn region(mut self, region: S::Region) -> Self {
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
    /// still apply; its connect timeout and redirect policy are yours to set.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// How many attempts and how much backoff (default: 3 attempts, exponential backoff with
    /// full jitter).
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

    /// The `User-Agent` before any suffix: the generated client's name and version.
    pub fn user_agent_base(mut self, base: &str) -> Self {
        self.user_agent = base.to_string();
        self
    }

    /// Appended to the `User-Agent`, e.g. your application's name and version.
    pub fn user_agent_suffix(mut self, suffix: &str) -> Self {
        self.user_agent = format!("{} {suffix}", self.user_agent);
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

    /// Answers calls with these rules instead of the network (feature `test-util`); the rest
    /// of the call path runs as usual. Credentials and the endpoint become optional: test
    /// values stand in for them.
    #[cfg(feature = "test-util")]
    pub fn mocks(mut self, mocks: crate::test_util::mock::Mocks) -> Self {
        self.mocks = Some(mocks);
        self
    }

    /// Checks the settings and builds the handle; fails with [`Error::Config`] naming what is
    /// missing or wrong.
    #[allow(unused_mut)]
    pub fn build(mut self) -> Result<Handle<S>, Error> {
        #[cfg(feature = "test-util")]
        if self.mocks.is_some() {
            if self.endpoint.is_none() && self.region.is_none() {
                self.endpoint = Some("https://mock.invalid".into());
            }
            self.credentials = self.credentials.or_else(|| {
                Some(Credentials::new("MOCK-AK", "MOCK-SK").project_id("mock-project"))
            });
        }
        let credentials = self.credentials.ok_or_else(|| {
            Error::Config("no credentials: call ClientBuilder::credentials".into())
        })?;
        let env_endpoint = self.region.and_then(|r| {
            let name = S::SPEC.region_endpoint_variable(r.id());
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
        let (base_url, host) = parse_endpoint(&endpoint, self.allow_http)?;
        let backend = match self.http_client {
            #[cfg(feature = "test-util")]
            _ if self.mocks.is_some() => Backend::Mock(self.mocks.take().unwrap_or_default()),
            Some(c) => Backend::Http(c),
            None => Backend::Http(
                reqwest::Client::builder()
                    .connect_timeout(self.config.connect_timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
            ),
        };
        let header_name = |name: &str| {
            HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))
        };
        let header_value = |text: &str, what: &str| {
            HeaderValue::from_str(text).map_err(|_| {
                Error::Config(format!(
                    "the {what} holds characters that an HTTP header cannot carry"
                ))
            })
        };
        let header_values = HeaderValues {
            project_id: credentials
                .project_id_value()
                .map(|p| header_value(p, "project id"))
                .transpose()?,
            user_agent: header_value(&self.user_agent, "User-Agent")?,
            host: header_value(&host, "endpoint's host")?,
        };
        Ok(Handle {
            connection: Arc::new(Connection {
                backend,
                host,
                base_url,
                region_id: self.region.map(RegionInfo::id),
                credentials,
                config: self.config,
                spec: S::SPEC,
                user_agent: self.user_agent,
                header_values,
                project_id_header: header_name(S::SPEC.project_id_header)?,
                token_header: header_name(S::SPEC.token_header)?,
            }),
            region: self.region,
            service: PhantomData,
        })
    }
}

/// The endpoint as a URL and as the `Host` header, checked: http(s), and nothing but scheme,
/// host and port.
fn parse_endpoint(endpoint: &str, allow_http: bool) -> Result<(reqwest::Url, String), Error> {
    let url = reqwest::Url::parse(endpoint)
        .map_err(|e| Error::Config(format!("endpoint `{endpoint}` is not a URL: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        // Not echoed: the user information may be a password.
        return Err(Error::Config(
            "the endpoint holds user information (`user:password@`); give scheme, host and port only".into(),
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        "http" => {
            return Err(Error::Config(format!(
                "endpoint `{endpoint}` is plain HTTP; call ClientBuilder::allow_http(true) to permit it"
            )))
        }
        other => return Err(Error::Config(format!("endpoint scheme `{other}` is not http(s)"))),
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
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
    Ok((url, host))
}
