//! PKCE (RFC 7636, S256) and the OAuth `state`, made from caller-supplied entropy so the crate
//! needs no random source of its own (the browser uses `crypto.getRandomValues`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::secret::{CodeVerifier, Nonce, OAuthState};

/// Bytes of entropy the caller provides: 32 for the verifier, 16 for `state`, 16 for the
/// OpenID Connect `nonce`.
pub const ENTROPY_BYTES: usize = 64;

/// The secrets of one interaction: the code verifier, the `state` value and the ID token's
/// `nonce`. In a server-side web app the back end keeps the verifier (and any nonce) and gives
/// the page only the challenge and `state`, or only `state` when it called interact itself:
/// then the browser never holds anything that can redeem the interaction code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PkceSecrets {
    verifier: Option<CodeVerifier>,
    challenge: Option<String>,
    state: OAuthState,
    nonce: Option<Nonce>,
}

impl PkceSecrets {
    /// Derives a 43-character verifier and 22-character state and nonce from random bytes.
    pub fn from_entropy(entropy: &[u8; ENTROPY_BYTES]) -> Self {
        let verifier = CodeVerifier::new(URL_SAFE_NO_PAD.encode(&entropy[..32]));
        Self::from_parts(
            verifier,
            OAuthState::new(URL_SAFE_NO_PAD.encode(&entropy[32..48])),
            Nonce::new(URL_SAFE_NO_PAD.encode(&entropy[48..])),
        )
    }

    /// Rebuilds the secrets of a saved transaction.
    pub fn from_parts(verifier: CodeVerifier, state: OAuthState, nonce: Nonce) -> Self {
        Self {
            challenge: Some(s256_challenge(verifier.expose())),
            verifier: Some(verifier),
            state,
            nonce: Some(nonce),
        }
    }

    /// What a server-side app's back end gives its page: the S256 challenge of a verifier it
    /// keeps (`None` when it called interact itself) and the `state` it will check.
    pub fn from_back_end(challenge: Option<String>, state: OAuthState) -> Self {
        Self {
            verifier: None,
            challenge,
            state,
            nonce: None,
        }
    }

    /// The `nonce` sent to interact, which the ID token must carry back (not in the browser
    /// of a server-side app).
    pub fn nonce(&self) -> Option<&Nonce> {
        self.nonce.as_ref()
    }

    /// The code verifier, sent only to the token endpoint; a server-side app's back end keeps
    /// it, so the page has none.
    pub fn verifier(&self) -> Option<&CodeVerifier> {
        self.verifier.as_ref()
    }

    /// The `state` value sent to interact.
    pub fn state(&self) -> &OAuthState {
        &self.state
    }

    /// `BASE64URL(SHA256(verifier))`, sent to interact with method `S256`; unknown to a page
    /// whose back end called interact itself.
    pub fn challenge(&self) -> Option<&str> {
        self.challenge.as_deref()
    }

    /// Whether a `state` echoed back by the server is ours. Compares in constant time.
    pub fn state_matches(&self, returned: &str) -> bool {
        constant_time_eq(self.state.expose(), returned)
    }

    /// Whether a `nonce` echoed back (in the ID token) is ours. Compares in constant time.
    pub fn nonce_matches(&self, returned: &str) -> bool {
        self.nonce
            .as_ref()
            .is_some_and(|n| constant_time_eq(n.expose(), returned))
    }
}

fn constant_time_eq(ours: &str, theirs: &str) -> bool {
    let (ours, theirs) = (ours.as_bytes(), theirs.as_bytes());
    ours.len() == theirs.len()
        && ours
            .iter()
            .zip(theirs)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The S256 code challenge of a verifier.
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn secrets_have_the_lengths_pkce_requires() {
        let s = PkceSecrets::from_entropy(&[7; ENTROPY_BYTES]);
        let verifier = s.verifier().unwrap();
        assert_eq!(verifier.expose().len(), 43);
        assert_eq!(
            s.challenge(),
            Some(s256_challenge(verifier.expose()).as_str())
        );
        assert!(
            verifier
                .expose()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(s.state().expose().len(), 22);
        assert_ne!(
            verifier.expose(),
            PkceSecrets::from_entropy(&[8; ENTROPY_BYTES])
                .verifier()
                .unwrap()
                .expose()
        );
    }

    #[test]
    fn a_back_end_s_secrets_hold_no_verifier() {
        let s =
            PkceSecrets::from_back_end(Some("abc".to_owned()), OAuthState::new("st".to_owned()));
        assert_eq!(
            (s.verifier(), s.nonce(), s.challenge()),
            (None, None, Some("abc"))
        );
        assert!(s.state_matches("st") && !s.nonce_matches(""));
    }

    #[test]
    fn state_check_rejects_anything_else() {
        let s = PkceSecrets::from_entropy(&[1; ENTROPY_BYTES]);
        let ours = s.state().expose().to_owned();
        assert!(s.state_matches(&ours));
        assert!(!s.state_matches(&ours[1..]));
        assert!(!s.state_matches(&format!("{}x", &ours[..ours.len() - 1])));
    }
}
