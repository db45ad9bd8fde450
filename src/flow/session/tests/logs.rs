//! What the session's types print: never a secret.

use super::*;
use crate::flow::Address;

/// SECURITY.md, "Secrets in logs": a stray `{:?}` of what the user did, or of what the session
/// asked for, shows no password, code, answer, address, interaction code or `stateToken`.
#[test]
fn debug_output_of_actions_events_and_commands_never_shows_a_secret() {
    const SECRETS: [&str; 8] = [
        "hunter2-password",
        "123987",
        "my-first-pet",
        "ann@secret.example",
        "5550100777",
        "code-c1-secret",
        "mockedStateToken123",
        "Second-password",
    ];
    let printed = [
        format!(
            "{:?}",
            Event::User(Action::Identify {
                username: "ann".into(),
                password: Some(SECRETS[0].into()),
                remember_me: None,
            })
        ),
        format!("{:?}", Action::Password(SECRETS[0].into())),
        format!("{:?}", Action::Code(SECRETS[1].into())),
        format!("{:?}", Action::Passcode(SECRETS[1].into())),
        format!("{:?}", Action::SecurityAnswer(SECRETS[2].into())),
        format!(
            "{:?}",
            Action::EnrollQuestion {
                question: crate::flow::Question::Predefined("favorite_sports_player".into()),
                answer: SECRETS[2].into(),
            }
        ),
        format!(
            "{:?}",
            Action::NewPassword {
                password: SECRETS[7].into(),
                confirm: SECRETS[7].into(),
                revoke_sessions: Some(true),
            }
        ),
        format!("{:?}", Action::SendLink(Address::Email(SECRETS[3].into()))),
        format!(
            "{:?}",
            Action::SendLink(Address::Phone {
                country: "US".into(),
                national: SECRETS[4].into(),
            })
        ),
        format!(
            "{:?}",
            Action::EnrollPhone {
                method: "sms".into(),
                country: "US".into(),
                national: SECRETS[4].into(),
                extension: String::new(),
            }
        ),
        format!(
            "{:?}",
            Action::EnrollProfile(vec![("email".into(), json!(SECRETS[3]))])
        ),
        format!(
            "{:?}",
            Action::Generic(std::collections::BTreeMap::from([(
                "passcode".to_owned(),
                json!(SECRETS[1])
            )]))
        ),
        format!(
            "{:?}",
            Command::Emit(HostEvent::InteractionCode {
                code: SECRETS[5].into(),
                state: "s".into(),
            })
        ),
        format!(
            "{:?}",
            Command::Navigate(Href(format!(
                "http://localhost:3000/app/UserHome?stateToken={}",
                SECRETS[6]
            )))
        ),
        format!(
            "{:?}",
            Command::Navigate(Href(format!(
                "https://app.example/callback#interaction_code={}",
                SECRETS[5]
            )))
        ),
    ];
    for line in &printed {
        for secret in SECRETS {
            assert!(!line.contains(secret), "{secret} in {line}");
        }
        // Inputs print their names only.
        assert!(
            line.contains("[redacted]") || line.contains("..") || line.starts_with("Generic("),
            "says something was left out: {line}"
        );
    }
    assert!(printed[0].contains("ann"), "the username is not a secret");
    assert!(printed[13].contains("http://localhost:3000/app/UserHome"));
}
