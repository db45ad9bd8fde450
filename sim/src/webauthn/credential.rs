//! WebAuthn credentials as the org knows them: configured (`[[user.webauthn]]`), registered
//! (configured or enrolled), and their public keys, read from a PEM or a COSE key. A leaf: the
//! configuration checks its credentials with it and the store keeps what it registers, so it
//! imports neither.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ciborium::Value as Cbor;
use serde::Deserialize;
use sha2::Sha256;

use crate::ids::random_id;

/// COSE algorithm ids: ES256 (ECDSA P-256 with SHA-256) and RS256 (RSASSA-PKCS1-v1_5 with
/// SHA-256), the two Okta offers in `pubKeyCredParams`.
pub const ES256: i64 = -7;

/// See [`ES256`].
pub const RS256: i64 = -257;

/// What a credential is, as Okta tells passkeys from security keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A discoverable credential (it can sign in before the user is known).
    Passkey,
    /// A security key or platform credential used after the user is known.
    #[default]
    SecurityKey,
}

/// A credential registered from the start (`[[user.webauthn]]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// The credential id, base64url (as the browser's `credential.id`).
    pub credential_id: String,
    /// The public key: a PEM `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo, P-256 or
    /// RSA) or the COSE key in base64url, as the attestation carries it.
    pub public_key: String,
    /// `passkey` or `security_key` (the default).
    #[serde(default)]
    pub kind: Kind,
    /// The signature counter last seen (0: the authenticator keeps none).
    #[serde(default)]
    pub sign_count: u32,
    /// The name the enrollment shows (`displayName`).
    #[serde(default)]
    pub name: Option<String>,
    /// `transports` (`usb`, `nfc`, `ble`, `internal`, `hybrid`).
    #[serde(default)]
    pub transports: Vec<String>,
    /// The user handle a passkey made elsewhere answers (base64url); one enrolled through the
    /// org answers the user's id, which is random in each run, so a preloaded passkey that
    /// signs in from the first screen names its own.
    #[serde(default)]
    pub user_handle: Option<String>,
}

/// A registered public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// ECDSA on P-256 with SHA-256 (COSE -7).
    Es256(p256::ecdsa::VerifyingKey),
    /// RSASSA-PKCS1-v1_5 with SHA-256 (COSE -257).
    Rs256(rsa::RsaPublicKey),
}

/// A credential the org knows: configured or enrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    /// The credential id (raw bytes).
    pub id: Vec<u8>,
    /// Its enrollment's id in `authenticatorEnrollments` (`fwf…`).
    pub enrollment_id: String,
    /// The public key that checks its assertions.
    pub key: PublicKey,
    /// The signature counter last accepted.
    pub sign_count: u32,
    /// Passkey or security key.
    pub kind: Kind,
    /// The enrollment's `displayName`.
    pub name: String,
    /// Where the browser may find it (`usb`, `internal`, …).
    pub transports: Vec<String>,
    /// The user handle it answers, when configured (else the user's id).
    pub user_handle: Option<Vec<u8>>,
}

pub(super) fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Base64url or plain base64, with or without padding: browsers and libraries differ, and
/// Okta's own widgets (okta-auth-js's `bufferToBase64Url`, the Sign-In Widget's `binToStr`)
/// send plain padded base64 from `btoa`, which Okta takes.
pub(super) fn unb64(text: &str) -> Option<Vec<u8>> {
    let url_safe: String = text
        .trim()
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    URL_SAFE_NO_PAD.decode(url_safe).ok()
}

pub(super) fn default_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Passkey => "Passkey",
        Kind::SecurityKey => "Security key",
    }
}

impl Credential {
    /// The credential as the org keeps it, or why it cannot be.
    pub fn registered(&self) -> Result<Registered, String> {
        let id = unb64(&self.credential_id)
            .filter(|id| !id.is_empty() && id.len() <= 1023)
            .ok_or("credential_id is not base64url of 1 to 1023 bytes")?;
        let key = parse_configured_key(&self.public_key)?;
        Ok(Registered {
            id,
            enrollment_id: random_id("fwf", 17),
            key,
            sign_count: self.sign_count,
            kind: self.kind,
            name: self
                .name
                .clone()
                .unwrap_or_else(|| default_name(self.kind).to_owned()),
            transports: self.transports.clone(),
            user_handle: match &self.user_handle {
                None => None,
                Some(h) => Some(
                    unb64(h)
                        .filter(|h| !h.is_empty() && h.len() <= 64)
                        .ok_or("user_handle is not base64url of 1 to 64 bytes")?,
                ),
            },
        })
    }
}

fn parse_configured_key(text: &str) -> Result<PublicKey, String> {
    let text = text.trim();
    if text.starts_with("-----BEGIN") {
        if let Ok(key) =
            <p256::ecdsa::VerifyingKey as p256::pkcs8::DecodePublicKey>::from_public_key_pem(text)
        {
            return Ok(PublicKey::Es256(key));
        }
        return <rsa::RsaPublicKey as rsa::pkcs8::DecodePublicKey>::from_public_key_pem(text)
            .map(PublicKey::Rs256)
            .map_err(|_| "public_key is a PEM but not a P-256 or RSA public key".into());
    }
    let bytes = unb64(text).ok_or("public_key is neither a PEM nor base64url")?;
    let cose: Cbor = ciborium::de::from_reader(bytes.as_slice())
        .map_err(|_| "public_key's base64url is not a CBOR COSE key")?;
    cose_key(&cose).map_err(|e| format!("public_key: {e}"))
}

pub(super) fn cbor_get(map: &[(Cbor, Cbor)], key: i64) -> Option<&Cbor> {
    map.iter()
        .find(|(k, _)| {
            k.as_integer()
                .is_some_and(|i| i128::from(i) == i128::from(key))
        })
        .map(|(_, v)| v)
}

pub(super) fn cbor_int(v: Option<&Cbor>) -> Option<i128> {
    v.and_then(Cbor::as_integer).map(i128::from)
}

pub(super) fn cbor_bytes(v: Option<&Cbor>) -> Option<&Vec<u8>> {
    v.and_then(Cbor::as_bytes)
}

/// A COSE_Key (RFC 9053): EC2 P-256 with ES256, or RSA with RS256.
pub(super) fn cose_key(cose: &Cbor) -> Result<PublicKey, &'static str> {
    let map = cose.as_map().ok_or("the COSE key is not a map")?;
    let kty = cbor_int(cbor_get(map, 1));
    let alg = cbor_int(cbor_get(map, 3));
    match (kty, alg) {
        (Some(2), Some(a)) if a == i128::from(ES256) => {
            if cbor_int(cbor_get(map, -1)) != Some(1) {
                return Err("the EC2 key's curve is not P-256");
            }
            let (Some(x), Some(y)) = (cbor_bytes(cbor_get(map, -2)), cbor_bytes(cbor_get(map, -3)))
            else {
                return Err("the EC2 key lacks x or y");
            };
            if x.len() != 32 || y.len() != 32 {
                return Err("the EC2 key's coordinates are not 32 bytes");
            }
            let point = p256::EncodedPoint::from_affine_coordinates(
                p256::FieldBytes::from_slice(x),
                p256::FieldBytes::from_slice(y),
                false,
            );
            p256::ecdsa::VerifyingKey::from_encoded_point(&point)
                .map(PublicKey::Es256)
                .map_err(|_| "the EC2 key is not a point of P-256")
        }
        (Some(3), Some(a)) if a == i128::from(RS256) => {
            let (Some(n), Some(e)) = (cbor_bytes(cbor_get(map, -1)), cbor_bytes(cbor_get(map, -2)))
            else {
                return Err("the RSA key lacks n or e");
            };
            rsa::RsaPublicKey::new(
                rsa::BigUint::from_bytes_be(n),
                rsa::BigUint::from_bytes_be(e),
            )
            .map(PublicKey::Rs256)
            .map_err(|_| "the RSA key is not usable")
        }
        _ => Err("the key is neither ES256 (EC2 P-256) nor RS256 (RSA)"),
    }
}

impl PublicKey {
    /// Whether `signature` signs `message` with this key (its COSE algorithm).
    pub(super) fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        use rsa::signature::Verifier;
        match self {
            Self::Es256(key) => {
                let Ok(sig) = p256::ecdsa::Signature::from_der(signature) else {
                    return false;
                };
                // Authenticators may give a high-S signature, which is as valid.
                let sig = sig.normalize_s().unwrap_or(sig);
                key.verify(message, &sig).is_ok()
            }
            Self::Rs256(key) => {
                let Ok(sig) = rsa::pkcs1v15::Signature::try_from(signature) else {
                    return false;
                };
                rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key.clone())
                    .verify(message, &sig)
                    .is_ok()
            }
        }
    }

    pub(super) fn alg(&self) -> i64 {
        match self {
            Self::Es256(_) => ES256,
            Self::Rs256(_) => RS256,
        }
    }
}
