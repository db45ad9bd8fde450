// The widget's loader, run before the wasm has arrived (a file of its own: the page's CSP allows
// no inline script), on the standalone page and, from the npm package, on a page with an
// <idx-sign-in> element. Two jobs:
// 1. the pre-rendered form (`data-idx-first-paint`) accepts typing at first paint; a press on
//    its button is remembered on the form (`data-idx-submitted`) for the widget to honour
//    once, when it takes the form over;
// 2. interact and introspect start now, alongside the wasm download, with PKCE made here by
//    WebCrypto; the widget takes the answers and the secrets from `idxWidgetEarly.start` (in
//    memory only) instead of starting its own, when they match its configuration. The
//    standalone page's configuration, read here, is handed over too (`idxWidgetEarly.config`),
//    so the widget does not read config.json again.
"use strict";
(() => {
  const pressed = (form) => {
    form.dataset.idxSubmitted = "true";
    form.closest("[data-idx-first-paint]").setAttribute("aria-busy", "true");
  };
  const forms = [...document.querySelectorAll("[data-idx-first-paint] form")];
  for (const form of forms) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      pressed(form);
    });
  }
  const base64url = (bytes) =>
    btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

  // Anything that starts otherwise (a link's token, an identity provider's or a magic link's
  // return, a kept transaction to resume) is left to the widget.
  const elsewhere = () => {
    const query = new URLSearchParams(location.search);
    const keys = ["recovery_token", "activation_token", "interaction_code", "error", "otp", "state"];
    if (keys.some((key) => query.has(key))) return true;
    try {
      return sessionStorage.getItem("idx-widget:transaction") !== null;
    } catch {
      return false;
    }
  };

  // The configuration the first transaction is for: the standalone page's config.json, or the
  // first <idx-sign-in>'s attributes (as the element reads them).
  async function configuration(text) {
    if (text) {
      const json = await text;
      const config = json === null ? null : JSON.parse(json);
      // A framed page is refused by the widget (allowFraming): no transaction for it.
      if (!config || (window.top !== window && !config.allowFraming)) return null;
      return config;
    }
    const element = document.querySelector("idx-sign-in");
    if (!element) return null;
    const attribute = (name) => element.getAttribute(name) ?? undefined;
    const scopes = attribute("scopes")?.split(/\s+/).filter(Boolean);
    return {
      issuer: attribute("issuer"), clientId: attribute("client-id"), redirectUri: attribute("redirect-uri"),
      scopes: scopes?.length ? scopes : undefined,
      codeChallenge: attribute("code-challenge"), interactionHandle: attribute("interaction-handle"),
      state: attribute("state"), recoveryToken: attribute("recovery-token"),
      activationToken: attribute("activation-token"),
    };
  }

  async function start(text) {
    if (elsewhere() || !crypto.subtle) return null;
    const config = await configuration(text);
    if (!config) return null;
    const own = ["codeChallenge", "interactionHandle", "state", "otp", "recoveryToken", "activationToken"];
    if (own.some((key) => config[key])) return null;
    const { issuer, clientId, redirectUri } = config;
    const scopes = config.scopes ?? ["openid", "profile", "email"];
    if (typeof issuer !== "string" || typeof clientId !== "string" || typeof redirectUri !== "string") return null;
    const url = new URL(issuer);
    const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost";
    if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) return null;

    const random = crypto.getRandomValues(new Uint8Array(64));
    const verifier = base64url(random.subarray(0, 32));
    const state = base64url(random.subarray(32, 48));
    const nonce = base64url(random.subarray(48));
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
    const challenge = base64url(new Uint8Array(digest));

    // As the widget's client builds it (Client::oauth_endpoint): only the configured org.
    const trimmed = issuer.replace(/\/+$/, "");
    const interactUrl = url.pathname.includes("/oauth2") ? `${trimmed}/v1/interact` : `${trimmed}/oauth2/v1/interact`;
    const body = new URLSearchParams({
      client_id: clientId, scope: scopes.join(" "), redirect_uri: redirectUri,
      code_challenge: challenge, code_challenge_method: "S256", state, nonce,
    });
    // The widget's client header, as on every request of the widget's own (its version is
    // checked against the crate's by tests/e2e_first_paint.rs). On interact it costs a preflight,
    // which still ends before the wasm has downloaded.
    const client = { "X-Okta-User-Agent-Extended": "idx-widget/0.1.0" };
    const interact = await fetch(interactUrl, {
      method: "POST", credentials: "include", body,
      headers: { Accept: "application/json", ...client },
    });
    if (!interact.ok) return null;
    const handle = (await interact.json()).interaction_handle;
    if (typeof handle !== "string") return null;
    const ion = "application/ion+json; okta-version=1.0.0";
    const introspect = await fetch(`${url.origin}/idp/idx/introspect`, {
      method: "POST", credentials: "include",
      headers: { "Content-Type": ion, Accept: ion, ...client },
      body: JSON.stringify({ interactionHandle: handle }),
    });
    return {
      issuer, clientId, redirectUri, scopes, verifier, state, nonce,
      interactionHandle: handle,
      introspect: { status: introspect.status, body: await introspect.text() },
    };
  }

  const early = globalThis.idxWidgetEarly ?? (globalThis.idxWidgetEarly = {});
  // The standalone page's configuration, read once for both: the same request as the page's
  // preload of config.json, so the browser reuses it. `null` when it could not be read: the
  // widget then reads it itself, and says what is wrong.
  const text = document.getElementById("idx-widget-standalone")
    ? fetch("config.json", { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : null))
      .catch(() => null)
    : null;
  if (text) early.config = text;
  // The widget already started its own (it asked before this ran): nothing to start here.
  if (early.asked) return;
  // A failure here only means the widget starts its own transaction.
  early.start = start(text).catch(() => null);
})();
