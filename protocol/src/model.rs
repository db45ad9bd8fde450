//! The serde model of an IDX (Ion) document: remediation forms, authenticators, messages.
//!
//! Every struct keeps the members it does not know in `extra`, because the server evolves and a
//! client that drops what it does not understand cannot pass it on or show it later.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::secret::StateHandle;

/// Members of an object that the model does not name, kept as they came.
pub type Extra = BTreeMap<String, Value>;

/// An Ion collection wrapper: `{"type": "array" | "object", "value": …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ion<T> {
    /// `"array"` or `"object"`; informative only.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The wrapped value.
    pub value: T,
}

/// One IDX state: what the server says the user may do next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdxResponse {
    /// Always present on an IDX body; this is how an IDX body is told from other JSON.
    pub version: String,
    /// The transaction handle; the newest one must always be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_handle: Option<StateHandle>,
    /// When the state handle stops being valid (ISO-8601), refreshed by every response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// `LOGIN`, `CREDENTIAL_ENROLLMENT`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
    /// The forms the user may submit now; the first is the primary step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<Ion<Vec<Form>>>,
    /// Global messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Messages>,
    /// The authenticator being enrolled or challenged (Okta Verify lives here).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub current_authenticator: Option<Ion<Authenticator>>,
    /// Used instead of `current_authenticator` for some challenges (password, email, phone).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub current_authenticator_enrollment: Option<Ion<Authenticator>>,
    /// Seen during enrollment in recorded responses.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub enrollment_authenticator: Option<Ion<Authenticator>>,
    /// The authenticators available (targets of `relatesTo`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub authenticators: Option<Ion<Vec<Authenticator>>>,
    /// The user's existing enrollments.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub authenticator_enrollments: Option<Ion<Vec<Authenticator>>>,
    /// Who is signing in, once known.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub user: Option<Ion<User>>,
    /// The application being signed in to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<Ion<Value>>,
    /// Top-level action that abandons the transaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel: Option<Form>,
    /// Okta FastPass from the first screen (`device-challenge-poll`, `launch-authenticator`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub authenticator_challenge: Option<Ion<DeviceChallenge>>,
    /// Terminal success of Okta-hosted (stateToken) flows: navigate to its `href`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<SuccessRedirect>,
    /// Terminal success of OAuth clients: the form to exchange the interaction code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_with_interaction_code: Option<Form>,
    /// Everything else (`authentication`, `context`, `step`, future members).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A submittable form: a remediation, a top-level action or an embedded action. Its `Debug`
/// leaves out the query of `href` (`success-redirect` carries a `stateToken` there).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Form {
    /// `["create-form"]`; only forms with `rel` are submittable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rel: Vec<String>,
    /// The remediation name: the client's dispatch key.
    pub name: String,
    /// Where to submit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// How to submit; POST everywhere in IDX except `success-redirect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Media type to send as `Accept`, echoed as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepts: Option<String>,
    /// Media type of the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub produces: Option<String>,
    /// Poll interval in milliseconds; only on poll forms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh: Option<u64>,
    /// Pointer(s) to the context object the form concerns, e.g. `$.currentAuthenticator`.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub relates_to: Vec<String>,
    /// The inputs (absent on `success-redirect`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value: Vec<Field>,
    /// Members the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl std::fmt::Debug for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Form")
            .field("rel", &self.rel)
            .field("name", &self.name)
            .field(
                "href",
                &self.href.as_deref().map(crate::secret::UrlForDebug),
            )
            .field("method", &self.method)
            .field("accepts", &self.accepts)
            .field("produces", &self.produces)
            .field("refresh", &self.refresh)
            .field("relates_to", &self.relates_to)
            .field("value", &self.value)
            .field("extra", &self.extra)
            .finish()
    }
}

/// One input of a form. Its `Debug` prints `[redacted]` for the value of a secret or hidden
/// field, or of one that carries a credential (state handle, interaction code, passcodes), so
/// a stray `{:?}` in a log leaks none of them.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    /// The key the value is sent under.
    pub name: String,
    /// Server-provided English label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `string` (the default), `boolean`, `object`, …
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Whether the server insists on a value (one mock spells it as a string).
    #[serde(
        default,
        deserialize_with = "lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub required: Option<bool>,
    /// `false` means the given value is fixed and always sent as is. Defaults to true.
    #[serde(
        default,
        deserialize_with = "lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub mutable: Option<bool>,
    /// `false` for hidden fields such as `stateHandle`. Defaults to true.
    #[serde(
        default,
        deserialize_with = "lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub visible: Option<bool>,
    /// A secret input such as a password.
    #[serde(
        default,
        deserialize_with = "lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub secret: Option<bool>,
    /// A pre-filled or fixed value: a scalar, an object, or `{"form": …}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<FieldValue>,
    /// A nested form: the field is sent as an object of these sub-fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<SubForm>,
    /// An enumeration of choices (an option without a value, which no client can send, is
    /// left out rather than making the whole state unreadable).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "readable_options"
    )]
    pub options: Option<Vec<FieldOption>>,
    /// Field-level messages, such as a wrong code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Messages>,
    /// Members the model does not name (`minLength`, `maxLength`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Fields whose values are credentials, whatever the form says of them.
const CREDENTIAL_FIELDS: &[&str] = &[
    "stateHandle",
    "interaction_code",
    "code_verifier",
    "passcode",
    "totp",
    "credentials",
    "answer",
];

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = self.is_secret()
            || !self.is_visible()
            || CREDENTIAL_FIELDS.contains(&self.name.as_str());
        let mut d = f.debug_struct("Field");
        d.field("name", &self.name)
            .field("label", &self.label)
            .field("kind", &self.kind)
            .field("required", &self.required)
            .field("mutable", &self.mutable)
            .field("visible", &self.visible)
            .field("secret", &self.secret);
        match (&self.value, hidden) {
            (Some(_), true) => d.field("value", &"[redacted]"),
            (value, _) => d.field("value", value),
        };
        d.field("form", &self.form)
            .field("options", &self.options)
            .field("messages", &self.messages)
            .finish_non_exhaustive()
    }
}

/// The value of a field or an option: a sub-form, or plain JSON. Serialised untagged; read by
/// the hand-written `Deserialize` below.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// `{"form": {"value": [fields…]}}`: the value is an object built from these fields.
    Form {
        /// The sub-form.
        form: SubForm,
    },
    /// Any other JSON value.
    Plain(Value),
}

/// `{"value": [fields…]}` nested inside a field or an option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubForm {
    /// The sub-fields.
    #[serde(default)]
    pub value: Vec<Field>,
    /// Members the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One choice of an enumerated field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldOption {
    /// Server-provided English label.
    #[serde(default)]
    pub label: String,
    /// A scalar (a radio choice) or a sub-form (one authenticator with its own fields).
    pub value: FieldValue,
    /// For authenticator options: a pointer such as `$.authenticators.value[3]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relates_to: Option<String>,
    /// Members the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"type": "array", "value": [message…]}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Messages {
    /// Informative only.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The messages.
    #[serde(default)]
    pub value: Vec<Message>,
}

/// A message for the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// The server's English text.
    #[serde(default)]
    pub message: String,
    /// The translation key and its parameters; missing on some errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub i18n: Option<I18n>,
    /// `ERROR`, `INFO` or `WARNING`.
    #[serde(default)]
    pub class: String,
    /// Members the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Message {
    /// The i18n key, when the message has one.
    pub fn key(&self) -> Option<&str> {
        self.i18n.as_ref().map(|i| i.key.as_str())
    }

    /// Whether the server classes this message as an error.
    pub fn is_error(&self) -> bool {
        self.class.eq_ignore_ascii_case("ERROR")
    }
}

/// A message's translation key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct I18n {
    /// e.g. `api.authn.error.PASSCODE_INVALID`.
    pub key: String,
    /// Values to substitute into the translated text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Vec<Value>>,
}

/// An authenticator or an enrollment, the target of `relatesTo`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authenticator {
    /// `app`, `password`, `email`, `phone`, …
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `okta_verify`, `okta_password`, … (newer orgs split Okta Verify into per-method keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The authenticator id (`aut…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The name to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The methods this authenticator offers here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<AuthenticatorMethod>,
    /// Okta Verify knows this device: FastPass goes first.
    #[serde(
        default,
        deserialize_with = "lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub device_known: Option<bool>,
    /// Step-specific data: QR code, channel, number challenge, address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contextual_data: Option<ContextualData>,
    /// Embedded action: send the push, email or SMS again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resend: Option<Form>,
    /// Embedded action: send a challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send: Option<Form>,
    /// Embedded action: poll (used by some authenticators instead of a poll remediation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll: Option<Form>,
    /// Embedded action: recover (forgot password).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recover: Option<Form>,
    /// Embedded action: stop a FastPass challenge (`cancel-polling`), with a reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel: Option<Form>,
    /// Members the model does not name (`profile`, `settings`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Authenticator {
    /// Whether the authenticator offers this method type (`push`, `totp`, `signed_nonce`).
    pub fn has_method(&self, method: &str) -> bool {
        self.methods
            .iter()
            .any(|m| m.kind.as_deref() == Some(method))
    }

    /// Whether this is Okta Verify, whichever way the org spells its key
    /// (`okta_verify`, or the per-method `okta_verify_push`, `okta_verify_totp`, …).
    pub fn is_okta_verify(&self) -> bool {
        self.key
            .as_deref()
            .is_some_and(|k| k == "okta_verify" || k.starts_with("okta_verify_"))
    }
}

/// `{"type": "push"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthenticatorMethod {
    /// The method type (some old mocks spell it `methodType`, kept in `extra`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Members the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `currentAuthenticator.value.contextualData`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextualData {
    /// The QR code to scan during Okta Verify enrollment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qrcode: Option<QrCode>,
    /// `qrcode`, `email`, `sms`, `samedevice`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected_channel: Option<String>,
    /// Number challenge: the number the user must tap in Okta Verify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct_answer: Option<String>,
    /// Where an enrollment email went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Where an enrollment SMS went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Okta FastPass when verifying with Okta Verify's `signed_nonce`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub challenge: Option<Ion<DeviceChallenge>>,
    /// Members the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How the org asks Okta Verify on this device to prove it (FastPass): by its loopback server
/// (`LOOPBACK`), or by opening it (`CUSTOM_URI`, `UNIVERSAL_LINK`, `APP_LINK`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceChallenge {
    /// `LOOPBACK`, `CUSTOM_URI`, `UNIVERSAL_LINK`, `APP_LINK`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_method: Option<String>,
    /// The signed request Okta Verify answers (a JWT), sent as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_request: Option<String>,
    /// The loopback origin without a port, e.g. `http://localhost`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// An `https` origin that resolves to loopback, probed before `domain` when named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub https_domain: Option<String>,
    /// The ports to probe, in order, as sent (Okta spells them as strings): see
    /// [`DeviceChallenge::port_numbers`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<Value>,
    /// How long one probe may take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe_timeout_millis: Option<u64>,
    /// The link that opens Okta Verify (custom URI, universal link, app link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// Where to get Okta Verify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_href: Option<String>,
    /// Stop the challenge (`cancel-polling`), with a reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel: Option<Form>,
    /// Members the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl DeviceChallenge {
    /// The ports to probe, in order: Okta's strings (`"6511"`) or numbers; anything that is
    /// not a port is left out.
    pub fn port_numbers(&self) -> Vec<u16> {
        self.ports
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => s.trim().parse().ok(),
                Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
                _ => None,
            })
            .filter(|p| *p != 0)
            .collect()
    }

    /// Chrome's Local Network Access: the org's page on allowing it
    /// (`chromeLocalNetworkAccessDetails.chromeLNAHelpLink`), kept in `extra` as sent.
    pub fn local_network_help(&self) -> Option<&str> {
        self.extra
            .get("chromeLocalNetworkAccessDetails")?
            .get("chromeLNAHelpLink")?
            .as_str()
    }
}

/// The QR code of an Okta Verify enrollment.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct QrCode {
    /// `embedded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// `image/png` (one hand-written mock spells the key `Type`).
    #[serde(
        rename = "type",
        alias = "Type",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<String>,
    /// A `data:image/png;base64,…` URI.
    pub href: String,
}

/// `user.value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// The user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The username the user typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Members the model does not name (`profile`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The top-level `success` object of Okta-hosted flows.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct SuccessRedirect {
    /// `success-redirect`.
    pub name: String,
    /// Where to send the browser.
    pub href: String,
    /// Members the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

// The QR code encodes an activation link and an Okta-hosted success carries a `stateToken`:
// neither prints.
impl std::fmt::Debug for QrCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QrCode")
            .field("method", &self.method)
            .field("kind", &self.kind)
            .field("href", &crate::secret::UrlForDebug(&self.href))
            .finish()
    }
}

impl std::fmt::Debug for SuccessRedirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SuccessRedirect")
            .field("name", &self.name)
            .field("href", &crate::secret::UrlForDebug(&self.href))
            .finish_non_exhaustive()
    }
}

fn single(o: &Option<Ion<Authenticator>>) -> Option<&Authenticator> {
    o.as_ref().map(|i| &i.value)
}

fn list(o: &Option<Ion<Vec<Authenticator>>>) -> Option<&[Authenticator]> {
    o.as_ref().map(|i| i.value.as_slice())
}

/// Where a message sits in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessagePlace {
    /// A global message (`messages`).
    Global,
    /// A field message: the remediation's name and the field path, e.g. `credentials.totp`.
    Field {
        /// The remediation holding the field.
        remediation: String,
        /// Dotted path of field names from the form down to the field.
        path: String,
    },
}

/// A context object that does not have the expected shape reads as absent, so one odd member
/// (a template placeholder, a list of strings) does not make the whole state unreadable: the
/// steps that need it fall back to the generic form, and the rest of the state still works.
fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    // Through text, not `from_value`: the same deserializer as the whole document's, so the
    // wasm carries one copy of each type's deserializing code, not two.
    Ok(serde_json::from_str(&value.to_string()).ok())
}

fn readable_options<'de, D>(deserializer: D) -> Result<Option<Vec<FieldOption>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let options: Option<Vec<Value>> = Option::deserialize(deserializer)?;
    Ok(options.map(|list| {
        list.into_iter()
            .filter_map(|o| serde_json::from_str(&o.to_string()).ok())
            .collect()
    }))
}

impl IdxResponse {
    /// Parses an IDX body. Anything that is JSON with a `version` member is accepted; unknown
    /// members are kept.
    pub fn from_json(body: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(body)
    }

    /// The remediations in server order (the first is the primary step).
    pub fn remediations(&self) -> &[Form] {
        self.remediation
            .as_ref()
            .map_or(&[], |r| r.value.as_slice())
    }

    /// The first remediation, if any.
    pub fn primary(&self) -> Option<&Form> {
        self.remediations().first()
    }

    /// The remediation with this name, if offered.
    pub fn remediation(&self, name: &str) -> Option<&Form> {
        self.remediations().iter().find(|f| f.name == name)
    }

    /// The global messages.
    pub fn global_messages(&self) -> &[Message] {
        self.messages.as_ref().map_or(&[], |m| m.value.as_slice())
    }

    /// Every message in the document with where it sits: global ones first, then field messages
    /// in form order. Duplicates (same key and text at the same place) are dropped.
    pub fn all_messages(&self) -> Vec<(MessagePlace, &Message)> {
        let mut out: Vec<(MessagePlace, &Message)> = Vec::new();
        for m in self.global_messages() {
            out.push((MessagePlace::Global, m));
        }
        for form in self.remediations() {
            collect_field_messages(&form.name, "", &form.value, &mut out);
        }
        let mut seen = Vec::new();
        out.retain(|(place, m)| {
            let id = (place.clone(), m.key().map(str::to_owned), m.message.clone());
            if seen.contains(&id) {
                false
            } else {
                seen.push(id);
                true
            }
        });
        out
    }

    /// The authenticator a `relatesTo` pointer names (`$.currentAuthenticator`,
    /// `$.authenticators.value[3]`, …), resolved against this document.
    pub fn resolve(&self, pointer: &str) -> Option<&Authenticator> {
        let path = pointer.strip_prefix("$.")?;
        let (name, index) = match path.split_once(".value[") {
            Some((name, rest)) => (name, Some(rest.strip_suffix(']')?.parse::<usize>().ok()?)),
            None => (path, None),
        };
        match (name, index) {
            ("currentAuthenticator", None) => single(&self.current_authenticator),
            ("currentAuthenticatorEnrollment", None) => {
                single(&self.current_authenticator_enrollment)
            }
            ("enrollmentAuthenticator", None) => single(&self.enrollment_authenticator),
            ("authenticators", Some(i)) => list(&self.authenticators)?.get(i),
            ("authenticatorEnrollments", Some(i)) => list(&self.authenticator_enrollments)?.get(i),
            _ => None,
        }
    }

    /// The authenticator a form relates to, if it names one that exists.
    pub fn related(&self, form: &Form) -> Option<&Authenticator> {
        form.relates_to.iter().find_map(|p| self.resolve(p))
    }

    /// The authenticator being enrolled or challenged now.
    pub fn current(&self) -> Option<&Authenticator> {
        self.current_authenticator
            .as_ref()
            .or(self.current_authenticator_enrollment.as_ref())
            .map(|i| &i.value)
    }

    /// The step-specific data (QR code, channel, number challenge) of the authenticator being
    /// enrolled or challenged now.
    pub fn contextual_data(&self) -> Option<&ContextualData> {
        self.current()?.contextual_data.as_ref()
    }

    /// The number an Okta Verify number challenge asks the user to tap on the phone.
    pub fn correct_answer(&self) -> Option<&str> {
        self.contextual_data()?.correct_answer.as_deref()
    }

    /// Whether the document has neither a remediation nor a success: nothing can follow.
    pub fn is_terminal(&self) -> bool {
        self.remediations().is_empty()
            && self.success_with_interaction_code.is_none()
            && self.success.is_none()
    }

    /// Whether any message (global or field) carries this i18n key.
    pub fn has_message_key(&self, key: &str) -> bool {
        self.all_messages()
            .iter()
            .any(|(_, m)| m.key() == Some(key))
    }
}

fn collect_field_messages<'a>(
    remediation: &str,
    prefix: &str,
    fields: &'a [Field],
    out: &mut Vec<(MessagePlace, &'a Message)>,
) {
    for field in fields {
        let path = if prefix.is_empty() {
            field.name.clone()
        } else {
            format!("{prefix}.{}", field.name)
        };
        if let Some(messages) = &field.messages {
            for m in &messages.value {
                out.push((
                    MessagePlace::Field {
                        remediation: remediation.to_owned(),
                        path: path.clone(),
                    },
                    m,
                ));
            }
        }
        if let Some(sub) = field.sub_fields() {
            collect_field_messages(remediation, &path, sub, out);
        }
        // An option's own form (a security question's "choose" and "write my own") carries
        // its fields' errors too; Okta repeats them in each option, and `all_messages` keeps
        // one.
        for option in field.options() {
            if let Some(sub) = option.sub_fields() {
                collect_field_messages(remediation, &path, sub, out);
            }
        }
    }
}

impl Form {
    /// Whether this is a poll step (`poll`, or a name ending in `-poll` such as `challenge-poll`).
    pub fn is_poll(&self) -> bool {
        self.name == "poll" || self.name.ends_with("-poll")
    }

    /// The field with this name at the top level of the form.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.value.iter().find(|f| f.name == name)
    }

    /// The field at a dotted path through nested forms and sub-form values, e.g.
    /// `credentials.totp` or `authenticator.methodType`.
    pub fn field_at(&self, path: &str) -> Option<&Field> {
        let mut parts = path.split('.');
        let mut field = self.field(parts.next()?)?;
        for part in parts {
            field = field.sub_fields()?.iter().find(|f| f.name == part)?;
        }
        Some(field)
    }

    /// The HTTP method, POST when absent.
    pub fn http_method(&self) -> &str {
        self.method.as_deref().unwrap_or("POST")
    }
}

impl Field {
    /// Whether the user may change the value (`mutable` defaults to true).
    pub fn is_mutable(&self) -> bool {
        self.mutable != Some(false)
    }

    /// Whether the field is shown (`visible` defaults to true).
    pub fn is_visible(&self) -> bool {
        self.visible != Some(false)
    }

    /// Whether the field must be filled in.
    pub fn is_required(&self) -> bool {
        self.required == Some(true)
    }

    /// Whether the input is secret (a password).
    pub fn is_secret(&self) -> bool {
        self.secret == Some(true)
    }

    /// The sub-fields of a nested form or of a `{"form": …}` value.
    pub fn sub_fields(&self) -> Option<&[Field]> {
        if let Some(form) = &self.form {
            return Some(&form.value);
        }
        match &self.value {
            Some(FieldValue::Form { form }) => Some(&form.value),
            _ => None,
        }
    }

    /// The plain (non-form) value, if any.
    pub fn plain_value(&self) -> Option<&Value> {
        match &self.value {
            Some(FieldValue::Plain(v)) => Some(v),
            _ => None,
        }
    }

    /// The options, empty when the field is not an enumeration.
    pub fn options(&self) -> &[FieldOption] {
        self.options.as_deref().unwrap_or(&[])
    }

    /// The field-level messages.
    pub fn field_messages(&self) -> &[Message] {
        self.messages.as_ref().map_or(&[], |m| m.value.as_slice())
    }
}

impl FieldOption {
    /// The sub-fields when this option is a sub-form (an authenticator choice).
    pub fn sub_fields(&self) -> Option<&[Field]> {
        match &self.value {
            FieldValue::Form { form } => Some(&form.value),
            FieldValue::Plain(_) => None,
        }
    }

    /// The scalar value of a plain choice (`qrcode`, `push`, …) as text.
    pub fn plain_str(&self) -> Option<&str> {
        match &self.value {
            FieldValue::Plain(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The fixed value of a sub-field of this option, e.g. `id`.
    pub fn fixed(&self, name: &str) -> Option<&Value> {
        self.sub_fields()?
            .iter()
            .find(|f| f.name == name)?
            .plain_value()
    }
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    // Through a `Value`, not an untagged enum: serde's untagged machinery (buffering into its
    // private `Content`) costs the wasm about 8 KB gzip -9 (bench/wasm-breakdown.sh).
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => vec![s],
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|item| match item {
                Value::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    })
}

fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Bool(b)) => Some(b),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Some(true),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    })
}

/// What `#[serde(untagged)]` would do (a sub-form when the object's `form` reads as one, else
/// plain JSON), written out for the same reason as `one_or_many`.
impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        if let Some(Ok(form)) = value.get("form").map(SubForm::deserialize) {
            return Ok(FieldValue::Form { form });
        }
        Ok(FieldValue::Plain(value))
    }
}
