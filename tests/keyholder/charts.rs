//! `vault stats --svg` on the real binary: a chart file for an NGO report is written like the
//! CSV (0600, never over an existing file), in the language asked for, with words not ids.

use std::os::unix::fs::PermissionsExt;

use crate::common::cli::*;
use crate::common::*;

#[test]
fn stats_svg_is_private_never_overwritten_and_localised() {
    let s = Server::start(Opts::default());
    let c = s.client();
    for (country, incident) in [("NL", "family_threats"), ("NL", "police_station"), ("IT", "family_threats")]
    {
        let fields =
            [("message", "They called my mother again."), ("country", country), ("incident", incident)];
        assert_eq!(submit(&s, &c, &fields, vec![]).0, 200);
    }
    let kh = Keyholder::new(&s);
    let b = kh.pull(&s, "b.tar");
    kh.import(&b);

    let en = kh.path("charts.svg");
    let o = kh.vault(&["stats", "--svg", en.to_str().unwrap()]);
    ok(&o);
    assert!(stderr(&o).contains("charts written to"), "{}", stderr(&o));
    let mode = std::fs::metadata(&en).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "private like the CSV");
    let first = std::fs::read(&en).unwrap();
    let text = String::from_utf8(first.clone()).unwrap();
    assert!(text.starts_with("<svg") && text.contains("Cases per country"));
    assert!(text.contains("Threats against family in China") && text.contains("Netherlands"));
    assert!(!text.contains("family_threats") && !text.contains("police_station"), "words, not ids");

    // A second run to the same path is refused, names the file and changes nothing.
    let o = kh.vault(&["stats", "--svg", en.to_str().unwrap(), "--lang", "zh-Hans"]);
    let e = err(&o);
    assert!(e.contains(en.to_str().unwrap()), "names the file: {e}");
    assert_eq!(std::fs::read(&en).unwrap(), first, "the first file is untouched");

    let zh = kh.path("charts-zh.svg");
    ok(&kh.vault(&["stats", "--svg", zh.to_str().unwrap(), "--lang", "zh-Hans"]));
    let text = std::fs::read_to_string(&zh).unwrap();
    for words in ["按国家或地区统计的案件数", "在中国的家人受到威胁", "荷兰", "意大利", "案件数"]
    {
        assert!(text.contains(words), "{words}");
    }
    for id in ["family_threats", "police_station", "Cases per"] {
        assert!(!text.contains(id), "{id} in the zh-Hans chart");
    }
    let hant = kh.path("charts-hant.svg");
    ok(&kh.vault(&["stats", "--svg", hant.to_str().unwrap(), "--lang", "zh-Hant"]));
    assert!(std::fs::read_to_string(&hant).unwrap().contains("按國家或地區統計的案件數"));

    // An unknown language is a usage error listing the choices; nothing is written.
    let xx = kh.path("charts-xx.svg");
    let o = kh.vault(&["stats", "--svg", xx.to_str().unwrap(), "--lang", "xx"]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("xx") && e.contains("zh-Hans") && e.contains("zh-Hant"), "{e}");
    assert!(!xx.exists());
    let o = kh.vault(&["stats", "--lang", "zh-Hans"]);
    assert_eq!(o.status.code(), Some(2), "--lang without --svg: {}", stderr(&o));
}
