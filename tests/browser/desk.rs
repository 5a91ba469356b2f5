//! The desk in headless Chromium with JavaScript disabled: a keyholder's working session from
//! the printed URL to Lock, on a vault fed by the real server, with the reply written at the
//! desk reaching the source through the real server. Screenshots for the README go to
//! `target/screenshots/desk-*.png`.

use std::time::Duration;

use crate::common::cli::*;
use crate::common::desk::DeskProc;
use crate::common::*;
use crate::driver::{Driver, shots_dir};

fn tip(s: &Server, fields: &[(&str, &str)]) -> String {
    tip_with(s, fields, vec![])
}

fn tip_with(s: &Server, fields: &[(&str, &str)], files: Vec<(&str, Vec<u8>)>) -> String {
    let (st, body) = submit(s, &s.client(), fields, files);
    assert_eq!(st, 200);
    codename_of(&body)
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "SKIPPED: needs chromium and chromium-driver (apt install chromium chromium-driver)"
)]
fn the_desk_in_a_real_browser_without_javascript() {
    let Some(driver) = Driver::start() else { return };
    let s = Server::start(Opts::default());
    let shots = shots_dir();
    let photo = crate::common::jpeg::jpeg_with_gps();
    let codename = tip_with(
        &s,
        &[
            ("message", "Two men from the Fuzhou police station came to our restaurant in Rotterdam."),
            ("country", "NL"),
            ("city", "Rotterdam"),
            ("incident", "police_station"),
            ("contact_ok", "yes"),
        ],
        vec![("their-car.jpg", photo.clone())],
    );
    tip(
        &s,
        &[("message", "他们打电话给我在福州的父母。"), ("country", "IT"), ("incident", "family_threats")],
    );
    tip(
        &s,
        &[("message", "Someone follows me after church."), ("country", "NL"), ("incident", "surveillance")],
    );
    let kh = Keyholder::new(&s);
    // The first bundle makes the vault; the second (the third tip) is imported at the desk.
    let first = kh.pull(&s, "b1.tar");
    kh.import(&first);
    ok(&kh.ack(&s, &ack_list(&first)));
    tip(&s, &[("message", "A fourth tip, imported at the desk."), ("country", "DE")]);
    let second = kh.pull(&s, "b2.tar");

    let d = DeskProc::start(&kh, &[]);
    let b = driver.session(1280);

    // A browser without the session is refused.
    b.go(&d.url("/"));
    assert!(b.text("#error").contains("locked to the browser that opened it"), "no cookie, no desk");

    // Unlock with the printed URL: the case list.
    b.go(&d.unlock);
    assert_eq!(b.count("#cases tbody tr"), 3, "three cases");

    // Import the second bundle from its path.
    b.go(&d.url("/import"));
    b.type_in("#bundle", second.to_str().unwrap());
    b.click_nav("#import");
    assert!(b.text("#done").contains("Imported 1 new item(s) into 1 new case(s)"), "{}", b.text("#done"));
    assert!(ack_list(&second).exists(), "the acknowledgement list is written beside the bundle");
    b.go(&d.url("/"));
    assert_eq!(b.count("#cases tbody tr"), 4);
    b.screenshot(&shots.join("desk-list.png"));

    // Search, in memory, over the decrypted messages.
    b.type_in("#q", "police station");
    b.click_nav("#apply");
    assert_eq!(b.count("#cases tbody tr"), 1);
    assert!(b.text("#cases").contains("Fuzhou police station"));
    b.screenshot(&shots.join("desk-search.png"));

    // Open the case (its number follows the bundle's order): answers, the message.
    let href = b.attr("#cases tbody a", "href");
    let n: u32 = href.rsplit('/').next().unwrap().parse().unwrap();
    b.click_nav("#cases tbody a");
    assert!(b.text("#answers").contains("Rotterdam"));
    assert!(b.text("#thread").contains("Two men from the Fuzhou police station"));

    // Status, tags, a note.
    b.click("#new-status option[value='in-review']");
    b.click_nav("#status-button");
    assert_eq!(b.text("#notice"), "Status saved.");
    assert_eq!(b.text("#status"), "In review");
    b.type_in("#tag-change", "+urgent +restaurant");
    b.click_nav("#tags-button");
    assert!(b.text("#tags").contains("urgent") && b.text("#tags").contains("restaurant"));
    b.type_in("#note-text", "Call the source's lawyer before replying.");
    b.click_nav("#note-button");
    assert!(b.text("#note-1").contains("Call the source's lawyer"));
    b.screenshot(&shots.join("desk-case.png"));

    // The photo's GPS position is shown; a cleaned copy is written beside the original.
    assert!(b.text("#thread").contains("reveals a GPS position"), "{}", b.text("#thread"));
    let files = kh.path("case-files");
    b.type_in("#extract-out", files.to_str().unwrap());
    b.click("#extract-clean");
    b.click_nav("#extract-button");
    assert!(b.text("#done").contains("Cleaned copy"), "{}", b.text("#done"));
    assert_eq!(std::fs::read(files.join("01-their-car.jpg")).unwrap(), photo);
    assert!(files.join("01-their-car.clean.jpg").exists() && files.join("manifest.txt").exists());
    b.go(&d.url(&format!("/case/{n}")));

    // A reply: the bundle goes to the file named, then through the real server to the source.
    let reply = kh.path("reply.tar");
    b.type_in("#reply-text", "Thank you. Is the restaurant still being visited?");
    b.type_in("#reply-out", reply.to_str().unwrap());
    b.click_nav("#reply-button");
    assert!(b.text("#done").contains("Reply bundle written to"), "{}", b.text("#done"));
    assert!(ok(&kh.push(&s, &reply)).contains("1 reply(ies) stored"));
    let c = s.client();
    let cookie = login(&s, &c, &codename).expect("the source logs in");
    let inbox = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().text().unwrap();
    assert!(inbox.contains("Is the restaurant still being visited?"), "the source reads the reply");

    // Bulk: the two other cases of the first bundle through review to closed, from the list.
    let others: Vec<u32> = (1..=3).filter(|x| *x != n).collect();
    for to in ["in-review", "unverified", "closed"] {
        b.go(&d.url("/"));
        b.click(&format!("#pick-{}", others[0]));
        b.click(&format!("#pick-{}", others[1]));
        b.click(&format!("#bulk-status option[value='{to}']"));
        b.click_nav("#bulk-apply");
        assert!(b.text("#notice").contains("ticked cases were changed"));
    }
    b.go(&d.url("/?status=closed"));
    assert_eq!(b.count("#cases tbody tr"), 2, "two cases closed");

    // CSV export to a path.
    let csv = kh.path("cases.csv");
    b.go(&d.url("/import"));
    b.type_in("#csv-out", csv.to_str().unwrap());
    b.click_nav("#export");
    assert!(b.text("#done").contains("4 case(s) written"));
    assert_eq!(std::fs::read_to_string(&csv).unwrap().lines().count(), 5, "a header and four rows");

    // Statistics: tables, and the charts image the desk serves (allowed by its policy).
    b.go(&d.url("/stats"));
    assert!(b.text("#total").contains('4'));
    assert!(b.prop("#charts", "naturalWidth").parse::<u32>().unwrap_or(0) > 0, "the chart loads");
    b.screenshot(&shots.join("desk-stats.png"));

    // In Chinese.
    b.click_nav("button[lang='zh-Hans']");
    assert_eq!(b.attr("html", "lang"), "zh-Hans");
    b.go(&d.url(&format!("/case/{n}")));
    b.screenshot(&shots.join("desk-case-zh-Hans.png"));

    // Lock: the desk ends and the vault is closed.
    b.click_nav("#lock");
    let mut d = d;
    assert!(d.wait_exit(Duration::from_secs(30)).is_some(), "Lock ends the desk");
    let show: serde_json::Value =
        serde_json::from_str(&ok(&kh.vault(&["show", &n.to_string(), "--json"]))).unwrap();
    assert_eq!(show["status"], "in-review");
    assert_eq!(show["notes"][0]["text"], "Call the source's lawyer before replying.");

    // The README shows these.
    if std::env::var_os("TIPBOX_UPDATE_SCREENSHOTS").is_some() {
        let to = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/screenshots");
        std::fs::create_dir_all(&to).unwrap();
        for name in ["desk-list.png", "desk-case.png", "desk-stats.png"] {
            std::fs::copy(shots.join(name), to.join(name)).unwrap();
        }
    }
}
