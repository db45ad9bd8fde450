//! The Leptos side: the [`SignIn`] component drives the protocol (through idx-protocol's client)
//! and renders one view per step. Views only render state and dispatch [`Action`]s.

mod common;
mod driver;
mod views;

pub use driver::{Action, SignIn, Widget};
