//! How many push polls per second idx-sim answers on loopback (bench/sim-poll.sh runs it in
//! the speed profile): wrk posts the poll form of one transaction waiting on a push for 10 s,
//! three times, and the median is reported. The poll rate limit and state-handle rotation are
//! off for this run only, so every answer to the one handle wrk repeats is a full IDX state,
//! not a 429 or an expired handle; wrk counts any answer that is not.
//!
//! The transaction is signed in to by the tests' own client, so the bench knows no user, id or
//! password of its own.

#[path = "../tests/common/mod.rs"]
mod common;

use std::process::Command;

use common::{SignIn, Sim, choose_push};

const RUNS: usize = 3;

#[tokio::main]
async fn main() {
    let sim = Sim::start(idx_sim::Config {
        poll_rate_limit: false,
        rotate_state_handles: false,
        ..idx_sim::Config::default()
    })
    .await;
    let s = SignIn::choosing(&sim, "push@example.com", choose_push()).await;
    assert_eq!(
        s.primary(),
        "challenge-poll",
        "a transaction waiting on a push"
    );
    let poll = s
        .state
        .primary()
        .and_then(|f| f.href.clone())
        .expect("the poll's address");
    let handle = s.state.state_handle.as_ref().expect("a state handle");
    // What each poll costs to build and send: the whole IDX state, as the widget gets it.
    let answer = reqwest::Client::new()
        .post(&poll)
        .json(&serde_json::json!({ "stateHandle": handle.expose() }))
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .expect("a poll answered")
        .bytes()
        .await
        .expect("its body");
    println!("one answer: {} bytes of JSON", answer.len());
    let work = std::env::temp_dir().join(format!("idx-sim-poll-rate-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let script = work.join("poll.lua");
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\n\
             wrk.headers[\"Content-Type\"] = \"application/json\"\n\
             wrk.body = '{{\"stateHandle\":\"{}\"}}'\n",
            handle.expose()
        ),
    )
    .unwrap();

    let mut rates = Vec::new();
    for run in 1..=RUNS {
        let out = Command::new("wrk")
            .args(["-t2", "-c16", "-d10s", "-s"])
            .arg(&script)
            .arg(&poll)
            .output()
            .expect("wrk runs (bench/sim-poll.sh installs it)");
        let text = String::from_utf8_lossy(&out.stdout);
        let number_after = |label: &str| {
            text.lines()
                .find_map(|l| l.trim().strip_prefix(label))
                .map(|rest| rest.trim().parse::<f64>().expect("a number"))
        };
        let rate =
            number_after("Requests/sec:").unwrap_or_else(|| panic!("wrk said no rate:\n{text}"));
        // wrk prints this line only when some answer was not a success.
        let refused = number_after("Non-2xx or 3xx responses:").unwrap_or(0.0);
        println!("run {run}: {rate} polls/s, {refused} answers not a success");
        rates.push(rate);
    }
    let _ = std::fs::remove_dir_all(&work);
    rates.sort_by(f64::total_cmp);
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "median: {} polls/s (wrk -t2 -c16 -d10s, {RUNS} runs, {cores} cores)",
        rates[RUNS / 2]
    );
}
