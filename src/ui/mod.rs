//! The Leptos side: the [`SignIn`] component drives the protocol (through idx-protocol's client)
//! and renders one view per step. Views only render state and dispatch [`Action`]s.

mod common;
mod driver;
pub mod errors;
mod preview;
mod views;

pub use driver::{Action, Phase, SignIn, Widget};
pub use preview::StepPreview;
