//! Polling in the session: a poll sent when the policy (`flow::poll`) says one is due, and
//! each answer read as the same step (still waiting), a new one, or a failure to retry or
//! show; rate limits waited out as the org says.

use idx_protocol::names::field;
use idx_protocol::{IdxError, IdxResponse, Inputs};

use super::{RequestKind, Session};
use crate::error::{Failure, Reason};
use crate::flow::events::{Command, Timer};
use crate::flow::poll::{self, PollAnswer, PollDecision};
use crate::flow::recognise::poll_form;
use crate::flow::{Note, derive};
use crate::strings::Text;

impl Session {
    pub(super) fn poll_if_due(&mut self, now: u64, out: &mut Vec<Command>) {
        match self.poller.wait(now) {
            Some(0) => {}
            Some(wait) => {
                out.push(Command::Schedule {
                    timer: Timer::Poll,
                    after_ms: wait,
                });
                return;
            }
            None => return,
        }
        let form = self
            .current_form()
            .and_then(|(state, step, form)| poll_form(state, form, &step.kind).cloned());
        let (Some(form), Some(round)) = (form, self.poller.begin(now)) else {
            self.poller.stop();
            return;
        };
        let mut inputs = Inputs::new();
        if form.field(field::AUTO_CHALLENGE).is_some()
            && let Some(on) = self.transaction.auto_challenge
        {
            inputs.set(field::AUTO_CHALLENGE, on);
        }
        let ticket = self.requests.ticket(RequestKind::Poll(round));
        out.push(Command::Poll {
            ticket,
            form: Box::new(form),
            inputs,
        });
    }

    pub(super) fn polled(
        &mut self,
        round: poll::Round,
        result: Result<IdxResponse, IdxError>,
        now: u64,
        out: &mut Vec<Command>,
    ) {
        let answer = match &result {
            Ok(next) => {
                // The step shown, read from the answer the way it was read (the same switch): the
                // same kind and form is still waiting; anything else ends polling.
                let after = derive(next, self.transaction.switched_to.as_deref());
                let shown = self.transaction.step.as_ref();
                if shown.is_some_and(|shown| shown.same_as(&after)) {
                    PollAnswer::Same {
                        refresh: after.refresh,
                    }
                } else {
                    PollAnswer::Changed
                }
            }
            Err(e @ IdxError::RateLimited { .. }) => PollAnswer::RateLimited {
                retry_after: Some(rate_limit_wait(e, now)),
            },
            // Messages with no way on (access denied after the approval, a device the org
            // refuses) are the org's last word, as in Okta's widget: show them, stop.
            Err(IdxError::Transport(_) | IdxError::Malformed { .. }) => PollAnswer::Failed,
            Err(IdxError::Okta { status, .. }) if *status >= 500 => PollAnswer::Failed,
            Err(_) => PollAnswer::Changed,
        };
        let schedule = |after_ms| Command::Schedule {
            timer: Timer::Poll,
            after_ms,
        };
        match (self.poller.answer(round, answer, now), result) {
            (PollDecision::Ignore, _) => {}
            (PollDecision::Continue { after }, Ok(next)) => {
                // Still waiting: keep the newest state handle; the step (and view) stay.
                self.notes.notice = None;
                self.transaction.state = Some(next);
                out.push(schedule(after));
            }
            (PollDecision::Continue { after }, Err(_)) => {
                self.notes.notice = Some(Note::RateLimitedFor(after.div_ceil(1000)));
                out.push(schedule(after));
            }
            (PollDecision::Retry { after, failures: 0 }, _) => {
                // Back from another app: a failure right then is the browser's, not the org's.
                out.push(schedule(after));
            }
            (PollDecision::Retry { after, .. }, _) => {
                self.notes.notice = Some(Note::Reconnecting);
                out.push(schedule(after));
            }
            (PollDecision::Render, Ok(next)) => self.apply(next, now, out),
            (PollDecision::Render, Err(IdxError::State { state, .. })) => {
                self.apply(*state, now, out)
            }
            (PollDecision::Render, Err(e)) => {
                self.notes.notice = None;
                self.notes.banner = Some(failed_call(&e, now));
            }
            (PollDecision::GiveUp, _) => {
                self.notes.notice = None;
                self.notes.banner = Some(Note::Failed(Reason::Own(Text::NetworkError)));
            }
        }
    }
}

/// What the banner says of a call that failed without a state to show: how long to wait when
/// the org rate-limited it.
pub(super) fn failed_call(e: &IdxError, now: u64) -> Note {
    match e {
        IdxError::RateLimited { .. } => {
            Note::RateLimitedFor(rate_limit_wait(e, now).div_ceil(1000))
        }
        _ => Note::Failed(Failure::from_idx(e).reason),
    }
}

/// How long to wait after a rate limit, in milliseconds: what `Retry-After` said, else until
/// `x-rate-limit-reset` by this page's clock (`now` is milliseconds since the epoch in the
/// browser), else a minute, as Okta's own widgets do.
fn rate_limit_wait(e: &IdxError, now: u64) -> u64 {
    match e {
        // A wait too long for milliseconds in a u64 is the longest wait, not a wrapped one.
        IdxError::RateLimited {
            retry_after: Some(wait),
            ..
        } => u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
        IdxError::RateLimited {
            reset_at: Some(reset),
            ..
        } => reset.saturating_mul(1000).saturating_sub(now).max(1000),
        _ => poll::RATE_LIMIT_WAIT_MS,
    }
}
