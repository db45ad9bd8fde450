// Embedding idx-widget with its JavaScript API: render(element, config) returns a handle whose
// remove() unmounts the widget and stops its timers and requests. The host element receives
// idx-widget:step, idx-widget:success and idx-widget:error events.
import init, { render } from "./pkg/idx_widget.js";

await init();
const config = await (await fetch("config.json")).json();
const host = document.getElementById("sign-in");
const status = document.getElementById("status");
const step = document.getElementById("step");

host.addEventListener("idx-widget:step", (event) => {
  step.textContent = "Step: " + event.detail.step;
});
host.addEventListener("idx-widget:error", (event) => {
  // event.detail.kind ("network", "not-enabled", …) is for code; message is for people.
  status.textContent = "Sign-in failed: " + event.detail.message;
});
host.addEventListener("idx-widget:success", (event) => {
  // A real app sends the tokens to its back end or keeps them in memory.
  const claims = JSON.parse(atob(event.detail.idToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  status.textContent = "Signed in as " + claims.preferred_username + ".";
  window.idxExample.tokens = event.detail;
});

// A page may remove the widget at any moment (the user navigates away) and show a new one
// later; each render is a new sign-in.
window.idxExample = { handle: render(host, config), tokens: null };
document.getElementById("remove").addEventListener("click", () => {
  window.idxExample.handle?.remove();
  window.idxExample.handle = null;
  status.textContent = "The widget was removed.";
});
document.getElementById("sign-out").addEventListener("click", () => {
  // Revokes the tokens at the org, ends the org's session, clears what the widget stored, and
  // shows "You're signed out" until the person signs in again.
  window.idxExample.handle?.signOut();
  window.idxExample.tokens = null;
  status.textContent = "Signed out.";
});
document.getElementById("render").addEventListener("click", () => {
  window.idxExample.handle?.remove();
  window.idxExample.handle = render(host, config);
  status.textContent = "";
});
