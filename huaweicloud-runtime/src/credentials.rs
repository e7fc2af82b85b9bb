//! Credentials: an AK/SK pair (optionally temporary, with a security token) or an IAM token,
//! plus the project id operations put in their paths.
//!
//! Secrets are held in [`secrecy::SecretString`]: they cannot be printed, and are zeroed on
//! drop. `Debug` shows only the first characters of the AK, which identifies the key without
//! revealing it.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::sensitive::Redacted;
use crate::Error;

/// How requests are authenticated.
///
/// ```
/// // A permanent access key pair and the project the resources belong to.
/// use huaweicloud_runtime::Credentials;
/// let aksk = Credentials::new("AK-EXAMPLE", "SK-EXAMPLE").project_id("0123456789abcdef");
/// // Temporary credentials from STS: the security token is sent and signed.
/// let temporary = Credentials::new("AK-EXAMPLE", "SK-EXAMPLE")
///     .security_token("security-token")
///     .project_id("0123456789abcdef");
/// // An IAM token instead of a signature.
/// let token = Credentials::token("MIIDkgYJKoZIhvcNAQcC...").project_id("0123456789abcdef");
/// // From HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK (or CLOUD_SDK_AK / CLOUD_SDK_SK), with
/// // HUAWEICLOUD_SDK_PROJECT_ID and HUAWEICLOUD_SDK_SECURITY_TOKEN when set.
/// let from_env = Credentials::from_env();
/// // Nothing secret is printed.
/// assert!(!format!("{aksk:?} {temporary:?} {token:?}").contains("SK-EXAMPLE"));
/// # let _ = from_env;
/// ```
#[derive(Clone)]
pub struct Credentials {
    auth: Auth,
    project_id: Option<String>,
}

#[derive(Clone)]
pub(crate) enum Auth {
    /// `SDK-HMAC-SHA256` signature with an access key pair.
    AkSk {
        ak: String,
        sk: SecretString,
        security_token: Option<SecretString>,
    },
    /// An IAM token sent as `X-Auth-Token`; nothing is signed.
    Token(SecretString),
}

/// Variables holding the access key id, first one set wins.
pub const ENV_AK: [&str; 2] = ["HUAWEICLOUD_SDK_AK", "CLOUD_SDK_AK"];
/// Variables holding the secret key, paired with [`ENV_AK`].
pub const ENV_SK: [&str; 2] = ["HUAWEICLOUD_SDK_SK", "CLOUD_SDK_SK"];
/// Variable holding the project id (optional).
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// Variable holding the security token of temporary credentials (optional).
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";

impl Credentials {
    /// A permanent AK/SK pair.
    pub fn new(ak: impl Into<String>, sk: impl Into<String>) -> Credentials {
        Credentials {
            auth: Auth::AkSk {
                ak: ak.into(),
                sk: SecretString::from(sk.into()),
                security_token: None,
            },
            project_id: None,
        }
    }

    /// An IAM token (`X-Auth-Token`), used instead of a signature.
    pub fn token(token: impl Into<String>) -> Credentials {
        Credentials {
            auth: Auth::Token(SecretString::from(token.into())),
            project_id: None,
        }
    }

    /// The project id filled into `{project_id}` paths and sent as `X-Project-Id`.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Credentials {
        self.project_id = Some(project_id.into());
        self
    }

    /// Makes AK/SK credentials temporary: the token is sent as `X-Security-Token` and signed.
    /// Ignored for IAM token credentials, which have no use for it.
    pub fn security_token(mut self, token: impl Into<String>) -> Credentials {
        if let Auth::AkSk { security_token, .. } = &mut self.auth {
            *security_token = Some(SecretString::from(token.into()));
        }
        self
    }

    /// Reads AK/SK credentials from the process environment.
    ///
    /// The AK and SK come as a pair from `HUAWEICLOUD_SDK_AK`/`HUAWEICLOUD_SDK_SK` (the official
    /// SDKs' names) or, when neither of those is set, from `CLOUD_SDK_AK`/`CLOUD_SDK_SK` (the
    /// names in Huawei's code samples). `HUAWEICLOUD_SDK_PROJECT_ID` and
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN` are read when set. A missing or empty value is an
    /// [`Error::Config`] naming the variable.
    pub fn from_env() -> Result<Credentials, Error> {
        Credentials::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] with a custom lookup, e.g. a map in tests or a secrets store.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Credentials, Error> {
        let family = if ENV_AK[0..1]
            .iter()
            .chain(&ENV_SK[0..1])
            .any(|n| lookup(n).is_some())
        {
            0
        } else {
            1
        };
        let required = |name: &str| -> Result<String, Error> {
            match lookup(name) {
                Some(v) if !v.trim().is_empty() => Ok(v),
                Some(_) => Err(Error::Config(format!("environment variable {name} is set but empty"))),
                None => Err(Error::Config(format!(
                    "environment variable {name} is not set (AK/SK come from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or CLOUD_SDK_AK and CLOUD_SDK_SK)"
                ))),
            }
        };
        let optional = |name: &str| -> Result<Option<String>, Error> {
            match lookup(name) {
                Some(v) if v.trim().is_empty() => Err(Error::Config(format!(
                    "environment variable {name} is set but empty"
                ))),
                other => Ok(other),
            }
        };
        let ak = required(ENV_AK[family])?;
        let sk = required(ENV_SK[family])?;
        let mut creds = Credentials::new(ak, sk);
        if let Some(p) = optional(ENV_PROJECT_ID)? {
            creds = creds.project_id(p);
        }
        if let Some(t) = optional(ENV_SECURITY_TOKEN)? {
            creds = creds.security_token(t);
        }
        Ok(creds)
    }

    pub(crate) fn auth(&self) -> &Auth {
        &self.auth
    }

    /// The project id, if set.
    pub fn project_id_value(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The access key id (not secret by itself), for AK/SK credentials.
    pub fn access_key_id(&self) -> Option<&str> {
        match &self.auth {
            Auth::AkSk { ak, .. } => Some(ak),
            Auth::Token(_) => None,
        }
    }
}

impl Auth {
    pub(crate) fn sk(&self) -> Option<&str> {
        match self {
            Auth::AkSk { sk, .. } => Some(sk.expose_secret()),
            Auth::Token(_) => None,
        }
    }
}

/// The first four characters of an AK, the rest masked.
pub(crate) fn mask_ak(ak: &str) -> String {
    let shown: String = ak.chars().take(4).collect();
    format!("{shown}***")
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.auth {
            Auth::AkSk {
                ak, security_token, ..
            } => f
                .debug_struct("Credentials")
                .field("ak", &mask_ak(ak))
                .field("sk", &Redacted)
                .field("security_token", &security_token.as_ref().map(|_| Redacted))
                .field("project_id", &self.project_id)
                .finish(),
            Auth::Token(_) => f
                .debug_struct("Credentials")
                .field("token", &Redacted)
                .field("project_id", &self.project_id)
                .finish(),
        }
    }
}
