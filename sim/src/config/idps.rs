//! Identity providers (`[[idp]]`), simulated under `/sim/idp/{id}`.

use serde::Deserialize;

use super::{Config, UserStatus};

/// A simulated identity provider: choosing it signs in as `username` after a confirmation
/// page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Idp {
    /// Its id, in the `href` (`/sso/idps/{id}`).
    pub id: String,
    /// `GOOGLE`, `MICROSOFT`, `APPLE`, `FACEBOOK`, `OIDC` or `SAML2`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The name shown on its button.
    pub name: String,
    /// The user it signs in as (a configured user).
    pub username: String,
    /// Whether the org still asks for a second factor after it.
    #[serde(default)]
    pub mfa: bool,
}

/// The identity provider types idx-sim simulates, as Okta names them in `redirect-idp`.
pub const IDP_TYPES: &[&str] = &["GOOGLE", "MICROSOFT", "APPLE", "FACEBOOK", "OIDC", "SAML2"];

impl Config {
    pub(super) fn validate_idps(&self) -> Result<(), String> {
        let mut ids: Vec<&str> = Vec::new();
        for idp in &self.idps {
            let what = format!("idp {:?}", idp.id);
            if idp.id.is_empty()
                || !idp
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(format!("{what}: id must be letters, digits, '-' or '_'"));
            }
            if ids.contains(&idp.id.as_str()) {
                return Err(format!("{what}: two identity providers share this id"));
            }
            ids.push(&idp.id);
            if !IDP_TYPES.contains(&idp.kind.as_str()) {
                return Err(format!(
                    "{what}: type {:?} is not one of {}",
                    idp.kind,
                    IDP_TYPES.join(", ")
                ));
            }
            if idp.name.trim().is_empty() {
                return Err(format!("{what}: name must not be empty"));
            }
            match self.user(&idp.username) {
                None => {
                    return Err(format!(
                        "{what}: username {:?} is not a configured user",
                        idp.username
                    ));
                }
                Some(u) if u.status != UserStatus::Active => {
                    return Err(format!("{what}: user {:?} is not ACTIVE", idp.username));
                }
                Some(_) => {}
            }
        }
        if self.idp_only && self.idps.is_empty() {
            return Err("idp_only needs at least one [[idp]]".into());
        }
        Ok(())
    }
}
