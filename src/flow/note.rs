//! What the session has to say, as typed values: the banner above a step, the notice under a
//! waiting step, and what the live region announces. The session decides them without knowing
//! the page's language; `ui/words.rs` puts them into words. What the org sent stays the org's
//! text, shown as text.

use idx_protocol::model::Message;

use crate::error::Reason;
use crate::flow::Channel;
use crate::strings::Text;

/// A banner (a request that failed, the step kept) or a notice (polling trouble).
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// A request failed without a state to show.
    Failed(Reason),
    /// The org asked to slow down: the wait before the next try, in seconds.
    RateLimitedFor(u64),
    /// Polling failed and is being tried again.
    Reconnecting,
    /// The org refused a request and the step stays: its messages (none when it gave no
    /// reason).
    Server(Vec<Message>),
    /// An identity provider off the org's origin, not followed.
    IdpRefused,
    /// Okta Verify could not be reached on this device; the other ways stay.
    FastPassUnreachable,
}

/// What the polite live region says when something happens that the focused heading does not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Announcement {
    /// Nothing: the focused heading speaks, and an earlier text must not linger.
    #[default]
    Nothing,
    /// One of the widget's own texts.
    Says(Text),
    /// The org's session in this browser signed this user in (empty when it did not say who).
    SessionFound(String),
    /// A setup link went out by this channel, to this address as the org shows it.
    LinkSent {
        /// SMS or email.
        channel: Channel,
        /// The (masked) address.
        address: Option<String>,
    },
    /// A push went out, with the number to tap for a number challenge.
    PushSent {
        /// The number challenge.
        number: Option<String>,
    },
    /// Why the widget stopped.
    Failed(Reason),
}
