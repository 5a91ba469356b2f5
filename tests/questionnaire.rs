//! An organisation's own questionnaire, end to end on the real binaries: `[[questions]]` in
//! the config, the form that asks them in each language, validation from the schema, the
//! answers in the vault (`show`, `list --answer`, CSV columns, `stats --question`), and tips
//! stored under another questionnaire that still show as they were asked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::cli::*;
use common::*;

const QUESTIONS: &str = r#"
[[questions]]
id = "station_address"
kind = "text"
max_chars = 60
label = { en = "Address of the 'service station'", "zh-Hans" = "“服务站”的地址" }
help = { en = "Street and city, if you know it" }

[[questions]]
id = "channel"
kind = "choices"
required = true
label = { en = "How were you contacted?", "zh-Hans" = "他们怎样联系您？" }
options = [
  { id = "wechat", label = { en = "WeChat", "zh-Hans" = "微信" } },
  { id = "phone", label = { en = "Phone", "zh-Hans" = "电话" } },
  { id = "relatives", label = { en = "Through relatives", "zh-Hans" = "通过亲属" } },
]

[[questions]]
id = "who"
kind = "choice"
label = { en = "Who contacted you?" }
options = [{ id = "police", label = { en = "Police" } }, { id = "official", label = { en = "An official" } }]

[[questions]]
id = "country"
kind = "country"
label = "field-country"
"#;

fn start(questions: &str, data: Option<std::path::PathBuf>) -> Server {
    Server::start(Opts { extra: questions.into(), data, ..Default::default() })
}

fn page(s: &Server, path: &str) -> String {
    s.client().get(s.url(path)).send().unwrap().text().unwrap()
}

#[test]
fn the_form_asks_the_configured_questions_in_each_language() {
    let s = start(QUESTIONS, None);
    let en = page(&s, "/submit?lang=en");
    assert!(
        en.contains("Address of the &#39;service station&#39;")
            || en.contains("Address of the 'service station'"),
        "{en}"
    );
    assert!(en.contains("name=\"channel\" value=\"wechat\"") && en.contains("type=\"checkbox\""), "choices");
    assert!(en.contains("name=\"who\" value=\"police\"") && en.contains("type=\"radio\""), "choice");
    assert!(en.contains("maxlength=\"60\""), "the question's own limit");
    assert!(!en.contains("name=\"role\"") && !en.contains("name=\"incident\""), "the default is replaced");
    let zh = page(&s, "/submit?lang=zh-Hans");
    assert!(zh.contains("他们怎样联系您？") && zh.contains("微信") && zh.contains("荷兰"), "zh-Hans labels");
    let ug = page(&s, "/submit?lang=ug");
    assert!(ug.contains("How were you contacted?") && ug.contains("dir=\"rtl\""), "ug falls back to English");
}

fn send(s: &Server, fields: &[(&str, &str)]) -> (u16, String) {
    submit(s, &s.client(), fields, vec![])
}

#[test]
fn answers_are_validated_from_the_schema_and_the_form_is_kept() {
    let mut s = start(QUESTIONS, None);
    let long = "x".repeat(61);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![("message", "m"), ("channel", "carrier_pigeon")],
            "How were you contacted: Not a valid choice.",
        ),
        (
            vec![("message", "m"), ("channel", "phone"), ("who", "neighbour")],
            "Who contacted you: Not a valid choice.",
        ),
        (vec![("message", "m"), ("channel", "phone"), ("station_address", &long)], "at most 60 characters"),
        (
            vec![("message", "m"), ("station_address", "Via Roma 1")],
            "How were you contacted: Please answer this question.",
        ),
        (vec![("message", "m"), ("channel", "phone"), ("country", "XX")], "Choose a country"),
    ];
    for (fields, says) in cases {
        let (st, body) = send(&s, &fields);
        assert_eq!(st, 400, "{fields:?}");
        assert!(body.contains(says), "{fields:?}: expected {says:?}");
        assert!(body.contains(">m</textarea>"), "the message is kept");
    }
    let (_, body) = send(&s, &[("message", "m"), ("station_address", "Via Roma 1"), ("who", "police")]);
    assert!(
        body.contains("value=\"Via Roma 1\"") && body.contains("value=\"police\" checked"),
        "answers kept"
    );
    // An answer to a question the form does not ask is a forged form.
    assert_eq!(send(&s, &[("message", "m"), ("channel", "phone"), ("role", "family")]).0, 400);
    s.stop();
    assert_eq!(s.open_store().item_count(), 0, "nothing stored");
}

#[test]
fn answers_reach_the_vault_and_old_tips_keep_their_questions() {
    // A tip under the default questionnaire first.
    let mut s = Server::start(Opts::default());
    let data = s.data.clone();
    let ids = s.identities.clone();
    let (st, _) = send(&s, &[("message", "old form"), ("role", "family"), ("incident", "police_station")]);
    assert_eq!(st, 200);
    let kh = Keyholder::new(&s);
    kh.import(&kh.pull(&s, "b1.tar"));
    s.stop();

    // The organisation changes its questions; the server restarts on the same data.
    let mut s = Server::start(Opts {
        extra: QUESTIONS.into(),
        data: Some(data),
        keyholders: ids,
        ..Default::default()
    });
    for (m, channel, who) in [("new 1", "wechat", "police"), ("new 2", "relatives", "official")] {
        let (st, body) = send(
            &s,
            &[
                ("message", m),
                ("channel", channel),
                ("channel", "phone"),
                ("who", who),
                ("station_address", "=HYPERLINK(\"x\")"),
            ],
        );
        assert_eq!(st, 200, "{body}");
    }
    kh.import(&kh.pull(&s, "b2.tar"));
    s.stop();

    let show = |n: &str| -> serde_json::Value {
        serde_json::from_str(&ok(&kh.vault(&["show", n, "--json"]))).unwrap()
    };
    let old = show("1");
    assert_eq!(old["answers"]["role"], "family");
    assert_eq!(old["answers"]["incident"][0], "police_station");
    assert!(
        old["questions"].as_array().unwrap().iter().any(|q| q["id"] == "incident"),
        "the old tip keeps its questions"
    );
    // The two new tips came in one bundle, in no set order: find the one the police contacted.
    let rows: serde_json::Value = serde_json::from_str(&ok(&kh.vault(&["list", "--json"]))).unwrap();
    let police = rows.as_array().unwrap().iter().find(|r| r["answers"]["who"] == "police").unwrap();
    let n = police["case"].to_string();
    let new = show(&n);
    assert_eq!(
        new["answers"]["channel"],
        serde_json::json!(["wechat", "phone"]),
        "in the questionnaire's order"
    );
    assert_eq!(new["answers"]["who"], "police");
    let text = ok(&kh.vault(&["show", &n]));
    assert!(text.contains("How were you contacted: WeChat, Phone"), "answers under their labels: {text}");
    let old_text = ok(&kh.vault(&["show", "1"]));
    assert!(
        old_text.contains("Role: family")
            || old_text.contains("Who are you in this report: It happened to my family"),
        "{old_text}"
    );

    // list --answer filters by any choice question; a question no case has is refused.
    assert!(ok(&kh.vault(&["list", "--answer", "channel=relatives"])).contains("1 case(s)"));
    assert!(ok(&kh.vault(&["list", "--answer", "channel=phone"])).contains("2 case(s)"));
    let bad = kh.vault(&["list", "--answer", "colour=red"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    let bad = kh.vault(&["list", "--answer", "channel=fax"]);
    assert!(stderr(&bad).contains("wechat, phone, relatives"), "{}", stderr(&bad));

    // The CSV has one column per question (one per option of a multiple choice).
    let csv = String::from_utf8(kh.vault(&["export-csv"]).stdout).unwrap();
    let header = csv.lines().next().unwrap();
    for col in
        ["role", "incident_police_station", "channel_wechat", "channel_relatives", "who", "station_address"]
    {
        assert!(header.split(',').any(|c| c == col), "column {col}: {header}");
    }
    assert!(csv.contains("'=HYPERLINK"), "a formula answer is defused: {csv}");
    // stats counts any choice question.
    let stats = ok(&kh.vault(&["stats", "--question", "channel"]));
    assert!(stats.contains("WeChat") && stats.contains("Phone"), "{stats}");
    assert!(
        kh.vault(&["stats", "--question", "station_address"]).status.code() == Some(2),
        "a text is not counted"
    );
}

#[test]
fn check_names_what_a_questionnaire_lacks_and_bad_ones_do_not_start() {
    let s = start(QUESTIONS, None);
    let o = tipbox(&["check", "--config", s.config.to_str().unwrap()], &[]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &stderr(&o);
    assert!(out.contains("[[questions]] who: no zh-Hans, zh-Hant, ug, de, es, fr, it, nl text"), "{out}");
    assert!(out.contains("[[questions]] channel: no zh-Hant, ug, de, es, fr, it, nl text"), "{out}");
    assert!(!out.contains("[[questions]] country"), "a built-in translation has every language: {out}");
    for (bad, says) in [
        ("[[questions]]\nid = \"message\"\nkind = \"text\"\nlabel = { en = \"M\" }\n", "field of the form"),
        ("[[questions]]\nid = \"a\"\nkind = \"slider\"\nlabel = { en = \"A\" }\n", "unknown variant"),
        (
            "[[questions]]\nid = \"a\"\nkind = \"text\"\nlabel = { en = \"A\" }\n[[questions]]\nid = \"a\"\nkind = \"text\"\nlabel = { en = \"B\" }\n",
            "twice",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("c.toml");
        std::fs::write(&cfg, format!("data_dir = \"{}\"\n{bad}", dir.path().join("d").display())).unwrap();
        let o = tipbox(&["check", "--config", cfg.to_str().unwrap()], &[]);
        assert!(!o.status.success());
        let text = String::from_utf8_lossy(&o.stdout).into_owned() + &stderr(&o);
        assert!(text.contains(says), "{bad}: {text}");
    }
}
