//! The security question: its question shown with the answer field; enrollment with one of
//! Okta's predefined questions or one the person writes.

use idx_protocol::Form;
use idx_protocol::model::{Authenticator, FieldValue};
use idx_protocol::names::{CUSTOM_QUESTION, field, remediation};

use crate::flow::authenticators::extra_str;
use crate::flow::step::StepKind;

/// The security-question step a form means.
pub fn step(form: &Form, question: &Authenticator) -> Option<StepKind> {
    let credentials = form.field(field::CREDENTIALS)?;
    match form.name.as_str() {
        remediation::CHALLENGE_AUTHENTICATOR => {
            form.field_at(field::CREDENTIALS_ANSWER)?;
            // The question is the hidden key's label; newer orgs also send it as context.
            let text = extra_str(question, &["enrolledQuestion", "question"])
                .or_else(|| extra_str(question, &["profile", "question"]))
                .map(str::to_owned)
                .or_else(|| {
                    form.field_at("credentials.questionKey")
                        .and_then(|f| f.label.clone())
                })
                .unwrap_or_default();
            Some(StepKind::SecurityAnswer { question: text })
        }
        remediation::ENROLL_AUTHENTICATOR => {
            let mut questions = Vec::new();
            let mut custom = false;
            for option in credentials.options() {
                let FieldValue::Form { form } = &option.value else {
                    continue;
                };
                let key = form.value.iter().find(|f| f.name == field::QUESTION_KEY)?;
                match key.plain_value().and_then(|v| v.as_str()) {
                    Some(CUSTOM_QUESTION) => custom = true,
                    _ => questions.extend(
                        key.options()
                            .iter()
                            .filter_map(|o| Some((o.plain_str()?.to_owned(), o.label.clone()))),
                    ),
                }
            }
            (custom || !questions.is_empty())
                .then_some(StepKind::EnrollQuestion { questions, custom })
        }
        _ => None,
    }
}
