//! The sign-in as pure Rust with no DOM, tested natively: which step the user is on
//! ([`step`]), what the user asks for ([`action`]), when to poll ([`poll`]), the session that
//! ties them together ([`session`]), the inputs of a form with no step of its own
//! ([`generic`]): events in, commands out ([`events`]), what it has to say ([`note`]), the
//! transaction kept across a reload ([`saved`]) and what the page's address brings back to it
//! ([`landing`]), and what the side doors read: sign-up's profile ([`profile`]), identity
//! providers ([`idp`]) and consent ([`consent`]).

pub mod action;
pub mod authenticators;
pub mod captcha;
pub mod consent;
pub mod events;
pub mod fastpass;
pub mod generic;
pub mod idp;
pub mod landing;
pub mod note;
pub mod poll;
pub mod profile;
pub mod recognise;
pub mod saved;
pub mod session;
pub mod step;

pub use action::{Action, Address, Alternative, Question};
pub use consent::{ConsentKind, Scope};
pub use events::{
    Command, EndSession, Event, HostEvent, Href, LoopbackFailure, Phase, Reply, Ticket, Timer,
};
pub use fastpass::{FastPass, Reach};
pub use idp::IdentityProvider;
pub use note::{Announcement, Note};
pub use profile::{AttributeInput, ProfileAttribute};
pub use recognise::derive;
pub use saved::SavedTransaction;
pub use session::Session;
pub use step::{
    CeremonyError, Channel, Choice, CodeSource, PasswordReason, Purpose, Rule, Step, StepKind,
    TerminalKind, WebAuthnName,
};
