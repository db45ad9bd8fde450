//! `bench/run.sh`: this widget and Okta's Sign-In Widget 7.49 side by side, in one run, in
//! headless Chromium against the same idx-sim, both served precompressed by the same kind of
//! server (tower-http `ServeDir`). Writes `bench/results.json`; `bench/report.py` turns it into
//! the README's table.
//!
//! Arguments: `--long` adds the 10-minute memory run; `--loads N`, `--pushes N` and `--wait S`
//! change the sample counts and the waiting window (10, 10 and 60 for the README).

#![cfg(not(target_arch = "wasm32"))]

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use support::{
    Browser, Sim, cdp, dist_dir, free_port, okta_siw_dist, okta_siw_page, repo_root, tools_dir,
};

/// Installed before any of the page's own scripts: records when the username field is first
/// visible and enabled (in ms since navigation start), the main thread's long tasks, and the
/// wasm instance when Trunk's loader announces it.
const LOAD_PROBE: &str = r#"(() => {
  const probe = window.__probe = { usable: null, longTasks: [] };
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) probe.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (_) {}
  // A username field that takes keystrokes (ours: from first paint, the pre-rendered one).
  const shown = f => {
    if (!f || f.disabled || f.readOnly) return false;
    const box = f.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(f).visibility !== "hidden";
  };
  // The org's first answer is known to the widget once the widget's own field shows (ours:
  // once it took the pre-rendered form over; Okta's: its first form).
  const usable = () => {
    const now = performance.now();
    if (probe.usable === null && shown(document.querySelector('input[name="identifier"]'))) probe.usable = now;
    const own = [...document.querySelectorAll('input[name="identifier"]')]
      .find(f => !f.closest("[data-idx-first-paint]") && shown(f));
    if (own && probe.answered === undefined) probe.answered = now;
    return probe.usable !== null && probe.answered !== undefined;
  };
  const watch = new MutationObserver(() => { if (usable()) watch.disconnect(); });
  watch.observe(document, { subtree: true, childList: true, attributes: true });
  addEventListener("TrunkApplicationStarted", e => { probe.wasm = e.detail.wasm; });
})();"#;

/// The two widgets.
#[derive(Clone, Copy, PartialEq)]
enum Widget {
    Ours,
    Okta,
}

impl Widget {
    fn key(self) -> &'static str {
        match self {
            Widget::Ours => "ours",
            Widget::Okta => "okta",
        }
    }
}

/// The org, our page (served by idx-sim's app server) and Okta's page (served by this bench).
struct Stage {
    sim: Sim,
    ours: String,
    okta: String,
    refresh_ms: u64,
    _okta_server: tokio::task::JoinHandle<()>,
}

impl Stage {
    fn url(&self, w: Widget) -> &str {
        match w {
            Widget::Ours => &self.ours,
            Widget::Okta => &self.okta,
        }
    }
}

fn okta_auth_js_idx() -> PathBuf {
    tools_dir().join("conformance/node_modules/@okta/okta-auth-js/dist/okta-auth-js.idx.min.js")
}

/// Runs scripts/compress.py, the one place assets are compressed and measured.
fn compress(job: &str, files: &[PathBuf]) -> String {
    let out = Command::new("python3")
        .arg(repo_root().join("scripts/compress.py"))
        .arg(job)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("scripts/compress.py: {e}"));
    assert!(
        out.status.success(),
        "scripts/compress.py {job}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// gzip -9 and Brotli copies beside `file`, as the standalone build writes them.
fn precompress(file: &Path) {
    compress("precompress", &[file.to_path_buf()]);
}

/// Okta's example page with the widget's OIE bundle and CSS, precompressed.
fn okta_page(config: &Value) -> PathBuf {
    let (dir, files) = okta_siw_page("idx-bench-okta", config);
    for file in &files {
        precompress(file);
    }
    dir
}

async fn stage(long: bool) -> Stage {
    let okta_port = free_port();
    let okta_origin = format!("http://127.0.0.1:{okta_port}");
    let mut config = idx_sim::Config {
        // A fixed schedule, so "requests while waiting" has one right answer.
        slower_refresh_after_polls: 0,
        ..idx_sim::Config::default()
    };
    if long {
        config.push_lifetime_secs = 1200;
        config.state_ttl_secs = 1800;
    }
    config.trusted_origins.push(okta_origin.clone());
    config
        .redirect_uris
        .push(format!("{okta_origin}/login/callback"));
    let refresh_ms = config.poll_refresh_ms;
    let client_id = config.client_id.clone();
    let sim = Sim::from(idx_sim::testkit::Sim::builder(config).serving(dist_dir())).await;
    let site = okta_page(&json!({
        "issuer": sim.org("/oauth2/default"), "clientId": client_id,
        "redirectUri": format!("{okta_origin}/login/callback"),
    }));
    let service = tower_http::services::ServeDir::new(site)
        .precompressed_br()
        .precompressed_gzip();
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", okta_port))
        .await
        .unwrap();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, axum::Router::new().fallback_service(service)).await;
    });
    Stage {
        ours: format!("{}/", sim.app()),
        okta: format!("{okta_origin}/"),
        sim,
        refresh_ms,
        _okta_server: server,
    }
}

// ---------------------------------------------------------------------------------------------
// Sizes

fn sizes_of(name: &str, files: &[PathBuf]) -> Value {
    let measured = compress("sizes", files);
    let [raw, gzip, brotli]: [u64; 3] = measured
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect::<Vec<_>>()
        .try_into()
        .unwrap_or_else(|_| panic!("scripts/compress.py sizes said {measured:?}"));
    json!({ "name": name, "raw": raw, "gzip9": gzip, "brotli": brotli })
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

fn sizes() -> Value {
    let dist = dist_dir();
    let mut ours = Vec::new();
    for ext in ["wasm", "js", "css"] {
        files_under(&dist, ext, &mut ours);
    }
    let mut package = Vec::new();
    for ext in ["wasm", "js", "css"] {
        files_under(
            &repo_root().join("target/npm/idx-widget"),
            ext,
            &mut package,
        );
    }
    let siw = okta_siw_dist();
    json!([
        sizes_of("idx-widget standalone page (wasm + JS + CSS)", &ours),
        sizes_of("idx-widget npm package (wasm + JS + CSS)", &package),
        sizes_of(
            "Okta Sign-In Widget 7.49 (OIE bundle + CSS)",
            &[
                siw.join("js/okta-sign-in.oie.min.js"),
                siw.join("css/okta-sign-in.min.css")
            ]
        ),
        sizes_of("okta-auth-js 8 (idx bundle)", &[okta_auth_js_idx()]),
    ])
}

// ---------------------------------------------------------------------------------------------
// Time to a usable field

/// Chrome's network emulation: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip.
fn throttled() -> Value {
    json!({
        "offline": false, "latency": 150,
        "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8
    })
}

/// One cold load: a new browser profile, so nothing is cached.
async fn load_once(stage: &Stage, w: Widget, network: Option<&Value>) -> Value {
    let b = Browser::start(&format!("bench-{}", w.key())).await;
    if let Some(conditions) = network {
        cdp(&b, "Network.enable", json!({})).await;
        cdp(&b, "Network.emulateNetworkConditions", conditions.clone()).await;
    }
    cdp(
        &b,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": LOAD_PROBE }),
    )
    .await;
    b.goto(stage.url(w)).await;
    let usable = b
        .js_until(
            "return window.__probe && window.__probe.usable",
            Duration::from_secs(60),
            25,
        )
        .await
        .and_then(|v| v.as_f64())
        .unwrap_or_else(|| panic!("{}: the username field never became usable", w.key()));
    let answered = b
        .js_until(
            "return window.__probe && window.__probe.answered",
            Duration::from_secs(60),
            25,
        )
        .await
        .and_then(|v| v.as_f64())
        .unwrap_or_else(|| panic!("{}: the org's first step never showed", w.key()));
    // A field in the document is not seen before the page's first paint (ours is in the HTML,
    // parsed before its stylesheet lets anything paint).
    let painted = b
        .js(
            "const p = performance.getEntriesByName('first-contentful-paint')[0];
             return p ? p.startTime : null",
        )
        .await
        .as_f64()
        .unwrap_or(0.0);
    let usable = usable.max(painted);
    // Long tasks that started before the field was usable, or within the second after.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let tasks = b.js("return (window.__probe.longTasks || [])").await;
    let (mut count, mut total) = (0u64, 0f64);
    for t in tasks.as_array().into_iter().flatten() {
        if t[0].as_f64().unwrap_or(0.0) <= usable + 1000.0 {
            count += 1;
            total += t[1].as_f64().unwrap_or(0.0);
        }
    }
    b.close().await;
    json!({
        "usable_ms": usable.round(), "answered_ms": answered.round(),
        "long_tasks": count, "long_task_ms": total.round()
    })
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn summary(runs: &[Value], key: &str) -> Value {
    let mut values: Vec<f64> = runs.iter().filter_map(|r| r[key].as_f64()).collect();
    let worst = values.iter().copied().fold(f64::NAN, f64::max);
    json!({ "median": median(&mut values).round(), "worst": worst.round() })
}

async fn loads(stage: &Stage, n: usize, network: Option<Value>) -> Value {
    let mut runs = [Vec::new(), Vec::new()];
    // Alternating, so drift in the machine's load falls on both alike.
    for i in 0..n {
        for (slot, w) in [Widget::Ours, Widget::Okta].into_iter().enumerate() {
            let run = load_once(stage, w, network.as_ref()).await;
            eprintln!("load {i} {}: {run}", w.key());
            runs[slot].push(run);
        }
    }
    let side = |runs: &[Value]| {
        json!({
            "usable_ms": summary(runs, "usable_ms"),
            "answered_ms": summary(runs, "answered_ms"),
            "long_tasks": summary(runs, "long_tasks"),
            "long_task_ms": summary(runs, "long_task_ms"),
            "runs": runs,
        })
    };
    json!({ "network": network, "ours": side(&runs[0]), "okta": side(&runs[1]) })
}

// ---------------------------------------------------------------------------------------------
// Push: approve → success, and requests while waiting

const PUSH_USER: &str = "push@example.com";

/// Signs in with the password and asks for a push; returns once the push is pending.
async fn to_push(stage: &Stage, b: &mut Browser, w: Widget) -> Value {
    b.goto(stage.url(w)).await;
    match w {
        Widget::Ours => {
            b.heading("Sign in").await;
            b.enter_password(PUSH_USER).await;
            b.click("button[data-se='okta_verify-push']").await;
        }
        Widget::Okta => {
            for (field, value) in [
                ("identifier", PUSH_USER),
                ("credentials.passcode", idx_sim::config::DEMO_PASSWORD),
            ] {
                let input = b.find(&format!("input[name='{field}']")).await;
                input.send_keys(value).await.unwrap();
                b.click("input[type='submit']").await;
            }
            b.click("[data-se='okta_verify-push'] [data-se='button']")
                .await;
        }
    }
    stage.sim.push(PUSH_USER, "pending", None).await
}

/// What each widget shows once signed in.
fn success_text(w: Widget) -> &'static str {
    match w {
        Widget::Ours => "You're signed in",
        Widget::Okta => "Signed in as",
    }
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as f64
}

/// Approves the push at a point of the poll cycle set by `phase` (0..1), and returns the
/// milliseconds until the page shows success (both clocks are this machine's wall clock).
async fn push_once(stage: &Stage, w: Widget, phase: f64) -> Value {
    let mut b = Browser::start(&format!("bench-push-{}", w.key())).await;
    let push = to_push(stage, &mut b, w).await;
    let needle = success_text(w);
    b.js(&format!(
        "window.__doneAt = null;
         const done = () => document.body.textContent.includes({needle:?});
         const watch = new MutationObserver(() => {{
           if (window.__doneAt === null && done()) {{ window.__doneAt = Date.now(); watch.disconnect(); }}
         }});
         watch.observe(document.body, {{ subtree: true, childList: true, characterData: true }});"
    ))
    .await;
    tokio::time::sleep(Duration::from_millis(
        (phase * stage.refresh_ms as f64) as u64 + 300,
    ))
    .await;
    let approved_at = now_ms();
    stage.sim.approve(&push).await;
    let done = b
        .js_until("return window.__doneAt", Duration::from_secs(30), 50)
        .await
        .and_then(|v| v.as_f64())
        .unwrap_or_else(|| panic!("{}: success never showed", w.key()));
    b.close().await;
    json!({ "latency_ms": (done - approved_at).round(), "phase": phase })
}

async fn pushes(stage: &Stage, n: usize) -> Value {
    let mut runs = [Vec::new(), Vec::new()];
    for i in 0..n {
        // Spread the approvals evenly over the poll cycle (golden-ratio sequence).
        let phase = (i as f64 * 0.618_033_988_75).fract();
        for (slot, w) in [Widget::Ours, Widget::Okta].into_iter().enumerate() {
            let run = push_once(stage, w, phase).await;
            eprintln!("push {i} {}: {run}", w.key());
            runs[slot].push(run);
        }
    }
    json!({
        "refresh_ms": stage.refresh_ms,
        "ours": { "latency_ms": summary(&runs[0], "latency_ms"), "runs": runs[0] },
        "okta": { "latency_ms": summary(&runs[1], "latency_ms"), "runs": runs[1] },
    })
}

/// Waits `window` on a push and counts what reached the org in that time.
async fn waiting_once(stage: &Stage, w: Widget, window: Duration) -> Value {
    let mut b = Browser::start(&format!("bench-wait-{}", w.key())).await;
    to_push(stage, &mut b, w).await;
    let from = now_ms() as u128;
    tokio::time::sleep(window).await;
    let to = now_ms() as u128;
    let log: Vec<_> = stage
        .sim
        .running
        .requests()
        .into_iter()
        .filter(|r| r.at_ms >= from && r.at_ms < to && !r.path.starts_with("/sim/"))
        .collect();
    let polls = log
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/poll"))
        .count();
    let preflights = log.iter().filter(|r| r.method == "OPTIONS").count();
    let rate_limited = log.iter().filter(|r| r.status == 429).count();
    // Leave the push answered so the next run starts clean.
    stage.sim.approve_pending(PUSH_USER).await;
    b.close().await;
    json!({
        "requests": log.len(), "polls": polls, "preflights": preflights,
        "rate_limited": rate_limited,
    })
}

async fn waiting(stage: &Stage, seconds: u64) -> Value {
    let window = Duration::from_secs(seconds);
    let schedule = window.as_millis() as u64 / stage.refresh_ms;
    let ours = waiting_once(stage, Widget::Ours, window).await;
    eprintln!("waiting ours: {ours}");
    let okta = waiting_once(stage, Widget::Okta, window).await;
    eprintln!("waiting okta: {okta}");
    json!({
        "window_s": window.as_secs(), "refresh_ms": stage.refresh_ms,
        "schedule_polls": schedule, "ours": ours, "okta": okta,
    })
}

// ---------------------------------------------------------------------------------------------
// Memory (--long)

/// JS heap after a garbage collection, and (ours) the wasm linear memory, in bytes.
async fn memory_now(b: &Browser) -> Value {
    cdp(b, "HeapProfiler.collectGarbage", json!({})).await;
    let heap = cdp(b, "Runtime.getHeapUsage", json!({})).await;
    let wasm = b
        .js("return window.__probe && window.__probe.wasm ? window.__probe.wasm.memory.buffer.byteLength : null")
        .await;
    json!({ "js_heap": heap["usedSize"], "wasm": wasm })
}

async fn memory(stage: &Stage, minutes: u64) -> Value {
    let mut browsers = Vec::new();
    for w in [Widget::Ours, Widget::Okta] {
        let mut b = Browser::start(&format!("bench-memory-{}", w.key())).await;
        cdp(
            &b,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": LOAD_PROBE }),
        )
        .await;
        to_push(stage, &mut b, w).await;
        browsers.push((w, b));
    }
    tokio::time::sleep(Duration::from_secs(10)).await;
    let mut early = Vec::new();
    for (_, b) in &browsers {
        early.push(memory_now(b).await);
    }
    eprintln!("memory after 10 s: {early:?}; waiting {minutes} min");
    tokio::time::sleep(Duration::from_secs(minutes * 60 - 10)).await;
    let mut out = serde_json::Map::new();
    out.insert("minutes".into(), json!(minutes));
    for ((w, b), early) in browsers.into_iter().zip(early) {
        let late = memory_now(&b).await;
        let still_waiting = !b.page_text().await.contains(success_text(w));
        out.insert(
            w.key().into(),
            json!({ "after_10s": early, "after_long": late, "still_waiting": still_waiting }),
        );
        b.close().await;
    }
    stage.sim.approve_pending(PUSH_USER).await;
    Value::Object(out)
}

// ---------------------------------------------------------------------------------------------

fn chromium_version() -> String {
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    Command::new(binary)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn arg_value(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let long = args.iter().any(|a| a == "--long");
    let n_loads = arg_value(&args, "--loads", 10);
    let n_pushes = arg_value(&args, "--pushes", 10);
    let out = std::env::var_os("IDX_BENCH_OUT")
        .map_or_else(|| repo_root().join("bench/results.json"), PathBuf::from);

    let stage = stage(long).await;
    let sizes = sizes();
    eprintln!("sizes: {sizes}");
    let loopback = loads(&stage, n_loads, None).await;
    let slow = loads(&stage, n_loads, Some(throttled())).await;
    let push = pushes(&stage, n_pushes).await;
    let waiting = waiting(&stage, arg_value(&args, "--wait", 60) as u64).await;
    // A run without --long keeps the last long run's memory figures (they carry their date).
    let memory = if long {
        let mut m = memory(&stage, 10).await;
        m["measured_at_ms"] = json!(now_ms());
        m
    } else {
        std::fs::read_to_string(&out)
            .ok()
            .and_then(|s| serde_json::from_str::<Value>(&s).ok())
            .map_or(Value::Null, |old| old["memory"].clone())
    };
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let results = json!({
        "command": format!("bench/run.sh{}", if long { " --long" } else { "" }),
        "generated_at_ms": now_ms(),
        "machine": { "cpus": cpus, "chromium": chromium_version() },
        "sizes": sizes,
        "load": { "loopback": loopback, "throttled": slow },
        "push": push,
        "waiting": waiting,
        "memory": memory,
    });
    std::fs::write(&out, serde_json::to_string_pretty(&results).unwrap() + "\n").unwrap();
    eprintln!("wrote {}", out.display());
}
