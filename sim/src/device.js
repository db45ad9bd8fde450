// The simulated phone's page: polls idx-sim's phone API and renders with textContent only.
"use strict";
const $ = (id) => document.getElementById(id);
const el = (tag, text) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; };
const api = async (path, init) => {
  const r = await fetch(path, init);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
};
const post = (path, body) => api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body || {}) });

async function refreshPushes() {
  const user = $("user").value.trim();
  const box = $("pushes");
  const pushes = await api("/sim/api/pushes?user=" + encodeURIComponent(user)).catch(() => []);
  box.replaceChildren();
  const shown = pushes.slice(-5).reverse();
  if (shown.length === 0) box.append(el("p", "No push notifications yet."));
  for (const p of shown) {
    const div = el("div"); div.className = "push";
    div.append(el("strong", "Did you just try to sign in? (" + p.status + ")"));
    // The point of the whole project: the push shows the browser that asked, not a server.
    const context = el("dl"); context.className = "context";
    for (const [term, value] of [
      ["IP address", p.context.ip],
      ["Browser", p.context.user_agent || "unknown browser"],
      ["Sign-in page", p.context.origin || "unknown page"],
      ["When", new Date(p.created_at).toLocaleString()],
    ]) {
      context.append(el("dt", term), el("dd", value));
    }
    div.append(context);
    if (p.status === "pending") {
      if (p.number_choices) {
        div.append(el("p", "Tap the number shown in your browser:"));
        for (const n of p.number_choices) {
          const b = el("button", String(n));
          b.onclick = () => post("/sim/api/pushes/" + p.id + "/approve", { number: n }).then(refreshPushes);
          div.append(b);
        }
      } else {
        const yes = el("button", "Yes, it's me");
        yes.onclick = () => post("/sim/api/pushes/" + p.id + "/approve").then(refreshPushes);
        div.append(yes);
      }
      const no = el("button", "No, it's not me");
      no.onclick = () => post("/sim/api/pushes/" + p.id + "/deny").then(refreshPushes);
      div.append(no);
    }
    box.append(div);
  }
}

async function refreshTotp() {
  const user = $("user").value.trim();
  const box = $("totp");
  box.replaceChildren();
  try {
    const t = await api("/sim/api/totp?user=" + encodeURIComponent(user));
    const code = el("div", t.code); code.className = "code";
    box.append(el("h3", "Okta Verify"), code, el("p", "Valid for " + t.valid_for_secs + " more seconds"));
  } catch (e) {
    box.append(el("p", "No Okta Verify code: " + e.message));
  }
  try {
    const g = await api("/sim/api/totp?authenticator=google_otp&user=" + encodeURIComponent(user));
    const code = el("div", g.code); code.className = "code";
    box.append(el("h3", "Google Authenticator"), code, el("p", "Valid for " + g.valid_for_secs + " more seconds"));
  } catch (e) {
    // No Google Authenticator account for this user on the phone: nothing to show.
  }
}

async function refreshOutbox() {
  const to = $("address").value.trim();
  const box = $("outbox");
  box.replaceChildren();
  if (!to) return;
  const messages = await api("/sim/api/outbox?to=" + encodeURIComponent(to)).catch(() => []);
  for (const m of messages.slice().reverse()) {
    const p = el("p", m.channel.toUpperCase() + " to " + m.to + ": ");
    if (m.code) { const c = el("strong", "code " + m.code); p.append(c, " "); }
    if (m.link) {
      const a = el("a", m.code ? "Open the sign-in link" : "Open the setup link");
      a.href = m.link; a.target = "_blank"; a.rel = "noopener";
      p.append(a);
    }
    box.append(p);
  }
}

$("scan").onclick = async () => {
  try {
    const r = await post("/sim/api/scan", { uri: $("qr").value.trim() });
    $("scan-result").textContent = scanned(r);
  } catch (e) {
    $("scan-result").textContent = "Scan failed: " + e.message;
  }
};

const scanned = (r) => r.authenticator === "google_otp"
  ? "Google Authenticator has an account for " + r.user + "."
  : "Okta Verify is set up for " + r.user + ".";

async function scanImage(blob) {
  try {
    const r = await fetch("/sim/api/scan-image", { method: "POST", headers: { "Content-Type": blob.type || "image/png" }, body: blob });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || r.statusText);
    $("scan-result").textContent = scanned(body);
  } catch (e) {
    $("scan-result").textContent = "Scan failed: " + e.message;
  }
}
$("qr-image").onchange = (e) => { if (e.target.files[0]) scanImage(e.target.files[0]); };
document.addEventListener("paste", (e) => {
  const item = [...(e.clipboardData?.items || [])].find((i) => i.type.startsWith("image/"));
  if (item) { e.preventDefault(); scanImage(item.getAsFile()); }
});

// FastPass: the computer's own "Verify it's you?" prompts and the "Open Okta Verify" links the
// sign-in page opened (a link to this page names its challenge: ?fastpass=…).
async function refreshFastPass() {
  const box = $("fastpass");
  const prompts = await api("/sim/api/fastpass").catch(() => []);
  const wanted = new URLSearchParams(location.search).get("fastpass");
  box.replaceChildren();
  const shown = prompts.filter((p) => p.status === "pending" || p.challenge === wanted).slice(-5).reverse();
  if (shown.length === 0) box.append(el("p", "Nothing to answer on this computer."));
  for (const p of shown) {
    const div = el("div"); div.className = "push";
    div.append(el("strong", p.question + " (" + p.status + ")"));
    const context = el("dl"); context.className = "context";
    for (const [term, value] of [
      ["Account", p.user || "the first account on this computer"],
      ["Sign-in page", p.origin || "unknown page"],
      ["When", new Date(p.created_at).toLocaleString()],
    ]) {
      context.append(el("dt", term), el("dd", value));
    }
    div.append(context);
    if (p.error) div.append(el("p", "Failed: " + p.error));
    if (p.status === "pending") {
      const yes = el("button", "Yes, it's me");
      yes.onclick = () => post("/sim/api/fastpass/" + p.id + "/approve").catch(() => {}).then(refreshFastPass);
      const no = el("button", "No, it's not me");
      no.onclick = () => post("/sim/api/fastpass/" + p.id + "/deny").catch(() => {}).then(refreshFastPass);
      div.append(yes, no);
    }
    box.append(div);
  }
}

function tick() { refreshPushes(); refreshFastPass(); refreshTotp(); refreshOutbox(); }
tick();
setInterval(tick, 2000);
