//! ID tokens: parsing a JWT, choosing its key from the authorization server's JWKS, and every
//! check but the signature arithmetic, which a [`SignatureVerifier`] does (WebCrypto in the
//! browser). Nothing is released to the host before [`check_claims`] and the signature pass.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde_json::Value;

/// Clock skew allowed between the org and this device, in seconds.
pub const CLOCK_SKEW_SECS: u64 = 300;

/// Why an ID token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// Not three base64url parts of JSON.
    Malformed(&'static str),
    /// Signed with something other than RS256.
    Algorithm(String),
    /// No key of the authorization server has the token's `kid`.
    UnknownKey,
    /// The signature does not verify.
    BadSignature,
    /// `iss` is not the configured issuer.
    Issuer,
    /// `aud` does not contain the client id.
    Audience,
    /// `exp` has passed (beyond the allowed skew).
    Expired,
    /// `iat` is in the future (beyond the allowed skew), or missing.
    IssuedAt,
    /// `nonce` is missing or not the one this sign-in sent.
    Nonce,
    /// An ID token was asked for (`openid`) and none came.
    Missing,
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Malformed(why) => write!(f, "the ID token is malformed: {why}"),
            Self::Algorithm(alg) => write!(f, "the ID token is signed with {alg}, not RS256"),
            Self::UnknownKey => f.write_str("the ID token's key is not one of the org's keys"),
            Self::BadSignature => f.write_str("the ID token's signature does not verify"),
            Self::Issuer => f.write_str("the ID token comes from another issuer"),
            Self::Audience => f.write_str("the ID token is for another app"),
            Self::Expired => f.write_str("the ID token has expired"),
            Self::IssuedAt => f.write_str("the ID token is dated in the future"),
            Self::Nonce => f.write_str("the ID token does not carry this sign-in's nonce"),
            Self::Missing => f.write_str("no ID token came back"),
        }
    }
}

/// A parsed, not yet trusted, JWT.
#[derive(Debug, Clone, PartialEq)]
pub struct Jwt {
    /// `alg` of the header.
    pub alg: String,
    /// `kid` of the header.
    pub kid: Option<String>,
    /// The claims.
    pub claims: Value,
    /// `header.payload`, the bytes the signature covers.
    pub signing_input: Vec<u8>,
    /// The signature bytes.
    pub signature: Vec<u8>,
}

/// Splits and decodes a compact JWT.
pub fn parse(token: &str) -> Result<Jwt, TokenError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed("not three parts"));
    };
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part.trim_end_matches('='));
    let json = |part: &str| -> Result<Value, TokenError> {
        let bytes = decode(part).map_err(|_| TokenError::Malformed("not base64url"))?;
        serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed("not JSON"))
    };
    let head = json(header)?;
    let claims = json(payload)?;
    if !claims.is_object() {
        return Err(TokenError::Malformed("the claims are not an object"));
    }
    Ok(Jwt {
        alg: head["alg"].as_str().unwrap_or_default().to_owned(),
        kid: head["kid"].as_str().map(str::to_owned),
        claims,
        signing_input: format!("{header}.{payload}").into_bytes(),
        signature: decode(signature).map_err(|_| TokenError::Malformed("not base64url"))?,
    })
}

/// One public key of a JWKS.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Jwk {
    /// `RSA`.
    pub kty: String,
    /// The key id.
    #[serde(default)]
    pub kid: Option<String>,
    /// `RS256`, when given.
    #[serde(default)]
    pub alg: Option<String>,
    /// The RSA modulus, base64url.
    #[serde(default)]
    pub n: String,
    /// The RSA exponent, base64url.
    #[serde(default)]
    pub e: String,
}

/// The authorization server's keys (`…/v1/keys`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
pub struct Jwks {
    /// The keys.
    #[serde(default)]
    pub keys: Vec<Jwk>,
}

impl Jwks {
    /// The RSA key with this id.
    pub fn key(&self, kid: Option<&str>) -> Option<&Jwk> {
        self.keys
            .iter()
            .find(|k| k.kty == "RSA" && k.kid.as_deref() == kid && !k.n.is_empty())
    }
}

/// What an ID token must say to be this sign-in's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected<'a> {
    /// The configured issuer.
    pub issuer: &'a str,
    /// The app's client id.
    pub client_id: &'a str,
    /// The nonce sent to interact.
    pub nonce: &'a str,
    /// Now, in seconds since the epoch, by this device's clock.
    pub now: u64,
}

/// Checks everything but the signature: the algorithm, `iss`, `aud`, `exp`, `iat` and `nonce`.
pub fn check_claims(jwt: &Jwt, expected: &Expected<'_>) -> Result<(), TokenError> {
    if jwt.alg != "RS256" {
        return Err(TokenError::Algorithm(jwt.alg.clone()));
    }
    let claims = &jwt.claims;
    let trim = |s: &str| s.trim_end_matches('/').to_owned();
    if claims["iss"].as_str().map(trim) != Some(trim(expected.issuer)) {
        return Err(TokenError::Issuer);
    }
    let audience = match &claims["aud"] {
        Value::String(aud) => aud == expected.client_id,
        Value::Array(auds) => auds.iter().any(|a| a == expected.client_id),
        _ => false,
    };
    if !audience {
        return Err(TokenError::Audience);
    }
    match claims["exp"].as_u64() {
        // Saturating: an `exp` near the largest number is far future, not an overflow.
        Some(exp) if exp.saturating_add(CLOCK_SKEW_SECS) > expected.now => {}
        _ => return Err(TokenError::Expired),
    }
    match claims["iat"].as_u64() {
        Some(iat) if iat <= expected.now.saturating_add(CLOCK_SKEW_SECS) => {}
        _ => return Err(TokenError::IssuedAt),
    }
    if claims["nonce"].as_str() != Some(expected.nonce) {
        return Err(TokenError::Nonce);
    }
    Ok(())
}

/// Verifies an RS256 signature with a JWK (WebCrypto in the browser).
pub trait SignatureVerifier {
    /// Whether `signature` is a valid RS256 signature of `input` by `key`; `Err` when the
    /// key cannot be used at all.
    fn verify_rs256(
        &self,
        key: &Jwk,
        input: &[u8],
        signature: &[u8],
    ) -> impl std::future::Future<Output = Result<bool, String>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(header: Value, claims: Value) -> String {
        let part = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
        format!("{}.{}.c2ln", part(&header), part(&claims))
    }

    fn claims(now: u64) -> Value {
        serde_json::json!({
            "iss": "https://o.example/oauth2/default", "aud": "0oa1", "exp": now + 3600,
            "iat": now, "nonce": "n-1", "sub": "00u1"
        })
    }

    const EXPECTED: Expected<'static> = Expected {
        issuer: "https://o.example/oauth2/default",
        client_id: "0oa1",
        nonce: "n-1",
        now: 1_700_000_000,
    };

    fn check(header: Value, claims: Value) -> Result<(), TokenError> {
        check_claims(&parse(&token(header, claims))?, &EXPECTED)
    }

    #[test]
    fn a_token_for_this_sign_in_passes() {
        let header = serde_json::json!({"alg": "RS256", "kid": "k1"});
        assert_eq!(check(header.clone(), claims(EXPECTED.now)), Ok(()));
        let jwt = parse(&token(header, claims(EXPECTED.now))).unwrap();
        assert_eq!(jwt.kid.as_deref(), Some("k1"));
        assert_eq!(jwt.signature, b"sig");
    }

    #[test]
    fn every_claim_is_checked() {
        let rs = serde_json::json!({"alg": "RS256", "kid": "k1"});
        let now = EXPECTED.now;
        let with = |key: &str, value: Value| {
            let mut c = claims(now);
            c[key] = value;
            c
        };
        let without = |key: &str| {
            let mut c = claims(now);
            c.as_object_mut().unwrap().remove(key);
            c
        };
        let cases = [
            (
                with("iss", "https://attacker.example".into()),
                TokenError::Issuer,
            ),
            (with("aud", "someone-else".into()), TokenError::Audience),
            (
                with("aud", serde_json::json!(["a", "b"])),
                TokenError::Audience,
            ),
            (with("exp", (now - 301).into()), TokenError::Expired),
            (with("iat", (now + 301).into()), TokenError::IssuedAt),
            (without("iat"), TokenError::IssuedAt),
            (without("nonce"), TokenError::Nonce),
            (with("nonce", "n-2".into()), TokenError::Nonce),
        ];
        for (claims, error) in cases {
            assert_eq!(check(rs.clone(), claims.clone()), Err(error), "{claims}");
        }
        // Within the skew is fine; an audience list that has us is fine.
        assert_eq!(check(rs.clone(), with("exp", (now - 299).into())), Ok(()));
        assert_eq!(
            check(rs.clone(), with("aud", serde_json::json!(["x", "0oa1"]))),
            Ok(())
        );
        assert_eq!(
            check(serde_json::json!({"alg": "none"}), claims(now)),
            Err(TokenError::Algorithm("none".into()))
        );
        assert_eq!(
            check(serde_json::json!({"alg": "HS256"}), claims(now)),
            Err(TokenError::Algorithm("HS256".into()))
        );
    }

    #[test]
    fn malformed_tokens_are_refused() {
        for bad in ["", "a.b", "a.b.c.d", "!!.??.xx", "e30.W10.c2ln"] {
            assert!(matches!(parse(bad), Err(TokenError::Malformed(_))), "{bad}");
        }
    }

    #[test]
    fn keys_are_chosen_by_id() {
        let jwks: Jwks = serde_json::from_value(serde_json::json!({"keys": [
            {"kty": "RSA", "kid": "a", "n": "AQAB", "e": "AQAB"},
            {"kty": "EC", "kid": "b"},
        ]}))
        .unwrap();
        assert!(jwks.key(Some("a")).is_some());
        assert!(jwks.key(Some("b")).is_none(), "only RSA keys");
        assert!(jwks.key(Some("c")).is_none());
    }
}
