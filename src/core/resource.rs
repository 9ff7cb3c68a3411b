//! Resource policy that needs no browser: the kind of a loaded resource, and its sizes and
//! phases from the numbers of a `PerformanceResourceTiming` entry.

use super::rum::ResourceReport;
use crate::prelude::*;

/// The entry's fields, in the order the browser layer passes them (one array of numbers per
/// entry, instead of one call per field). `scripts/abi.mjs` copies it into `js/src/abi.js`.
pub const TIMING_FIELDS: &str = "startTime,duration,encodedBodySize,decodedBodySize,transferSize,\
redirectStart,redirectEnd,domainLookupStart,domainLookupEnd,connectStart,connectEnd,\
secureConnectionStart,requestStart,responseStart,responseEnd,responseStatus";

const START: usize = 0;
const DURATION: usize = 1;
const STATUS: usize = 15;
/// `responseEnd`: where a document resource ends.
const RESPONSE_END: usize = 14;

/// Phases as `(name, index of its start field, index of its end field)`.
const PHASES: [(&str, usize, usize); 6] = [
    ("redirect", 5, 6),
    ("dns", 7, 8),
    ("connect", 9, 10),
    ("ssl", 11, 10),
    ("first_byte", 12, 13),
    ("download", 13, 14),
];

/// The resource type by what loaded it, then by the file's extension.
pub fn kind(initiator: &str, url: &str) -> &'static str {
    let path = until_any(url, b"?#").to_ascii_lowercase();
    let ext = split_last_dot(&path).map_or("", |(_, e)| e);
    match (initiator, ext) {
        ("navigation", _) => "document",
        ("fetch", _) => "fetch",
        ("xmlhttprequest", _) => "xhr",
        ("script", _) | (_, "js" | "mjs") => "js",
        (_, "css") => "css",
        ("img" | "image", _)
        | (_, "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "avif" | "ico") => "image",
        (_, "woff" | "woff2" | "ttf" | "otf" | "eot") => "font",
        ("video" | "audio", _) | (_, "mp4" | "webm" | "mp3" | "ogg" | "wav") => "media",
        _ => "other",
    }
}

/// Sizes, duration, status and phases from an entry's numbers ([`TIMING_FIELDS`] order); an
/// empty slice means the browser had no entry. Cross-origin entries without
/// `Timing-Allow-Origin` have zeros: those phases and sizes are left out.
pub fn read_timing(n: &[f64], report: &mut ResourceReport) {
    if n.len() <= STATUS {
        return;
    }
    let start = n[START];
    if n[DURATION] > 0.0 {
        report.duration = n[DURATION];
    }
    // A navigation's duration is the page's load: the document's own is to its response end,
    // as Datadog measures it.
    if report.kind == "document" {
        report.duration = n[RESPONSE_END] - start;
    }
    let size = |i: usize| (n[i] > 0.0).then_some(n[i]);
    report.encoded_body_size = size(2);
    report.decoded_body_size = size(3);
    report.transfer_size = size(4);
    report.size = report.decoded_body_size;
    for (name, from, to) in PHASES {
        let (a, b) = (n[from], n[to]);
        if a > 0.0 && b >= a && a >= start {
            report.phases.push((name, a - start, b - a));
        }
    }
}

/// The HTTP status an entry reports, when the browser gives one.
pub fn entry_status(n: &[f64]) -> Option<u16> {
    n.get(STATUS).filter(|s| **s > 0.0).map(|s| *s as u16)
}

/// Where the entry starts, in ms from the page's time origin.
pub fn entry_start(n: &[f64]) -> f64 {
    n.get(START).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_initiator_then_extension() {
        assert_eq!(kind("script", "https://a/x"), "js");
        assert_eq!(kind("link", "https://a/app.CSS?v=1"), "css");
        assert_eq!(kind("img", "https://a/pixel"), "image");
        assert_eq!(kind("other", "https://a/f.woff2#x"), "font");
        assert_eq!(kind("video", "https://a/v"), "media");
        assert_eq!(kind("other", "https://a/data.json"), "other");
        assert_eq!(kind("navigation", "https://a/app.js"), "document");
        assert_eq!(kind("xmlhttprequest", "https://a/app.js"), "xhr");
    }

    #[test]
    fn field_list_matches_the_indices() {
        let names: Vec<&str> = TIMING_FIELDS.split(',').collect();
        assert_eq!(names.len(), 16);
        assert_eq!(names[START], "startTime");
        assert_eq!(names[DURATION], "duration");
        assert_eq!(names[STATUS], "responseStatus");
        assert_eq!(names[11], "secureConnectionStart");
        assert_eq!(names[13], "responseStart");
    }

    #[test]
    fn phases_sizes_and_status_from_numbers() {
        let mut n = [0.0; 16];
        n[0] = 100.0; // startTime
        n[1] = 50.0; // duration
        n[2] = 800.0;
        n[3] = 1600.0;
        n[4] = 1100.0;
        n[9] = 105.0; // connect
        n[10] = 110.0;
        n[12] = 111.0; // request
        n[13] = 140.0; // response start
        n[14] = 150.0; // response end
        n[15] = 200.0;
        let mut r = ResourceReport::default();
        read_timing(&n, &mut r);
        assert_eq!(r.duration, 50.0);
        assert_eq!((r.encoded_body_size, r.size), (Some(800.0), Some(1600.0)));
        assert_eq!(
            r.phases,
            [
                ("connect", 5.0, 5.0),
                ("first_byte", 11.0, 29.0),
                ("download", 40.0, 10.0)
            ]
        );
        assert_eq!(entry_status(&n), Some(200));
    }

    #[test]
    fn a_document_lasts_to_its_response_end_not_to_the_page_load() {
        let mut n = [0.0; 16];
        n[1] = 900.0; // duration: the whole load
        n[13] = 40.0;
        n[14] = 55.0; // response end
        let mut r = ResourceReport {
            kind: kind("navigation", "https://app.example/"),
            ..ResourceReport::default()
        };
        read_timing(&n, &mut r);
        assert_eq!((r.kind, r.duration), ("document", 55.0));
    }

    #[test]
    fn cross_origin_zeros_and_no_entry_leave_the_report_as_it_was() {
        let mut r = ResourceReport {
            duration: 7.0,
            ..ResourceReport::default()
        };
        read_timing(&[], &mut r);
        assert_eq!(r.duration, 7.0);
        let mut n = [0.0; 16];
        n[0] = 10.0;
        n[1] = 20.0;
        read_timing(&n, &mut r);
        assert_eq!((r.duration, r.size), (20.0, None));
        assert!(r.phases.is_empty());
        assert_eq!(entry_status(&n), None);
    }
}
