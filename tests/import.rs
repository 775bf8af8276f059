//! `versus import`: each seed article re-imported on its own recovers its hand-curated rows,
//! FAQs and picks by verbatim text; articles in other layouts (a saved HTML page, a markdown
//! post) import with their metadata, no page furniture, a clean `versus check`, and answers
//! citing them after a reindex.

mod common;

use common::import::{import_file, recovery};
use common::Scratch;
use versus::knowledge;

/// The share of curated entries an import must recover.
const MIN_RECOVERY: f64 = 0.95;

#[test]
fn each_seed_reimported_recovers_its_curated_rows_faqs_and_picks() {
    let shipped = common::shipped();
    let mut failures = Vec::new();
    for source in &shipped.sources {
        let scratch = Scratch::new();
        let id = format!("re-{}", &source.id[..3]);
        import_file(
            &common::seeds_dir().join(&source.origin),
            &id,
            &scratch.faq(),
        );
        let got = knowledge::load_dir(&scratch.faq()).expect("faq/ still loads after import");
        let (found, total, missing) = recovery(shipped, &source.id, &got, &id);
        let share = found as f64 / total as f64;
        println!("{}: recovered {found}/{total} = {share:.3}", source.id);
        for m in &missing {
            println!("  missing {m}");
        }
        if share < MIN_RECOVERY {
            failures.push(format!("{}: {share:.3} ({missing:#?})", source.id));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
