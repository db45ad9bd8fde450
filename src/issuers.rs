//! The issuers a page allows: set once, by the page's own script right after `init()`, never
//! by markup. `<idx-sign-in>` takes its issuer from an attribute, and a page that neutralises
//! injected markup only with a CSP against scripts can still be given an element pointing at
//! an attacker's "org"; with a list set, such an element refuses to start.

use std::cell::OnceCell;

use idx_protocol::Address;

/// A list of allowed issuers: whole issuer URLs, or bare origins that allow every issuer on
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedIssuers(Vec<String>);

/// Why a list cannot be set, or an issuer is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuerError {
    /// A list was set already: it cannot be changed or widened.
    AlreadySet,
    /// The list names something that is not an `http(s)` URL.
    NotAUrl(String),
    /// The issuer is not on the list.
    Refused {
        /// The refused issuer.
        issuer: String,
        /// The list.
        allowed: Vec<String>,
    },
}

impl std::fmt::Display for IssuerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::AlreadySet => f.write_str(
                "allowIssuers: the allowed issuers are set already and cannot be changed",
            ),
            Self::NotAUrl(entry) => write!(f, "allowIssuers: {entry:?} is not an http(s) URL"),
            Self::Refused { issuer, allowed } => write!(
                f,
                "This page allows sign-in only with {}; the issuer {issuer:?} is not one of them.",
                allowed.join(", ")
            ),
        }
    }
}

impl std::error::Error for IssuerError {}

fn normal(url: &str) -> Option<Address> {
    Address::parse(url.trim())
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

impl AllowedIssuers {
    /// A list from what the page gave.
    pub fn new(entries: Vec<String>) -> Result<Self, IssuerError> {
        for entry in &entries {
            normal(entry).ok_or_else(|| IssuerError::NotAUrl(entry.clone()))?;
        }
        Ok(Self(entries))
    }

    /// Whether `issuer` may be used: the same URL as an entry (a trailing `/` aside), or on the
    /// origin of an entry that is a bare origin.
    pub fn check(&self, issuer: &str) -> Result<(), IssuerError> {
        let refused = || IssuerError::Refused {
            issuer: issuer.to_owned(),
            allowed: self.0.clone(),
        };
        let wanted = normal(issuer).ok_or_else(refused)?;
        let trimmed = |u: &Address| u.as_str().trim_end_matches('/').to_owned();
        let allowed = self.0.iter().filter_map(|e| normal(e)).any(|entry| {
            if entry.path() == "/" && entry.query().is_none() {
                entry.same_origin(&wanted)
            } else {
                trimmed(&entry) == trimmed(&wanted)
            }
        });
        if allowed { Ok(()) } else { Err(refused()) }
    }
}

thread_local! {
    static ALLOWED: OnceCell<AllowedIssuers> = const { OnceCell::new() };
}

/// Sets this page's list, once.
pub fn set(entries: Vec<String>) -> Result<(), IssuerError> {
    let list = AllowedIssuers::new(entries)?;
    ALLOWED.with(|cell| cell.set(list).map_err(|_| IssuerError::AlreadySet))
}

/// Whether this page allows `issuer`: any, until a list is set.
pub fn check(issuer: &str) -> Result<(), IssuerError> {
    ALLOWED.with(|cell| cell.get().map_or(Ok(()), |list| list.check(issuer)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> AllowedIssuers {
        AllowedIssuers::new(entries.iter().map(|e| (*e).to_owned()).collect()).unwrap()
    }

    #[test]
    fn an_issuer_is_allowed_by_its_url_or_its_origin() {
        let by_url = list(&["https://example.okta.com/oauth2/default"]);
        assert!(
            by_url
                .check("https://example.okta.com/oauth2/default")
                .is_ok()
        );
        assert!(
            by_url
                .check("https://example.okta.com/oauth2/default/")
                .is_ok()
        );
        assert!(
            by_url
                .check("https://example.okta.com/oauth2/other")
                .is_err()
        );
        assert!(by_url.check("https://example.okta.com").is_err());
        let by_origin = list(&["https://example.okta.com"]);
        assert!(
            by_origin
                .check("https://example.okta.com/oauth2/other")
                .is_ok()
        );
        assert!(by_origin.check("https://example.okta.com").is_ok());
        for attacker in [
            "https://attacker.example/oauth2/default",
            "https://example.okta.com.attacker.example/oauth2/default",
            "http://example.okta.com/oauth2/default",
            "https://example.okta.com:8443/oauth2/default",
            "not a url",
        ] {
            let refused = by_origin.check(attacker).unwrap_err();
            assert!(
                refused
                    .to_string()
                    .contains("allows sign-in only with https://example.okta.com"),
                "{refused}"
            );
        }
    }

    #[test]
    fn the_list_is_set_once_and_holds_only_urls() {
        assert_eq!(
            AllowedIssuers::new(vec!["example.okta.com".into()]),
            Err(IssuerError::NotAUrl("example.okta.com".into()))
        );
        assert!(check("https://anything.example").is_ok(), "no list: any");
        set(vec!["https://example.okta.com".into()]).unwrap();
        assert_eq!(
            set(vec!["https://attacker.example".into()]),
            Err(IssuerError::AlreadySet)
        );
        assert!(check("https://attacker.example/oauth2/default").is_err());
        assert!(check("https://example.okta.com/oauth2/default").is_ok());
    }
}
