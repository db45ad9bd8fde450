// An okta-react app (okta-react 6, okta-auth-js 8, react-router 5): a public home page, a
// protected profile page (SecureRoute) that shows the user's name from the ID token's claims
// and from userinfo (oktaAuth.getUser()), and a sign-out button (oktaAuth.signOut()). Signing
// in happens in Login.jsx, the one component that uses idx-widget instead of Okta's widget.
import React, { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link, Route, Switch, useHistory } from "react-router-dom";
import { OktaAuth, toRelativeUrl } from "@okta/okta-auth-js";
import { LoginCallback, SecureRoute, Security, useOktaAuth } from "@okta/okta-react";
import init from "idx-widget";
import Login from "./Login.jsx";

function Header() {
  const { authState } = useOktaAuth();
  return (
    <header className="app-header">
      <h1>Example app (okta-react)</h1>
      <nav>
        <Link to="/">Home</Link> · <Link to="/profile">Profile</Link>
      </nav>
      {authState?.isAuthenticated ? <SignOut /> : null}
    </header>
  );
}

function SignOut() {
  const { oktaAuth } = useOktaAuth();
  // Revokes the access and refresh tokens, then ends the Okta session at the issuer's
  // /v1/logout, which sends the browser back to postLogoutRedirectUri (this app's home page).
  return (
    <button id="sign-out" type="button" onClick={() => oktaAuth.signOut()}>
      Sign out
    </button>
  );
}

function Home() {
  const { authState } = useOktaAuth();
  if (!authState) return null;
  return (
    <main id="home">
      <h2>Home</h2>
      <p id="status" role="status">
        {authState.isAuthenticated ? "Signed in." : "You are not signed in."}
      </p>
      {authState.isAuthenticated ? null : (
        <p>
          <Link id="sign-in-link" to="/profile">
            Sign in to see your profile
          </Link>
        </p>
      )}
    </main>
  );
}

function Profile() {
  const { authState, oktaAuth } = useOktaAuth();
  const [user, setUser] = useState(null);
  const [error, setError] = useState("");
  useEffect(() => {
    oktaAuth.getUser().then(setUser, (e) => setError(`userinfo failed: ${e.message}`));
  }, [oktaAuth]);
  const claims = authState?.idToken?.claims ?? {};
  return (
    <main id="profile">
      <h2>Profile</h2>
      <p id="id-token-name">Signed in as {claims.name} ({claims.preferred_username}).</p>
      <p id="userinfo">{user ? `Userinfo: ${user.name} <${user.email}>` : error}</p>
    </main>
  );
}

function App({ config, oktaAuth }) {
  const history = useHistory();
  const restoreOriginalUri = async (_oktaAuth, originalUri) => {
    history.replace(toRelativeUrl(originalUri || "/", window.location.origin));
  };
  // SecureRoute sends a signed-out user to the app's own login route, not to Okta.
  const onAuthRequired = () => history.push("/login");
  return (
    <Security oktaAuth={oktaAuth} restoreOriginalUri={restoreOriginalUri} onAuthRequired={onAuthRequired}>
      <Header />
      <Switch>
        <Route path="/" exact component={Home} />
        <Route path="/login" exact render={() => <Login config={config} />} />
        {/* Only for redirect flows (signInWithRedirect); showSignIn needs no callback. */}
        <Route path="/login/callback" component={LoginCallback} />
        <SecureRoute path="/profile" component={Profile} />
      </Switch>
    </Security>
  );
}

await init(); // loads idx-widget's WebAssembly
// The settings come from config.json only because idx-sim picks its ports at run time; an app
// writes them here.
const config = await (await fetch("/config.json")).json();
const oktaAuth = new OktaAuth({
  issuer: config.issuer,
  clientId: config.clientId,
  redirectUri: config.redirectUri,
  scopes: config.scopes,
  postLogoutRedirectUri: window.location.origin + "/",
});
window.oktaAuth = oktaAuth; // for the end-to-end test
createRoot(document.getElementById("root")).render(
  <BrowserRouter>
    <App config={config} oktaAuth={oktaAuth} />
  </BrowserRouter>,
);
