//! What the session has to say ([`Note`], [`Announcement`]), in the page's language. The
//! views and the live region take their words from here, so a text the session announces and
//! the view shows is written once. What the org sent stays its text (a host's replacement by
//! i18n key aside), and goes into text nodes, never markup.

use crate::flow::{Announcement, Channel, Note};
use crate::strings::{Strings, Text};

/// A banner or a notice.
pub fn note(s: &Strings, note: &Note) -> String {
    match note {
        Note::Failed(reason) => reason.text(s),
        Note::RateLimitedFor(seconds) => {
            s.fill(Text::RateLimitedFor, "seconds", &seconds.to_string())
        }
        Note::Reconnecting => s.get(Text::Reconnecting),
        Note::Server(messages) if messages.is_empty() => s.get(Text::ServerError),
        Note::Server(messages) => messages
            .iter()
            .map(|m| s.server(m.key(), &m.message))
            .collect::<Vec<_>>()
            .join(" "),
        Note::IdpRefused => s.get(Text::IdpRefused),
        Note::FastPassUnreachable => s.get(Text::FastPassUnreachable),
    }
}

/// What the live region says.
pub fn announcement(s: &Strings, announcement: &Announcement) -> String {
    match announcement {
        Announcement::Nothing => String::new(),
        Announcement::Says(text) => s.get(*text),
        Announcement::SessionFound(user) => session_found(s, user),
        Announcement::LinkSent { channel, address } => link_sent(s, *channel, address.as_deref()),
        Announcement::PushSent { number } => {
            format!(
                "{} {}",
                s.get(Text::PushSentTitle),
                push_sent(s, number.as_deref())
            )
        }
        Announcement::Failed(reason) => reason.text(s),
    }
}

/// "Continue as {user}?", or only "Continue" when the org did not say who.
pub fn session_found(s: &Strings, user: &str) -> String {
    if user.is_empty() {
        s.get(Text::SessionContinue)
    } else {
        s.fill(Text::SessionFoundTitle, "user", user)
    }
}

/// Where a setup link went.
pub fn link_sent(s: &Strings, channel: Channel, address: Option<&str>) -> String {
    let text = match channel {
        Channel::Sms => Text::SentSms,
        _ => Text::SentEmail,
    };
    s.fill(text, "address", address.unwrap_or(""))
}

/// What to do with the push just sent: tap the number, or just respond.
pub fn push_sent(s: &Strings, number: Option<&str>) -> String {
    match number {
        Some(n) => s.fill(Text::NumberText, "number", n),
        None => s.get(Text::PushSentText),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Reason;

    #[test]
    fn notes_are_the_widget_s_words_or_the_org_s() {
        let s = Strings::default();
        assert_eq!(
            note(&s, &Note::RateLimitedFor(60)),
            "Too many attempts. Waiting 60 seconds before trying again…"
        );
        assert_eq!(
            note(&s, &Note::Server(Vec::new())),
            Text::ServerError.english()
        );
        assert_eq!(
            note(&s, &Note::Failed(Reason::Org("<b>Bad request.</b>".into()))),
            "<b>Bad request.</b>"
        );
        let sent = Announcement::PushSent {
            number: Some("52".into()),
        };
        assert_eq!(
            announcement(&s, &sent),
            "Push notification sent On your mobile device, open the Okta Verify prompt, then tap 52 in Okta Verify to continue."
        );
        assert_eq!(announcement(&s, &Announcement::Nothing), "");
        assert_eq!(
            announcement(&s, &Announcement::SessionFound("ann@example.com".into())),
            "Continue as ann@example.com?"
        );
    }
}
