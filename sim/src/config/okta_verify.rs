//! Okta Verify: its enrollment channels, and Okta FastPass (`[fastpass]`) with the
//! simulated Okta Verify on this computer.

use serde::{Deserialize, Serialize};

use super::{Config, UserStatus};

/// An Okta Verify enrollment channel. The widget keeps its own copy on purpose: idx-sim is
/// an independent oracle of Okta's wire format, so it shares no protocol code with the client it
/// tests (idx-protocol is only its dev-dependency, for tests that compare the two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Scan a QR code.
    Qrcode,
    /// A setup link by email.
    Email,
    /// A setup link by SMS.
    Sms,
    /// Set up Okta Verify on this device (Okta FastPass), from a link on the page.
    SameDevice,
    /// Add the account to Okta Verify already on this device (Okta FastPass).
    DeviceBootstrap,
}

impl Channel {
    /// Whether the enrollment ends by the phone answering an activation (a QR code, or Okta
    /// Verify on this device), not by an address to send a link to.
    pub fn activates(self) -> bool {
        !matches!(self, Self::Email | Self::Sms)
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Qrcode => "qrcode",
            Self::Email => "email",
            Self::Sms => "sms",
            Self::SameDevice => "samedevice",
            Self::DeviceBootstrap => "devicebootstrap",
        }
    }

    /// Parses a wire name (the names serde derives, as the configuration's).
    pub fn parse(s: &str) -> Option<Self> {
        use serde::de::IntoDeserializer;
        let wire: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            s.into_deserializer();
        Self::deserialize(wire).ok()
    }
}

/// How a challenge reaches Okta Verify, with Okta's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChallengeMethod {
    /// The page probes Okta Verify's loopback HTTP service and hands it the challenge.
    #[default]
    Loopback,
    /// The page opens a `com-okta-authenticator:` URI.
    CustomUri,
    /// The page goes to an https link the system opens in Okta Verify (iOS, macOS).
    UniversalLink,
    /// The page goes to an https link Android opens in Okta Verify.
    AppLink,
}

impl ChallengeMethod {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Loopback => "LOOPBACK",
            Self::CustomUri => "CUSTOM_URI",
            Self::UniversalLink => "UNIVERSAL_LINK",
            Self::AppLink => "APP_LINK",
        }
    }
}

/// The `[fastpass]` table: whether and how the org offers Okta FastPass, and the simulated
/// "Okta Verify on this computer".
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FastPassSettings {
    /// Whether the first screen offers "Sign in with Okta FastPass" (`launch-authenticator`),
    /// before the user is known. Okta's admin decides this per app; off in the demo org.
    pub launch_on_identify: bool,
    /// How challenges reach Okta Verify: `LOOPBACK`, `CUSTOM_URI`, `UNIVERSAL_LINK`, `APP_LINK`.
    pub challenge_method: ChallengeMethod,
    /// The loopback challenge's `domain` (Okta's is `http://localhost`).
    pub domain: String,
    /// The loopback challenge's `httpsDomain`, probed first when set (Okta names one for macOS).
    pub https_domain: Option<String>,
    /// The ports the loopback challenge names, in order (Okta Verify listens on one of
    /// 6511–6513 or 8769). The loopback service's own port is added when missing.
    pub ports: Vec<u16>,
    /// The loopback challenge's `probeTimeoutMillis`, when set.
    pub probe_timeout_ms: Option<u64>,
    /// The loopback challenge's `chromeLocalNetworkAccessDetails.chromeLNAHelpLink`, when set:
    /// where a page tells a person whose Chrome refused Local Network Access how to allow it.
    pub chrome_lna_help_link: Option<String>,
    /// Where the simulated Okta Verify on this computer listens (127.0.0.1, and ::1 when it
    /// can); off when absent ("not installed"). 0 picks a free port.
    pub loopback_port: Option<u16>,
    /// Name a closed port before the service's, as when another profile's Okta Verify is gone.
    pub wrong_port_first: bool,
    /// Okta Verify answers every challenge at once, without asking on the phone page.
    pub auto_approve: bool,
    /// The user refuses: Okta Verify answers "No" at once.
    pub refuse: bool,
    /// Milliseconds Okta Verify takes to answer a probe.
    pub probe_delay_ms: u64,
    /// Milliseconds Okta Verify takes before it takes up a challenge.
    pub challenge_delay_ms: u64,
    /// How long a challenge can be answered, in seconds.
    pub challenge_lifetime_secs: u64,
    /// Where a custom URI challenge sends a person who has no Okta Verify (`downloadHref`).
    pub download_href: String,
    /// Okta Verify enrollment on this device, offered instead of the QR code: `samedevice`
    /// (install and set up Okta Verify here, from a link) or `devicebootstrap` (add the account
    /// to the Okta Verify this computer has).
    pub enroll_on_this_device: Option<Channel>,
    /// The computers with Okta Verify enrolled for FastPass, one per user.
    #[serde(rename = "device")]
    pub devices: Vec<Device>,
}

impl Default for FastPassSettings {
    fn default() -> Self {
        Self {
            launch_on_identify: false,
            challenge_method: ChallengeMethod::Loopback,
            domain: "http://localhost".into(),
            https_domain: None,
            ports: Vec::new(),
            probe_timeout_ms: None,
            chrome_lna_help_link: None,
            loopback_port: None,
            wrong_port_first: false,
            auto_approve: false,
            refuse: false,
            probe_delay_ms: 0,
            challenge_delay_ms: 0,
            challenge_lifetime_secs: 300,
            download_href: "https://apps.apple.com/us/app/okta-verify/id490179405".into(),
            enroll_on_this_device: None,
            devices: Vec::new(),
        }
    }
}

/// Okta's default loopback ports, named when the configuration names none.
pub const OKTA_PORTS: [u16; 3] = [6511, 6512, 6513];

/// A user's Okta Verify enrolled on this computer.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// The user (a configured user).
    pub username: String,
    /// The computer's name, as `authenticatorEnrollments` shows it.
    #[serde(default = "default_device_name")]
    pub name: String,
    /// The device key registered at enrollment (at least 16 characters); a fresh random one
    /// at every start when absent. Okta Verify signs its answers with it.
    #[serde(default)]
    pub key: Option<String>,
    /// The enrollment's id, which Okta Verify's answers name (`kid`); a fresh `pfd…` one at
    /// every start when absent.
    #[serde(default)]
    pub id: Option<String>,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device")
            .field("username", &self.username)
            .field("name", &self.name)
            .field("key", &self.key.as_ref().map(|_| "[redacted]"))
            .field("id", &self.id)
            .finish()
    }
}

pub(super) fn default_device_name() -> String {
    "Simulated computer".into()
}

impl FastPassSettings {
    /// Checks what serde cannot.
    pub fn validate(&self, config: &Config) -> Result<(), String> {
        let domain_ok = |d: &str| {
            url::Url::parse(d).is_ok_and(|u| {
                matches!(u.scheme(), "http" | "https") && u.path() == "/" && u.port().is_none()
            }) && !d.ends_with('/')
        };
        if !domain_ok(&self.domain) {
            return Err(format!(
                "fastpass.domain {:?} is not a scheme and host without port or path (http://localhost)",
                self.domain
            ));
        }
        if let Some(https) = &self.https_domain
            && !(https.starts_with("https://") && domain_ok(https))
        {
            return Err(format!(
                "fastpass.https_domain {https:?} is not an https scheme and host"
            ));
        }
        if let Some(link) = &self.chrome_lna_help_link
            && !url::Url::parse(link).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
        {
            return Err(format!(
                "fastpass.chrome_lna_help_link {link:?} is not an http(s) URL"
            ));
        }
        if self.challenge_lifetime_secs == 0 {
            return Err("fastpass.challenge_lifetime_secs must be positive".into());
        }
        if self
            .enroll_on_this_device
            .is_some_and(|c| !matches!(c, Channel::SameDevice | Channel::DeviceBootstrap))
        {
            return Err("fastpass.enroll_on_this_device is samedevice or devicebootstrap".into());
        }
        if self.ports.contains(&0) {
            return Err("fastpass.ports: 0 is not a port".into());
        }
        let mut names: Vec<String> = Vec::new();
        for device in &self.devices {
            let what = format!("fastpass.device {:?}", device.username);
            match config.user(&device.username) {
                None => return Err(format!("{what}: not a configured user")),
                Some(u) if u.status != UserStatus::Active => {
                    return Err(format!("{what}: the user is not ACTIVE"));
                }
                Some(u) if !u.okta_verify => {
                    return Err(format!(
                        "{what}: the user has no Okta Verify (okta_verify = true)"
                    ));
                }
                Some(_) => {}
            }
            if device.id.as_ref().is_some_and(|id| id.trim().is_empty()) {
                return Err(format!("{what}: id must not be empty"));
            }
            if device.key.as_ref().is_some_and(|k| k.len() < 16) {
                return Err(format!("{what}: key must be at least 16 characters"));
            }
            let name = device.username.to_ascii_lowercase();
            if names.contains(&name) {
                return Err(format!("{what}: one device per user"));
            }
            names.push(name);
        }
        Ok(())
    }

    /// The device enrolled for this user, if any.
    pub fn device(&self, username: &str) -> Option<&Device> {
        self.devices
            .iter()
            .find(|d| d.username.eq_ignore_ascii_case(username.trim()))
    }

    /// The origins a page probes for Okta Verify (`httpsDomain` and `domain` on each port), when
    /// the org offers FastPass: what its Content-Security-Policy must let it reach.
    pub fn loopback_origins(&self) -> Vec<String> {
        if self.devices.is_empty() || self.challenge_method != ChallengeMethod::Loopback {
            return Vec::new();
        }
        let ports = self.challenge_ports();
        self.https_domain
            .iter()
            .chain(std::iter::once(&self.domain))
            .flat_map(|domain| ports.iter().map(move |port| format!("{domain}:{port}")))
            .collect()
    }

    /// The ports the loopback challenge names.
    pub fn challenge_ports(&self) -> Vec<u16> {
        if self.ports.is_empty() {
            OKTA_PORTS.to_vec()
        } else {
            self.ports.clone()
        }
    }
}
