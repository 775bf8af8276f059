//! The admin page at `/admin`, in a real browser: Debian's chromium driven through its
//! chromedriver (WebDriver, with fantoccini) against `versus serve` started in-process through
//! `startup`, over a scratch faq/ and a real SQLite store seeded through the real server paths
//! (the JSON API and signed interactions). Refusals without a session or a CSRF token are
//! plain HTTP requests. `.ci/chromium` installs the browser; `.ci/run` calls it.

use std::net::TcpStream;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use serde_json::{json, Value};
use versus::config::{self, Secret};
use versus::record::StoreJournal;
use versus::startup::{self, Dirs};
use versus_store::{QuestionRecord, Transport};

use crate::common::payloads::{self, Who};
use crate::common::server::{self, TestServer, ADMIN_TOKEN, FIXTURE_USER};
use crate::common::store::{self, TestDb};
use crate::common::Scratch;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// Questions recorded on the twelve days before today (see `seed`).
const EARLIER: u32 = 38;
const BREAD: &str = "how do I bake sourdough bread?";
const MOBILE: &str = "TensorFlow or PyTorch for mobile apps?";
/// How long the browser and the server get for anything (a page, a reindex) before failing.
const PATIENCE: Duration = Duration::from_secs(30);

/// A chromedriver this test started on a free loopback port; killed when dropped.
struct Driver {
    child: Child,
    port: u16,
    // Chromium's profile: fresh, so nothing of another run leaks in.
    profile: tempfile::TempDir,
}

impl Driver {
    fn start() -> Driver {
        assert!(
            Path::new(CHROMEDRIVER).exists(),
            "{CHROMEDRIVER} is missing: run `bash .ci/chromium`"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + PATIENCE;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver never listened");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            port,
            profile: tempfile::tempdir().unwrap(),
        }
    }

    /// A headless Chromium session; the flags keep it off the (closed) network.
    async fn browser(&self) -> Client {
        let profile = format!("--user-data-dir={}", self.profile.path().display());
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1200,1250",
            &profile,
        ];
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": CHROMIUM, "args": args }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a browser session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server with the admin page on, over `engine` and `journal`.
async fn serve(
    engine: Arc<versus_core::engine::Engine>,
    journal: &Arc<StoreJournal>,
) -> TestServer {
    let mut options = server::options();
    options.admin_token = Some(Secret::new(ADMIN_TOKEN));
    let server = TestServer::start(options).await;
    let discord = config::Discord {
        ask_cooldown_secs: 0,
        admin_user_ids: vec![FIXTURE_USER],
        ..config::Discord::default()
    };
    let services = startup::Services::builder(engine, &discord)
        .journal(journal.clone())
        .build();
    assert!(server.state.set_journal(journal.clone()));
    assert!(server.state.install(Arc::new(services.app())));
    server
}

/// Unanswered questions through the JSON API, and an answer marked 👎 through a signed
/// interaction and a click, as Discord sends them.
async fn seed(server: &TestServer, db: &TestDb, journal: &StoreJournal) {
    for q in [BREAD, BREAD, "what is the best knitting pattern?"] {
        let r = server
            .post("/api/ask", &json!({ "question": q }).to_string())
            .await;
        assert_eq!(r.status(), 200);
    }
    let answer: Value = server
        .interact(&server::command("ask", &[("question", MOBILE)]))
        .await
        .json()
        .await
        .unwrap();
    let down = answer["data"]["components"][0]["components"][1]["custom_id"]
        .as_str()
        .expect("a 👎 button")
        .to_string();
    assert!(down.starts_with("vote:down:"), "{answer}");
    // Earlier days through the store's own recorder, so the chart has more than today.
    for day in 1..=12u32 {
        for n in 0..(day * 7 % 5 + 1) {
            let answered = n % 3 != 0;
            let text = match (answered, n % 2) {
                (true, _) => "tensorflow or pytorch for research?",
                (false, 0) => "does mxnet still get updates?",
                (false, _) => "paddlepaddle or pytorch?",
            };
            let mut r = QuestionRecord::new(Transport::HttpApi, text, answered);
            r.at = SystemTime::now() - Duration::from_secs(u64::from(day) * 86_400);
            journal.store().recorder().record(r);
        }
    }
    journal.store().flush().await;
    let click = server
        .interact(&payloads::button(&down, &Who::member(FIXTURE_USER)))
        .await;
    assert_eq!(click.status(), 200);
    let deadline = Instant::now() + PATIENCE;
    while db.count("SELECT COUNT(*) FROM feedback").await < 1 {
        assert!(Instant::now() < deadline, "the 👎 was never written");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The text of the element with `id` on the current page.
async fn text_of(browser: &Client, id: &str) -> String {
    browser
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("no #{id}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Clicks what `locator` finds (a submit button) and waits until the next page has loaded: the
/// click may return before the navigation, and the next page often has the same elements.
async fn press(browser: &Client, locator: Locator<'_>) {
    browser
        .execute("document.documentElement.dataset.before = '1'", vec![])
        .await
        .unwrap();
    browser.find(locator).await.unwrap().click().await.unwrap();
    let deadline = Instant::now() + PATIENCE;
    loop {
        let loaded = browser
            .execute(
                "return !document.documentElement.dataset.before && document.readyState === 'complete'",
                vec![],
            )
            .await
            .unwrap_or(Value::Bool(false));
        if loaded == Value::Bool(true) {
            return;
        }
        assert!(Instant::now() < deadline, "the next page never loaded");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn page(browser: &Client, url: &str) -> String {
    browser.goto(url).await.unwrap();
    browser.source().await.unwrap()
}

/// The elements reaching past the window's right edge (outside boxes that scroll themselves).
const OVERFLOWING: &str = "return [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.scroll') && e.getBoundingClientRect().right > window.innerWidth + 1)
    .map(e => e.tagName + '.' + e.className + '#' + e.id);";

/// Where the overview's screenshot goes: `VERSUS_ADMIN_SCREENSHOT` (how docs/admin-overview.png
/// is made), else a scratch file.
fn screenshot_path(scratch: &Scratch) -> PathBuf {
    std::env::var_os("VERSUS_ADMIN_SCREENSHOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| scratch.dir.path().join("overview.png"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_page_in_a_real_browser() {
    crate::common::trace();
    let scratch = Scratch::new();
    let dirs = Dirs {
        faq: scratch.faq(),
        index: scratch.index(),
    };
    let engine = Arc::new(startup::open_engine(&dirs).unwrap());
    let db = TestDb::sqlite();
    let journal = store::journal(&db, Duration::ZERO).await;
    let server = serve(engine.clone(), &journal).await;
    seed(&server, &db, &journal).await;

    let driver = Driver::start();
    let browser = driver.browser().await;
    // A failed step must still quit the browser, or Chromium outlives the test.
    let result = AssertUnwindSafe(browse(&browser, &server, &scratch))
        .catch_unwind()
        .await;
    let closed = browser.close().await;
    drop(driver);
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
    closed.expect("the browser quits");
    server.stop().await.unwrap();
}

/// Everything the browser does, in order.
async fn browse(browser: &Client, server: &TestServer, scratch: &Scratch) {
    let admin = server.url("/admin");
    // A wrong token: the form again, an error, nothing else.
    browser.goto(&admin).await.unwrap();
    browser
        .find(Locator::Id("token"))
        .await
        .unwrap()
        .send_keys("not-the-token")
        .await
        .unwrap();
    press(browser, Locator::Css("form.login button")).await;
    let wrong = browser.source().await.unwrap();
    assert!(wrong.contains("That is not the admin token."), "{wrong}");
    assert!(
        !wrong.contains("Questions per day") && !wrong.contains("Log out"),
        "{wrong}"
    );

    // The right token: the overview, with the chart and the counts.
    let token = browser.find(Locator::Id("token")).await.unwrap();
    token.clear().await.unwrap();
    token.send_keys(ADMIN_TOKEN).await.unwrap();
    press(browser, Locator::Css("form.login button")).await;
    let generation: u64 = text_of(browser, "generation").await.parse().unwrap();
    assert_eq!(text_of(browser, "asked").await, (4 + EARLIER).to_string());
    assert_eq!(text_of(browser, "not-helpful").await, "1");
    let bars = browser
        .find_all(Locator::Css("svg.chart rect.bar.asked"))
        .await
        .unwrap();
    assert_eq!(
        bars.len(),
        31,
        "an <svg> with a bar a day, 30 days back and today"
    );
    let mut drawn = 0;
    for bar in &bars {
        let height: f64 = bar.attr("height").await.unwrap().unwrap().parse().unwrap();
        drawn += usize::from(height > 0.0);
    }
    assert_eq!(drawn, 13, "today and the twelve days before have questions");
    let overview = browser.source().await.unwrap();
    assert!(overview.contains(BREAD), "the top gaps: {overview}");
    let png = browser.screenshot().await.unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    std::fs::write(screenshot_path(scratch), png).unwrap();
    // On a phone's width nothing runs off the page (wide tables scroll inside their box).
    browser.set_window_size(390, 844).await.unwrap();
    for path in ["/admin", "/admin/feedback", "/admin/sources"] {
        browser.goto(&server.url(path)).await.unwrap();
        let wider = browser.execute(OVERFLOWING, vec![]).await.unwrap();
        assert_eq!(wider, json!([]), "{path} is wider than a phone");
    }
    if let Some(phone) = std::env::var_os("VERSUS_ADMIN_PHONE_SCREENSHOT") {
        browser.goto(&admin).await.unwrap();
        std::fs::write(phone, browser.screenshot().await.unwrap()).unwrap();
    }
    browser.set_window_size(1200, 1250).await.unwrap();
    browser.goto(&admin).await.unwrap();

    // Gaps and the 👎 answer with what it cited.
    let gaps = page(browser, &server.url("/admin/gaps?days=7")).await;
    assert!(gaps.contains(BREAD) && gaps.contains("sourdough"), "{gaps}");
    assert!(gaps.contains("knitting pattern"), "{gaps}");
    let feedback = page(browser, &server.url("/admin/feedback")).await;
    assert!(feedback.contains(MOBILE), "{feedback}");
    let citations = browser
        .find_all(Locator::Css("table.feedback td ul li code"))
        .await
        .unwrap();
    assert!(!citations.is_empty(), "the citations given: {feedback}");
    assert!(citations[0].text().await.unwrap().contains('/'));

    // Reindex raises the generation.
    browser.goto(&server.url("/admin/sources")).await.unwrap();
    press(browser, Locator::Id("reindex-button")).await;
    let after: u64 = text_of(browser, "generation").await.parse().unwrap();
    assert_eq!(after, generation + 1, "{}", browser.source().await.unwrap());
    assert!(text_of(browser, "last-reindex")
        .await
        .contains(&format!("generation {after}")));

    // Import: upload, preview, apply; the source is listed and served.
    let article = crate::common::import_data().join("speech.md");
    let file = browser.find(Locator::Id("article")).await.unwrap();
    file.send_keys(&article.display().to_string())
        .await
        .unwrap();
    press(browser, Locator::Id("preview-button")).await;
    assert_eq!(text_of(browser, "preview-id").await, "speech");
    assert!(
        !scratch.faq().join("speech.toml").exists(),
        "a preview writes nothing"
    );
    press(browser, Locator::Id("apply-button")).await;
    let sources = browser.source().await.unwrap();
    assert!(sources.contains("Imported speech"), "{sources}");
    assert!(scratch.faq().join("speech.toml").exists());
    let rows = browser
        .find_all(Locator::Css("table.sources tbody tr td:first-child code"))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for r in rows {
        ids.push(r.text().await.unwrap());
    }
    assert!(ids.contains(&"speech".to_string()), "{ids:?}");
    let imported: u64 = text_of(browser, "generation").await.parse().unwrap();
    assert_eq!(imported, after + 1);

    // Logging out ends the session.
    press(browser, Locator::Css("form.logout button")).await;
    let gone = page(browser, &server.url("/admin/gaps")).await;
    assert!(
        gone.contains("Admin token") && !gone.contains(BREAD),
        "{gone}"
    );
}

/// A client that shows redirects instead of following them.
fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Logs in over plain HTTP; the session cookie's `name=value`.
async fn login(client: &reqwest::Client, server: &TestServer) -> String {
    let r = client
        .post(server.url("/admin/login"))
        .form(&[("token", ADMIN_TOKEN)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/admin"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    cookie.split(';').next().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_actions_refuse_without_a_session_or_its_csrf_token() {
    let scratch = Scratch::new();
    let dirs = Dirs {
        faq: scratch.faq(),
        index: scratch.index(),
    };
    let engine = Arc::new(startup::open_engine(&dirs).unwrap());
    let db = TestDb::sqlite();
    let journal = store::journal(&db, Duration::ZERO).await;
    let server = serve(engine.clone(), &journal).await;
    let client = raw_client();
    let generation = || engine.brain().generation.number;
    let before = generation();

    for path in ["/admin/gaps", "/admin/feedback", "/admin/sources"] {
        let r = client.get(server.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 303, "{path}");
        assert_eq!(r.headers()["location"], "/admin");
    }
    for path in ["/admin/reindex", "/admin/logout", "/admin/import/apply"] {
        let r = client
            .post(server.url(path))
            .form(&[("csrf", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{path}");
    }
    let cookie = login(&client, &server).await;
    let page = client
        .get(server.url("/admin/sources"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("name=\"csrf\""), "{html}");
    for form in [vec![], vec![("csrf", "0123456789abcdef")]] {
        let r = client
            .post(server.url("/admin/reindex"))
            .header("cookie", &cookie)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{form:?}");
    }
    let upload = reqwest::multipart::Form::new().part(
        "article",
        reqwest::multipart::Part::bytes(
            std::fs::read(crate::common::import_data().join("speech.md")).unwrap(),
        )
        .file_name("speech.md"),
    );
    let r = client
        .post(server.url("/admin/import"))
        .header("cookie", &cookie)
        .multipart(upload)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "an upload without the token");
    assert_eq!(generation(), before, "nothing was reindexed");
    assert!(
        !scratch.faq().join("speech.toml").exists(),
        "nothing was imported"
    );

    // With the token, the same reindex goes through.
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let r = client
        .post(server.url("/admin/reindex"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(generation(), before + 1);
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_is_absent_without_a_token_and_logins_are_rate_limited() {
    let off = TestServer::answering().await;
    for path in ["/admin", "/admin/gaps", "/admin/style.css"] {
        assert_eq!(off.get(path).await.status(), 404, "{path}");
    }
    let r = off
        .client
        .post(off.url("/admin/login"))
        .form(&[("token", ADMIN_TOKEN)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    off.stop().await.unwrap();

    let mut options = server::options();
    options.admin_token = Some(Secret::new(ADMIN_TOKEN));
    options.rate_limit.admin_per_minute = 2;
    let on = TestServer::with_app(options, server::app(crate::common::engine())).await;
    let client = raw_client();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let r = client
            .post(on.url("/admin/login"))
            .form(&[("token", "guess")])
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(
        statuses,
        [401, 401, 429],
        "the third guess in a minute is refused"
    );
    let page = on.get("/admin").await;
    assert_eq!(page.status(), 200, "the login form itself is not limited");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("type=\"password\"") && html.contains("<label for=\"token\""),
        "{html}"
    );
    assert!(html.contains("name=\"viewport\""));
    on.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_store_the_pages_say_so() {
    let mut options = server::options();
    options.admin_token = Some(Secret::new(ADMIN_TOKEN));
    let server = TestServer::with_app(options, server::app(crate::common::engine())).await;
    let client = raw_client();
    let cookie = login(&client, &server).await;
    for path in ["/admin", "/admin/gaps", "/admin/feedback"] {
        let r = client
            .get(server.url(path))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains("No store is configured"), "{path}: {html}");
    }
    let sources = client
        .get(server.url("/admin/sources"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let html = sources.text().await.unwrap();
    assert!(
        html.contains("id=\"reindex-button\"") && !html.contains("No store"),
        "{html}"
    );
    server.stop().await.unwrap();
}
