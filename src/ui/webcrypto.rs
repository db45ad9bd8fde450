//! RS256 signature checks with the browser's own WebCrypto, so the widget carries no RSA code.

use idx_protocol::jwt::{Jwk, SignatureVerifier};
use js_sys::{Array, JSON, Object};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

/// `crypto.subtle`, RSASSA-PKCS1-v1_5 with SHA-256.
pub struct WebCrypto;

fn object(json: &serde_json::Value) -> Result<Object, String> {
    JSON::parse(&json.to_string())
        .map_err(|_| "not JSON".to_owned())?
        .dyn_into::<Object>()
        .map_err(|_| "not an object".to_owned())
}

fn text(e: JsValue) -> String {
    e.as_string()
        .or_else(|| JSON::stringify(&e).ok().and_then(|s| s.as_string()))
        .unwrap_or_else(|| "WebCrypto failed".into())
}

impl SignatureVerifier for WebCrypto {
    async fn verify_rs256(
        &self,
        key: &Jwk,
        input: &[u8],
        signature: &[u8],
    ) -> Result<bool, String> {
        let subtle = web_sys::window()
            .ok_or("no window")?
            .crypto()
            .map_err(text)?
            .subtle();
        let algorithm =
            object(&serde_json::json!({"name": "RSASSA-PKCS1-v1_5", "hash": {"name": "SHA-256"}}))?;
        let jwk = object(
            &serde_json::json!({"kty": "RSA", "n": key.n, "e": key.e, "alg": "RS256", "ext": true}),
        )?;
        let usages = Array::of1(&JsValue::from_str("verify"));
        let imported = subtle
            .import_key_with_object("jwk", &jwk, &algorithm, false, &usages)
            .map_err(text)?;
        let key: CryptoKey = JsFuture::from(imported)
            .await
            .map_err(text)?
            .unchecked_into();
        let verified = subtle
            .verify_with_object_and_u8_array_and_u8_array(&algorithm, &key, signature, input)
            .map_err(text)?;
        Ok(JsFuture::from(verified).await.map_err(text)?.as_bool() == Some(true))
    }
}
