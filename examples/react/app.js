// A React app that signs in with <idx-sign-in>: React renders the custom element as it is
// (attributes for the settings), a ref listens for its events, and unmounting it, as React
// does when the state changes, is the widget's remove(): polls, timers and requests end.
// Without JSX or a bundler so it runs as it is; with them it is the same component.
import init from "./pkg/idx_widget.js";

const { createElement: h, useEffect, useRef, useState } = React;

function SignIn({ config, onSignedIn }) {
  const ref = useRef(null);
  useEffect(() => {
    const element = ref.current;
    const signedIn = (event) => onSignedIn(event.detail);
    element.addEventListener("idx-widget:success", signedIn);
    return () => element.removeEventListener("idx-widget:success", signedIn);
  }, [onSignedIn]);
  return h("idx-sign-in", {
    ref,
    issuer: config.issuer,
    "client-id": config.clientId,
    "redirect-uri": config.redirectUri,
  });
}

function App({ config }) {
  const [tokens, setTokens] = useState(null);
  const [signingIn, setSigningIn] = useState(true);
  const status = tokens
    ? "Signed in through React."
    : signingIn
      ? ""
      : "Sign-in closed.";
  return h(
    "div",
    null,
    h("header", { className: "app-header" }, h("h1", null, "Example app (React)")),
    h(
      "main",
      null,
      signingIn && !tokens
        ? h(SignIn, {
            config,
            onSignedIn: (detail) => {
              window.reactTokens = detail;
              setTokens(detail);
            },
          })
        : null,
    ),
    h("p", { id: "status", role: "status" }, status),
    signingIn && !tokens
      ? h(
          "p",
          { className: "app-actions" },
          h("button", { id: "close-sign-in", type: "button", onClick: () => setSigningIn(false) }, "Close sign-in"),
        )
      : null,
  );
}

await init(); // registers <idx-sign-in>
// The settings come from config.json only because idx-sim picks its port at run time.
const config = await (await fetch("config.json")).json();
ReactDOM.createRoot(document.getElementById("root")).render(h(App, { config }));
