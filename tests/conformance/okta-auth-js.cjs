// Okta's own client, okta-auth-js (from npm, unmodified), signs in against idx-sim through the
// Okta Verify flows: push, number challenge, one-time code and QR enrollment. idx-sim is ours,
// so a mistake we share with it passes our own tests; a client nobody here wrote does not
// share them. Usage: node okta-auth-js.cjs <org-url>. Prints one line per flow and ends with
// "N passed, M failed".

const assert = require('node:assert/strict');
const { OktaAuth, IdxStatus } = require('@okta/okta-auth-js');

const org = process.argv[2];
const PASSWORD = 'Okta-Verify-1';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function client() {
  return new OktaAuth({
    issuer: `${org}/oauth2/default`,
    clientId: 'idx-widget-demo',
    redirectUri: 'http://127.0.0.1:8080/login/callback',
    scopes: ['openid', 'profile', 'email'],
    storageManager: {
      token: { storageType: 'memory' },
      cache: { storageType: 'memory' },
      transaction: { storageType: 'memory' },
    },
  });
}

/** The simulated phone (idx-sim's /sim/api), as a test drives it. */
async function phone(path, body) {
  const init = body === undefined ? {} : {
    method: 'POST',
    headers: { 'content-type': body instanceof Uint8Array ? 'image/png' : 'application/json' },
    body: body instanceof Uint8Array ? body : JSON.stringify(body),
  };
  const response = await fetch(org + path, init);
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return response.json();
}

async function pendingPush(user) {
  for (let i = 0; i < 100; i++) {
    const pushes = await phone(`/sim/api/pushes?user=${encodeURIComponent(user)}`);
    const last = pushes[pushes.length - 1];
    if (last && last.status === 'pending') return last;
    await sleep(100);
  }
  throw new Error(`no pending push for ${user}`);
}

async function password(user) {
  const auth = client();
  await auth.idx.start();
  let tx = await auth.idx.proceed({ step: 'identify', identifier: user });
  assert.equal(tx.nextStep?.name, 'challenge-authenticator');
  tx = await auth.idx.proceed({ step: 'challenge-authenticator', credentials: { passcode: PASSWORD } });
  return { auth, tx };
}

/** Polls as a step-mode okta-auth-js app does: the poll step again, at the server's pace. */
async function pollUntilDone(auth, tx) {
  for (let i = 0; i < 60 && tx.status === IdxStatus.PENDING && /-poll$/.test(tx.nextStep?.name ?? ''); i++) {
    await sleep(tx.nextStep.refresh ?? 4000);
    tx = await auth.idx.proceed({ step: tx.nextStep.name });
  }
  return tx;
}

/** The current authenticator's contextual data, where okta-auth-js leaves it. */
function contextualData(tx) {
  return tx.nextStep?.relatesTo?.value?.contextualData
    ?? tx.context?.currentAuthenticator?.value?.contextualData;
}

function assertSignedIn(tx, user) {
  assert.equal(tx.status, IdxStatus.SUCCESS, JSON.stringify(tx.messages));
  assert.equal(tx.tokens?.idToken?.claims?.preferred_username, user);
  assert.ok(tx.tokens?.accessToken?.accessToken);
}

async function choosePush(user) {
  const { auth, tx: chooser } = await password(user);
  assert.equal(chooser.nextStep?.name, 'select-authenticator-authenticate');
  let tx = await auth.idx.proceed({ step: 'select-authenticator-authenticate', authenticator: 'okta_verify' });
  assert.equal(tx.nextStep?.name, 'authenticator-verification-data');
  tx = await auth.idx.proceed({ step: 'authenticator-verification-data', methodType: 'push' });
  assert.equal(tx.nextStep?.name, 'challenge-poll');
  return { auth, tx };
}

const flows = {
  async push() {
    const { auth, tx } = await choosePush('push@example.com');
    const push = await pendingPush('push@example.com');
    assert.equal(push.number_choices, null);
    await phone(`/sim/api/pushes/${push.id}/approve`, {});
    assertSignedIn(await pollUntilDone(auth, tx), 'push@example.com');
  },

  async 'number challenge'() {
    const { auth, tx } = await choosePush('number@example.com');
    const number = contextualData(tx)?.correctAnswer;
    assert.ok(number, 'okta-auth-js reads the number to show');
    const push = await pendingPush('number@example.com');
    assert.ok(push.number_choices.includes(Number(number)));
    await phone(`/sim/api/pushes/${push.id}/approve`, { number: Number(number) });
    assertSignedIn(await pollUntilDone(auth, tx), 'number@example.com');
  },

  async 'one-time code'() {
    const { auth } = await password('push@example.com');
    let tx = await auth.idx.proceed({ step: 'select-authenticator-authenticate', authenticator: 'okta_verify' });
    tx = await auth.idx.proceed({ step: 'authenticator-verification-data', methodType: 'totp' });
    assert.equal(tx.nextStep?.name, 'challenge-authenticator');
    const { code } = await phone('/sim/api/totp?user=push%40example.com');
    tx = await auth.idx.proceed({ step: 'challenge-authenticator', credentials: { totp: code } });
    assertSignedIn(tx, 'push@example.com');
  },

  async 'QR enrollment'() {
    const { auth, tx: chooser } = await password('enroll@example.com');
    assert.equal(chooser.nextStep?.name, 'select-authenticator-enroll');
    const tx = await auth.idx.proceed({ step: 'select-authenticator-enroll', authenticator: 'okta_verify' });
    assert.equal(tx.nextStep?.name, 'enroll-poll');
    const href = contextualData(tx)?.qrcode?.href;
    assert.match(href ?? '', /^data:image\/png;base64,/);
    // The phone's camera: idx-sim decodes the picture as Okta Verify would.
    const png = Buffer.from(href.split(',')[1], 'base64');
    const scanned = await phone('/sim/api/scan-image', new Uint8Array(png));
    assert.equal(scanned.enrolled, true);
    assertSignedIn(await pollUntilDone(auth, tx), 'enroll@example.com');
  },
};

(async () => {
  let passed = 0;
  let failed = 0;
  for (const [name, run] of Object.entries(flows)) {
    try {
      await run();
      passed += 1;
      console.log(`ok   okta-auth-js: ${name}`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL okta-auth-js: ${name}: ${e.stack ?? e}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
})();
