//! Okta FastPass: Okta Verify on this device proves who is signing in, with no push to answer.
//! The org sends the challenge two ways, read here the way Okta's widget reads them
//! (`DeviceChallengePollView`, `ChallengeOktaVerifyFastPassView`, `ChallengeViewUtil`):
//! `device-challenge-poll` (and `launch-authenticator`) relating to `authenticatorChallenge`,
//! and `challenge-poll` for Okta Verify whose method is `signed_nonce`, with
//! `contextualData.challenge`. By `challengeMethod`, this page either hands the challenge to
//! Okta Verify's loopback server ([`Loopback`]) or opens Okta Verify by a link, and polls the
//! transaction meanwhile. Okta Verify enrollment on this very device (`samedevice`,
//! `devicebootstrap`) is here too: it is the same app on the same device.

use idx_protocol::model::DeviceChallenge;
use idx_protocol::names::{challenge_method, method, remediation};
use idx_protocol::{Address, Field, FieldValue, Host};
use idx_protocol::{Form, IdxResponse};
use serde_json::{Value, json};

/// How Okta Verify is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Its HTTP server on a loopback port: this page probes and hands it the challenge.
    Loopback,
    /// A custom URI scheme: opened at once, and again by a link.
    CustomUri,
    /// An iOS / macOS universal link: the person presses it.
    UniversalLink,
    /// An Android app link: the person presses it.
    AppLink,
}

impl Reach {
    fn parse(s: &str) -> Option<Self> {
        match s {
            challenge_method::LOOPBACK => Some(Self::Loopback),
            challenge_method::CUSTOM_URI => Some(Self::CustomUri),
            challenge_method::UNIVERSAL_LINK => Some(Self::UniversalLink),
            challenge_method::APP_LINK => Some(Self::AppLink),
            _ => None,
        }
    }
}

/// A FastPass step as the person sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FastPass {
    /// How Okta Verify is reached.
    pub reach: Reach,
    /// The link that opens Okta Verify (not for loopback): only a scheme that cannot run
    /// script here.
    pub href: Option<String>,
    /// Where to get Okta Verify, `https` only.
    pub download_href: Option<String>,
    /// The org's page on Chrome's Local Network Access, `https` only.
    pub help_href: Option<String>,
    /// From the first screen (`device-challenge-poll`) rather than Okta Verify's
    /// `signed_nonce` method: the org offers to cancel it and go back to sign in.
    pub device: bool,
    /// The org's cancel form is there to tell it the person stopped (first screen only: the
    /// `signed_nonce` step offers the other authenticators instead).
    pub can_cancel: bool,
}

/// What the loopback exchange needs: where to probe, in order, and what to hand over.
#[derive(Clone, PartialEq, Eq)]
pub struct Loopback {
    /// `origin:port` bases, `httpsDomain`'s ports first when named, then `domain`'s.
    pub targets: Vec<String>,
    /// The signed request Okta Verify answers.
    pub challenge_request: String,
    /// How long one probe may take.
    pub probe_timeout_ms: u64,
}

impl std::fmt::Debug for Loopback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loopback")
            .field("targets", &self.targets)
            .field("challenge_request", &"[redacted]")
            .field("probe_timeout_ms", &self.probe_timeout_ms)
            .finish()
    }
}

/// Okta's widget waits this long for a probe when the org names no `probeTimeoutMillis`.
pub const PROBE_TIMEOUT_MS: u64 = 100;
/// Longest probe wait, whatever the org says: a value read from the wire bounds every wait.
pub const MAX_PROBE_TIMEOUT_MS: u64 = 10_000;
/// Okta Verify has five minutes to answer the challenge, as in Okta's widget.
pub const CHALLENGE_TIMEOUT_MS: u64 = 300_000;
/// The cancel form's extra inputs, as Okta's widget names them.
pub const REASON: &str = "reason";
/// The loopback answer's status code (`null` when none answered).
pub const STATUS_CODE: &str = "statusCode";
/// The `https` loopback domain Okta Verify serves (a public name that resolves to 127.0.0.1).
pub const HTTPS_LOOPBACK_SUFFIX: &str = ".authenticatorlocaldev.com";

/// The challenge a FastPass form concerns.
pub fn challenge<'a>(state: &'a IdxResponse, form: &Form) -> Option<&'a DeviceChallenge> {
    match form.name.as_str() {
        remediation::CHALLENGE_POLL => state
            .current()?
            .contextual_data
            .as_ref()?
            .challenge
            .as_ref()
            .map(|c| &c.value),
        _ => state.authenticator_challenge.as_ref().map(|c| &c.value),
    }
}

/// Whether a `challenge-poll` is FastPass: its authenticator's method is `signed_nonce`.
pub fn is_signed_nonce(state: &IdxResponse) -> bool {
    state
        .current()
        .and_then(|a| a.methods.first())
        .and_then(|m| m.kind.as_deref())
        == Some(method::SIGNED_NONCE)
}

/// The FastPass step a polling form means; `None` when the challenge names no way this page
/// knows (the generic form then offers the server's other ways).
pub fn step(state: &IdxResponse, form: &Form) -> Option<FastPass> {
    let challenge = challenge(state, form)?;
    let reach = Reach::parse(challenge.challenge_method.as_deref()?)?;
    let href = match reach {
        Reach::Loopback => None,
        _ => Some(launch_href(
            challenge.href.as_deref()?,
            form.href.as_deref(),
        )?),
    };
    let device = form.name == remediation::DEVICE_CHALLENGE_POLL;
    Some(FastPass {
        reach,
        href,
        download_href: challenge.download_href.as_deref().and_then(https),
        help_href: challenge.local_network_help().and_then(https),
        device,
        can_cancel: device && challenge.cancel.is_some(),
    })
}

/// The loopback plan of a state's FastPass step, when it is one.
pub fn loopback(state: &IdxResponse, form: &Form) -> Option<Loopback> {
    let challenge = challenge(state, form)?;
    if challenge.challenge_method.as_deref() != Some(challenge_method::LOOPBACK) {
        return None;
    }
    let ports = challenge.port_numbers();
    let mut targets = Vec::new();
    for origin in [
        challenge.https_domain.as_deref(),
        challenge.domain.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter_map(loopback_origin)
    {
        targets.extend(ports.iter().map(|port| format!("{origin}:{port}")));
    }
    Some(Loopback {
        targets,
        challenge_request: challenge.challenge_request.clone().unwrap_or_default(),
        probe_timeout_ms: challenge
            .probe_timeout_millis
            .unwrap_or(PROBE_TIMEOUT_MS)
            .clamp(1, MAX_PROBE_TIMEOUT_MS),
    })
}

/// The origin (scheme and host, no port, no path) of a loopback domain the challenge names,
/// when it is one this page may reach: `http(s)` to `localhost`, `127.0.0.0/8` or `[::1]`, or
/// `https` to Okta Verify's own loopback name. Anything else is refused, so a state cannot
/// point the page's requests at another host.
pub fn loopback_origin(domain: &str) -> Option<String> {
    let url = Address::parse(domain)?;
    let scheme = url.scheme();
    if !matches!(scheme, "http" | "https")
        || url.port().is_some()
        || !matches!(url.path(), "" | "/")
        || url.query().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return None;
    }
    let host = match url.host()? {
        Host::Domain(d) if d.eq_ignore_ascii_case("localhost") => d.to_ascii_lowercase(),
        Host::Domain(d)
            if scheme == "https"
                && d.to_ascii_lowercase().ends_with(HTTPS_LOOPBACK_SUFFIX)
                && d.len() > HTTPS_LOOPBACK_SUFFIX.len() =>
        {
            d.to_ascii_lowercase()
        }
        Host::Ipv4(ip) if ip.is_loopback() => ip.to_string(),
        Host::Ipv6(ip) if ip.is_loopback() => format!("[{ip}]"),
        _ => return None,
    };
    Some(format!("{scheme}://{host}"))
}

/// A link that opens Okta Verify: a custom scheme (`com-okta-authenticator:`), `https`, or
/// `http` on the org's own origin or loopback; never one that runs script or carries a
/// document. A relative link (Okta's mocks send one) is resolved against the org's form.
pub(crate) fn launch_href(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    let base = base.and_then(Address::parse);
    let same_origin = |u: &Address| base.as_ref().is_some_and(|b| b.same_origin(u));
    let scheme = match href.split_once(':') {
        Some((scheme, _)) if valid_scheme(scheme) => scheme.to_ascii_lowercase(),
        _ => {
            let joined = base.as_ref()?.join(href)?;
            return same_origin(&joined).then(|| joined.into());
        }
    };
    let refused = [
        "javascript",
        "data",
        "vbscript",
        "file",
        "blob",
        "about",
        "filesystem",
    ];
    match scheme.as_str() {
        s if refused.contains(&s) => None,
        "http" => Address::parse(href)
            .filter(|u| {
                let host = format!("{}://{}", u.scheme(), u.host_str().unwrap_or_default());
                same_origin(u) || loopback_origin(&host).is_some()
            })
            .map(|_| href.to_owned()),
        _ => Some(href.to_owned()),
    }
}

fn valid_scheme(scheme: &str) -> bool {
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

pub(crate) fn https(href: &str) -> Option<String> {
    Address::parse(href)
        .filter(|u| u.scheme() == "https")
        .map(|_| href.to_owned())
}

/// The launch link with the username the person typed, as Okta's widget adds it.
pub fn with_login_hint(href: &str, hint: Option<&str>) -> String {
    match hint.map(str::trim).filter(|h| !h.is_empty()) {
        Some(hint) => {
            let joiner = if href.contains('?') { '&' } else { '?' };
            let encoded: String = form_urlencoded::byte_serialize(hint.as_bytes()).collect();
            format!("{href}{joiner}login_hint={encoded}")
        }
        None => href.to_owned(),
    }
}

/// The form that stops a FastPass challenge, with Okta's `reason` and `statusCode` added as
/// fixed inputs: `currentAuthenticator.cancel` for `signed_nonce`, the challenge's own cancel
/// otherwise (`cancel-polling`). `None` when the org offers none.
pub fn cancel_form(
    state: &IdxResponse,
    form: &Form,
    reason: &str,
    status: Option<u16>,
) -> Option<Form> {
    let own = match form.name.as_str() {
        remediation::CHALLENGE_POLL => state.current().and_then(|a| a.cancel.as_ref()),
        _ => None,
    };
    let mut cancel = own
        .or_else(|| challenge(state, form)?.cancel.as_ref())?
        .clone();
    cancel
        .value
        .retain(|f| f.name != REASON && f.name != STATUS_CODE);
    for (name, value) in [
        (REASON, Value::from(reason)),
        (STATUS_CODE, status.map_or(Value::Null, Value::from)),
    ] {
        let mut field: Field =
            serde_json::from_value(json!({ "name": name, "mutable": false, "visible": false }))
                .ok()?;
        // Set here, not read from JSON, where `null` would read as no value at all: Okta's
        // widget sends `"statusCode": null`.
        field.value = Some(FieldValue::Plain(value));
        cancel.value.push(field);
    }
    Some(cancel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_screen_offers_cancel_only_with_the_orgs_cancel_form() {
        let mut state = idx_protocol::testdata::idx(
            "siw-playground/idp/idx/identify-with-device-probing-loopback.json",
        );
        let fastpass = |state: &IdxResponse| {
            let form = state
                .remediation(remediation::DEVICE_CHALLENGE_POLL)
                .expect("the poll");
            step(state, form).expect("a FastPass step")
        };
        assert!(fastpass(&state).can_cancel);
        if let Some(challenge) = &mut state.authenticator_challenge {
            challenge.value.cancel = None;
        }
        let without = fastpass(&state);
        assert!(without.device && !without.can_cancel);
    }

    #[test]
    fn only_loopback_hosts_are_probed() {
        for (domain, origin) in [
            ("http://localhost", Some("http://localhost")),
            ("http://LOCALHOST/", Some("http://localhost")),
            ("http://127.0.0.1", Some("http://127.0.0.1")),
            ("http://127.9.9.9", Some("http://127.9.9.9")),
            ("http://[::1]", Some("http://[::1]")),
            (
                "https://randomOrgId.authenticatorlocaldev.com",
                Some("https://randomorgid.authenticatorlocaldev.com"),
            ),
            ("http://x.authenticatorlocaldev.com", None),
            ("https://authenticatorlocaldev.com", None),
            ("https://evil.com", None),
            ("http://localhost.evil.com", None),
            ("http://10.0.0.1", None),
            ("http://localhost:6511", None),
            ("http://localhost/steal", None),
            ("http://user@localhost", None),
            ("ftp://localhost", None),
            ("localhost", None),
        ] {
            assert_eq!(loopback_origin(domain).as_deref(), origin, "{domain}");
        }
    }

    #[test]
    fn launch_links_never_run_script() {
        let org = Some("https://org.example.com/idp/idx/authenticators/poll");
        assert_eq!(
            launch_href("com-okta-authenticator:/deviceChallenge?x=1", org).as_deref(),
            Some("com-okta-authenticator:/deviceChallenge?x=1")
        );
        assert!(launch_href("https://login.okta.com/x", org).is_some());
        assert!(launch_href("http://127.0.0.1:7000/x", org).is_some());
        assert_eq!(
            launch_href("okta-verify.html", org).as_deref(),
            Some("https://org.example.com/idp/idx/authenticators/okta-verify.html")
        );
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "http://evil.com/x",
            "//evil.com/x",
        ] {
            assert_eq!(launch_href(bad, org), None, "{bad}");
        }
        assert_eq!(launch_href("okta-verify.html", None), None);
    }

    #[test]
    fn the_login_hint_is_encoded() {
        assert_eq!(
            with_login_hint("x:/c?r=1", Some("a b@c.com")),
            "x:/c?r=1&login_hint=a+b%40c.com"
        );
        assert_eq!(with_login_hint("x:/c", Some(" ")), "x:/c");
        assert_eq!(with_login_hint("x:/c", Some("u")), "x:/c?login_hint=u");
    }
}
