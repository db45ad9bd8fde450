// Okta's own Sign-In Widget (npm @okta/okta-signin-widget, unmodified) signing in against
// idx-sim: what a team that already uses it runs in CI instead of a real org. The end-to-end
// test copies the widget's bundle beside this page (scripts/setup.sh installs it).
const status = document.getElementById("status");
(async () => {
  const config = await (await fetch("config.json")).json();
  const widget = new OktaSignIn({
    baseUrl: new URL(config.issuer).origin,
    issuer: config.issuer,
    clientId: config.clientId,
    redirectUri: config.redirectUri,
    scopes: ["openid", "profile", "email"],
    useInteractionCodeFlow: true,
    useClassicEngine: false, // the OIE bundle asks to be told
    // An admin's "reset password" link: the widget starts at the new password.
    ...(config.recoveryToken && { recoveryToken: config.recoveryToken }),
  });
  const tokens = await widget.showSignInToGetTokens({ el: "#okta-sign-in" });
  window.siwTokens = tokens;
  status.textContent = "Signed in as " + tokens.idToken.claims.preferred_username + ".";
})().catch((error) => {
  status.textContent = "Sign-in failed: " + error;
});
