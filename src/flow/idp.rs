//! Identity providers: one `redirect-idp` remediation per IdP the org routes to, each a
//! full-page `GET` of its `href` (the IdP comes back to the app's redirect URI), never a form
//! this page submits.

use idx_protocol::names::remediation;
use idx_protocol::{Form, IdxResponse};
use serde_json::Value;

/// The kind of IdP, for its button's text and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdpKind {
    /// Google.
    Google,
    /// Microsoft.
    Microsoft,
    /// Apple.
    Apple,
    /// Facebook.
    Facebook,
    /// LinkedIn.
    LinkedIn,
    /// A generic OpenID Connect IdP.
    Oidc,
    /// A SAML 2.0 IdP.
    Saml,
    /// Any other type: named by the server's name only.
    Other,
}

impl IdpKind {
    /// The kind of an Okta IdP `type`.
    pub fn parse(kind: &str) -> Self {
        match kind.to_ascii_uppercase().as_str() {
            "GOOGLE" => Self::Google,
            "MICROSOFT" => Self::Microsoft,
            "APPLE" => Self::Apple,
            "FACEBOOK" => Self::Facebook,
            "LINKEDIN" => Self::LinkedIn,
            "OIDC" | "OPENID_CONNECT" => Self::Oidc,
            "SAML2" | "SAML" => Self::Saml,
            _ => Self::Other,
        }
    }

    /// A stable name, for styling and tests (`google`, `saml`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Google => "google",
            Self::Microsoft => "microsoft",
            Self::Apple => "apple",
            Self::Facebook => "facebook",
            Self::LinkedIn => "linkedin",
            Self::Oidc => "oidc",
            Self::Saml => "saml",
            Self::Other => "other",
        }
    }

    /// The brand's own name, which a button says whatever the org called the IdP.
    pub fn brand(self) -> Option<&'static str> {
        match self {
            Self::Google => Some("Google"),
            Self::Microsoft => Some("Microsoft"),
            Self::Apple => Some("Apple"),
            Self::Facebook => Some("Facebook"),
            Self::LinkedIn => Some("LinkedIn"),
            Self::Oidc | Self::Saml | Self::Other => None,
        }
    }
}

/// One IdP to sign in with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityProvider {
    /// Its kind.
    pub kind: IdpKind,
    /// The org's name for it.
    pub name: String,
    /// Where the browser goes.
    pub href: String,
}

impl IdentityProvider {
    /// What its button says after "Sign in with": the brand for the well-known ones (as
    /// Okta's widget does), else the org's name.
    pub fn display_name(&self) -> &str {
        self.kind.brand().unwrap_or(&self.name)
    }
}

/// The IdPs a state offers, in server order. An IdP *authenticator* (a `redirect-idp` that
/// relates to an authenticator) and a smart card (`X509`, which needs Okta's own mTLS page)
/// are not sign-in buttons.
pub fn providers(state: &IdxResponse) -> Vec<IdentityProvider> {
    state.remediations().iter().filter_map(provider).collect()
}

fn provider(form: &Form) -> Option<IdentityProvider> {
    if form.name != remediation::REDIRECT_IDP || !form.relates_to.is_empty() {
        return None;
    }
    let kind = form.extra.get("type").and_then(Value::as_str).unwrap_or("");
    if kind.eq_ignore_ascii_case("X509") {
        return None;
    }
    let href = form.href.clone().filter(|h| !h.is_empty())?;
    let name = form
        .extra
        .get("idp")
        .and_then(|i| i.get("name"))
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| kind.to_owned());
    Some(IdentityProvider {
        kind: IdpKind::parse(kind),
        name,
        href,
    })
}

/// Whether the state offers nothing but IdPs (and the links under a form: sign up, unlock):
/// the widget shows their buttons alone, or goes to the only one at once.
pub fn only_idps(state: &IdxResponse) -> bool {
    let links = [
        remediation::SELECT_ENROLL_PROFILE,
        remediation::UNLOCK_ACCOUNT,
    ];
    let all = state.remediations();
    let idps = all.iter().filter(|f| provider(f).is_some()).count();
    idps > 0
        && all
            .iter()
            .all(|f| provider(f).is_some() || links.contains(&f.name.as_str()))
}
