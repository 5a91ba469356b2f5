//! File names that disguise an extension or hide characters, sent as a browser sends them (raw
//! UTF-8 in `filename="…"`) to the real server: each is refused with the calm form page, which
//! names the file with every refused character shown as its code point, beside the attachment
//! field, with the rest of the form still filled in; nothing is stored. Names in ordinary
//! scripts go through, stored in NFC.

use super::{multipart, post_form, use_form_cookie};
use crate::common::*;

/// `(label, file name, what the page must show of the name, the code point named)`.
fn corpus() -> Vec<(&'static str, String, String, Option<&'static str>)> {
    vec![
        (
            "eight HANGUL FILLERs before .exe",
            format!("invoice.pdf{}.exe", "\u{3164}".repeat(8)),
            format!("invoice.pdf{}.exe", "U+3164".repeat(8)),
            Some("U+3164"),
        ),
        ("BRAILLE PATTERN BLANK", "\u{2800}\u{2800}.pdf".into(), "U+2800U+2800.pdf".into(), Some("U+2800")),
        (
            "soft hyphen and combining grapheme joiner",
            "soft\u{AD}\u{34F}.txt".into(),
            "softU+00ADU+034F.txt".into(),
            Some("U+00AD"),
        ),
        ("line separator", "line\u{2028}break.txt".into(), "lineU+2028break.txt".into(), Some("U+2028")),
        (
            "tag characters",
            "tag\u{E0001}\u{E0020}\u{E007F}.txt".into(),
            "tagU+E0001U+E0020U+E007F.txt".into(),
            Some("U+E0001"),
        ),
        (
            "variation selector",
            "heart\u{2764}\u{FE0F}.png".into(),
            "heart\u{2764}U+FE0F.png".into(),
            Some("U+FE0F"),
        ),
        ("no-break space", "two\u{A0}words.txt".into(), "twoU+00A0words.txt".into(), Some("U+00A0")),
        ("zero-width non-joiner", "a\u{200C}b.txt".into(), "aU+200Cb.txt".into(), Some("U+200C")),
        (
            "right-to-left override",
            "invoice\u{202E}fdp.exe".into(),
            "invoiceU+202Efdp.exe".into(),
            Some("U+202E"),
        ),
        ("private use", "logo\u{E000}.svg".into(), "logoU+E000.svg".into(), Some("U+E000")),
        ("trailing dot", "invoice.exe.".into(), "invoice.exe.".into(), None),
        ("a path", "a/b.jpg".into(), "a/b.jpg".into(), None),
    ]
}

/// The page's text with askama's HTML escapes undone, for comparing with plain text.
fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn disguised_file_names_are_refused_by_name_and_nothing_is_stored() {
    let mut s = Server::start(Opts::default());
    let c = s.client();
    let message = "kept while the file is renamed 留言";
    for (label, name, shown, code) in corpus() {
        let form = form_token(&s, "/submit");
        use_form_cookie(&form.cookie);
        let body = multipart(&[
            ("csrf", None, None, form.csrf.as_bytes()),
            ("message", None, None, message.as_bytes()),
            ("city", None, None, b"Rotterdam"),
            ("attachment", Some(&name), Some("application/pdf"), b"%PDF-1.7 not really"),
        ]);
        let resp = raw_request(&s.base, &post_form(&body));
        // The status of every form error: a calm page, not a failure.
        assert_eq!(status_of(&resp), 400, "{label}: {}", resp.lines().next().unwrap_or(""));
        let page = unescape(&resp);
        let err_at = page
            .find("id=\"attachment-error\"")
            .unwrap_or_else(|| panic!("{label}: no error beside the field"));
        let error = &page[err_at..page[err_at..].find("</p>").map_or(page.len(), |e| err_at + e)];
        assert!(error.contains(&shown), "{label}: the error names the file as {shown:?}: {error}");
        if let Some(code) = code {
            assert!(error.contains(&format!("({code})")), "{label}: the error names {code}: {error}");
            let refused = char::from_u32(u32::from_str_radix(&code[2..], 16).unwrap()).unwrap();
            assert!(!page.contains(refused), "{label}: the refused character itself never reaches the page");
        }
        assert!(page.contains(message), "{label}: the message stays filled in");
        assert!(page.contains("value=\"Rotterdam\""), "{label}: the answers stay filled in");
    }
    // Ordinary names go through, in NFC: the only tip stored.
    let names = ["e\u{301}.txt", "ئۇيغۇرچە ھۆججەت.docx", "照片 2024.jpg", "😀 party.png"];
    let files = names.iter().map(|n| (*n, b"data".to_vec())).collect();
    let (st, page) = submit(&s, &c, &[("message", "ordinary names")], files);
    assert_eq!(st, 200, "{page}");
    assert!(s.stop().success());
    let store = s.open_store();
    assert_eq!(store.item_count(), 1, "no refused submission was stored");
    let rec = store.items().next().unwrap().unwrap();
    assert_eq!(files_under(&s.data.join("blobs")).len(), rec.parts.len(), "no part file of a refused one");
    let doc: tipbox::bundle::document::TipDocument =
        tipbox::bundle::document::from_json(&decrypt_part(&store, &rec.parts[0], &s.identities[0])).unwrap();
    let stored: Vec<&str> = doc.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(stored, ["é.txt", "ئۇيغۇرچە ھۆججەت.docx", "照片 2024.jpg", "😀 party.png"]);
}
