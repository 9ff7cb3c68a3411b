//! The text `persistUnsentEvents` keeps in `localStorage`: one entry per unsent payload, with the
//! page that kept it. Separated by ASCII control characters that JSON escapes, so a body (NDJSON)
//! never holds one: no JSON round trip to store or read it.

use crate::prelude::*;

/// Between the fields of an entry, and between entries (ASCII unit and record separators).
const FIELD: u8 = 0x1f;
const RECORD: u8 = 0x1e;

/// An unsent payload as kept: the page that kept it, its request id, event count and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    pub page: String,
    pub request_id: String,
    pub events: usize,
    pub body: String,
}

pub fn encode(entries: &[Kept]) -> String {
    let mut out = String::new();
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push(RECORD as char);
        }
        let events = super::json::u64_string(e.events as u64);
        for (j, field) in [&e.page, &e.request_id, &events, &e.body]
            .iter()
            .enumerate()
        {
            if j > 0 {
                out.push(FIELD as char);
            }
            out.push_str(field);
        }
    }
    out
}

/// The entries of `text`; a malformed one (tampered with, or from another version) is skipped.
pub fn decode(text: &str) -> Vec<Kept> {
    pieces(text, RECORD)
        .filter_map(|record| {
            let mut f = pieces(record, FIELD);
            let (page, request_id, events, body) = (f.next()?, f.next()?, f.next()?, f.next()?);
            Some(Kept {
                page: page.into(),
                request_id: request_id.into(),
                events: parse_u64(events)? as usize,
                body: body.into(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_bad_ones_are_skipped() {
        let entries = vec![
            Kept {
                page: "p1".into(),
                request_id: "r1".into(),
                events: 2,
                body: "{\"a\":\"x\\ny\"}\n{\"b\":1}".into(),
            },
            Kept {
                page: "p2".into(),
                request_id: "r2".into(),
                events: 1,
                body: "{}".into(),
            },
        ];
        let text = encode(&entries);
        assert_eq!(decode(&text), entries);
        assert_eq!(decode(""), vec![]);
        assert_eq!(decode(&(text + "\u{1e}junk\u{1f}x")), entries);
        assert_eq!(decode("[[\"old\",\"json\",1]]"), vec![]);
    }
}
