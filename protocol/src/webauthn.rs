//! WebAuthn (passkeys and security keys) as IDX carries it: the options a browser ceremony
//! needs, read from `contextualData.activationData` (enrollment), `challengeData`
//! (verification, and the identify page's passkey autofill) and the user's enrolled
//! credentials; and the values sent back in `credentials`, spelt as Okta's widgets send them.
//!
//! Plain data only: the browser side turns [`CreationOptions::json`] and
//! [`RequestOptions::json`] into `navigator.credentials` arguments and hands back an
//! [`Attestation`] or an [`Assertion`].

use base64::Engine;
use base64::alphabet;
use base64::engine::general_purpose::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value, json};

use crate::Inputs;
use crate::model::{Authenticator, Form, IdxResponse};

/// The authenticator key of WebAuthn (security keys, biometrics, passkeys).
pub const KEY: &str = "webauthn";
/// The identify page's passkey autofill remediation.
pub const AUTOFILL_REMEDIATION: &str = "challenge-webauthn-autofillui-authenticator";
/// The top-level object that carries the autofill challenge.
pub const AUTOFILL_CHALLENGE: &str = "webauthnAutofillUIChallenge";

/// Why the options for a ceremony could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionsError {
    /// A member the ceremony needs is absent or not of its type.
    Missing(&'static str),
    /// A member that should be base64url is not.
    NotBase64(&'static str),
}

impl std::fmt::Display for OptionsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing(what) => write!(f, "the WebAuthn data has no usable {what}"),
            Self::NotBase64(what) => write!(f, "the WebAuthn {what} is not base64url"),
        }
    }
}

impl std::error::Error for OptionsError {}

// Okta sends base64url without padding, and its widgets decode with `atob` after mapping the
// URL-safe letters, so either alphabet, padded or not, is read.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Bytes from base64url or base64, padded or not.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let standard: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    LENIENT.decode(standard).ok()
}

/// Bytes as Okta's widgets send them: standard base64 with padding (both okta-auth-js's
/// `bufferToBase64Url` and the Sign-In Widget's `binToStr` are plain `btoa`).
pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Bytes as base64url without padding: WebAuthn's own JSON spelling, used in [`CreationOptions::json`].
pub fn encode_url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A credential the browser may use (verification) or must not create again (enrollment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Descriptor {
    /// The credential id.
    pub id: Vec<u8>,
    /// How the authenticator is reached (`usb`, `nfc`, `internal`, …), when Okta knows.
    pub transports: Vec<String>,
}

impl Descriptor {
    fn json(&self) -> Value {
        let mut out = json!({"type": "public-key", "id": encode_url(&self.id)});
        if !self.transports.is_empty() {
            out["transports"] = json!(self.transports);
        }
        out
    }
}

/// What `navigator.credentials.create` needs, from `activationData`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreationOptions {
    /// The relying party (`name`, and `id` when the org names one), as Okta sends it.
    pub rp: Value,
    /// The user handle.
    pub user_id: Vec<u8>,
    /// The user's name.
    pub user_name: String,
    /// The user's display name.
    pub user_display_name: String,
    /// The challenge.
    pub challenge: Vec<u8>,
    /// `pubKeyCredParams`, as Okta sends them.
    pub pub_key_cred_params: Value,
    /// `none`, `direct`, …
    pub attestation: Option<String>,
    /// `authenticatorSelection`, as Okta sends it.
    pub authenticator_selection: Option<Value>,
    /// The user's credentials already enrolled, so a key is not registered twice.
    pub exclude_credentials: Vec<Descriptor>,
    /// `security-key`, `client-device`, `hybrid`.
    pub hints: Vec<String>,
    /// Milliseconds, when Okta names a timeout.
    pub timeout: Option<u64>,
}

impl CreationOptions {
    /// The options as WebAuthn's JSON (`PublicKeyCredentialCreationOptionsJSON`): binary
    /// members as base64url.
    pub fn json(&self) -> Value {
        let mut out = Map::new();
        out.insert("rp".into(), self.rp.clone());
        out.insert(
            "user".into(),
            json!({
                "id": encode_url(&self.user_id),
                "name": self.user_name,
                "displayName": self.user_display_name,
            }),
        );
        out.insert("challenge".into(), encode_url(&self.challenge).into());
        out.insert("pubKeyCredParams".into(), self.pub_key_cred_params.clone());
        if let Some(a) = &self.attestation {
            out.insert("attestation".into(), a.clone().into());
        }
        if let Some(s) = &self.authenticator_selection {
            out.insert("authenticatorSelection".into(), s.clone());
        }
        out.insert(
            "excludeCredentials".into(),
            self.exclude_credentials
                .iter()
                .map(Descriptor::json)
                .collect(),
        );
        if !self.hints.is_empty() {
            out.insert("hints".into(), json!(self.hints));
        }
        if let Some(t) = self.timeout {
            out.insert("timeout".into(), t.into());
        }
        Value::Object(out)
    }

    /// Whether the org asks for a discoverable credential: a passkey.
    pub fn resident_key(&self) -> bool {
        let selection = self.authenticator_selection.as_ref();
        selection.and_then(|s| s["requireResidentKey"].as_bool()) == Some(true)
            || selection.and_then(|s| s["residentKey"].as_str()) == Some("required")
    }
}

/// What `navigator.credentials.get` needs, from `challengeData`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestOptions {
    /// The challenge.
    pub challenge: Vec<u8>,
    /// `required`, `preferred`, `discouraged`.
    pub user_verification: Option<String>,
    /// The credentials the user enrolled; empty for a passkey the browser finds itself.
    pub allow_credentials: Vec<Descriptor>,
    /// The relying party id, when the org names one.
    pub rp_id: Option<String>,
    /// `security-key`, `client-device`, `hybrid`.
    pub hints: Vec<String>,
    /// Milliseconds, when Okta names a timeout.
    pub timeout: Option<u64>,
}

impl RequestOptions {
    /// The options as WebAuthn's JSON (`PublicKeyCredentialRequestOptionsJSON`).
    pub fn json(&self) -> Value {
        let mut out = Map::new();
        out.insert("challenge".into(), encode_url(&self.challenge).into());
        if let Some(uv) = &self.user_verification {
            out.insert("userVerification".into(), uv.clone().into());
        }
        out.insert(
            "allowCredentials".into(),
            self.allow_credentials
                .iter()
                .map(Descriptor::json)
                .collect(),
        );
        if let Some(id) = &self.rp_id {
            out.insert("rpId".into(), id.clone().into());
        }
        if !self.hints.is_empty() {
            out.insert("hints".into(), json!(self.hints));
        }
        if let Some(t) = self.timeout {
            out.insert("timeout".into(), t.into());
        }
        Value::Object(out)
    }
}

/// `contextualData.activationData` of an authenticator being enrolled.
pub fn activation_data(authenticator: &Authenticator) -> Option<&Value> {
    authenticator
        .contextual_data
        .as_ref()?
        .extra
        .get("activationData")
}

/// `contextualData.challengeData` of an authenticator being verified.
pub fn challenge_data(authenticator: &Authenticator) -> Option<&Value> {
    authenticator
        .contextual_data
        .as_ref()?
        .extra
        .get("challengeData")
}

/// The identify page's passkey autofill challenge (`webauthnAutofillUIChallenge`), when the
/// state offers it together with its remediation.
pub fn autofill_challenge_data(state: &IdxResponse) -> Option<&Value> {
    state.remediation(AUTOFILL_REMEDIATION)?;
    state
        .extra
        .get(AUTOFILL_CHALLENGE)?
        .get("value")?
        .get("challengeData")
}

/// The user's enrolled WebAuthn credentials, from `authenticatorEnrollments`: the credential id
/// and, when Okta names them (an array, or a comma-separated string under `profile`), the
/// transports.
pub fn enrolled_credentials(state: &IdxResponse) -> Vec<Descriptor> {
    let Some(enrollments) = &state.authenticator_enrollments else {
        return Vec::new();
    };
    enrollments
        .value
        .iter()
        .filter(|e| e.key.as_deref() == Some(KEY))
        .filter_map(|e| {
            let id = decode(e.extra.get("credentialId")?.as_str()?)?;
            let transports = e
                .extra
                .get("transports")
                .or_else(|| e.extra.get("profile")?.get("transports"));
            let transports = match transports {
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(|t| Some(t.as_str()?.to_owned()))
                    .collect(),
                Some(Value::String(list)) => list
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            };
            Some(Descriptor { id, transports })
        })
        .collect()
}

fn bytes(data: &Value, name: &'static str) -> Result<Vec<u8>, OptionsError> {
    let text = data[name].as_str().ok_or(OptionsError::Missing(name))?;
    decode(text).ok_or(OptionsError::NotBase64(name))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|h| Some(h.as_str()?.to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

/// The options to create a credential for the authenticator being enrolled. A passkey the org
/// requires to be discoverable excludes nothing, as Okta's widget does (the browser could not
/// tell a passkey on this device from one elsewhere).
pub fn creation_options(
    state: &IdxResponse,
    authenticator: &Authenticator,
) -> Result<CreationOptions, OptionsError> {
    let data = activation_data(authenticator).ok_or(OptionsError::Missing("activationData"))?;
    let user = &data["user"];
    if !data["rp"].is_object() {
        return Err(OptionsError::Missing("rp"));
    }
    let mut options = CreationOptions {
        rp: data["rp"].clone(),
        user_id: bytes(user, "id").map_err(|e| match e {
            OptionsError::Missing(_) => OptionsError::Missing("user.id"),
            OptionsError::NotBase64(_) => OptionsError::NotBase64("user.id"),
        })?,
        user_name: text(&user["name"]).ok_or(OptionsError::Missing("user.name"))?,
        user_display_name: text(&user["displayName"])
            .or_else(|| text(&user["name"]))
            .unwrap_or_default(),
        challenge: bytes(data, "challenge")?,
        pub_key_cred_params: match &data["pubKeyCredParams"] {
            Value::Array(params) if !params.is_empty() => Value::Array(params.clone()),
            _ => return Err(OptionsError::Missing("pubKeyCredParams")),
        },
        attestation: text(&data["attestation"]),
        authenticator_selection: data
            .get("authenticatorSelection")
            .filter(|s| s.is_object())
            .cloned(),
        exclude_credentials: Vec::new(),
        hints: strings(&data["hints"]),
        timeout: data["timeout"].as_u64(),
    };
    if !options.resident_key() {
        options.exclude_credentials = enrolled_credentials(state);
    }
    Ok(options)
}

fn request_from(
    data: &Value,
    allow_credentials: Vec<Descriptor>,
) -> Result<RequestOptions, OptionsError> {
    Ok(RequestOptions {
        challenge: bytes(data, "challenge")?,
        user_verification: text(&data["userVerification"]),
        allow_credentials,
        rp_id: text(&data["rpId"]),
        hints: strings(&data["hints"]),
        timeout: data["timeout"].as_u64(),
    })
}

/// The options to prove the authenticator being verified, with the user's enrolled
/// credentials. (`extensions` such as U2F's `appid` are left out, as okta-auth-js does: the
/// browser refuses an `appid` that is not this page's.)
pub fn request_options(
    state: &IdxResponse,
    authenticator: &Authenticator,
) -> Result<RequestOptions, OptionsError> {
    let data = challenge_data(authenticator).ok_or(OptionsError::Missing("challengeData"))?;
    request_from(data, enrolled_credentials(state))
}

/// The options of the identify page's passkey autofill: no user is known yet, so no credential
/// is named and the browser offers the passkeys it holds for this site.
pub fn autofill_options(state: &IdxResponse) -> Option<Result<RequestOptions, OptionsError>> {
    autofill_challenge_data(state).map(|data| request_from(data, Vec::new()))
}

/// A new credential, as `navigator.credentials.create` gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Attestation {
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
    /// `response.attestationObject`.
    pub attestation_object: Vec<u8>,
    /// `response.getTransports()`, when the browser has it.
    pub transports: Option<Vec<String>>,
    /// `getClientExtensionResults()`, when the browser has it.
    pub client_extensions: Option<Value>,
}

/// A signature, as `navigator.credentials.get` gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assertion {
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
    /// `response.authenticatorData`.
    pub authenticator_data: Vec<u8>,
    /// `response.signature`.
    pub signature: Vec<u8>,
    /// `response.userHandle` (a discoverable credential's user), when there is one.
    pub user_handle: Option<Vec<u8>>,
}

/// Keeps only the members the form's `credentials` names: Okta adds fields over time
/// (`transports`, `clientExtensions`, `userHandle`), and a member the form does not name is
/// refused when the body is built.
fn declared(form: &Form, values: Vec<(&'static str, Value)>) -> Inputs {
    let named = |name: &str| {
        form.field("credentials")
            .and_then(|f| f.sub_fields())
            .is_some_and(|fields| fields.iter().any(|f| f.name == name))
    };
    let inner = values
        .into_iter()
        .filter(|(name, _)| named(name))
        .fold(Inputs::new(), |inputs, (name, value)| {
            inputs.with(name, value)
        });
    Inputs::new().with_object("credentials", inner)
}

impl Attestation {
    /// The inputs of the enrollment form: `clientData` and `attestation` as base64, with
    /// `transports` and `clientExtensions` as JSON text, each where the form names it.
    pub fn inputs(&self, form: &Form) -> Inputs {
        let mut values = vec![
            ("clientData", encode(&self.client_data_json).into()),
            ("attestation", encode(&self.attestation_object).into()),
        ];
        if let Some(transports) = &self.transports {
            values.push(("transports", json!(transports).to_string().into()));
        }
        if let Some(extensions) = &self.client_extensions {
            values.push(("clientExtensions", extensions.to_string().into()));
        }
        declared(form, values)
    }
}

impl Assertion {
    /// The inputs of the challenge form: `clientData`, `authenticatorData`, `signatureData`, and
    /// `userHandle` where the form names it (empty when the credential gave none, as Okta's
    /// widget sends it).
    pub fn inputs(&self, form: &Form) -> Inputs {
        let values = vec![
            ("clientData", encode(&self.client_data_json).into()),
            ("authenticatorData", encode(&self.authenticator_data).into()),
            ("signatureData", encode(&self.signature).into()),
            (
                "userHandle",
                encode(self.user_handle.as_deref().unwrap_or_default()).into(),
            ),
        ];
        declared(form, values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_both_alphabets_padded_or_not() {
        let bytes = [0xfb, 0xff, 0x01];
        assert_eq!(decode("-_8B").unwrap(), bytes);
        assert_eq!(decode("+/8B").unwrap(), bytes);
        assert_eq!(decode("AQ").unwrap(), [1]);
        assert_eq!(decode("AQ==").unwrap(), [1]);
        assert_eq!(decode("not base64!"), None);
        assert_eq!(encode(&bytes), "+/8B");
        assert_eq!(encode(&[1]), "AQ==");
        assert_eq!(encode_url(&[1]), "AQ");
    }
}
