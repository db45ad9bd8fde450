// <idx-sign-in> needs nothing but init() and the tag. A real page writes the tag in its HTML:
//
//   <idx-sign-in issuer="https://example.okta.com/oauth2/default" client-id="0oa…"
//                redirect-uri="https://app.example.com/login/callback"></idx-sign-in>
//
// This example builds the tag from config.json only because idx-sim picks its port at run time.
import init from "./pkg/idx_widget.js";

await init();
const config = await (await fetch("config.json")).json();
const status = document.getElementById("status");
const element = document.createElement("idx-sign-in");
element.setAttribute("issuer", config.issuer);
element.setAttribute("client-id", config.clientId);
element.setAttribute("redirect-uri", config.redirectUri);
// Tokens are delivered on the element itself.
element.addEventListener("idx-widget:success", (event) => {
  window.elementTokens = event.detail;
  status.textContent = "Signed in through <idx-sign-in>.";
});
document.getElementById("app").append(element);
// Taking the element out of the page ends its polls, timers and requests.
document.getElementById("remove-element").addEventListener("click", () => {
  element.remove();
  status.textContent = "The element was taken out.";
});
