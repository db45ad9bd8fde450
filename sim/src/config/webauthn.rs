//! WebAuthn (`[webauthn]`): the relying party and what the org offers.

use serde::Deserialize;

use super::ORG_NAME;

/// The org's WebAuthn settings (`[webauthn]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebauthnPolicy {
    /// The relying party id sent as `rp.id` (enrollment) and `rpId` (verification), and the
    /// one whose SHA-256 the authenticator data must carry. Unset (as in Okta's recorded
    /// `activationData`, which has no `rp.id`): the browser uses the page's own host, so the
    /// host of the (trusted) origin in `clientDataJSON` is the RP ID checked.
    pub rp_id: Option<String>,
    /// `rp.name`.
    pub rp_name: String,
    /// `userVerification`: `required`, `preferred` or `discouraged`. With `required`, an
    /// answer without the UV flag is refused.
    pub user_verification: String,
    /// `authenticatorSelection.residentKey`: `required` makes every new credential a passkey.
    pub resident_key: String,
    /// `attestation` asked for: `none` (the browser then sends `fmt` `none`), `indirect` or
    /// `direct`. Only `none` and `packed` self-attestation are accepted back.
    pub attestation: String,
    /// `hints` (`security-key`, `client-device`, `hybrid`), as Okta's passkey orgs send them.
    pub hints: Vec<String>,
    /// Passkey autofill on the first screen (`challenge-webauthn-autofillui-authenticator`).
    pub autofill: bool,
    /// "Sign in with a passkey" on the first screen (`launch-webauthn-authenticator`).
    pub launch_authenticator: bool,
    /// How long the browser may take, in milliseconds (`timeout`).
    pub timeout_ms: u64,
}

impl Default for WebauthnPolicy {
    fn default() -> Self {
        Self {
            rp_id: None,
            rp_name: ORG_NAME.into(),
            user_verification: "preferred".into(),
            resident_key: "preferred".into(),
            attestation: "none".into(),
            hints: Vec::new(),
            autofill: false,
            launch_authenticator: false,
            timeout_ms: 60_000,
        }
    }
}

impl WebauthnPolicy {
    /// Checks what serde cannot.
    pub fn validate(&self) -> Result<(), String> {
        let one_of = |name: &str, value: &str, allowed: &[&str]| {
            if allowed.contains(&value) {
                Ok(())
            } else {
                Err(format!(
                    "webauthn.{name} {value:?} is not one of {}",
                    allowed.join(", ")
                ))
            }
        };
        let levels = ["required", "preferred", "discouraged"];
        one_of("user_verification", &self.user_verification, &levels)?;
        one_of("resident_key", &self.resident_key, &levels)?;
        one_of(
            "attestation",
            &self.attestation,
            &["none", "indirect", "direct"],
        )?;
        for hint in &self.hints {
            one_of("hints", hint, &["security-key", "client-device", "hybrid"])?;
        }
        if let Some(rp) = &self.rp_id
            && (rp.is_empty() || rp.contains([':', '/']) || rp != &rp.to_ascii_lowercase())
        {
            return Err(format!(
                "webauthn.rp_id {rp:?} must be a lowercase host name, without scheme or port"
            ));
        }
        Ok(())
    }
}
