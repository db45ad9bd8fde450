//! Which step the user is on and what it may do next, derived from the server's latest state;
//! and when to poll. Pure Rust with no DOM, tested natively.

pub mod poll;
pub mod step;

pub use poll::{PollAnswer, PollDecision, Poller};
pub use step::{Alternatives, Channel, Choice, Purpose, Step, StepKind, derive};
