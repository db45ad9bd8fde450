//! When to poll, as a value: one request in flight at a time, the interval from the latest
//! answer, back-off on rate limits and failures, stop on step change, cancel or unmount, and
//! answers that arrive after any of those ignored (the race Okta's widget had to fix later).
//! Times are milliseconds since the epoch (the page's `Date.now()`); tests drive them with a
//! fake clock.

/// What a poll request came back with, as far as polling cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollAnswer {
    /// The same step again (still waiting), with the server's new `refresh`, if any.
    Same { refresh: Option<u64> },
    /// Another step (success, rejected, next factor, an error state to show).
    Changed,
    /// Rate limited; the server's wait, if it said.
    RateLimited { retry_after: Option<u64> },
    /// No usable answer (network down, dropped connection, 5xx, a body that is not JSON).
    Failed,
}

/// What the caller does with an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollDecision {
    /// The answer belongs to a poll that was stopped or replaced: drop it, change nothing.
    Ignore,
    /// Keep the step; the next poll is due in this many milliseconds.
    Continue { after: u64 },
    /// Keep the step and retry in `after` ms; tell the user when `failures` is above zero.
    Retry { after: u64, failures: u32 },
    /// Polling is over: show the new state.
    Render,
    /// Too many failures in a row: stop and show a connection error.
    GiveUp,
}

/// One poll request, named by the poller generation it was begun in: its answer is only
/// heeded while the poller is still in that generation and waiting for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Round(u64);

/// Longest wait between polls after failures or rate limits.
pub const MAX_BACKOFF_MS: u64 = 60_000;
/// Wait after a rate limit that did not say how long, as Okta's widgets do.
pub const RATE_LIMIT_WAIT_MS: u64 = 60_000;
/// Longest wait after a rate limit, whatever the server said.
pub const MAX_RATE_LIMIT_WAIT_MS: u64 = 300_000;
/// Longest interval between polls, whatever `refresh` the server asks for: a value read from
/// the wire bounds every wait it feeds.
pub const MAX_REFRESH_MS: u64 = 300_000;
/// Shortest interval between polls, whatever `refresh` the server (or a proxy) asks for: the
/// widget never polls back to back.
pub const MIN_REFRESH_MS: u64 = 1_000;
/// Pause before polling once the page is visible again (the network may still be waking up).
pub const VISIBLE_DELAY_MS: u64 = 500;
/// Polls that fail right after the page became visible again and are retried without counting
/// as failures (iOS Safari's "Load failed" on returning from Okta Verify).
pub const VISIBLE_RETRIES: u32 = 3;
/// Failures in a row before polling gives up.
pub const MAX_FAILURES: u32 = 6;

/// The polling state of one waiting step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Poller {
    generation: u64,
    running: bool,
    in_flight: bool,
    refresh: u64,
    next_at: u64,
    failures: u32,
    visible_retries: u32,
    forgive_in_flight: bool,
}

impl Poller {
    /// A poller that is not running.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts (or restarts, for a new step) polling every `refresh` ms; the first poll is due
    /// one interval from now. Any request still in flight from before is now stale.
    pub fn start(&mut self, now: u64, refresh: u64) {
        self.generation += 1;
        self.running = true;
        self.in_flight = false;
        self.refresh = bounded(refresh);
        self.next_at = now + self.refresh;
        self.failures = 0;
        self.visible_retries = 0;
        self.forgive_in_flight = false;
    }

    /// Stops polling (step change, cancel, success, unmount). Answers in flight are ignored.
    pub fn stop(&mut self) {
        self.generation += 1;
        self.running = false;
        self.in_flight = false;
        self.forgive_in_flight = false;
    }

    #[cfg(test)]
    /// Which start this is: changes on every start and stop, so a test can tell one polling run
    /// from the next.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    #[cfg(test)]
    /// Whether polling is on.
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// Milliseconds until the next poll is due (0 when due now); `None` when nothing is due
    /// (stopped, or a request is out).
    pub fn wait(&self, now: u64) -> Option<u64> {
        (self.running && !self.in_flight).then(|| self.next_at.saturating_sub(now))
    }

    /// Begins a poll if one is due now; at most one is ever out.
    pub fn begin(&mut self, now: u64) -> Option<Round> {
        if self.wait(now) != Some(0) {
            return None;
        }
        self.in_flight = true;
        Some(Round(self.generation))
    }

    /// The page became visible again: poll shortly if nothing is out (browsers slow timers in
    /// hidden tabs, and the user is probably back from the phone), forgiving the first few
    /// failures.
    pub fn page_visible(&mut self, now: u64) {
        if !self.running {
            return;
        }
        if self.in_flight {
            // The poll that was out while the page was away (iOS Safari back from
            // Okta Verify) fails on return; it is the browser's failure, not the org's.
            self.forgive_in_flight = true;
        } else {
            self.next_at = self.next_at.min(now + VISIBLE_DELAY_MS);
        }
        self.visible_retries = VISIBLE_RETRIES;
    }

    /// The page was hidden: a poll out now may be cut off by the browser, so its failure is
    /// forgiven like one right after the page comes back.
    pub fn page_hidden(&mut self) {
        if self.running && self.in_flight {
            self.forgive_in_flight = true;
        }
    }

    /// Polls as soon as nothing is out (Okta Verify just took a FastPass challenge).
    pub fn due_now(&mut self, now: u64) {
        if self.running {
            self.next_at = self.next_at.min(now);
        }
    }

    /// Applies the answer to a poll.
    pub fn answer(&mut self, round: Round, answer: PollAnswer, now: u64) -> PollDecision {
        if round.0 != self.generation || !self.running || !self.in_flight {
            return PollDecision::Ignore;
        }
        self.in_flight = false;
        let forgiven = std::mem::take(&mut self.forgive_in_flight);
        match answer {
            PollAnswer::Same { refresh } => {
                self.failures = 0;
                self.visible_retries = 0;
                if let Some(r) = refresh {
                    self.refresh = bounded(r);
                }
                self.next_at = now + self.refresh;
                PollDecision::Continue {
                    after: self.refresh,
                }
            }
            PollAnswer::Changed => {
                self.stop();
                PollDecision::Render
            }
            PollAnswer::RateLimited { retry_after } => {
                // Never `clamp` with a server's value: it panics when min > max.
                let wait = retry_after
                    .unwrap_or(RATE_LIMIT_WAIT_MS)
                    .max(self.refresh)
                    .min(MAX_RATE_LIMIT_WAIT_MS);
                self.next_at = now + wait;
                PollDecision::Continue { after: wait }
            }
            PollAnswer::Failed if forgiven || self.visible_retries > 0 => {
                self.visible_retries = self.visible_retries.saturating_sub(1);
                self.next_at = now + VISIBLE_DELAY_MS;
                PollDecision::Retry {
                    after: VISIBLE_DELAY_MS,
                    failures: 0,
                }
            }
            PollAnswer::Failed => {
                self.failures += 1;
                if self.failures >= MAX_FAILURES {
                    self.stop();
                    return PollDecision::GiveUp;
                }
                let wait = self
                    .refresh
                    .saturating_mul(1 << self.failures.min(6))
                    .min(MAX_BACKOFF_MS);
                self.next_at = now + wait;
                PollDecision::Retry {
                    after: wait,
                    failures: self.failures,
                }
            }
        }
    }
}

/// A server's `refresh` as an interval: at least [`MIN_REFRESH_MS`], at most
/// [`MAX_REFRESH_MS`].
pub fn bounded(refresh: u64) -> u64 {
    // Both bounds are ours, so `clamp` cannot panic here.
    refresh.clamp(MIN_REFRESH_MS, MAX_REFRESH_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake clock: the test moves time by hand.
    struct Clock(u64);

    impl Clock {
        fn advance(&mut self, ms: u64) -> u64 {
            self.0 += ms;
            self.0
        }
    }

    #[test]
    fn polls_every_refresh_with_one_request_in_flight() {
        let mut clock = Clock(1_000);
        let mut p = Poller::new();
        assert_eq!(p.wait(clock.0), None, "not running yet");
        p.start(clock.0, 4000);
        assert_eq!(p.wait(clock.0), Some(4000));
        assert!(p.begin(clock.advance(3999)).is_none(), "not due yet");
        let round = p.begin(clock.advance(1)).expect("due");
        assert!(p.begin(clock.0).is_none(), "never two requests out");
        assert_eq!(
            p.wait(clock.advance(10_000)),
            None,
            "nothing is scheduled while one is out"
        );
        assert_eq!(
            p.answer(round, PollAnswer::Same { refresh: None }, clock.0),
            PollDecision::Continue { after: 4000 }
        );
        assert_eq!(
            p.wait(clock.0),
            Some(4000),
            "the next interval counts from the answer"
        );
    }

    #[test]
    fn a_huge_refresh_then_a_rate_limit_waits_the_longest_bounded_time() {
        // A refresh above the rate-limit ceiling once made `clamp` panic (min > max).
        let mut clock = Clock(0);
        let mut p = Poller::new();
        p.start(clock.0, u64::MAX);
        assert_eq!(p.wait(clock.0), Some(MAX_REFRESH_MS));
        let t = p.begin(clock.advance(MAX_REFRESH_MS)).unwrap();
        assert_eq!(
            p.answer(
                t,
                PollAnswer::Same {
                    refresh: Some(400_000)
                },
                clock.0
            ),
            PollDecision::Continue {
                after: MAX_REFRESH_MS
            }
        );
        for retry_after in [None, Some(0), Some(u64::MAX)] {
            let t = p.begin(clock.advance(MAX_REFRESH_MS)).unwrap();
            assert_eq!(
                p.answer(t, PollAnswer::RateLimited { retry_after }, clock.0),
                PollDecision::Continue {
                    after: MAX_RATE_LIMIT_WAIT_MS
                },
                "{retry_after:?}"
            );
            clock.advance(MAX_RATE_LIMIT_WAIT_MS - MAX_REFRESH_MS);
        }
    }

    #[test]
    fn a_tiny_refresh_still_waits_a_second_between_polls() {
        // A server or proxy saying `refresh: 0` must not make the widget poll
        // back to back.
        let mut clock = Clock(0);
        let mut p = Poller::new();
        p.start(clock.0, 0);
        assert_eq!(p.wait(clock.0), Some(MIN_REFRESH_MS));
        let t = p.begin(clock.advance(MIN_REFRESH_MS)).unwrap();
        assert_eq!(
            p.answer(t, PollAnswer::Same { refresh: Some(1) }, clock.0),
            PollDecision::Continue {
                after: MIN_REFRESH_MS
            }
        );
        let t = p.begin(clock.advance(MIN_REFRESH_MS)).unwrap();
        assert_eq!(
            p.answer(
                t,
                PollAnswer::RateLimited {
                    retry_after: Some(0)
                },
                clock.0
            ),
            PollDecision::Continue {
                after: MIN_REFRESH_MS
            },
            "not even a rate limit that says 0 s"
        );
    }

    #[test]
    fn the_latest_refresh_sets_the_interval() {
        let mut clock = Clock(0);
        let mut p = Poller::new();
        p.start(clock.0, 4000);
        let t = p.begin(clock.advance(4000)).unwrap();
        assert_eq!(
            p.answer(
                t,
                PollAnswer::Same {
                    refresh: Some(1000)
                },
                clock.0
            ),
            PollDecision::Continue { after: 1000 }
        );
        let t = p.begin(clock.advance(1000)).unwrap();
        assert_eq!(
            p.answer(t, PollAnswer::Same { refresh: None }, clock.0),
            PollDecision::Continue { after: 1000 }
        );
    }

    #[test]
    fn a_change_stops_polling() {
        let mut clock = Clock(0);
        let mut p = Poller::new();
        p.start(clock.0, 1000);
        let t = p.begin(clock.advance(1000)).unwrap();
        assert_eq!(
            p.answer(t, PollAnswer::Changed, clock.0),
            PollDecision::Render
        );
        assert!(!p.is_running());
        assert_eq!(p.wait(clock.advance(5000)), None);
    }

    #[test]
    fn an_answer_after_cancel_or_a_step_switch_is_ignored() {
        let mut clock = Clock(0);
        let mut p = Poller::new();
        p.start(clock.0, 1000);
        let t = p.begin(clock.advance(1000)).unwrap();
        p.stop(); // the user pressed "Back to sign in" while the poll was out
        assert_eq!(
            p.answer(t, PollAnswer::Changed, clock.advance(50)),
            PollDecision::Ignore
        );

        // The user switched to another poll step ("try a different way", then email) while the
        // old step's poll was out: its late answer must not touch the new step.
        p.start(clock.0, 1000);
        let old = p.begin(clock.advance(1000)).unwrap();
        let generation = p.generation();
        p.start(clock.0, 4000);
        assert_ne!(
            p.generation(),
            generation,
            "a loop for the old step can tell it is replaced"
        );
        assert_eq!(
            p.answer(old, PollAnswer::Changed, clock.advance(10)),
            PollDecision::Ignore
        );
        assert!(p.is_running());
        assert_eq!(
            p.wait(clock.0),
            Some(3990),
            "the new step's schedule is untouched"
        );
        // Unmount: stop, and a late answer is ignored.
        let t = p.begin(clock.advance(3990)).unwrap();
        p.stop();
        assert_eq!(
            p.answer(t, PollAnswer::Same { refresh: None }, clock.0),
            PollDecision::Ignore
        );
        assert_eq!(p.wait(clock.0), None);
    }

    #[test]
    fn rate_limits_wait_what_the_server_said_or_a_minute() {
        let mut clock = Clock(0);
        let mut p = Poller::new();
        p.start(clock.0, 1000);
        let t = p.begin(clock.advance(1000)).unwrap();
        assert_eq!(
            p.answer(
                t,
                PollAnswer::RateLimited {
                    retry_after: Some(7000)
                },
                clock.0
            ),
            PollDecision::Continue { after: 7000 }
        );
        assert!(
            p.begin(clock.advance(6999)).is_none(),
            "not before the wait"
        );
        let t = p.begin(clock.advance(1)).unwrap();
        assert_eq!(
            p.answer(t, PollAnswer::RateLimited { retry_after: None }, clock.0),
            PollDecision::Continue {
                after: RATE_LIMIT_WAIT_MS
            },
            "a limit that does not say how long: a minute, as Okta's widgets wait"
        );
        let t = p.begin(clock.advance(RATE_LIMIT_WAIT_MS)).unwrap();
        assert_eq!(
            p.answer(
                t,
                PollAnswer::RateLimited {
                    retry_after: Some(9_999_000)
                },
                clock.0
            ),
            PollDecision::Continue {
                after: MAX_RATE_LIMIT_WAIT_MS
            },
            "capped"
        );
        let t = p.begin(clock.advance(MAX_RATE_LIMIT_WAIT_MS)).unwrap();
        assert_eq!(
            p.answer(t, PollAnswer::Same { refresh: None }, clock.0),
            PollDecision::Continue { after: 1000 }
        );
    }

    #[test]
    fn failures_back_off_then_give_up_and_a_success_resets_them() {
        let mut clock = Clock(0);
        let mut p = Poller::new();
        p.start(clock.0, 1000);
        let t = p.begin(clock.advance(1000)).unwrap();
        assert_eq!(
            p.answer(t, PollAnswer::Failed, clock.0),
            PollDecision::Retry {
                after: 2000,
                failures: 1
            }
        );
        let t = p.begin(clock.advance(2000)).unwrap();
        assert_eq!(
            p.answer(t, PollAnswer::Failed, clock.0),
            PollDecision::Retry {
                after: 4000,
                failures: 2
            }
        );
        let t = p.begin(clock.advance(4000)).unwrap();
        assert_eq!(
            p.answer(t, PollAnswer::Same { refresh: None }, clock.0),
            PollDecision::Continue { after: 1000 }
        );
        let mut decision = PollDecision::Ignore;
        for _ in 0..MAX_FAILURES {
            let wait = p.wait(clock.0).unwrap();
            let t = p.begin(clock.advance(wait)).unwrap();
            decision = p.answer(t, PollAnswer::Failed, clock.0);
        }
        assert_eq!(decision, PollDecision::GiveUp);
        assert!(!p.is_running());
    }

    #[test]
    fn returning_to_the_page_polls_soon_and_forgives_the_first_failures() {
        let mut clock = Clock(0);
        let mut p = Poller::new();
        p.start(clock.0, 4000);
        p.page_visible(clock.advance(500));
        assert_eq!(p.wait(clock.0), Some(VISIBLE_DELAY_MS));
        let t = p.begin(clock.advance(VISIBLE_DELAY_MS)).expect("due");
        p.page_visible(clock.advance(10));
        assert!(p.begin(clock.0).is_none(), "still one at a time");
        // iOS Safari's "Load failed" right after coming back: retried, not counted.
        let mut t = t;
        for _ in 0..VISIBLE_RETRIES {
            assert_eq!(
                p.answer(t, PollAnswer::Failed, clock.0),
                PollDecision::Retry {
                    after: VISIBLE_DELAY_MS,
                    failures: 0
                }
            );
            t = p.begin(clock.advance(VISIBLE_DELAY_MS)).unwrap();
        }
        assert_eq!(
            p.answer(t, PollAnswer::Failed, clock.0),
            PollDecision::Retry {
                after: 8000,
                failures: 1
            },
            "the fourth counts"
        );
        let mut stopped = Poller::new();
        stopped.page_visible(clock.0);
        assert_eq!(
            stopped.wait(clock.0),
            None,
            "visibility never starts a stopped poller"
        );
    }
}
