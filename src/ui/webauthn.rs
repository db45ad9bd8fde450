//! The browser's WebAuthn: `navigator.credentials.create` and `.get` with the options the
//! session asks for, the `ArrayBuffer`s they give turned into bytes, and a refusal turned into a
//! [`CeremonyError`] by its `DOMException` name. No logic: what to ask and what to send is the
//! session's (see `flow::authenticators::webauthn`).

use idx_protocol::webauthn::{Assertion, Attestation, CreationOptions, Descriptor, RequestOptions};
use js_sys::{Array, Function, JSON, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, CredentialCreationOptions, CredentialRequestOptions};

use crate::flow::{CeremonyError, Reply};

/// Whether this browser has WebAuthn at all (a page on plain http other than localhost has
/// not: `PublicKeyCredential` exists only in secure contexts).
pub fn available() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    Reflect::has(&window, &"PublicKeyCredential".into()).unwrap_or(false)
        && Reflect::has(&window.navigator(), &"credentials".into()).unwrap_or(false)
}

/// Opens the dialog that creates a credential. The call happens now, inside the person's
/// click, which is what lets Safari open it; the answer comes later.
pub fn create(
    options: &CreationOptions,
    signal: Option<AbortSignal>,
) -> impl Future<Output = Reply> + use<> {
    let started = (|| {
        let public_key = parse(&options.json())?;
        set_bytes(&public_key, "challenge", &options.challenge)?;
        set_bytes(
            &Reflect::get(&public_key, &"user".into())?,
            "id",
            &options.user_id,
        )?;
        set_ids(
            &public_key,
            "excludeCredentials",
            &options.exclude_credentials,
        )?;
        let init = Object::new();
        Reflect::set(&init, &"publicKey".into(), &public_key)?;
        if let Some(signal) = &signal {
            Reflect::set(&init, &"signal".into(), signal)?;
        }
        credentials()?.create_with_options(init.unchecked_ref::<CredentialCreationOptions>())
    })();
    async move {
        let credential = match started {
            Ok(promise) => JsFuture::from(promise).await,
            Err(e) => Err(e),
        };
        Reply::Created(credential.map_err(refusal).and_then(|c| attestation(&c)))
    }
}

/// Asks the browser to sign the challenge: a dialog, or with `autofill` the passkeys offered in
/// the username field (conditional mediation), when the browser has that.
pub fn get(
    options: &RequestOptions,
    autofill: bool,
    signal: Option<AbortSignal>,
) -> impl Future<Output = Reply> + use<> {
    let init = (|| {
        let public_key = parse(&options.json())?;
        set_bytes(&public_key, "challenge", &options.challenge)?;
        set_ids(&public_key, "allowCredentials", &options.allow_credentials)?;
        let init = Object::new();
        Reflect::set(&init, &"publicKey".into(), &public_key)?;
        if let Some(signal) = &signal {
            Reflect::set(&init, &"signal".into(), signal)?;
        }
        if autofill {
            Reflect::set(&init, &"mediation".into(), &"conditional".into())?;
        }
        Ok::<_, JsValue>(init)
    })();
    // A dialog is opened now, inside the click; autofill first asks whether it can be done.
    let started = match (&init, autofill) {
        (Ok(init), false) => Some(
            credentials()
                .and_then(|c| c.get_with_options(init.unchecked_ref::<CredentialRequestOptions>())),
        ),
        _ => None,
    };
    async move {
        let init = match init {
            Ok(init) => init,
            Err(e) => return Reply::Asserted(Err(refusal(e))),
        };
        let promise = match started {
            Some(promise) => promise,
            None if conditional_mediation().await => credentials()
                .and_then(|c| c.get_with_options(init.unchecked_ref::<CredentialRequestOptions>())),
            None => return Reply::Asserted(Err(CeremonyError::NotSupported)),
        };
        let credential = match promise {
            Ok(promise) => JsFuture::from(promise).await,
            Err(e) => Err(e),
        };
        Reply::Asserted(credential.map_err(refusal).and_then(|c| assertion(&c)))
    }
}

/// `PublicKeyCredential.isConditionalMediationAvailable()`, false where it is absent.
async fn conditional_mediation() -> bool {
    let check = (|| {
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let class = Reflect::get(&window, &"PublicKeyCredential".into())?;
        let function: Function =
            Reflect::get(&class, &"isConditionalMediationAvailable".into())?.dyn_into()?;
        function.call0(&class)?.dyn_into::<Promise>()
    })();
    match check {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    }
}

fn credentials() -> Result<web_sys::CredentialsContainer, JsValue> {
    if !available() {
        return Err(JsValue::from_str("NotSupportedError"));
    }
    Ok(web_sys::window()
        .ok_or(JsValue::NULL)?
        .navigator()
        .credentials())
}

fn parse(json: &serde_json::Value) -> Result<JsValue, JsValue> {
    JSON::parse(&json.to_string())
}

fn set_bytes(target: &JsValue, name: &str, bytes: &[u8]) -> Result<(), JsValue> {
    Reflect::set(target, &name.into(), &Uint8Array::from(bytes)).map(drop)
}

/// The binary ids of a descriptor list (the JSON carried them as base64url text).
fn set_ids(public_key: &JsValue, list: &str, descriptors: &[Descriptor]) -> Result<(), JsValue> {
    let items: Array = Reflect::get(public_key, &list.into())?.dyn_into()?;
    for (item, descriptor) in items.iter().zip(descriptors) {
        set_bytes(&item, "id", &descriptor.id)?;
    }
    Ok(())
}

/// The error a rejected call means, by its `name` (a string thrown by this module is a name
/// too).
fn refusal(error: JsValue) -> CeremonyError {
    let name = error.as_string().or_else(|| {
        Reflect::get(&error, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
    });
    CeremonyError::from_name(name.as_deref().unwrap_or_default())
}

fn buffer(target: &JsValue, name: &str) -> Result<Vec<u8>, CeremonyError> {
    let value = Reflect::get(target, &name.into()).map_err(|_| CeremonyError::Other)?;
    if value.is_null() || value.is_undefined() {
        return Err(CeremonyError::Other);
    }
    Ok(Uint8Array::new(&value).to_vec())
}

/// What a method of `target` returns, when `target` has it.
fn call(target: &JsValue, method: &str) -> Option<JsValue> {
    let function: Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    function.call0(target).ok()
}

fn attestation(credential: &JsValue) -> Result<Attestation, CeremonyError> {
    let response =
        Reflect::get(credential, &"response".into()).map_err(|_| CeremonyError::Other)?;
    let transports = call(&response, "getTransports").and_then(|list| {
        let list: Array = list.dyn_into().ok()?;
        Some(list.iter().filter_map(|t| t.as_string()).collect())
    });
    let client_extensions = call(credential, "getClientExtensionResults")
        .and_then(|results| JSON::stringify(&results).ok())
        .and_then(|text| serde_json::from_str(&String::from(text)).ok());
    Ok(Attestation {
        client_data_json: buffer(&response, "clientDataJSON")?,
        attestation_object: buffer(&response, "attestationObject")?,
        transports,
        client_extensions,
    })
}

fn assertion(credential: &JsValue) -> Result<Assertion, CeremonyError> {
    let response =
        Reflect::get(credential, &"response".into()).map_err(|_| CeremonyError::Other)?;
    Ok(Assertion {
        client_data_json: buffer(&response, "clientDataJSON")?,
        authenticator_data: buffer(&response, "authenticatorData")?,
        signature: buffer(&response, "signature")?,
        user_handle: buffer(&response, "userHandle").ok(),
    })
}
