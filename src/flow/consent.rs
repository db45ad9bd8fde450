//! Consent: the scopes an app asks for, with their labels and descriptions, to allow or deny
//! (`consent` for the user, `admin-consent` for Okta API scopes, `granular-consent` where the
//! user picks the scopes one by one).

use idx_protocol::names::{field, remediation};
use idx_protocol::{Form, IdxResponse};
use serde_json::Value;

/// Which consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentKind {
    /// The user allows or denies all the scopes.
    EndUser,
    /// An admin allows or denies Okta API scopes.
    Admin,
    /// The user picks scopes one by one.
    Granular,
}

/// One scope asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The scope's name, sent back in granular consent.
    pub name: String,
    /// The server's label.
    pub label: String,
    /// The server's description, if any.
    pub description: Option<String>,
    /// Whether the user may leave it out (granular consent only).
    pub optional: bool,
}

/// Which consent a form asks for, if it is a consent form.
pub fn kind(form: &Form) -> Option<ConsentKind> {
    let kind = match form.name.as_str() {
        remediation::CONSENT => ConsentKind::EndUser,
        remediation::ADMIN_CONSENT => ConsentKind::Admin,
        remediation::GRANULAR_CONSENT => ConsentKind::Granular,
        _ => return None,
    };
    form.field(field::CONSENT)?;
    Some(kind)
}

/// The scopes a consent form asks for: granular consent's own fields, the others' list.
pub fn scopes(kind: ConsentKind, form: &Form) -> Vec<Scope> {
    match kind {
        ConsentKind::Granular => form
            .field(field::OPTED_SCOPES)
            .and_then(|f| f.sub_fields())
            .unwrap_or_default()
            .iter()
            .filter(|f| f.is_visible())
            .map(|f| Scope {
                name: f.name.clone(),
                label: f
                    .label
                    .clone()
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| f.name.clone()),
                description: text(f.extra.get("desc")),
                optional: f.is_mutable(),
            })
            .collect(),
        _ => form
            .extra
            .get("scopes")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|s| {
                let name = text(s.get("name")).or_else(|| text(s.get("value")))?;
                Some(Scope {
                    label: text(s.get("label")).unwrap_or_else(|| name.clone()),
                    description: text(s.get("desc")),
                    name,
                    optional: false,
                })
            })
            .collect(),
    }
}

/// The app asking, by the name the server gives it.
pub fn app(state: &IdxResponse) -> Option<String> {
    state.app.as_ref().and_then(|a| text(a.value.get("label")))
}

fn text(v: Option<&Value>) -> Option<String> {
    v?.as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}
