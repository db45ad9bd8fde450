//! What to tell the user about a call that did not produce a state to show.

use idx_protocol::IdxError;

use crate::strings::{Strings, Text};

/// The message for an error that is not an IDX state (those render as the state itself).
pub fn error_message(e: &IdxError, strings: &Strings) -> String {
    match e {
        IdxError::Transport(_) => strings.get(Text::NetworkError),
        IdxError::RateLimited { .. } => strings.get(Text::RateLimited),
        IdxError::OAuth {
            error, description, ..
        } if error == "access_denied" => description
            .clone()
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| strings.get(Text::NotEnabled)),
        IdxError::OAuth {
            description: Some(d),
            ..
        } if !d.is_empty() => d.clone(),
        IdxError::Okta {
            status, summary, ..
        } if *status < 500 && !summary.is_empty() => summary.clone(),
        IdxError::Malformed { .. } | IdxError::ForeignOrigin { .. } | IdxError::BadRequest(_) => {
            strings.get(Text::Unexpected)
        }
        IdxError::StateMismatch => strings.get(Text::Mismatch),
        // Server failures: Okta's own client replaces their summaries with a generic text.
        _ => strings.get(Text::ServerError),
    }
}

/// One error of each class, for tests and previews.
pub fn examples() -> Vec<IdxError> {
    vec![
        IdxError::Transport("Failed to fetch".into()),
        IdxError::RateLimited {
            retry_after: None,
            summary: "Too many requests".into(),
            state: None,
        },
        IdxError::OAuth {
            status: 400,
            error: "access_denied".into(),
            description: Some("The requested feature is not enabled in this environment.".into()),
        },
        IdxError::OAuth {
            status: 400,
            error: "invalid_grant".into(),
            description: Some("PKCE verification failed.".into()),
        },
        IdxError::Okta {
            status: 403,
            code: "E0000006".into(),
            summary: "You do not have permission.".into(),
            causes: vec![],
        },
        IdxError::Okta {
            status: 500,
            code: "E0000009".into(),
            summary: "Internal Server Error".into(),
            causes: vec![],
        },
        IdxError::Malformed {
            status: 200,
            reason: "not JSON".into(),
        },
        IdxError::StateMismatch,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_class_has_its_own_message() {
        let strings = Strings::default();
        let texts: Vec<String> = examples()
            .iter()
            .map(|e| error_message(e, &strings))
            .collect();
        assert_eq!(texts[0], Text::NetworkError.english());
        assert_eq!(texts[1], Text::RateLimited.english());
        assert_eq!(
            texts[2],
            "The requested feature is not enabled in this environment."
        );
        assert_eq!(texts[3], "PKCE verification failed.");
        assert_eq!(texts[4], "You do not have permission.");
        assert_eq!(texts[5], Text::ServerError.english());
        assert_eq!(texts[6], Text::Unexpected.english());
        assert_eq!(texts[7], Text::Mismatch.english());
    }
}
