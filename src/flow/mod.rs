//! The sign-in as pure Rust with no DOM, tested natively: which step the user is on
//! ([`step`]), what the user asks for ([`action`]), when to poll ([`poll`]), and the session that
//! ties them together ([`session`]): events in, commands out.

pub mod action;
pub mod poll;
pub mod session;
pub mod step;

pub use action::{Action, Address, Alternative};
pub use session::{Command, Event, HostEvent, Phase, Reply, Session, Ticket, Timer};
pub use step::{Channel, Choice, Purpose, Step, StepKind, derive};
