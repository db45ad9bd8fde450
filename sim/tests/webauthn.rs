//! WebAuthn (passkeys and security keys) against a real idx-sim over HTTP, with a software
//! authenticator written here: ES256 (P-256) and RS256 (RSA) keys that make real attestation
//! objects and assertions. Each relying-party check is shown refusing a ceremony broken in
//! that one way, next to the same ceremony unbroken succeeding; and the states are compared
//! with Okta's recorded ones.

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ciborium::Value as Cbor;
use common::shape::assert_parts;
use common::*;
use idx_sim::webauthn::{Credential, Kind};
use p256::ecdsa::signature::Signer;
use p256::pkcs8::EncodePublicKey;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const ORIGIN: &str = "http://127.0.0.1:8080";
const RP_ID: &str = "127.0.0.1";
const PASSKEY_USER: &str = "passkey@example.com";
const OTHER_USER: &str = "other-passkey@example.com";
const FAILURE_KEY: &str = "authfactor.webauthn.error.assertion_validation_failure";
const ENROLL_FAILURE_KEY: &str = "authfactor.webauthn.error";

/// An assertion broken one way, for a challenge.
type Breaker<'a> = Box<dyn FnOnce(&mut Soft, &str) -> Value + 'a>;
/// A request body made for the current client data.
type BodyFor<'a> = Box<dyn Fn(&str) -> Value + 'a>;

const UP: u8 = 0x01;
const UV: u8 = 0x04;
const BE: u8 = 0x08;
const AT: u8 = 0x40;

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

fn cbor(value: &Cbor) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(value, &mut out).unwrap();
    out
}

fn int(i: i64) -> Cbor {
    Cbor::Integer(i.into())
}

enum Key {
    Es256(p256::ecdsa::SigningKey),
    Rs256(Box<rsa::RsaPrivateKey>),
}

/// A software authenticator: one credential, its key and counter.
struct Soft {
    key: Key,
    id: Vec<u8>,
    counter: u32,
    /// The `user.id` it was created for (a passkey answers it as `userHandle`).
    user_handle: Vec<u8>,
    passkey: bool,
}

impl Soft {
    fn es256() -> Soft {
        Soft::with(Key::Es256(p256::ecdsa::SigningKey::random(
            &mut rand::rngs::OsRng,
        )))
    }

    fn rs256() -> Soft {
        let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
        Soft::with(Key::Rs256(Box::new(key)))
    }

    fn with(key: Key) -> Soft {
        Soft {
            key,
            id: rand::random::<[u8; 32]>().to_vec(),
            counter: 0,
            user_handle: Vec::new(),
            passkey: false,
        }
    }

    fn cose(&self) -> Cbor {
        match &self.key {
            Key::Es256(k) => {
                let point = k.verifying_key().to_encoded_point(false);
                Cbor::Map(vec![
                    (int(1), int(2)),
                    (int(3), int(-7)),
                    (int(-1), int(1)),
                    (int(-2), Cbor::Bytes(point.x().unwrap().to_vec())),
                    (int(-3), Cbor::Bytes(point.y().unwrap().to_vec())),
                ])
            }
            Key::Rs256(k) => {
                use rsa::traits::PublicKeyParts;
                Cbor::Map(vec![
                    (int(1), int(3)),
                    (int(3), int(-257)),
                    (int(-1), Cbor::Bytes(k.n().to_bytes_be())),
                    (int(-2), Cbor::Bytes(k.e().to_bytes_be())),
                ])
            }
        }
    }

    fn alg(&self) -> i64 {
        match self.key {
            Key::Es256(_) => -7,
            Key::Rs256(_) => -257,
        }
    }

    /// The public key as idx-sim's configuration takes it (PEM).
    fn pem(&self) -> String {
        match &self.key {
            Key::Es256(k) => k
                .verifying_key()
                .to_public_key_pem(Default::default())
                .unwrap(),
            Key::Rs256(k) => rsa::pkcs8::EncodePublicKey::to_public_key_pem(
                &k.to_public_key(),
                Default::default(),
            )
            .unwrap(),
        }
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        match &self.key {
            Key::Es256(k) => {
                let sig: p256::ecdsa::Signature = k.sign(message);
                sig.to_der().as_bytes().to_vec()
            }
            Key::Rs256(k) => {
                use rsa::signature::SignatureEncoding;
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new((**k).clone());
                signer.sign(message).to_vec()
            }
        }
    }

    fn auth_data(&self, rp_id: &str, flags: u8, attested: bool) -> Vec<u8> {
        let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
        let flags = flags | if self.passkey { BE } else { 0 } | if attested { AT } else { 0 };
        data.push(flags);
        data.extend_from_slice(&self.counter.to_be_bytes());
        if attested {
            data.extend_from_slice(&[0u8; 16]);
            data.extend_from_slice(&(self.id.len() as u16).to_be_bytes());
            data.extend_from_slice(&self.id);
            data.extend_from_slice(&cbor(&self.cose()));
        }
        data
    }
}

/// What a ceremony is made of, each part breakable on its own.
#[derive(Clone)]
struct Ceremony {
    kind: &'static str,
    challenge: String,
    origin: String,
    rp_id: String,
    flags: u8,
    fmt: &'static str,
}

impl Ceremony {
    fn create(challenge: &str) -> Ceremony {
        Ceremony {
            kind: "webauthn.create",
            challenge: challenge.to_owned(),
            origin: ORIGIN.into(),
            rp_id: RP_ID.into(),
            flags: UP | UV,
            fmt: "none",
        }
    }

    fn get(challenge: &str) -> Ceremony {
        Ceremony {
            kind: "webauthn.get",
            ..Ceremony::create(challenge)
        }
    }

    fn client_data(&self) -> Vec<u8> {
        json!({"type": self.kind, "challenge": self.challenge, "origin": self.origin, "crossOrigin": false})
            .to_string()
            .into_bytes()
    }
}

impl Soft {
    /// `navigator.credentials.create`, as okta-auth-js sends its result.
    fn attest(&mut self, c: &Ceremony) -> Value {
        let client_data = c.client_data();
        let auth_data = self.auth_data(&c.rp_id, c.flags, true);
        let statement = match c.fmt {
            "packed" => {
                let mut message = auth_data.clone();
                message.extend_from_slice(&Sha256::digest(&client_data));
                Cbor::Map(vec![
                    (Cbor::Text("alg".into()), int(self.alg())),
                    (Cbor::Text("sig".into()), Cbor::Bytes(self.sign(&message))),
                ])
            }
            "packed-x5c" => Cbor::Map(vec![
                (Cbor::Text("alg".into()), int(self.alg())),
                (Cbor::Text("sig".into()), Cbor::Bytes(vec![1, 2, 3])),
                (
                    Cbor::Text("x5c".into()),
                    Cbor::Array(vec![Cbor::Bytes(vec![0x30, 0x00])]),
                ),
            ]),
            _ => Cbor::Map(Vec::new()),
        };
        let fmt = if c.fmt == "packed-x5c" {
            "packed"
        } else {
            c.fmt
        };
        let object = Cbor::Map(vec![
            (Cbor::Text("fmt".into()), Cbor::Text(fmt.into())),
            (Cbor::Text("attStmt".into()), statement),
            (Cbor::Text("authData".into()), Cbor::Bytes(auth_data)),
        ]);
        json!({
            "clientData": b64(&client_data),
            "attestation": b64(&cbor(&object)),
            "transports": "[\"usb\",\"nfc\"]",
            "clientExtensions": "{}",
        })
    }

    /// `navigator.credentials.get`: the counter moves on first.
    fn assert(&mut self, c: &Ceremony) -> Value {
        self.counter += 1;
        let client_data = c.client_data();
        let auth_data = self.auth_data(&c.rp_id, c.flags, false);
        let mut message = auth_data.clone();
        message.extend_from_slice(&Sha256::digest(&client_data));
        let mut out = json!({
            "clientData": b64(&client_data),
            "authenticatorData": b64(&auth_data),
            "signatureData": b64(&self.sign(&message)),
        });
        if self.passkey {
            out["userHandle"] = json!(b64(&self.user_handle));
        }
        out
    }

    /// Its configuration entry.
    fn credential(&self, kind: Kind) -> Credential {
        Credential {
            credential_id: b64(&self.id),
            public_key: self.pem(),
            kind,
            sign_count: self.counter,
            name: None,
            transports: vec!["usb".into()],
            user_handle: None,
        }
    }
}

/// An IDX conversation in raw JSON, as a browser page would hold it.
struct Raw<'a> {
    sim: &'a Sim,
    doc: Value,
}

impl<'a> Raw<'a> {
    async fn start(sim: &'a Sim) -> Raw<'a> {
        Raw {
            sim,
            doc: SignIn::start(sim).await.raw(),
        }
    }

    async fn after_password(sim: &'a Sim, user: &str) -> Raw<'a> {
        Raw {
            sim,
            doc: SignIn::password(sim, user).await.raw(),
        }
    }

    fn form(&self, name: &str) -> Value {
        self.doc["remediation"]["value"]
            .as_array()
            .and_then(|l| l.iter().find(|f| f["name"] == name).cloned())
            .unwrap_or_else(|| panic!("no {name} in {}", self.doc))
    }

    fn names(&self) -> Vec<String> {
        self.doc["remediation"]["value"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|f| f["name"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Posts `body` (plus the state handle) to the named form; the answer becomes the
    /// current document when it is one (refusals carry the state too).
    async fn post(&mut self, name: &str, mut body: Value) -> u16 {
        let href = self.form(name)["href"].as_str().unwrap().to_owned();
        body["stateHandle"] = self.doc["stateHandle"].clone();
        let response = self
            .sim
            .http
            .post(href)
            .header("Origin", ORIGIN)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let doc: Value = response.json().await.unwrap();
        if doc.get("stateHandle").is_some() {
            self.doc = doc;
        } else {
            panic!("{status}: {doc}");
        }
        status
    }

    async fn credentials(&mut self, name: &str, credentials: Value) -> u16 {
        self.post(name, json!({"credentials": credentials})).await
    }

    /// Answers the named form and expects to be signed in.
    async fn signs_in(&mut self, name: &str, credentials: Value) {
        let status = self.credentials(name, credentials).await;
        assert_eq!(status, 200, "{}", self.doc);
        assert!(self.done(), "{}", self.doc);
    }

    /// Chooses WebAuthn in this list (to enroll or to verify).
    async fn choose_webauthn(&mut self, list: &str) -> u16 {
        let id = webauthn_id(&self.doc);
        let choice = json!({"authenticator": {"id": id, "methodType": "webauthn"}});
        self.post(list, choice).await
    }

    /// Creates a credential for the enrollment's activation data and expects to be signed in.
    async fn enrolls_with(&mut self, soft: &mut Soft) {
        let activation = self.activation();
        soft.user_handle = unb64(activation["user"]["id"].as_str().unwrap());
        let challenge = activation["challenge"].as_str().unwrap().to_owned();
        let answer = soft.attest(&Ceremony::create(&challenge));
        self.signs_in("enroll-authenticator", answer).await;
    }

    /// Answers the challenge with this authenticator and expects to be signed in.
    async fn verifies_with(&mut self, soft: &mut Soft) {
        let challenge = self.challenge();
        let answer = soft.assert(&Ceremony::get(&challenge));
        self.signs_in("challenge-authenticator", answer).await;
    }

    fn challenge(&self) -> String {
        self.doc["currentAuthenticator"]["value"]["contextualData"]["challengeData"]["challenge"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn activation(&self) -> Value {
        self.doc["currentAuthenticator"]["value"]["contextualData"]["activationData"].clone()
    }

    fn message_key(&self) -> String {
        self.doc["messages"]["value"][0]["i18n"]["key"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    fn done(&self) -> bool {
        self.doc.get("successWithInteractionCode").is_some()
    }
}

fn webauthn_id(doc: &Value) -> String {
    doc["authenticators"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "webauthn")
        .expect("webauthn listed")["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The demo's passkey@example.com (must enroll WebAuthn, no Okta Verify) and, when given,
/// credentials already registered to it and to a second such user.
fn config_with(mine: Vec<Credential>, others: Vec<Credential>) -> idx_sim::Config {
    let mut config = fast_config();
    let mut other = user_mut(&mut config, PASSKEY_USER).clone();
    other.username = OTHER_USER.into();
    other.webauthn = others;
    user_mut(&mut config, PASSKEY_USER).webauthn = mine;
    config.users.push(other);
    config.webauthn.autofill = true;
    config.webauthn.launch_authenticator = true;
    config
}

/// Password, then WebAuthn chosen for enrollment: the enrollment step.
async fn to_enrollment(sim: &Sim) -> Raw<'_> {
    let mut raw = Raw::after_password(sim, PASSKEY_USER).await;
    assert_eq!(raw.names()[0], "select-authenticator-enroll");
    let status = raw.choose_webauthn("select-authenticator-enroll").await;
    assert_eq!(status, 200);
    assert_eq!(raw.names()[0], "enroll-authenticator");
    raw
}

/// Enrolls `soft` for passkey@example.com; checks what the org asked of the browser.
async fn enroll(sim: &Sim, soft: &mut Soft) {
    let mut raw = to_enrollment(sim).await;
    let activation = raw.activation();
    assert_eq!(activation["rp"]["name"], "idx-sim");
    assert!(
        activation["rp"].get("id").is_none(),
        "no rp.id unless configured: the browser uses the page's host"
    );
    assert_eq!(activation["user"]["name"], PASSKEY_USER);
    let algs: Vec<i64> = activation["pubKeyCredParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["alg"].as_i64().unwrap())
        .collect();
    assert_eq!(algs, [-7, -257]);
    assert_eq!(
        activation["u2fParams"]["appid"], ORIGIN,
        "the calling page's own origin, which a browser accepts as appid"
    );
    assert_eq!(unb64(activation["challenge"].as_str().unwrap()).len(), 32);
    raw.enrolls_with(soft).await;
}

/// Password, then the WebAuthn challenge (the user's only factor besides it).
async fn to_challenge<'a>(sim: &'a Sim, user: &str) -> Raw<'a> {
    let raw = Raw::after_password(sim, user).await;
    assert_eq!(raw.names()[0], "challenge-authenticator", "{}", raw.doc);
    raw
}

async fn enroll_then_verify(mut soft: Soft) {
    let sim = Sim::start(config_with(Vec::new(), Vec::new())).await;
    enroll(&sim, &mut soft).await;
    let mut raw = to_challenge(&sim, PASSKEY_USER).await;
    let listed: Vec<&str> = raw.doc["authenticatorEnrollments"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["key"] == "webauthn")
        .map(|e| e["credentialId"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        [b64(&soft.id)],
        "the credential is offered to get()"
    );
    raw.verifies_with(&mut soft).await;
    // And once more: the counter moved on again.
    let mut raw = to_challenge(&sim, PASSKEY_USER).await;
    raw.verifies_with(&mut soft).await;
}

#[tokio::test]
async fn an_es256_security_key_enrolls_then_verifies() {
    enroll_then_verify(Soft::es256()).await;
}

#[tokio::test]
async fn an_rs256_security_key_enrolls_then_verifies() {
    enroll_then_verify(Soft::rs256()).await;
}

/// A configured credential's challenge, answered broken, then (fresh challenge) unbroken.
async fn refused_then_accepted(
    sim: &Sim,
    soft: &mut Soft,
    what: &str,
    broken: impl FnOnce(&mut Soft, &str) -> Value,
) {
    let mut raw = to_challenge(sim, PASSKEY_USER).await;
    let answer = broken(soft, &raw.challenge());
    let status = raw.credentials("challenge-authenticator", answer).await;
    assert_eq!(status, 400, "{what}: {}", raw.doc);
    assert_eq!(raw.message_key(), FAILURE_KEY, "{what}");
    assert_eq!(
        raw.names()[0],
        "challenge-authenticator",
        "{what}: still on the challenge"
    );
    raw.verifies_with(soft).await;
}

#[tokio::test]
async fn each_assertion_check_refuses_what_breaks_it() {
    let mut mine = Soft::es256();
    let mut stranger = Soft::es256();
    let mut theirs = Soft::rs256();
    let sim = Sim::start(config_with(
        vec![mine.credential(Kind::SecurityKey)],
        vec![theirs.credential(Kind::SecurityKey)],
    ))
    .await;
    let cases: Vec<(&str, Breaker<'_>)> = vec![
        (
            "another challenge",
            Box::new(|s, _| s.assert(&Ceremony::get(&b64(&[7u8; 32])))),
        ),
        (
            "a registration's type",
            Box::new(|s, c| {
                s.assert(&Ceremony {
                    kind: "webauthn.create",
                    ..Ceremony::get(c)
                })
            }),
        ),
        (
            "an untrusted origin",
            Box::new(|s, c| {
                s.assert(&Ceremony {
                    origin: "https://evil.example".into(),
                    ..Ceremony::get(c)
                })
            }),
        ),
        (
            "another RP ID's hash",
            Box::new(|s, c| {
                s.assert(&Ceremony {
                    rp_id: "evil.example".into(),
                    ..Ceremony::get(c)
                })
            }),
        ),
        (
            "no user presence",
            Box::new(|s, c| {
                s.assert(&Ceremony {
                    flags: UV,
                    ..Ceremony::get(c)
                })
            }),
        ),
        (
            "a bad signature",
            Box::new(|s, c| {
                let mut answer = s.assert(&Ceremony::get(c));
                let mut sig = unb64(answer["signatureData"].as_str().unwrap());
                let last = sig.len() - 1;
                sig[last] ^= 1;
                answer["signatureData"] = json!(b64(&sig));
                answer
            }),
        ),
        (
            "a counter that went back",
            Box::new(|s, c| {
                // Earlier answers were accepted with higher counts: this one is a clone's.
                let saved = s.counter;
                s.counter = 0;
                let answer = s.assert(&Ceremony::get(c));
                s.counter = saved;
                answer
            }),
        ),
        (
            "a credential nobody registered",
            Box::new(move |_, c| stranger.assert(&Ceremony::get(c))),
        ),
        (
            "another user's credential",
            Box::new(move |_, c| theirs.assert(&Ceremony::get(c))),
        ),
    ];
    for (what, broken) in cases {
        refused_then_accepted(&sim, &mut mine, what, broken).await;
    }
}

#[tokio::test]
async fn a_challenge_is_good_once() {
    let mut soft = Soft::es256();
    let sim = Sim::start(config_with(
        vec![soft.credential(Kind::SecurityKey)],
        Vec::new(),
    ))
    .await;
    let mut raw = to_challenge(&sim, PASSKEY_USER).await;
    let first = raw.challenge();
    let kept = soft.assert(&Ceremony::get(&first));
    // A wrong answer spends the challenge: the next state carries another.
    let status = raw
        .credentials("challenge-authenticator", json!({"clientData": "x"}))
        .await;
    assert_eq!(status, 400);
    assert_ne!(raw.challenge(), first);
    let status = raw.credentials("challenge-authenticator", kept).await;
    assert_eq!(status, 400, "an assertion of a spent challenge");
    // And a right answer's challenge is spent too: the transaction is done with it.
    let mut raw = to_challenge(&sim, PASSKEY_USER).await;
    let challenge = raw.challenge();
    let good = soft.assert(&Ceremony::get(&challenge));
    assert_eq!(
        raw.credentials("challenge-authenticator", good.clone())
            .await,
        200
    );
    let mut again = to_challenge(&sim, PASSKEY_USER).await;
    assert_eq!(
        again.credentials("challenge-authenticator", good).await,
        400
    );
}

#[tokio::test]
async fn malformed_answers_get_oktas_error_not_a_crash() {
    let es = Soft::es256();
    let rs = Soft::rs256();
    let sim = Sim::start(config_with(
        vec![
            es.credential(Kind::SecurityKey),
            rs.credential(Kind::SecurityKey),
        ],
        Vec::new(),
    ))
    .await;
    // Each body is made for the challenge now current, so that what is broken is what the
    // org meets: the shapes first, then the authenticator data and the signature.
    let rp_hash = Sha256::digest(RP_ID.as_bytes()).to_vec();
    let auth = |flags: u8, tail: &[u8]| {
        let mut data = rp_hash.clone();
        data.push(flags);
        data.extend_from_slice(&[0, 0, 0, 9]);
        data.extend_from_slice(tail);
        b64(&data)
    };
    let assertion_bodies: Vec<BodyFor<'_>> = vec![
        Box::new(|_| json!({})),
        Box::new(|_| json!({"credentials": 42})),
        Box::new(
            |_| json!({"credentials": {"clientData": 1, "authenticatorData": [], "signatureData": null}}),
        ),
        Box::new(
            |_| json!({"credentials": {"clientData": "%%%", "authenticatorData": "%%%", "signatureData": "%%%"}}),
        ),
        Box::new(
            |_| json!({"credentials": {"clientData": b64(b"not json"), "authenticatorData": "", "signatureData": ""}}),
        ),
        Box::new(
            |_| json!({"credentials": {"clientData": b64(&[0xff; 40]), "authenticatorData": "", "signatureData": ""}}),
        ),
        Box::new(
            |cd| json!({"credentials": {"clientData": cd, "authenticatorData": "%%", "signatureData": ""}}),
        ),
        Box::new(
            |cd| json!({"credentials": {"clientData": cd, "authenticatorData": b64(&[1u8; 10]), "signatureData": ""}}),
        ),
        Box::new(
            |cd| json!({"credentials": {"clientData": cd, "authenticatorData": auth(UP, &[]), "signatureData": "%%"}}),
        ),
        Box::new(
            |cd| json!({"credentials": {"clientData": cd, "authenticatorData": auth(UP, &[]), "signatureData": ""}}),
        ),
        Box::new(
            |cd| json!({"credentials": {"clientData": cd, "authenticatorData": auth(UP, &[]), "signatureData": b64(&[0x30, 0x02, 0x01])}}),
        ),
        Box::new(
            |cd| json!({"credentials": {"clientData": cd, "authenticatorData": auth(UP | AT, &[0xff; 3]), "signatureData": b64(&[7u8; 600])}}),
        ),
    ];
    let mut raw = to_challenge(&sim, PASSKEY_USER).await;
    for body in assertion_bodies {
        let cd = b64(&Ceremony::get(&raw.challenge()).client_data());
        let body = body(&cd);
        let status = raw.post("challenge-authenticator", body.clone()).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(raw.message_key(), FAILURE_KEY, "{body}");
    }
    // Enrollment: broken attestation objects, each past the client data.
    let sim = Sim::start(config_with(Vec::new(), Vec::new())).await;
    let object = |auth_data: Vec<u8>| {
        b64(&cbor(&Cbor::Map(vec![
            (Cbor::Text("fmt".into()), Cbor::Text("none".into())),
            (Cbor::Text("attStmt".into()), Cbor::Map(Vec::new())),
            (Cbor::Text("authData".into()), Cbor::Bytes(auth_data)),
        ])))
    };
    let attested = |id_len: u16, id: &[u8], key: &[u8]| {
        let mut data = rp_hash.clone();
        data.push(UP | AT);
        data.extend_from_slice(&[0, 0, 0, 0]);
        data.extend_from_slice(&[0u8; 16]);
        data.extend_from_slice(&id_len.to_be_bytes());
        data.extend_from_slice(id);
        data.extend_from_slice(key);
        data
    };
    let cose = |pairs: Vec<(i64, Cbor)>| {
        cbor(&Cbor::Map(
            pairs.into_iter().map(|(k, v)| (int(k), v)).collect(),
        ))
    };
    let bytes = |n: usize| Cbor::Bytes(vec![1; n]);
    let ed25519 = cose(vec![
        (1, int(1)),
        (3, int(-8)),
        (-1, int(6)),
        (-2, bytes(32)),
    ]);
    let ec2 = |x: usize| {
        cose(vec![
            (1, int(2)),
            (3, int(-7)),
            (-1, int(1)),
            (-2, bytes(x)),
            (-3, bytes(32)),
        ])
    };
    let (short_x, off_curve) = (ec2(31), ec2(32));
    let bad_rsa = cose(vec![
        (1, int(3)),
        (3, int(-257)),
        (-1, bytes(0)),
        (-2, bytes(0)),
    ]);
    let attestations: Vec<String> = vec![
        "%%".into(),
        b64(&[0xbf, 0x61]),
        // Lengths claiming more than there is, and nesting without end.
        b64(&[0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        b64(&[0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        b64(&[0x81; 100_000]),
        b64(&cbor(&Cbor::Array(vec![]))),
        b64(&cbor(&Cbor::Map(vec![(Cbor::Text("fmt".into()), int(1))]))),
        object(Vec::new()),
        object({
            let mut d = rp_hash.clone();
            d.extend_from_slice(&[UP | AT, 0, 0, 0, 0]);
            d
        }),
        object(attested(0, &[], &[])),
        object(attested(u16::MAX, &[1; 4], &[])),
        object(attested(4, &[1; 4], &[0xbf, 0x61])),
        object(attested(4, &[1; 4], &ed25519)),
        object(attested(4, &[1; 4], &short_x)),
        object(attested(4, &[1; 4], &off_curve)),
        object(attested(4, &[1; 4], &bad_rsa)),
    ];
    let mut raw = to_enrollment(&sim).await;
    for (i, attestation) in [json!({}), json!({"credentials": "x"})]
        .into_iter()
        .chain(attestations.into_iter().map(|a| json!({"attestation": a})))
        .enumerate()
    {
        let challenge = raw.activation()["challenge"].as_str().unwrap().to_owned();
        let mut body = json!({"credentials": {"clientData": b64(&Ceremony::create(&challenge).client_data())}});
        match attestation.get("attestation") {
            Some(a) => body["credentials"]["attestation"] = a.clone(),
            None => body = attestation,
        }
        let status = raw.post("enroll-authenticator", body.clone()).await;
        assert_eq!(status, 400, "{i}: {body}");
        assert_eq!(raw.message_key(), ENROLL_FAILURE_KEY, "{i}: {body}");
        assert_eq!(raw.names()[0], "enroll-authenticator");
    }
}

#[tokio::test]
async fn each_registration_check_refuses_what_breaks_it() {
    let registered = Soft::es256();
    let unsupported = "authfactor.webauthn.error.unsupported_attestation";
    let cases: Vec<(&str, Ceremony, &str)> = vec![
        (
            "a verification's type",
            Ceremony {
                kind: "webauthn.get",
                ..Ceremony::create("")
            },
            ENROLL_FAILURE_KEY,
        ),
        (
            "another challenge",
            Ceremony::create(&b64(&[9u8; 32])),
            ENROLL_FAILURE_KEY,
        ),
        (
            "an untrusted origin",
            Ceremony {
                origin: "http://127.0.0.1:9999".into(),
                ..Ceremony::create("")
            },
            ENROLL_FAILURE_KEY,
        ),
        (
            "another RP ID's hash",
            Ceremony {
                rp_id: "localhost".into(),
                ..Ceremony::create("")
            },
            ENROLL_FAILURE_KEY,
        ),
        (
            "no user presence",
            Ceremony {
                flags: 0,
                ..Ceremony::create("")
            },
            ENROLL_FAILURE_KEY,
        ),
        (
            "an attestation format not accepted",
            Ceremony {
                fmt: "fido-u2f",
                ..Ceremony::create("")
            },
            unsupported,
        ),
        (
            "packed attestation with a certificate",
            Ceremony {
                fmt: "packed-x5c",
                ..Ceremony::create("")
            },
            unsupported,
        ),
        // Another user's credential id, with a new key.
        (
            "a credential registered already",
            Ceremony::create(""),
            ENROLL_FAILURE_KEY,
        ),
    ];
    for (what, mut ceremony, key) in cases {
        // A fresh org each time: a success enrolls, and policy then asks for nothing more.
        let sim = Sim::start(config_with(
            Vec::new(),
            vec![registered.credential(Kind::Passkey)],
        ))
        .await;
        let mut raw = to_enrollment(&sim).await;
        // An empty challenge stands for the one issued.
        if ceremony.challenge.is_empty() {
            ceremony.challenge = raw.activation()["challenge"].as_str().unwrap().to_owned();
        }
        let mut soft = Soft::es256();
        if what == "a credential registered already" {
            soft.id = registered.id.clone();
        }
        let status = raw
            .credentials("enroll-authenticator", soft.attest(&ceremony))
            .await;
        assert_eq!(status, 400, "{what}: {}", raw.doc);
        assert_eq!(raw.message_key(), key, "{what}");
        // Unbroken, with the fresh challenge, it works.
        let challenge = raw.activation()["challenge"].as_str().unwrap().to_owned();
        let mut soft = Soft::es256();
        let status = raw
            .credentials(
                "enroll-authenticator",
                soft.attest(&Ceremony::create(&challenge)),
            )
            .await;
        assert_eq!(status, 200, "{what}, then right: {}", raw.doc);
    }
}

#[tokio::test]
async fn packed_self_attestation_is_accepted_and_checked() {
    let sim = Sim::start(config_with(Vec::new(), Vec::new())).await;
    let mut soft = Soft::rs256();
    let mut raw = to_enrollment(&sim).await;
    let challenge = raw.activation()["challenge"].as_str().unwrap().to_owned();
    let mut answer = soft.attest(&Ceremony {
        fmt: "packed",
        ..Ceremony::create(&challenge)
    });
    // The same client data but for a space: its type, challenge and origin pass, but the
    // attestation signed other bytes.
    let mut tampered = Ceremony::create(&challenge).client_data();
    tampered.push(b' ');
    answer["clientData"] = json!(b64(&tampered));
    assert_eq!(raw.credentials("enroll-authenticator", answer).await, 400);
    assert_eq!(raw.message_key(), ENROLL_FAILURE_KEY);
    let challenge = raw.activation()["challenge"].as_str().unwrap().to_owned();
    let answer = soft.attest(&Ceremony {
        fmt: "packed",
        ..Ceremony::create(&challenge)
    });
    raw.signs_in("enroll-authenticator", answer).await;
}

#[tokio::test]
async fn a_second_credential_is_excluded_and_listed() {
    let first = Soft::es256();
    let sim = Sim::start(config_with(
        vec![first.credential(Kind::SecurityKey)],
        Vec::new(),
    ))
    .await;
    // Enrolled already: policy asks for nothing more, and the challenge lists the credential.
    let raw = to_challenge(&sim, PASSKEY_USER).await;
    let enrollment = raw.doc["authenticatorEnrollments"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "webauthn")
        .cloned()
        .unwrap();
    assert_eq!(enrollment["credentialId"], b64(&first.id));
    assert_eq!(enrollment["transports"], json!(["usb"]));
    assert_eq!(enrollment["displayName"], "Security key");
    let user_verification = &raw.doc["currentAuthenticator"]["value"]["contextualData"]["challengeData"]
        ["userVerification"];
    assert_eq!(user_verification, "preferred");
}

#[tokio::test]
async fn user_verification_required_refuses_an_unverified_answer() {
    let mut soft = Soft::es256();
    let mut config = config_with(vec![soft.credential(Kind::SecurityKey)], Vec::new());
    config.webauthn.user_verification = "required".into();
    config.webauthn.rp_id = Some(RP_ID.into());
    let sim = Sim::start(config).await;
    let mut raw = to_challenge(&sim, PASSKEY_USER).await;
    let data = &raw.doc["currentAuthenticator"]["value"]["contextualData"]["challengeData"];
    assert_eq!(data["userVerification"], "required");
    assert_eq!(data["rpId"], RP_ID);
    let challenge = raw.challenge();
    let answer = soft.assert(&Ceremony {
        flags: UP,
        ..Ceremony::get(&challenge)
    });
    assert_eq!(
        raw.credentials("challenge-authenticator", answer).await,
        400
    );
    let challenge = raw.challenge();
    let answer = soft.assert(&Ceremony::get(&challenge));
    assert_eq!(
        raw.credentials("challenge-authenticator", answer).await,
        200
    );
}

/// A passkey enrolled through the org (so it knows the user's id as its user handle).
async fn enrolled_passkey(sim: &Sim) -> Soft {
    let mut soft = Soft::es256();
    soft.passkey = true;
    enroll(sim, &mut soft).await;
    soft
}

#[tokio::test]
async fn a_passkey_signs_in_from_the_first_screen_by_autofill() {
    let sim = Sim::start(config_with(Vec::new(), Vec::new())).await;
    let mut soft = enrolled_passkey(&sim).await;
    let mut raw = Raw::start(&sim).await;
    assert!(
        raw.names()
            .contains(&"challenge-webauthn-autofillui-authenticator".to_owned()),
        "{:?}",
        raw.names()
    );
    let challenge = raw.doc["webauthnAutofillUIChallenge"]["value"]["challengeData"]["challenge"]
        .as_str()
        .unwrap()
        .to_owned();
    // Someone else's user handle with this passkey's signature: refused.
    let mut wrong = soft.assert(&Ceremony::get(&challenge));
    wrong["userHandle"] = json!(b64(b"00uNobodyAtAll000000"));
    let status = raw
        .credentials("challenge-webauthn-autofillui-authenticator", wrong)
        .await;
    assert_eq!(status, 400);
    assert_eq!(raw.message_key(), FAILURE_KEY);
    let challenge = raw.doc["webauthnAutofillUIChallenge"]["value"]["challengeData"]["challenge"]
        .as_str()
        .unwrap()
        .to_owned();
    let answer = soft.assert(&Ceremony::get(&challenge));
    // Signed in without a password.
    raw.signs_in("challenge-webauthn-autofillui-authenticator", answer)
        .await;
}

#[tokio::test]
async fn a_preloaded_passkey_signs_in_by_its_configured_user_handle() {
    let mut mine = Soft::es256();
    mine.passkey = true;
    mine.user_handle = b"a handle made elsewhere".to_vec();
    let mut credential = mine.credential(Kind::Passkey);
    credential.user_handle = Some(b64(&mine.user_handle));
    // And an RSA security key besides: the org tries each of the user's credentials.
    let mut second = Soft::rs256();
    let sim = Sim::start(config_with(
        vec![credential, second.credential(Kind::SecurityKey)],
        Vec::new(),
    ))
    .await;
    let mut raw = to_challenge(&sim, PASSKEY_USER).await;
    raw.verifies_with(&mut second).await;
    let mut raw = Raw::start(&sim).await;
    raw.post("launch-webauthn-authenticator", json!({})).await;
    raw.verifies_with(&mut mine).await;
}

#[tokio::test]
async fn webauthn_is_chosen_among_the_users_authenticators() {
    let mut soft = Soft::es256();
    let mut config = config_with(vec![soft.credential(Kind::SecurityKey)], Vec::new());
    let user = user_mut(&mut config, PASSKEY_USER);
    user.okta_verify = true;
    user.authenticators = vec![idx_sim::config::Authenticator::OktaEmail];
    let sim = Sim::start(config).await;
    let mut raw = Raw::after_password(&sim, PASSKEY_USER).await;
    assert_eq!(raw.names()[0], "select-authenticator-authenticate");
    let form = raw.form("select-authenticator-authenticate");
    let options = form["value"][0]["options"].as_array().unwrap();
    let labels: Vec<&str> = options
        .iter()
        .map(|o| o["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["Okta Verify", "Email", "Security Key or Biometric"]
    );
    // Each option relates to its entry; WebAuthn's, as Okta's, to the authenticator (it has
    // an enrollment per credential).
    for option in options {
        let path = option["relatesTo"].as_str().unwrap();
        let (list, index) = path
            .trim_start_matches("$.")
            .trim_end_matches(']')
            .split_once(".value[")
            .unwrap();
        let entry = &raw.doc[list]["value"][index.parse::<usize>().unwrap()];
        assert_eq!(entry["displayName"], option["label"], "{path}");
    }
    assert!(
        options[2]["relatesTo"]
            .as_str()
            .unwrap()
            .starts_with("$.authenticators")
    );
    raw.choose_webauthn("select-authenticator-authenticate")
        .await;
    assert_eq!(raw.names()[0], "challenge-authenticator");
    raw.verifies_with(&mut soft).await;
}

#[tokio::test]
async fn a_new_user_signs_up_then_sets_up_a_passkey() {
    let mut config = config_with(Vec::new(), Vec::new());
    config.registration.enroll = vec!["password".into(), "webauthn".into()];
    let sim = Sim::start(config).await;
    let mut s = SignIn::start(&sim).await;
    s.submit("select-enroll-profile", idx_protocol::Inputs::new())
        .await;
    let profile = idx_protocol::Inputs::new()
        .with("firstName", "Ada")
        .with("lastName", "Lovelace")
        .with("email", "ada@example.com");
    s.submit(
        "enroll-profile",
        idx_protocol::Inputs::new().with_object("userProfile", profile),
    )
    .await;
    s.submit("enroll-authenticator", passcode("A-new-passw0rd"))
        .await;
    assert_eq!(s.primary(), "select-authenticator-enroll");
    let mut raw = Raw {
        sim: &sim,
        doc: s.raw(),
    };
    raw.choose_webauthn("select-authenticator-enroll").await;
    let activation = raw.activation();
    assert_eq!(activation["user"]["name"], "ada@example.com");
    assert_eq!(activation["user"]["displayName"], "Ada Lovelace");
    let mut soft = Soft::es256();
    soft.passkey = true;
    raw.enrolls_with(&mut soft).await;
    // The passkey alone signs the new user in later.
    let mut raw = Raw::start(&sim).await;
    raw.post("launch-webauthn-authenticator", json!({})).await;
    raw.verifies_with(&mut soft).await;
}

#[tokio::test]
async fn a_locked_users_passkey_does_not_sign_in() {
    let mut mine = Soft::es256();
    mine.passkey = true;
    mine.user_handle = b"locked-user".to_vec();
    let mut credential = mine.credential(Kind::Passkey);
    credential.user_handle = Some(b64(&mine.user_handle));
    let mut config = config_with(vec![credential], Vec::new());
    user_mut(&mut config, PASSKEY_USER).locked = true;
    let sim = Sim::start(config).await;
    let mut raw = Raw::start(&sim).await;
    raw.post("launch-webauthn-authenticator", json!({})).await;
    let challenge = raw.challenge();
    let status = raw
        .credentials(
            "challenge-authenticator",
            mine.assert(&Ceremony::get(&challenge)),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(raw.message_key(), "errors.E0000119");
    assert!(!raw.done());
    assert_eq!(raw.names()[0], "identify", "back to the first screen");
}

#[tokio::test]
async fn autofill_is_offered_only_when_configured() {
    let mut config = config_with(Vec::new(), Vec::new());
    config.webauthn.autofill = false;
    config.webauthn.launch_authenticator = false;
    let sim = Sim::start(config).await;
    let raw = Raw::start(&sim).await;
    assert!(raw.doc.get("webauthnAutofillUIChallenge").is_none());
    assert!(
        !raw.names().iter().any(|n| n.contains("webauthn")),
        "{:?}",
        raw.names()
    );
    let r = sim
        .http
        .post(sim.org("/idp/idx/challenge/answer/webauthn-autofillui"))
        .json(&json!({"stateHandle": raw.doc["stateHandle"], "credentials": {}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400, "not at this step");
}

#[tokio::test]
async fn sign_in_with_a_passkey_launches_a_discoverable_challenge() {
    let sim = Sim::start(config_with(Vec::new(), Vec::new())).await;
    let mut soft = enrolled_passkey(&sim).await;
    let mut raw = Raw::start(&sim).await;
    assert_eq!(
        raw.post("launch-webauthn-authenticator", json!({})).await,
        200
    );
    assert_eq!(raw.names(), ["challenge-authenticator"]);
    let form = raw.form("challenge-authenticator");
    let fields: Vec<&str> = form["value"][0]["form"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"userHandle"), "{fields:?}");
    assert!(
        raw.doc["currentAuthenticator"]["value"]["contextualData"]["challengeData"]["challenge"]
            .is_string()
    );
    let challenge = raw.challenge();
    let answer = soft.assert(&Ceremony::get(&challenge));
    raw.signs_in("challenge-authenticator", answer).await;
}

#[tokio::test]
async fn credentials_come_from_the_toml_configuration() {
    let soft = Soft::es256();
    let rsa = Soft::rs256();
    let toml = format!(
        r#"
[webauthn]
rp_id = "127.0.0.1"
user_verification = "required"
autofill = true

[[user]]
username = "{PASSKEY_USER}"
password = "{PASSWORD}"
okta_verify_policy = "none"

[[user.webauthn]]
credential_id = "{}"
public_key = """{}"""
kind = "passkey"
sign_count = 5
name = "MacBook Touch ID"
transports = ["internal"]

[[user.webauthn]]
credential_id = "{}"
public_key = """{}"""
"#,
        b64(&soft.id),
        soft.pem(),
        b64(&rsa.id),
        rsa.pem()
    );
    let config = idx_sim::Config::from_toml(&toml).unwrap();
    assert_eq!(config.users[0].webauthn.len(), 2);
    assert_eq!(config.webauthn.rp_id.as_deref(), Some("127.0.0.1"));
    for (bad, why) in [
        (toml.replace(&b64(&rsa.id), "%%"), "credential_id"),
        (
            toml.replace(
                "-----BEGIN PUBLIC KEY-----\nMII",
                "-----BEGIN PUBLIC KEY-----\nAII",
            ),
            "public_key",
        ),
        (
            toml.replace("\"required\"", "\"always\""),
            "user_verification",
        ),
        (toml.replace(&b64(&rsa.id), &b64(&soft.id)), "twice"),
    ] {
        let err = idx_sim::Config::from_toml(&bad).unwrap_err();
        assert!(err.contains(why), "{why}: {err}");
    }
}

// --- Okta's recorded states -------------------------------------------------------------------

/// One of Okta's recorded states, without what an http org cannot send: `challengeData`'s
/// `extensions.appid` (Okta's orgs are https; a browser refuses any `appid` over http).
fn okta_state(name: &str) -> Value {
    let mut state = common::shape::okta_state(name);
    for pointer in [
        "/currentAuthenticator/value/contextualData/challengeData/extensions",
        "/webauthnAutofillUIChallenge/value/challengeData/extensions",
    ] {
        if let Some(Value::Object(extensions)) = state.pointer_mut(pointer) {
            extensions.remove("appid");
        }
    }
    state
}

#[tokio::test]
async fn webauthn_states_have_oktas_shape() {
    let soft = Soft::es256();
    let mut with_transports = soft.credential(Kind::SecurityKey);
    with_transports.transports = vec!["usb".into(), "nfc".into()];
    let sim = Sim::start(config_with(Vec::new(), Vec::new())).await;
    let raw = to_enrollment(&sim).await;
    for name in [
        "authenticator-enroll-webauthn.json",
        "authenticator-enroll-webauthn-passkeys.json",
    ] {
        assert_parts(
            "enrollment",
            &raw.doc,
            &okta_state(name),
            name,
            &["currentAuthenticator", "remediation:enroll-authenticator"],
        );
    }
    let sim = Sim::start(config_with(vec![with_transports], Vec::new())).await;
    let mut raw = to_challenge(&sim, PASSKEY_USER).await;
    // Over http, no `appid`: Chromium refuses any on a page that is not https.
    assert_eq!(
        raw.doc["currentAuthenticator"]["value"]["contextualData"]["challengeData"]["extensions"],
        json!({})
    );
    // (These two mocks' credentials object spells `requred`; the recorded failure below
    // gives the form.)
    for name in [
        "authenticator-verification-webauthn.json",
        "authenticator-verification-webauthn-passkeys.json",
    ] {
        assert_parts(
            "verification",
            &raw.doc,
            &okta_state(name),
            name,
            &["currentAuthenticator"],
        );
    }
    raw.credentials("challenge-authenticator", json!({"clientData": "x"}))
        .await;
    let name = "error-authenticator-webauthn-failure.json";
    assert_parts(
        "refused assertion",
        &raw.doc,
        &okta_state(name),
        name,
        &[
            "messages",
            "currentAuthenticator",
            "authenticatorEnrollments",
            "remediation:challenge-authenticator",
            "remediation:select-authenticator-authenticate",
        ],
    );
    let mut first = Raw::start(&sim).await;
    let name = "identify-with-webauthn-autofill.json";
    assert_parts(
        "identify with autofill",
        &first.doc,
        &okta_state(name),
        name,
        &[
            "webauthnAutofillUIChallenge",
            "remediation:identify",
            "remediation:challenge-webauthn-autofillui-authenticator",
        ],
    );
    let name = "identify-with-webauthn-residentkey.json";
    assert_parts(
        "identify with a passkey button",
        &first.doc,
        &okta_state(name),
        name,
        &["remediation:launch-webauthn-authenticator"],
    );
    first.post("launch-webauthn-authenticator", json!({})).await;
    let name = "identify-with-webauthn-launch-authenticator.json";
    assert_parts(
        "launched passkey challenge",
        &first.doc,
        &okta_state(name),
        name,
        &[
            "currentAuthenticator",
            "remediation:challenge-authenticator",
        ],
    );
}
