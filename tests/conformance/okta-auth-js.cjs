// Okta's own client, okta-auth-js (from npm, unmodified), signs in against idx-sim through the
// Okta Verify flows: push, number challenge, one-time code and QR enrollment; and enrolls then
// verifies a security key (WebAuthn) made here with node's crypto. idx-sim is ours,
// so a mistake we share with it passes our own tests; a client nobody here wrote does not
// share them. Usage: node okta-auth-js.cjs <org-url>. Prints one line per flow and ends with
// "N passed, M failed".

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
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

/** A minimal CBOR encoder: what an attestation object and a COSE key need. */
function cbor(value) {
  const head = (major, n) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (value instanceof Map) {
    const parts = [head(5, value.size)];
    for (const [k, v] of value) parts.push(cbor(k), cbor(v));
    return Buffer.concat(parts);
  }
  throw new Error(`cannot encode ${value}`);
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** A software security key: one ES256 credential, as navigator.credentials would use it. */
function securityKey() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const id = crypto.randomBytes(32);
  let counter = 0;
  const origin = 'http://127.0.0.1:8080';
  const rpIdHash = crypto.createHash('sha256').update('127.0.0.1').digest();
  const clientData = (type, challenge) =>
    Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  return {
    create(challenge) {
      const cose = cbor(new Map([[1, 2], [3, -7], [-1, 1],
        [-2, Buffer.from(jwk.x, 'base64url')], [-3, Buffer.from(jwk.y, 'base64url')]]));
      const idLen = Buffer.from([id.length >> 8, id.length & 255]);
      const authData = Buffer.concat([rpIdHash, Buffer.from([0x45, 0, 0, 0, 0]), Buffer.alloc(16), idLen, id, cose]);
      const attestation = cbor(new Map([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
      return { clientData: b64url(clientData('webauthn.create', challenge)), attestation: b64url(attestation) };
    },
    get(challenge) {
      counter += 1;
      const cd = clientData('webauthn.get', challenge);
      const count = Buffer.alloc(4);
      count.writeUInt32BE(counter);
      const authData = Buffer.concat([rpIdHash, Buffer.from([0x05]), count]);
      const hash = crypto.createHash('sha256').update(cd).digest();
      const signature = crypto.sign('sha256', Buffer.concat([authData, hash]), privateKey);
      return { clientData: b64url(cd), authenticatorData: b64url(authData), signatureData: b64url(signature) };
    },
    credentialId: b64url(id),
  };
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

  async 'security key (WebAuthn) enrollment then verification'() {
    const user = 'passkey@example.com';
    const key = securityKey();
    const { auth, tx: chooser } = await password(user);
    assert.equal(chooser.nextStep?.name, 'select-authenticator-enroll');
    let tx = await auth.idx.proceed({ step: 'select-authenticator-enroll', authenticator: 'webauthn' });
    assert.equal(tx.nextStep?.name, 'enroll-authenticator');
    const activation = contextualData(tx)?.activationData;
    assert.ok(activation?.challenge, 'okta-auth-js reads the activation data');
    tx = await auth.idx.proceed({ step: 'enroll-authenticator', ...key.create(activation.challenge) });
    assertSignedIn(tx, user);
    const again = await password(user);
    assert.equal(again.tx.nextStep?.name, 'challenge-authenticator');
    const enrolled = again.tx.rawIdxState?.authenticatorEnrollments?.value ?? [];
    assert.ok(enrolled.some((e) => e.credentialId === key.credentialId), 'the credential is listed');
    const challenge = contextualData(again.tx)?.challengeData?.challenge;
    assert.ok(challenge, 'okta-auth-js reads the challenge data');
    tx = await again.auth.idx.proceed({ step: 'challenge-authenticator', ...key.get(challenge) });
    assertSignedIn(tx, user);
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
