//! Okta FastPass in the session: Okta Verify reached on its loopback ports (probe, then
//! challenge), opened by its custom URI or a link, and the cancel that tells the org why it
//! stopped.

use idx_protocol::Inputs;
use idx_protocol::names::{cancel_reason, remediation};

use super::{RequestKind, Session};
use crate::flow::events::Command;
use crate::flow::fastpass::{self, Loopback, Reach};
use crate::flow::{Announcement, Note, Step, StepKind};
use crate::strings::Text;

/// A loopback FastPass under way: the plan, whether Okta Verify took the challenge, and
/// whether Chrome refused this page the local network after every port failed.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LoopbackRun {
    plan: Loopback,
    found: bool,
    blocked: bool,
}

impl Session {
    /// Every loopback port failed and Chrome says this page may not reach the local network:
    /// the FastPass step says how to allow it.
    pub fn local_network_denied(&self) -> bool {
        self.loopback.as_ref().is_some_and(|run| run.blocked)
    }

    /// The link that opens Okta Verify on a FastPass step, with the username typed earlier.
    pub fn launch_href(&self) -> Option<String> {
        match self.transaction.step.as_ref().map(|s| &s.kind) {
            Some(StepKind::FastPass(f)) => f
                .href
                .as_deref()
                .map(|h| fastpass::with_login_hint(h, self.login_hint.as_deref())),
            _ => None,
        }
    }

    /// Okta Verify took the challenge: ask the org now rather than at the next interval.
    pub(super) fn challenge_taken(&mut self, now: u64, out: &mut Vec<Command>) {
        if let Some(run) = &mut self.loopback {
            run.found = true;
        }
        self.poller.due_now(now);
        self.poll_if_due(now, out);
    }

    /// Every port failed; Chrome's answer on the local network says whether the page was
    /// blocked (the step says how to allow it) or Okta Verify is simply not there.
    pub(super) fn local_network_answered(
        &mut self,
        permission: Option<&str>,
        out: &mut Vec<Command>,
    ) {
        if permission == Some("denied") {
            if let Some(run) = &mut self.loopback {
                run.blocked = true;
            }
            out.push(Command::Announce(Announcement::Says(
                Text::LocalNetworkTitle,
            )));
        } else {
            self.cancel_fastpass(cancel_reason::OV_UNREACHABLE_BY_LOOPBACK, None, out);
        }
    }

    /// A FastPass step starts by itself: probing Okta Verify's loopback ports, or opening
    /// Okta Verify by its custom URI, as Okta's widget does; links wait for the person.
    pub(super) fn start_fastpass(&mut self, step: &Step, out: &mut Vec<Command>) {
        let StepKind::FastPass(challenge) = &step.kind else {
            return;
        };
        match challenge.reach {
            Reach::Loopback => {
                let plan = self.transaction.state.as_ref().and_then(|state| {
                    let form = state.remediation(step.form.as_deref()?)?;
                    fastpass::loopback(state, form)
                });
                if let Some(plan) = plan {
                    self.loopback = Some(LoopbackRun {
                        plan,
                        found: false,
                        blocked: false,
                    });
                    self.probe(0, out);
                }
            }
            Reach::CustomUri => {
                if let Some(href) = &challenge.href {
                    let href = fastpass::with_login_hint(href, self.login_hint.as_deref());
                    out.push(Command::OpenApp(href));
                }
            }
            Reach::UniversalLink | Reach::AppLink => {}
        }
    }

    /// Probes the plan's target at `at`, or, past the last, asks whether the browser blocked
    /// them all.
    pub(super) fn probe(&mut self, at: usize, out: &mut Vec<Command>) {
        let Some(run) = &self.loopback else { return };
        if run.found {
            return;
        }
        let timeout_ms = run.plan.probe_timeout_ms;
        match run.plan.targets.get(at) {
            Some(base) => {
                let url = format!("{base}/probe");
                let ticket = self.requests.ticket(RequestKind::Probe(at));
                out.push(Command::Probe {
                    ticket,
                    url,
                    timeout_ms,
                });
            }
            None => {
                let ticket = self.requests.ticket(RequestKind::LocalNetwork);
                out.push(Command::QueryLocalNetwork { ticket });
            }
        }
    }

    /// Hands the challenge to the Okta Verify that answered the probe at `at`.
    pub(super) fn challenge(&mut self, at: usize, out: &mut Vec<Command>) {
        let Some(run) = &self.loopback else { return };
        let Some(base) = run.plan.targets.get(at) else {
            return;
        };
        let url = format!("{base}/challenge");
        let challenge_request = run.plan.challenge_request.clone();
        let ticket = self.requests.ticket(RequestKind::Challenge(at));
        out.push(Command::Challenge {
            ticket,
            url,
            challenge_request,
            timeout_ms: fastpass::CHALLENGE_TIMEOUT_MS,
        });
    }

    /// Ends the loopback exchange: its answers are dropped and the driver aborts what is out.
    pub(super) fn stop_probing(&mut self, out: &mut Vec<Command>) {
        if self.loopback.take().is_some() {
            self.requests.forget(|kind| {
                matches!(
                    kind,
                    RequestKind::Probe(_) | RequestKind::Challenge(_) | RequestKind::LocalNetwork
                )
            });
            out.push(Command::StopProbing);
        }
    }

    /// Tells the org why FastPass stops, with Okta's `reason` and `statusCode`, and renders
    /// what it answers (the way on: another authenticator, back to sign in). Polling stops
    /// first, as in Okta's widget, so a late poll does not race the cancel.
    pub(super) fn cancel_fastpass(
        &mut self,
        reason: &str,
        status: Option<u16>,
        out: &mut Vec<Command>,
    ) {
        let form = self
            .current_form()
            .and_then(|(state, _, form)| fastpass::cancel_form(state, form, reason, status));
        self.stop_probing(out);
        let Some(form) = form else {
            // Nothing to tell the org: Okta Verify could not be reached; the ways out stay.
            if reason != cancel_reason::USER_CANCELED {
                self.notes.banner = Some(Note::FastPassUnreachable);
            }
            return;
        };
        self.poller.stop();
        self.requests
            .forget(|kind| matches!(kind, RequestKind::Poll(_)));
        self.send_form(form, Inputs::new(), out);
    }

    /// "Sign in with Okta FastPass": a universal or app link opens Okta Verify first, then the
    /// org is asked for the challenge, as Okta's widget does.
    pub(super) fn launch_fastpass(&mut self, username: &Option<String>, out: &mut Vec<Command>) {
        let Some(state) = &self.transaction.state else {
            return;
        };
        let Some(form) = state
            .remediation(remediation::LAUNCH_AUTHENTICATOR)
            .cloned()
        else {
            return;
        };
        let link = match fastpass::step(state, &form) {
            Some(launch) if matches!(launch.reach, Reach::UniversalLink | Reach::AppLink) => {
                launch.href
            }
            _ => None,
        };
        if let Some(name) = username.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            self.login_hint = Some(name.to_owned());
        }
        if let Some(href) = link {
            let href = fastpass::with_login_hint(&href, self.login_hint.as_deref());
            out.push(Command::OpenApp(href));
        }
        self.send_form(form, Inputs::new(), out);
    }
}
