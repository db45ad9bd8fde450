//! WebAuthn in the session: the dialog the person opens (enroll or verify a passkey or
//! security key), passkey autofill on the username field, and what each gives back.

use idx_protocol::webauthn;

use super::{RequestKind, Session};
use crate::flow::events::Command;
use crate::flow::{Announcement, CeremonyError, Purpose, Step, StepKind};
use crate::strings::Text;

impl Session {
    /// Opens the browser's WebAuthn dialog for the step's enrollment or verification.
    pub(super) fn open_ceremony(&mut self, step: &Step, out: &mut Vec<Command>) {
        let StepKind::WebAuthn { purpose, .. } = step.kind else {
            return;
        };
        let ticket = self.requests.ticket(RequestKind::Ceremony);
        let command = self.transaction.state.as_ref().and_then(|state| {
            let form = step
                .form
                .as_deref()
                .and_then(|name| state.remediation(name));
            let authenticator = form
                .and_then(|f| state.related(f))
                .or_else(|| state.current())?;
            Some(match purpose {
                Purpose::Enroll => webauthn::creation_options(state, authenticator).map(|o| {
                    Command::WebAuthnCreate {
                        ticket,
                        options: Box::new(o),
                    }
                }),
                _ => {
                    webauthn::request_options(state, authenticator).map(|o| Command::WebAuthnGet {
                        ticket,
                        options: Box::new(o),
                        autofill: false,
                    })
                }
            })
        });
        self.notes.banner = None;
        self.notes.ceremony_error = None;
        match command {
            Some(Ok(command)) => {
                out.push(command);
                out.push(Command::Announce(Announcement::Says(Text::WebAuthnWaiting)));
            }
            _ => {
                self.requests.forget_ticket(ticket);
                self.ceremony_failed(CeremonyError::Unusable, out);
            }
        }
    }

    /// Starts passkey autofill when the identify step offers it; the driver answers
    /// `NotSupported` where the browser cannot, which leaves the plain username field.
    pub(super) fn start_autofill(&mut self, out: &mut Vec<Command>) {
        let Some(Ok(options)) = self
            .transaction
            .state
            .as_ref()
            .and_then(webauthn::autofill_options)
        else {
            return;
        };
        let ticket = self.requests.ticket(RequestKind::Autofill);
        out.push(Command::WebAuthnGet {
            ticket,
            options: Box::new(options),
            autofill: true,
        });
    }

    /// Ends any ceremony still open (its step is gone, and what it gives would be stale), and
    /// has the driver abort it.
    pub(super) fn drop_ceremonies(&mut self, out: &mut Vec<Command>) {
        if self
            .requests
            .forget(|kind| matches!(kind, RequestKind::Ceremony | RequestKind::Autofill))
        {
            out.push(Command::AbortWebAuthn);
        }
    }

    pub(super) fn ceremony_failed(&mut self, error: CeremonyError, out: &mut Vec<Command>) {
        if let Some(text) = error.text() {
            self.notes.ceremony_error = Some(error);
            out.push(Command::Announce(Announcement::Says(text)));
        }
    }

    /// A new credential: sent in the enrollment form.
    pub(super) fn created(
        &mut self,
        result: Result<webauthn::Attestation, CeremonyError>,
        out: &mut Vec<Command>,
    ) {
        match result {
            Ok(attestation) => {
                let Some(form) = self.step_form() else { return };
                let inputs = attestation.inputs(&form);
                self.send_form(form, inputs, out);
            }
            Err(error) => self.ceremony_failed(error, out),
        }
    }

    /// A signature: sent in the challenge form, or, from passkey autofill, in its own form.
    pub(super) fn asserted(
        &mut self,
        autofill: bool,
        result: Result<webauthn::Assertion, CeremonyError>,
        out: &mut Vec<Command>,
    ) {
        let form = if autofill {
            self.transaction
                .state
                .as_ref()
                .and_then(|s| s.remediation(webauthn::AUTOFILL_REMEDIATION))
                .cloned()
        } else {
            self.step_form()
        };
        match (result, form) {
            (Ok(assertion), Some(form)) => {
                let inputs = assertion.inputs(&form);
                self.send_form(form, inputs, out);
            }
            // Autofill fails quietly: the person still has the username field.
            (Err(_), _) if autofill => {}
            (Err(error), _) => self.ceremony_failed(error, out),
            (Ok(_), None) => {}
        }
    }
}
