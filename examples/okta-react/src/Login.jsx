// The login route: the ONLY component that differs from an okta-react app that embeds Okta's
// Sign-In Widget. There it reads
//
//   const widget = new OktaSignIn({ issuer, clientId, redirectUri, scopes, useInteractionCodeFlow: true });
//   widget.showSignIn({ el: widgetRef.current }).then((res) => oktaAuth.handleLoginRedirect(res.tokens));
//   return () => widget.remove();
//
// Here idx-widget's showSignIn takes the same options (with `el`) and resolves with the same
// `{ tokens }` in okta-auth-js's shape; its promise's remove() is widget.remove(). Security,
// SecureRoute, useOktaAuth, authState, getUser() and signOut() are okta-react's and
// okta-auth-js's own, unchanged.
import React, { useEffect, useRef, useState } from "react";
import { Redirect } from "react-router-dom";
import { useOktaAuth } from "@okta/okta-react";
import { showSignIn } from "idx-widget";

export default function Login({ config }) {
  const { oktaAuth, authState } = useOktaAuth();
  const widgetRef = useRef(null);
  const [error, setError] = useState("");
  const signedIn = authState?.isAuthenticated;

  useEffect(() => {
    if (!widgetRef.current || signedIn) return undefined;
    const signIn = showSignIn({
      el: widgetRef.current,
      issuer: config.issuer,
      clientId: config.clientId,
      redirectUri: config.redirectUri,
      scopes: config.scopes,
    });
    signIn
      // Stores the tokens in okta-auth-js's token manager (authState follows) and goes back to
      // the page SecureRoute sent the user here from (restoreOriginalUri).
      .then((res) => oktaAuth.handleLoginRedirect(res.tokens))
      .catch((e) => setError(`Sign-in failed: ${e.message}`));
    // Leaving the route unmounts the widget: its polls, timers and requests end.
    return () => signIn.remove();
  }, [oktaAuth, config, signedIn]);

  if (!authState) return <p id="status" role="status">Loading…</p>;
  if (signedIn) return <Redirect to="/" />;
  return (
    <>
      <div ref={widgetRef} id="sign-in" />
      <p id="status" role="status">{error}</p>
    </>
  );
}
