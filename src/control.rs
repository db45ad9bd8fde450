//! What the host can do to a mounted widget.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::Callable;
use leptos::prelude::Callback;

use crate::flow::Action;

/// A remote for one mounted [`SignIn`](crate::SignIn): give it as the `control` prop, keep a
/// clone, and call [`SignInControl::sign_out`] when the user signs out. The JavaScript handle's
/// `signOut()` is the same.
#[derive(Clone, Default)]
pub struct SignInControl {
    dispatch: Rc<Cell<Option<Callback<Action>>>>,
}

impl SignInControl {
    /// A remote not yet attached to a widget.
    pub fn new() -> Self {
        Self::default()
    }

    /// Revokes the tokens at the org (access and refresh), removes whatever the widget stored,
    /// and returns the widget to its first step. Does nothing once the widget is removed.
    pub fn sign_out(&self) {
        if let Some(dispatch) = self.dispatch.get() {
            dispatch.run(Action::SignOut);
        }
    }

    pub(crate) fn attach(&self, dispatch: Option<Callback<Action>>) {
        self.dispatch.set(dispatch);
    }
}
