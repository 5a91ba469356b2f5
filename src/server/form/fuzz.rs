//! The form reader as a fuzz target and under property tests.

use actix_web::error::PayloadError;
use actix_web::http::header::HeaderMap;
use bytes::Bytes;
use zeroize::Zeroizing;

use super::{FormCtx, FormFailure, FormKind, max_body, read_form};
use crate::config::Limits;
use crate::locale::Tr;
use crate::server::body::{BodyGuard, BodyPolicy};
use crate::server::csrf::Csrf;
use crate::server::ingest::Ingest;

/// Runs the multipart reader over `body` as a form with boundary `fuzz`, as a fuzz target and
/// the property tests do. The literal `CSRF` in `body` is replaced by a valid token, so inputs
/// can reach the paths behind the CSRF check. Returns the status an HTTP client would see.
#[doc(hidden)]
pub fn fuzz_one(body: &[u8]) -> u16 {
    use std::sync::{Arc, OnceLock};
    static RECIPIENTS: OnceLock<Arc<Vec<age::x25519::Recipient>>> = OnceLock::new();
    let recipients =
        RECIPIENTS.get_or_init(|| Arc::new(vec![age::x25519::Identity::generate().to_public()])).clone();
    let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return 0 };
    let csrf = Csrf::new(Zeroizing::new([7u8; 32]));
    let token = csrf.issue(b"");
    let mut data = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i..].starts_with(b"CSRF") {
            data.extend_from_slice(token.as_bytes());
            i += 4;
        } else {
            data.push(body[i]);
            i += 1;
        }
    }
    let dir = std::env::temp_dir().join(format!("tipbox-fuzz-{}", std::process::id()));
    let Ok(blobs) = crate::store::BlobDir::new_for_tests(dir) else { return 0 };
    rt.block_on(async move {
        let mut headers = HeaderMap::new();
        headers.insert(
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::HeaderValue::from_static("multipart/form-data; boundary=fuzz"),
        );
        let limits = Limits {
            max_message_chars: 1000,
            max_field_chars: 50,
            max_files: 3,
            max_submission_bytes: 1 << 20,
            max_filename_chars: 64,
            ..Limits::default()
        };
        let stream = futures_util::stream::iter(
            data.chunks(97).map(|c| Ok::<_, PayloadError>(Bytes::copy_from_slice(c))).collect::<Vec<_>>(),
        );
        let policy = BodyPolicy {
            idle: std::time::Duration::from_secs(5),
            grace: std::time::Duration::from_secs(60),
            min_rate: 1,
        };
        let body = BodyGuard::new(stream, max_body(&limits), None, policy, None);
        let room = |_: u64| true;
        let Ok(questions) =
            crate::model::questions::Questionnaire::new(crate::model::questions::default_questions())
        else {
            return 0;
        };
        let ctx = FormCtx {
            kind: FormKind::Submit,
            limits: &limits,
            csrf: &csrf,
            binding: b"",
            spent: None,
            tr: Tr::default(),
            upload: None,
            room: &room,
            questions: &questions,
            oversized: false,
        };
        let mut ingest = Ingest::start(blobs, recipients);
        let res = read_form(&headers, body, &ctx, &mut ingest).await;
        ingest.abort().await;
        match res {
            Ok(p) if p.errors.any() => p.status.as_u16(),
            Ok(_) => 200,
            Err(FormFailure::Status(s)) => s.as_u16(),
            Err(FormFailure::Storage(_)) => 500,
        }
    })
}

#[cfg(test)]
mod multipart_props {
    use proptest::prelude::*;

    use super::fuzz_one;

    fn part(name: &str, filename: Option<&str>, data: &[u8]) -> Vec<u8> {
        let mut v = format!("--fuzz\r\nContent-Disposition: form-data; name=\"{name}\"").into_bytes();
        if let Some(f) = filename {
            v.extend_from_slice(format!("; filename=\"{f}\"").as_bytes());
        }
        v.extend_from_slice(b"\r\n\r\n");
        v.extend_from_slice(data);
        v.extend_from_slice(b"\r\n");
        v
    }

    #[test]
    fn a_good_form_is_accepted() {
        let mut b = part("csrf", None, b"CSRF");
        b.extend(part("message", None, b"hello"));
        b.extend(part("attachment", Some("a.txt"), b"data"));
        b.extend_from_slice(b"--fuzz--\r\n");
        assert_eq!(fuzz_one(&b), 200);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic_and_never_succeed(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let st = fuzz_one(&data);
            prop_assert!((400..500).contains(&st), "status {}", st);
        }

        #[test]
        fn mangled_forms_get_4xx_or_200(
            names in proptest::collection::vec("(csrf|message|city|country|role|incident|attachment|x)", 1..6),
            values in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 6),
            cut in 0usize..400,
            flip in any::<(usize, u8)>(),
        ) {
            let mut b = part("csrf", None, b"CSRF");
            for (i, n) in names.iter().enumerate() {
                let file = (n == "attachment").then_some("f.bin");
                b.extend(part(n, file, &values[i % values.len()]));
            }
            b.extend_from_slice(b"--fuzz--\r\n");
            if !b.is_empty() {
                let p = flip.0 % b.len();
                b[p] ^= flip.1;
            }
            b.truncate(b.len().saturating_sub(cut % 8));
            let st = fuzz_one(&b);
            prop_assert!(st == 200 || (400..500).contains(&st), "status {}", st);
        }
    }
}
