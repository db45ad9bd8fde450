//! The session's ticket book: which requests are out, each answer heard once and only for the
//! transaction it was sent for.

use crate::flow::events::Ticket;

use super::RequestKind;

/// The requests out for the current transaction.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Requests {
    transaction: u64,
    next: u64,
    out: Vec<(u64, RequestKind)>,
}

impl Requests {
    /// A ticket for a request of this kind, now out.
    pub(super) fn ticket(&mut self, kind: RequestKind) -> Ticket {
        self.next += 1;
        self.out.push((self.next, kind));
        Ticket {
            transaction: self.transaction,
            request: self.next,
        }
    }

    /// Where answers are dropped: only an outstanding request of the current transaction is
    /// heard, once (a poll answer is then checked against its polling run by `Poller::answer`).
    pub(super) fn accept(&mut self, ticket: Ticket) -> Option<RequestKind> {
        if ticket.transaction != self.transaction {
            return None;
        }
        let at = self
            .out
            .iter()
            .position(|(request, _)| *request == ticket.request)?;
        Some(self.out.remove(at).1)
    }

    /// A new transaction: answers to the old one's requests will not be heard.
    pub(super) fn next_transaction(&mut self) {
        self.transaction += 1;
    }

    /// Whether a request of a kind `matching` accepts is out.
    pub(super) fn any(&self, matching: impl Fn(&RequestKind) -> bool) -> bool {
        self.out.iter().any(|(_, kind)| matching(kind))
    }

    /// Forgets the requests of the kinds `matching` accepts; whether there were any.
    pub(super) fn forget(&mut self, matching: impl Fn(&RequestKind) -> bool) -> bool {
        let before = self.out.len();
        self.out.retain(|(_, kind)| !matching(kind));
        self.out.len() != before
    }

    /// Forgets the request this ticket was given for.
    pub(super) fn forget_ticket(&mut self, ticket: Ticket) {
        self.out.retain(|(request, _)| *request != ticket.request);
    }

    /// Forgets every request out.
    pub(super) fn clear(&mut self) {
        self.out.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_heard_once_and_only_for_its_transaction() {
        let mut book = Requests::default();
        let old = book.ticket(RequestKind::Submit);
        book.next_transaction();
        let new = book.ticket(RequestKind::Begin);
        assert_eq!(book.accept(old), None, "another transaction's answer");
        assert_eq!(book.accept(new), Some(RequestKind::Begin));
        assert_eq!(book.accept(new), None, "heard once");
    }

    #[test]
    fn forgetting_by_kind_says_whether_any_was_out() {
        let mut book = Requests::default();
        book.ticket(RequestKind::Ceremony);
        let submit = book.ticket(RequestKind::Submit);
        assert!(book.forget(|k| *k == RequestKind::Ceremony));
        assert!(!book.forget(|k| *k == RequestKind::Ceremony));
        assert!(book.any(|k| *k == RequestKind::Submit));
        book.forget_ticket(submit);
        assert!(!book.any(|_| true));
    }
}
