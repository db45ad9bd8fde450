//! What the host learns when the widget cannot go on, and the message the user reads for any
//! call that did not produce a state to show.

use std::fmt;

use idx_protocol::IdxError;

use crate::strings::{Strings, Text};

/// Why the widget could not go on, or why a call failed. New kinds may come: match with a
/// wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The configuration is unusable (no issuer URL, no random source).
    Config,
    /// The org could not be reached (network down, CORS refused).
    Network,
    /// The org asked to slow down.
    RateLimited,
    /// The app may not use this widget (the Interaction Code grant is not enabled).
    NotEnabled,
    /// The org refused the request (an OAuth or Okta error that is not the server's fault).
    Rejected,
    /// The org failed (5xx).
    Server,
    /// The org's answer was not one the protocol allows, or named a URL off the org's origin.
    Unexpected,
    /// The org's answer does not belong to the sign-in this page started (`state` mismatch).
    Mismatch,
    /// The ID token failed verification (signature, issuer, audience, expiry or nonce).
    InvalidToken,
}

impl ErrorKind {
    /// Every kind, in declaration order (the TypeScript union in js.rs is checked against it).
    #[cfg(test)]
    pub(crate) const ALL: [ErrorKind; 9] = [
        Self::Config,
        Self::Network,
        Self::RateLimited,
        Self::NotEnabled,
        Self::Rejected,
        Self::Server,
        Self::Unexpected,
        Self::Mismatch,
        Self::InvalidToken,
    ];

    /// A stable name for the JavaScript event (`network`, `not-enabled`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Config => "config",
            Self::Network => "network",
            Self::RateLimited => "rate-limited",
            Self::NotEnabled => "not-enabled",
            Self::Rejected => "rejected",
            Self::Server => "server",
            Self::Unexpected => "unexpected",
            Self::Mismatch => "mismatch",
            Self::InvalidToken => "invalid-token",
        }
    }
}

/// An error for the host (`on_error`, the `idx-widget:error` event) and the user. More
/// details may be added as fields, so it is built by the widget only.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WidgetError {
    /// What went wrong, for code.
    pub kind: ErrorKind,
    /// What went wrong, for people (already in the page's language).
    pub message: String,
}

impl fmt::Display for WidgetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WidgetError {}

impl WidgetError {
    /// The failure in the page's language.
    pub(crate) fn new(failure: &Failure, strings: &Strings) -> Self {
        Self {
            kind: failure.kind,
            message: failure.reason.text(strings),
        }
    }
}

/// What a failure says to people, before it is put into the page's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// One of the widget's own texts.
    Own(Text),
    /// The org's own words (an OAuth `error_description`, an Okta error summary), shown as
    /// text.
    Org(String),
    /// The org or an identity provider refused the sign-in on the way back, in its words.
    NotCompleted(String),
}

impl Reason {
    /// The words, in the page's language where they are the widget's.
    pub fn text(&self, strings: &Strings) -> String {
        match self {
            Self::Own(text) => strings.get(*text),
            Self::Org(words) => words.clone(),
            Self::NotCompleted(why) => strings.fill(Text::NotCompleted, "description", why),
        }
    }
}

/// Why the widget could not go on, or why a call failed: a [`WidgetError`] before it is put
/// into words, so the session decides it without knowing the page's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What went wrong, for code.
    pub kind: ErrorKind,
    /// What went wrong, for people.
    pub reason: Reason,
}

impl Failure {
    /// A failure of this kind told in the widget's own text.
    pub(crate) fn own(kind: ErrorKind, text: Text) -> Self {
        Self {
            kind,
            reason: Reason::Own(text),
        }
    }

    /// The failure of a call that did not produce an IDX state to render.
    pub(crate) fn from_idx(e: &IdxError) -> Self {
        let own = Self::own;
        let theirs = |kind, words: &str| Self {
            kind,
            reason: Reason::Org(words.to_owned()),
        };
        match e {
            IdxError::Transport(_) => own(ErrorKind::Network, Text::NetworkError),
            IdxError::RateLimited { .. } => own(ErrorKind::RateLimited, Text::RateLimited),
            IdxError::OAuth {
                error, description, ..
            } if error == "access_denied" => match description.as_deref() {
                Some(d) if !d.is_empty() => theirs(ErrorKind::NotEnabled, d),
                _ => own(ErrorKind::NotEnabled, Text::NotEnabled),
            },
            IdxError::OAuth {
                description: Some(d),
                ..
            } if !d.is_empty() => theirs(ErrorKind::Rejected, d),
            IdxError::Okta {
                status, summary, ..
            } if *status < 500 && !summary.is_empty() => theirs(ErrorKind::Rejected, summary),
            IdxError::Malformed { .. }
            | IdxError::ForeignOrigin { .. }
            | IdxError::BadRequest(_) => own(ErrorKind::Unexpected, Text::Unexpected),
            IdxError::StateMismatch => own(ErrorKind::Mismatch, Text::Mismatch),
            IdxError::InvalidToken(_) => own(ErrorKind::InvalidToken, Text::InvalidToken),
            // Server failures: Okta's own client replaces their summaries with a generic text.
            _ => own(ErrorKind::Server, Text::ServerError),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ALL` lists every kind: a new variant stops this match compiling until it is listed.
    #[test]
    fn every_kind_is_listed_once() {
        for (i, kind) in ErrorKind::ALL.iter().enumerate() {
            let position = match kind {
                ErrorKind::Config => 0,
                ErrorKind::Network => 1,
                ErrorKind::RateLimited => 2,
                ErrorKind::NotEnabled => 3,
                ErrorKind::Rejected => 4,
                ErrorKind::Server => 5,
                ErrorKind::Unexpected => 6,
                ErrorKind::Mismatch => 7,
                ErrorKind::InvalidToken => 8,
            };
            assert_eq!(position, i, "{kind:?}");
        }
    }

    #[test]
    fn each_class_of_failure_has_its_kind_and_message() {
        let strings = Strings::default();
        let cases = [
            (
                IdxError::Transport("Failed to fetch".into()),
                ErrorKind::Network,
                Text::NetworkError.english(),
            ),
            (
                IdxError::RateLimited {
                    retry_after: None,
                    reset_at: None,
                    summary: "Too many requests".into(),
                    state: None,
                },
                ErrorKind::RateLimited,
                Text::RateLimited.english(),
            ),
            (
                IdxError::OAuth {
                    status: 400,
                    error: "access_denied".into(),
                    description: Some(
                        "The requested feature is not enabled in this environment.".into(),
                    ),
                },
                ErrorKind::NotEnabled,
                "The requested feature is not enabled in this environment.",
            ),
            (
                IdxError::OAuth {
                    status: 400,
                    error: "access_denied".into(),
                    description: None,
                },
                ErrorKind::NotEnabled,
                Text::NotEnabled.english(),
            ),
            (
                IdxError::OAuth {
                    status: 400,
                    error: "invalid_grant".into(),
                    description: Some("PKCE verification failed.".into()),
                },
                ErrorKind::Rejected,
                "PKCE verification failed.",
            ),
            (
                IdxError::Okta {
                    status: 403,
                    code: "E0000006".into(),
                    summary: "You do not have permission.".into(),
                    causes: vec![],
                },
                ErrorKind::Rejected,
                "You do not have permission.",
            ),
            (
                IdxError::Okta {
                    status: 500,
                    code: "E0000009".into(),
                    summary: "Internal Server Error".into(),
                    causes: vec![],
                },
                ErrorKind::Server,
                Text::ServerError.english(),
            ),
            (
                IdxError::Malformed {
                    status: 200,
                    reason: "not JSON".into(),
                },
                ErrorKind::Unexpected,
                Text::Unexpected.english(),
            ),
            (
                IdxError::BadRequest("a field has the wrong type".into()),
                ErrorKind::Unexpected,
                Text::Unexpected.english(),
            ),
            (
                IdxError::StateMismatch,
                ErrorKind::Mismatch,
                Text::Mismatch.english(),
            ),
        ];
        for (error, kind, message) in cases {
            let got = WidgetError::new(&Failure::from_idx(&error), &strings);
            assert_eq!(
                (got.kind, got.message.as_str()),
                (kind, message),
                "{error:?}"
            );
        }
    }
}
