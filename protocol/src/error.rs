//! One error type for everything a call to the org can end in, told apart by the body, never by
//! the HTTP status alone: one status can carry an IDX state with messages, an Okta API error
//! or an OAuth error.

use std::time::Duration;

use serde::Deserialize;

use crate::model::IdxResponse;

/// Why a call did not produce the next IDX state.
#[derive(Debug, Clone, PartialEq)]
pub enum IdxError {
    /// The server answered with an IDX state that carries messages (field errors, an expired
    /// session, …). It is a full state: render it.
    State {
        /// The HTTP status it came with (informative only).
        status: u16,
        /// The state.
        state: Box<IdxResponse>,
    },
    /// A classic Okta API error body (`errorCode`, `errorSummary`).
    Okta {
        /// The HTTP status it came with.
        status: u16,
        /// e.g. `E0000009`.
        code: String,
        /// The server's English summary.
        summary: String,
        /// The summaries of `errorCauses`.
        causes: Vec<String>,
    },
    /// An OAuth error body (`error`, `error_description`), from interact or token.
    OAuth {
        /// The HTTP status it came with.
        status: u16,
        /// e.g. `invalid_grant`, `access_denied`.
        error: String,
        /// The server's English description.
        description: Option<String>,
    },
    /// Too many requests: wait before trying again.
    RateLimited {
        /// How long the server asked us to wait (`Retry-After`), when it said.
        retry_after: Option<Duration>,
        /// When the limit resets (`x-rate-limit-reset`, seconds since the Unix epoch), when it
        /// said: measured against the local clock, since a browser cannot read `Date` unless
        /// the server exposes it.
        reset_at: Option<u64>,
        /// The server's English text.
        summary: String,
        /// The IDX state, when the body was one (operation rate limits carry it).
        state: Option<Box<IdxResponse>>,
    },
    /// The request did not get an answer (network down, CORS refused, connection reset).
    Transport(String),
    /// The answer was not what the protocol allows (not JSON, or JSON of no known shape).
    Malformed {
        /// The HTTP status it came with.
        status: u16,
        /// What was wrong.
        reason: String,
    },
    /// A URL the server gave (or the configuration named) is not on the org's origin; the
    /// request was not sent.
    ForeignOrigin {
        /// The refused URL.
        url: String,
    },
    /// The form could not be turned into a request (a bug in the caller, or a form we cannot
    /// submit).
    BadRequest(String),
    /// The `state` the server echoed is not ours: the transaction is not the one we started.
    StateMismatch,
    /// The ID token failed verification: nothing from this exchange may be used.
    InvalidToken(crate::jwt::TokenError),
}

impl std::fmt::Display for IdxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::State { state, .. } => {
                let text: Vec<&str> = state
                    .all_messages()
                    .iter()
                    .map(|(_, m)| m.message.as_str())
                    .collect();
                write!(f, "the server refused the step: {}", text.join(" "))
            }
            Self::Okta { code, summary, .. } => write!(f, "{summary} ({code})"),
            Self::OAuth {
                error, description, ..
            } => match description {
                Some(d) => write!(f, "{d} ({error})"),
                None => f.write_str(error),
            },
            Self::RateLimited { summary, .. } => f.write_str(summary),
            Self::Transport(e) => write!(f, "network error: {e}"),
            Self::Malformed { status, reason } => {
                write!(
                    f,
                    "unexpected answer from the server (HTTP {status}): {reason}"
                )
            }
            Self::ForeignOrigin { url } => write!(f, "refused to call {url}: not the org's origin"),
            Self::BadRequest(e) => write!(f, "cannot build the request: {e}"),
            Self::StateMismatch => f.write_str("the OAuth state does not match this transaction"),
            Self::InvalidToken(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for IdxError {}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OktaErrorBody {
    error_code: String,
    #[serde(default)]
    error_summary: String,
    #[serde(default)]
    error_causes: Vec<OktaErrorCause>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OktaErrorCause {
    #[serde(default)]
    error_summary: String,
}

#[derive(Deserialize)]
struct OAuthErrorBody {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// What an answer's headers said about when to try again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RetryHint {
    pub retry_after: Option<Duration>,
    pub reset_at: Option<u64>,
}

impl RetryHint {
    /// The rate-limit error these headers go with; `state` is the IDX document when the limit
    /// came as one (an operation limit keeps the form to go back to).
    fn rate_limited(self, summary: String, state: Option<IdxResponse>) -> IdxError {
        IdxError::RateLimited {
            retry_after: self.retry_after,
            reset_at: self.reset_at,
            summary,
            state: state.map(Box::new),
        }
    }
}

/// The summary of a 429 whose body says nothing usable.
const TOO_MANY_REQUESTS: &str = "Too many requests.";

/// Okta's rate-limit error code.
const RATE_LIMIT_CODE: &str = "E0000047";
/// The IDX message key of an operation rate limit.
const RATE_LIMIT_KEY: &str = "tooManyRequests";

/// Sorts an IDX answer into the next state (2xx IDX bodies) or an error. `hint` is what the
/// headers said about rate limits.
pub(crate) fn classify_idx(
    status: u16,
    body: &str,
    hint: RetryHint,
) -> Result<IdxResponse, IdxError> {
    let json: serde_json::Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(e) => return Err(not_json(status, body, hint, &e)),
    };
    if json.get("version").is_some() {
        let state = match IdxResponse::deserialize(&json) {
            Ok(s) => s,
            Err(e) => {
                return Err(malformed(status, format!("bad IDX document: {e}")));
            }
        };
        if status == 429 || state.has_message_key(RATE_LIMIT_KEY) {
            let summary = state
                .global_messages()
                .first()
                .map_or_else(|| TOO_MANY_REQUESTS.to_owned(), |m| m.message.clone());
            return Err(hint.rate_limited(summary, Some(state)));
        }
        if (200..300).contains(&status) {
            return Ok(state);
        }
        if status >= 500 && state.remediations().is_empty() {
            // Okta wraps its 5xx in an Ion document that only carries messages: a transient
            // failure of the server, never the end of the sign-in.
            let first = state.global_messages().first();
            return Err(IdxError::Okta {
                status,
                code: first.and_then(|m| m.key()).unwrap_or("E0000009").to_owned(),
                summary: first.map_or_else(String::new, |m| m.message.clone()),
                causes: Vec::new(),
            });
        }
        return Err(IdxError::State {
            status,
            state: Box::new(state),
        });
    }
    Err(classify_other(status, json, hint))
}

/// Sorts a non-IDX answer (interact, token, or an error body) into an error.
pub(crate) fn classify_other(status: u16, json: serde_json::Value, hint: RetryHint) -> IdxError {
    if let Ok(okta) = OktaErrorBody::deserialize(&json) {
        if okta.error_code == RATE_LIMIT_CODE || status == 429 {
            return hint.rate_limited(okta.error_summary, None);
        }
        return IdxError::Okta {
            status,
            code: okta.error_code,
            summary: okta.error_summary,
            causes: okta
                .error_causes
                .into_iter()
                .map(|c| c.error_summary)
                .collect(),
        };
    }
    if let Ok(oauth) = OAuthErrorBody::deserialize(&json) {
        if status == 429 {
            let summary = oauth.error_description.unwrap_or(oauth.error);
            return hint.rate_limited(summary, None);
        }
        return IdxError::OAuth {
            status,
            error: oauth.error,
            description: oauth.error_description,
        };
    }
    if status == 429 {
        return hint.rate_limited(TOO_MANY_REQUESTS.into(), None);
    }
    malformed(status, "JSON of no known shape".into())
}

/// An answer that is not JSON: a rate limit if the status says so (proxies answer 429 with
/// HTML), a malformed body otherwise.
pub(crate) fn not_json(
    status: u16,
    body: &str,
    hint: RetryHint,
    e: &serde_json::Error,
) -> IdxError {
    if status == 429 {
        return hint.rate_limited(TOO_MANY_REQUESTS.into(), None);
    }
    let reason = if body.trim().is_empty() {
        "empty body".to_owned()
    } else {
        format!("not JSON: {e}")
    };
    malformed(status, reason)
}

pub(crate) fn malformed(status: u16, reason: String) -> IdxError {
    IdxError::Malformed { status, reason }
}
