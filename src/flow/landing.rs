//! The page's address on arrival, as okta-auth-js reads it (`handleInteractionCodeRedirect`,
//! `isInteractionRequired`, `handleEmailVerifyCallback`): an identity provider's return to the
//! redirect URI (`interaction_code` or `error`, with `state`) or an email magic link that opens
//! the page (`otp` with `state`), and what the widget does about it given the transaction this
//! tab saved. Pure: the driver reads the address, the session acts on the [`Arrival`], the UI
//! cleans the address.

use std::collections::HashMap;

use idx_protocol::secret::InteractionCode;

use crate::flow::saved::SavedTransaction;

/// The parameters a landing is made of; the address loses them once they are read.
pub const PARAMS: &[&str] = &[
    "interaction_code",
    "state",
    "error",
    "error_description",
    "error_uri",
    "otp",
];

/// What the address brought back. Each carries the `state` of the transaction it answers: the
/// org always echoes it (RFC 6749 §4.1.2.1), so a page's own `?error=…` is no landing.
#[derive(Clone, PartialEq, Eq)]
pub enum Landing {
    /// An identity provider signed the person in: redeem the code.
    Code {
        /// The interaction code.
        code: String,
        /// The transaction's `state`.
        state: String,
    },
    /// The org needs more in the same transaction (say, MFA after an identity provider).
    InteractionRequired {
        /// The transaction's `state`.
        state: String,
    },
    /// The org or the identity provider said no (`access_denied`, …).
    Error {
        /// The OAuth error code.
        error: String,
        /// The org's `error_description`, when it gave one.
        description: Option<String>,
        /// The transaction's `state`.
        state: String,
    },
    /// An email magic link: the code to enter at the email step of that transaction.
    EmailLink {
        /// The one-time code.
        otp: String,
        /// The transaction's `state`.
        state: String,
    },
}

// Codes and one-time codes never print.
impl std::fmt::Debug for Landing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Self::Code { .. } => "Code",
            Self::InteractionRequired { .. } => "InteractionRequired",
            Self::Error { .. } => "Error",
            Self::EmailLink { .. } => "EmailLink",
        };
        write!(f, "Landing::{name}")
    }
}

/// What the widget does on arrival with a landing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    /// Redeem this code with the saved transaction's secrets.
    Redeem {
        /// The interaction code.
        code: InteractionCode,
        /// The transaction it belongs to.
        saved: SavedTransaction,
    },
    /// Introspect the saved transaction and show its step.
    Resume(SavedTransaction),
    /// Resume the saved transaction and enter this code at its email step.
    EnterOtp {
        /// The magic link's code.
        otp: String,
        /// The transaction it belongs to.
        saved: SavedTransaction,
    },
    /// The link was opened away from the sign-in it belongs to: show the code for the person
    /// to enter there (Okta's `terminal-return-otp-only`).
    ShowOtp(String),
    /// The sign-in ended without the person signed in: say why.
    Refused {
        /// The OAuth error code.
        error: String,
        /// The org's description.
        description: Option<String>,
    },
    /// The answer belongs to no transaction this tab started: nothing is redeemed or resumed.
    Mismatch,
}

impl Landing {
    /// The landing in a query string (`?…` or without the `?`), if it holds one; empty values
    /// count as absent. An `error` wins over a code, as in okta-auth-js.
    pub fn from_query(query: &str) -> Option<Self> {
        let pairs: HashMap<String, String> =
            form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
                .into_owned()
                .filter(|(_, v)| !v.trim().is_empty())
                .collect();
        let get = |name: &str| pairs.get(name).cloned();
        let state = get("state")?;
        if let Some(error) = get("error") {
            return Some(if error == "interaction_required" {
                Self::InteractionRequired { state }
            } else {
                Self::Error {
                    error,
                    description: get("error_description"),
                    state,
                }
            });
        }
        if let Some(code) = get("interaction_code") {
            return Some(Self::Code { code, state });
        }
        get("otp").map(|otp| Self::EmailLink { otp, state })
    }

    fn state(&self) -> &str {
        match self {
            Self::Code { state, .. }
            | Self::InteractionRequired { state }
            | Self::Error { state, .. }
            | Self::EmailLink { state, .. } => state,
        }
    }

    /// What to do, given the transaction this tab saved for this page (if any): only the one
    /// whose `state` came back is redeemed, resumed or told the org's answer. A magic link
    /// opened elsewhere shows its code instead.
    pub fn arrive(self, saved: Option<SavedTransaction>) -> Arrival {
        let ours = saved.filter(|s| s.secrets().state_matches(self.state()));
        match (self, ours) {
            (Self::Code { code, .. }, Some(saved)) => Arrival::Redeem {
                code: InteractionCode::new(code),
                saved,
            },
            (Self::InteractionRequired { .. }, Some(saved)) => Arrival::Resume(saved),
            (
                Self::Error {
                    error, description, ..
                },
                Some(_),
            ) => Arrival::Refused { error, description },
            (Self::EmailLink { otp, .. }, Some(saved)) => Arrival::EnterOtp { otp, saved },
            (Self::EmailLink { otp, .. }, None) => Arrival::ShowOtp(otp),
            (_, None) => Arrival::Mismatch,
        }
    }
}

/// `query` without the parameters `names`, every other one kept in order: what the address
/// becomes once a landing (or a one-time token) is used. Empty, or `?` and the rest.
pub fn without(query: &str, names: &[&str]) -> String {
    let kept: Vec<(String, String)> =
        form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .into_owned()
            .filter(|(name, _)| !names.contains(&name.as_str()))
            .collect();
    if kept.is_empty() {
        return String::new();
    }
    let mut out = form_urlencoded::Serializer::for_suffix(String::from("?"), 1);
    out.extend_pairs(kept);
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_provider_s_return_is_read_from_the_query() {
        assert_eq!(
            Landing::from_query("?interaction_code=Txd_5odx08&state=s1"),
            Some(Landing::Code {
                code: "Txd_5odx08".into(),
                state: "s1".into()
            })
        );
        assert_eq!(
            Landing::from_query("error=interaction_required&state=s1"),
            Some(Landing::InteractionRequired { state: "s1".into() })
        );
        assert_eq!(
            Landing::from_query(
                "?state=s1&error=access_denied&error_description=User+cancelled+at+%3Cb%3EAcme%3C%2Fb%3E"
            ),
            Some(Landing::Error {
                error: "access_denied".into(),
                description: Some("User cancelled at <b>Acme</b>".into()),
                state: "s1".into()
            })
        );
        // An error wins over a code, as okta-auth-js reads it.
        assert!(matches!(
            Landing::from_query("?interaction_code=c&error=server_error&state=s1"),
            Some(Landing::Error {
                description: None,
                ..
            })
        ));
    }

    #[test]
    fn a_magic_link_is_otp_and_state() {
        assert_eq!(
            Landing::from_query("?otp=482913&state=s1"),
            Some(Landing::EmailLink {
                otp: "482913".into(),
                state: "s1".into()
            })
        );
    }

    #[test]
    fn without_state_or_with_empty_values_there_is_no_landing() {
        for query in [
            "",
            "?",
            "?login_hint=ann%40example.com",
            "?interaction_code=c",
            "?error=access_denied&error_description=x",
            "?otp=482913",
            "?otp=&state=s1",
            "?interaction_code=%20&state=s1",
            "?state=s1",
            "?%ZZ=&&==&state",
        ] {
            assert_eq!(Landing::from_query(query), None, "{query}");
        }
    }

    #[test]
    fn codes_never_print() {
        let landing = Landing::from_query("?interaction_code=secret-code&state=s1").unwrap();
        assert!(!format!("{landing:?}").contains("secret"));
    }

    #[test]
    fn the_address_keeps_its_path_s_other_parameters() {
        assert_eq!(
            without("?interaction_code=c&state=s&lang=fr", PARAMS),
            "?lang=fr"
        );
        assert_eq!(
            without(
                "?a=1&error=access_denied&error_description=No+way&state=s&b=x+y",
                PARAMS
            ),
            "?a=1&b=x+y"
        );
        assert_eq!(without("?otp=1&state=s", PARAMS), "");
        assert_eq!(without("", PARAMS), "");
        assert_eq!(
            without("recovery_token=r&login_hint=a%40b.c", &["recovery_token"]),
            "?login_hint=a%40b.c"
        );
    }
}
