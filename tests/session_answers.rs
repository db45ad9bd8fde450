//! Property test: whatever the org answers, in whatever order and with whatever timing, the
//! session never panics and never has more than one poll out (SECURITY.md, "Crashes on hostile
//! input" and "Rate-limit storms").
//!
//! Answers go through the real client (status, headers and body classified as in the browser):
//! Okta's recorded poll states with random `refresh` values, 429s with any `Retry-After` and
//! `x-rate-limit-reset`, 4xx and 5xx with Okta, OAuth, HTML or empty bodies, and dropped
//! connections. Timers and visibility changes fire at random, on a fake clock.

#![cfg(not(target_arch = "wasm32"))]

mod answers;

use answers::{Move, Wire, moves, play};
use idx_widget::testing::Timer;
use proptest::test_runner::{Config as RunConfig, TestRunner};

#[test]
fn no_answer_panics_the_session_and_one_poll_at_most_is_out() {
    let mut runner = TestRunner::new(RunConfig {
        cases: 400,
        failure_persistence: None,
        ..RunConfig::default()
    });
    if let Err(finding) = runner.run(&moves(), play) {
        panic!("{finding}");
    }
}

/// As it happened once: a poll form with `refresh` above five minutes, then a 429.
#[test]
fn a_huge_refresh_then_a_rate_limit_is_waited_out() {
    let answer = |wire, retry_after: Option<&str>| Move::Answer {
        pick: 0,
        wire,
        retry_after: retry_after.map(str::to_owned),
        reset: None,
    };
    let huge = || Wire::State {
        status: 200,
        which: 0,
        refresh: Some(300_001),
    };
    let limited = || Wire::Other {
        status: 429,
        body: "",
    };
    let later = [Move::Advance(300_000), Move::Timer(Timer::Poll)];
    let mut moves = vec![answer(huge(), None)];
    for next in [
        answer(huge(), None),
        answer(limited(), Some("1")),
        answer(limited(), None),
    ] {
        moves.extend(later.clone());
        moves.push(next);
    }
    play(moves).unwrap();
}
