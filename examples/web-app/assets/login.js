// The sign-in page of a server-side web app. The back end made this sign-in's PKCE pair and
// state and keeps the verifier; this page gets the challenge and the state from
// /login/config (same origin: the session cookie says whose sign-in it is). The widget makes
// every IDX call from this browser and, once the user is in, sends the whole page to
// redirectUri?interaction_code=…&state=…, where the back end redeems the code.
import init, { render } from "/widget/idx_widget.js";

await init();
const response = await fetch("/login/config", { cache: "no-store" });
if (response.ok) {
  // The handle is what the page calls remove() on later (dropping it leaves the widget).
  window.signIn = render(document.getElementById("sign-in"), await response.json());
} else {
  document.getElementById("status").textContent =
    "This sign-in is over. Reload the page to start again.";
}
