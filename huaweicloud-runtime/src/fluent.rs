//! What generated clients and their per-operation builders share, so that generated code holds
//! only what is specific to a service or an operation: the [`client!`](crate::client),
//! [`request!`](macro@crate::request) and [`builder!`](crate::builder) macros and the [`Call`] they
//! use.

use std::fmt;

use crate::client::Handle;
use crate::config::RequestOptions;
use crate::operation::Operation;
use crate::service::Service;
use crate::validate::ValidationError;
use crate::Error;

/// A generated client: it holds a [`Handle`] to its service.
pub trait HasHandle {
    /// The service the client calls.
    type Service: Service;
    /// The handle calls go through.
    fn handle(&self) -> &Handle<Self::Service>;
}

/// The client and per-call options of one fluent request builder.
pub struct Call<'c, C> {
    client: &'c C,
    options: RequestOptions,
}

impl<C> Clone for Call<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for Call<'_, C> {}

/// Only the options: the client prints on its own.
impl<C> fmt::Debug for Call<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<'c, C: HasHandle> Call<'c, C> {
    /// A call on `client` with the client's settings.
    pub fn new(client: &'c C) -> Self {
        Call {
            client,
            options: RequestOptions::default(),
        }
    }

    /// Replaces the per-call overrides.
    pub fn set_options(&mut self, options: RequestOptions) {
        self.options = options;
    }

    /// Sends the input, once the builder has assembled it.
    pub async fn send<O: Operation<Service = C::Service>>(
        self,
        input: Result<O, ValidationError>,
    ) -> Result<O::Output, Error> {
        self.client.handle().send(input?, &self.options).await
    }
}

/// Declares a service's `Client` (a [`Handle`] with the operations as methods, added by
/// generated code) and its `ClientBuilder`.
///
/// ```
/// use huaweicloud_runtime as rt;
///
/// /// The service, as the runtime sees it.
/// pub enum Api {}
/// impl rt::Service for Api {
///     type Region = Region;
///     const SPEC: rt::ServiceSpec = rt::ServiceSpec {
///         name: "DEMO",
///         token_header: "X-Auth-Token",
///         token_length: (1, 16384),
///         project_id_placeholder: "project_id",
///         project_id_header: "X-Project-Id",
///         project_id_length: (1, 64),
///     };
/// }
/// rt::regions! {
///     pub enum Region {
///         /// North (`cn-north-4`).
///         CnNorth4 = ("cn-north-4", "North", "https://demo.cn-north-4.example.com"),
///     }
/// }
/// rt::client! {
///     /// A client of the demo service.
///     pub struct Client, ClientBuilder for Api, Region;
/// }
///
/// let client = Client::builder()
///     .region(Region::CnNorth4)
///     .credentials(rt::Credentials::new("AK", "SK").project_id("p"))
///     .build()?;
/// assert_eq!(client.endpoint(), "https://demo.cn-north-4.example.com");
/// # Ok::<(), rt::Error>(())
/// ```
#[macro_export]
macro_rules! client {
    (
        $(#[$meta:meta])*
        pub struct $client:ident, $builder:ident for $service:ty, $region:ty;
    ) => {
        $(#[$meta])*
        ///
        /// Cloning is cheap (one `Arc`): share one client between tasks.
        #[derive(Clone, Debug)]
        pub struct $client {
            handle: $crate::Handle<$service>,
        }

        impl $client {
            /// Starts a builder; a region or an endpoint, and credentials, are required.
            pub fn builder() -> $builder {
                $builder {
                    inner: $crate::Builder::default().user_agent_base(concat!(
                        env!("CARGO_PKG_NAME"),
                        "-rust/",
                        env!("CARGO_PKG_VERSION")
                    )),
                }
            }

            /// Sends an operation's input with the client's settings.
            pub async fn call<O: $crate::Operation<Service = $service>>(
                &self,
                input: O,
            ) -> ::std::result::Result<O::Output, $crate::Error> {
                self.handle.send(input, &$crate::RequestOptions::default()).await
            }

            /// Sends an operation's input with per-call overrides.
            pub async fn call_with<O: $crate::Operation<Service = $service>>(
                &self,
                input: O,
                options: &$crate::RequestOptions,
            ) -> ::std::result::Result<O::Output, $crate::Error> {
                self.handle.send(input, options).await
            }

            /// The request `call` would send first, fully built and signed, without sending
            /// it: for inspection, dry runs and benchmarks. Region and bound checks apply as
            /// in `call`.
            pub fn prepare<O: $crate::Operation<Service = $service>>(
                &self,
                input: &O,
            ) -> ::std::result::Result<$crate::reqwest::Request, $crate::Error> {
                self.handle.prepare(input, &$crate::RequestOptions::default())
            }

            /// The endpoint requests go to.
            pub fn endpoint(&self) -> &str {
                self.handle.endpoint()
            }

            /// The region, unless the client was built with an explicit endpoint only.
            pub fn region(&self) -> ::std::option::Option<$region> {
                self.handle.region()
            }
        }

        impl $crate::fluent::HasHandle for $client {
            type Service = $service;
            fn handle(&self) -> &$crate::Handle<$service> {
                &self.handle
            }
        }

        #[doc = concat!("Builds a [`", stringify!($client), "`]. A region or an endpoint, and credentials, are required.")]
        #[derive(Debug)]
        pub struct $builder {
            inner: $crate::Builder<$service>,
        }

        impl $builder {
            /// The region: its documented endpoint, unless the official SDKs' override
            /// variable `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` (`-` as `_`) or
            /// `endpoint` says otherwise.
            pub fn region(self, region: $region) -> Self {
                $builder { inner: self.inner.region(region) }
            }

            /// An explicit endpoint such as `https://oms.example.com`; wins over the region's.
            pub fn endpoint(self, endpoint: impl Into<String>) -> Self {
                $builder { inner: self.inner.endpoint(endpoint) }
            }

            /// How requests authenticate (required).
            pub fn credentials(self, credentials: $crate::Credentials) -> Self {
                $builder { inner: self.inner.credentials(credentials) }
            }

            /// Allows a plain `http://` endpoint (loopback tests, a TLS-terminating proxy).
            /// Off by default: credentials and bodies would travel unencrypted.
            pub fn allow_http(self, allow: bool) -> Self {
                $builder { inner: self.inner.allow_http(allow) }
            }

            /// Uses your own `reqwest::Client` (proxies, custom CAs). Signing, retries and
            /// timeouts still apply; its connect timeout and redirect policy are yours to set.
            pub fn http_client(self, client: $crate::reqwest::Client) -> Self {
                $builder { inner: self.inner.http_client(client) }
            }

            /// How many attempts and how much backoff (default: 3 attempts, exponential
            /// backoff with full jitter); which failures are retried is the
            /// [`RetryPolicy`]($crate::RetryPolicy)'s decision.
            pub fn retry(self, retry: $crate::RetryConfig) -> Self {
                $builder { inner: self.inner.retry(retry) }
            }

            /// Time allowed to open a connection (default 10 s).
            pub fn connect_timeout(self, timeout: ::std::time::Duration) -> Self {
                $builder { inner: self.inner.connect_timeout(timeout) }
            }

            /// Time allowed for one attempt, response body included (default 60 s).
            pub fn attempt_timeout(self, timeout: ::std::time::Duration) -> Self {
                $builder { inner: self.inner.attempt_timeout(timeout) }
            }

            /// Time allowed for a whole call, retries and backoff included (default 180 s).
            pub fn operation_timeout(self, timeout: ::std::time::Duration) -> Self {
                $builder { inner: self.inner.operation_timeout(timeout) }
            }

            /// Whether requests are checked against the spec's bounds before sending
            /// (default on).
            pub fn validate_requests(self, validate: bool) -> Self {
                $builder { inner: self.inner.validate_requests(validate) }
            }

            /// Whether calling an operation outside the regions the spec lists for it fails
            /// before sending (default on). Turn off for private deployments.
            pub fn check_region(self, check: bool) -> Self {
                $builder { inner: self.inner.check_region(check) }
            }

            /// Cap on a response body (default 8 MiB).
            pub fn max_response_bytes(self, limit: usize) -> Self {
                $builder { inner: self.inner.max_response_bytes(limit) }
            }

            /// Appended to the `User-Agent`, e.g. your application's name and version.
            pub fn user_agent_suffix(self, suffix: &str) -> Self {
                $builder { inner: self.inner.user_agent_suffix(suffix) }
            }

            /// Reads environment overrides through `lookup` instead of the process
            /// environment.
            pub fn env_lookup(
                self,
                lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
            ) -> Self {
                $builder { inner: self.inner.env_lookup(lookup) }
            }

            /// Answers calls with these rules instead of the network (feature `test-util`);
            /// validation, signing, retries and decoding run as usual. Credentials and the
            /// endpoint become optional.
            #[cfg(feature = "test-util")]
            pub fn mocks(self, mocks: $crate::test_util::mock::Mocks) -> Self {
                $builder { inner: self.inner.mocks(mocks) }
            }

            /// Checks the settings and builds the client; fails with a configuration error
            /// naming what is missing or wrong.
            pub fn build(self) -> ::std::result::Result<$client, $crate::Error> {
                self.inner.build().map(|handle| $client { handle })
            }
        }
    };
}

/// An operation's fluent request builder: the struct (the [`Call`] and one `Option` per input
/// field), how the client starts it (`From<Call>`), the setters, `into_input`, `options` and
/// `send`. Each field line reads `name: required|optional <setter kind> <type>`, the setter
/// kinds being those of [`setters!`](crate::setters).
///
/// ```
/// # use huaweicloud_runtime as rt;
/// # pub enum Api {}
/// # impl rt::Service for Api {
/// #     type Region = Region;
/// #     const SPEC: rt::ServiceSpec = rt::ServiceSpec {
/// #         name: "DEMO", token_header: "X-Auth-Token", token_length: (1, 16384),
/// #         project_id_placeholder: "project_id", project_id_header: "X-Project-Id",
/// #         project_id_length: (1, 64),
/// #     };
/// # }
/// # rt::regions! { pub enum Region { A = ("a", "A", "https://a.example.com"), } }
/// # rt::client! { pub struct Client, ClientBuilder for Api, Region; }
/// /// What `ShowWidget` sends.
/// #[derive(Debug)]
/// pub struct ShowWidgetInput {
///     pub widget_id: String,
///     pub verbose: Option<bool>,
/// }
/// # impl rt::Validate for ShowWidgetInput {
/// #     fn validate(&self) -> Result<(), rt::ValidationError> { Ok(()) }
/// # }
/// # impl rt::Operation for ShowWidgetInput {
/// #     type Service = Api;
/// #     type Output = ();
/// #     const META: rt::OperationMeta = rt::OperationMeta {
/// #         name: "ShowWidget", method: rt::Method::Get, path: "/v1/widgets/{widget_id}",
/// #         idempotent: true, regions: &[], has_output: false,
/// #     };
/// #     fn write<'a>(&'a self, w: &mut rt::RequestWriter<'a>) {
/// #         w.path_param("widget_id", &self.widget_id);
/// #     }
/// # }
/// rt::request! {
///     /// Fluent builder for `ShowWidget`.
///     pub struct ShowWidgetRequest for Client => ShowWidgetInput -> () {
///         /// The widget.
///         widget_id: required into String,
///         /// More detail.
///         verbose: optional set bool,
///     }
/// }
/// impl Client {
///     pub fn show_widget(&self) -> ShowWidgetRequest<'_> {
///         rt::fluent::Call::new(self).into()
///     }
/// }
///
/// let client = Client::builder()
///     .endpoint("https://127.0.0.1:9")
///     .credentials(rt::Credentials::new("AK", "SK").project_id("p"))
///     .build()?;
/// let input = client.show_widget().widget_id("w-1").into_input()?;
/// assert_eq!((input.widget_id.as_str(), input.verbose), ("w-1", None));
/// let missing = client.show_widget().verbose(true).into_input().unwrap_err();
/// assert_eq!(missing.field(), "widget_id");
/// # Ok::<(), rt::Error>(())
/// ```
#[macro_export]
macro_rules! request {
    (
        $(#[$meta:meta])*
        pub struct $builder:ident for $client:ty => $input:ident -> $output:ty {
            $( $(#[$fmeta:meta])* $field:ident: $mode:ident $kind:ident $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug)]
        pub struct $builder<'c> {
            call: $crate::fluent::Call<'c, $client>,
            $( $field: ::std::option::Option<$crate::builder!(@type $kind $ty)>, )*
        }

        impl<'c> ::std::convert::From<$crate::fluent::Call<'c, $client>> for $builder<'c> {
            fn from(call: $crate::fluent::Call<'c, $client>) -> Self {
                $builder { call, $( $field: ::std::option::Option::None, )* }
            }
        }

        impl $builder<'_> {
            $( $crate::setters!(@setter $(#[$fmeta])* $field $kind $ty); )*

            /// The input as it will be sent; fails if a required value is missing.
            pub fn into_input(self) -> ::std::result::Result<$input, $crate::ValidationError> {
                ::std::result::Result::Ok($input {
                    $( $field: $crate::builder!(@take $mode self.$field, $field), )*
                })
            }

            /// Overrides client settings (timeouts, retries, validation) for this call only.
            pub fn options(mut self, options: $crate::RequestOptions) -> Self {
                self.call.set_options(options);
                self
            }

            /// Checks, signs and sends the request, retrying what the retry policy allows;
            /// the output is the decoded success body.
            pub async fn send(self) -> ::std::result::Result<$output, $crate::Error> {
                let call = self.call;
                call.send(self.into_input()).await
            }
        }
    };
}

/// The builder of a type that requests carry: the struct (one `Option` per field), the setters
/// and `build`. Each field line reads `name: <mode> <setter kind> <type>`, the setter kinds
/// being those of [`setters!`](crate::setters) and the modes:
///
/// - `optional`: may stay unset;
/// - `required`: `build` fails without it (the target's field is the value itself);
/// - `required_in_option`: as `required`, for a target that keeps the field an `Option` because
///   responses may leave it out.
///
/// ```
/// /// A widget.
/// #[derive(Debug, PartialEq)]
/// pub struct Widget {
///     pub name: String,
///     pub size: Option<i64>,
///     pub tags: Option<Vec<String>>,
/// }
/// huaweicloud_runtime::builder! {
///     /// Builder for [`Widget`].
///     pub struct WidgetBuilder => Widget {
///         /// The widget's name.
///         name: required into String,
///         /// Its size in bytes.
///         size: optional set i64,
///         /// Labels.
///         tags: optional iter_into String,
///     }
/// }
/// let w = WidgetBuilder::default().name("w").tags(["a"]).build()?;
/// assert_eq!(w, Widget { name: "w".into(), size: None, tags: Some(vec!["a".into()]) });
/// let missing = WidgetBuilder::default().size(3).build().unwrap_err();
/// assert_eq!(missing.field(), "name");
/// # Ok::<(), huaweicloud_runtime::ValidationError>(())
/// ```
#[macro_export]
macro_rules! builder {
    (
        $(#[$meta:meta])*
        pub struct $builder:ident => $target:ident {
            $( $(#[$fmeta:meta])* $field:ident: $mode:ident $kind:ident $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default)]
        pub struct $builder {
            $( $field: ::std::option::Option<$crate::builder!(@type $kind $ty)>, )*
        }

        impl $builder {
            $( $crate::setters!(@setter $(#[$fmeta])* $field $kind $ty); )*

            /// Assembles the value; bounds are checked later, by `validate()` or when sending.
            pub fn build(self) -> ::std::result::Result<$target, $crate::ValidationError> {
                ::std::result::Result::Ok($target {
                    $( $field: $crate::builder!(@take $mode self.$field, $field), )*
                })
            }
        }
    };
    // The type a field holds once set, by setter kind.
    (@type into $ty:ty) => { $ty };
    (@type set $ty:ty) => { $ty };
    (@type iter_into $ty:ty) => { ::std::vec::Vec<$ty> };
    (@type iter $ty:ty) => { ::std::vec::Vec<$ty> };
    (@type map_into $ty:ty) => { ::std::collections::BTreeMap<::std::string::String, $ty> };
    (@type map $ty:ty) => { ::std::collections::BTreeMap<::std::string::String, $ty> };
    // A field's value in the assembled target, by mode.
    (@take required $value:expr, $field:ident) => {
        $crate::required(stringify!($field), $value)?
    };
    (@take required_in_option $value:expr, $field:ident) => {
        ::std::option::Option::Some($crate::required(stringify!($field), $value)?)
    };
    (@take optional $value:expr, $field:ident) => {
        $value
    };
}

/// The setters of a generated builder whose fields are `Option`s: one line per field, with its
/// docs, name, how the setter takes its value, and the field's type.
///
/// - `into T`: `impl Into<T>` (strings, secrets);
/// - `set T`: exactly `T` (numbers, booleans, enums, objects);
/// - `iter_into T`: items of `impl Into<T>` for a `Vec<T>` (lists of strings);
/// - `iter T`: items of exactly `T` for a `Vec<T>`;
/// - `map_into T`: (key, value) pairs of `impl Into<String>` and `impl Into<T>` for a
///   `BTreeMap<String, T>` (maps of strings or untyped values);
/// - `map T`: (key, value) pairs of `impl Into<String>` and exactly `T`.
///
/// ```
/// use std::collections::BTreeMap;
///
/// #[derive(Default)]
/// struct WidgetBuilder {
///     name: Option<String>,
///     size: Option<i32>,
///     tags: Option<Vec<String>>,
///     labels: Option<BTreeMap<String, String>>,
///     limits: Option<BTreeMap<String, i64>>,
/// }
/// huaweicloud_runtime::setters! {
///     WidgetBuilder {
///         /// The widget's name.
///         name: into String,
///         size: set i32,
///         tags: iter_into String,
///         labels: map_into String,
///         limits: map i64,
///     }
/// }
/// let w = WidgetBuilder::default()
///     .name("w")
///     .size(3)
///     .tags(["a", "b"])
///     .labels([("team", "blue")])
///     .limits(BTreeMap::from([("cpu".to_string(), 2)]));
/// assert_eq!(w.tags, Some(vec!["a".to_string(), "b".to_string()]));
/// assert_eq!(w.labels.unwrap()["team"], "blue");
/// assert_eq!(w.limits.unwrap()["cpu"], 2);
/// ```
#[macro_export]
macro_rules! setters {
    ($target:ty { $( $(#[$meta:meta])* $field:ident: $kind:ident $ty:ty, )* }) => {
        impl $target {
            $( $crate::setters!(@setter $(#[$meta])* $field $kind $ty); )*
        }
    };
    (@setter $(#[$meta:meta])* $field:ident into $ty:ty $(=> $via:ident)?) => {
        $(#[$meta])*
        pub fn $field(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
            let value: $ty = value.into();
            $crate::setters!(@store self $field value $($via)?);
            self
        }
    };
    (@setter $(#[$meta:meta])* $field:ident set $ty:ty $(=> $via:ident)?) => {
        $(#[$meta])*
        pub fn $field(mut self, value: $ty) -> Self {
            $crate::setters!(@store self $field value $($via)?);
            self
        }
    };
    (@setter $(#[$meta:meta])* $field:ident iter_into $ty:ty $(=> $via:ident)?) => {
        $(#[$meta])*
        pub fn $field(
            mut self,
            value: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<$ty>>,
        ) -> Self {
            let value: ::std::vec::Vec<$ty> =
                value.into_iter().map(::std::convert::Into::into).collect();
            $crate::setters!(@store self $field value $($via)?);
            self
        }
    };
    (@setter $(#[$meta:meta])* $field:ident iter $ty:ty $(=> $via:ident)?) => {
        $(#[$meta])*
        pub fn $field(mut self, value: impl ::std::iter::IntoIterator<Item = $ty>) -> Self {
            let value: ::std::vec::Vec<$ty> = value.into_iter().collect();
            $crate::setters!(@store self $field value $($via)?);
            self
        }
    };
    (@setter $(#[$meta:meta])* $field:ident map_into $ty:ty $(=> $via:ident)?) => {
        $(#[$meta])*
        pub fn $field<K, V>(mut self, value: impl ::std::iter::IntoIterator<Item = (K, V)>) -> Self
        where
            K: ::std::convert::Into<::std::string::String>,
            V: ::std::convert::Into<$ty>,
        {
            let value: ::std::collections::BTreeMap<::std::string::String, $ty> =
                value.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
            $crate::setters!(@store self $field value $($via)?);
            self
        }
    };
    (@setter $(#[$meta:meta])* $field:ident map $ty:ty $(=> $via:ident)?) => {
        $(#[$meta])*
        pub fn $field<K>(mut self, value: impl ::std::iter::IntoIterator<Item = (K, $ty)>) -> Self
        where
            K: ::std::convert::Into<::std::string::String>,
        {
            let value: ::std::collections::BTreeMap<::std::string::String, $ty> =
                value.into_iter().map(|(k, v)| (k.into(), v)).collect();
            $crate::setters!(@store self $field value $($via)?);
            self
        }
    };
    // The converted value goes into the builder's own field, or (`=> via`) to the setter of
    // the same name on the builder held in field `via`.
    (@store $this:ident $field:ident $value:ident) => {
        $this.$field = ::std::option::Option::Some($value);
    };
    (@store $this:ident $field:ident $value:ident $via:ident) => {
        $this.$via = $this.$via.$field($value);
    };
}
