//! Dev tool: prints the `protected` list of `faq/lexicon.toml` — the real words, from system
//! word lists, that the engine's spelling correction would otherwise turn into a word of the
//! knowledge ("hiking" into "hiring"). Run it again after adding an article:
//!
//! ```sh
//! apt-get install wamerican wbritish wspanish wfrench wngerman wbrazilian
//! cargo run -p versus-kb-gen --bin protected-words -- faq /usr/share/dict/american-english …
//! ```
//!
//! It prints one TOML line, `protected = [...]`, to paste over the old one.

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use versus_core::engine::{text, Lexicon};
use versus_core::knowledge::load_dir;

fn main() -> Result<()> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let Some(faq) = args.next() else {
        bail!("usage: protected-words FAQ_DIR WORD_LIST...");
    };
    let knowledge = load_dir(&faq).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("{} has problems:\n{}", faq.display(), lines.join("\n"))
    })?;
    let lexicon = Lexicon::new(&knowledge);
    let mut protected = BTreeSet::new();
    for list in args {
        let bytes = std::fs::read(&list).with_context(|| format!("reading {}", list.display()))?;
        // Debian's lists for French and German are Latin-1 in places; a word that is not UTF-8
        // is skipped rather than guessed at.
        for line in String::from_utf8_lossy(&bytes).lines() {
            if line.contains('\u{fffd}') || line.contains('\'') {
                continue;
            }
            let words = text::words(line);
            let [word] = words.as_slice() else {
                continue;
            };
            if !lexicon.knows_word(word) && lexicon.correct(word).is_some() {
                protected.insert(word.clone());
            }
        }
    }
    let quoted: Vec<String> = protected.iter().map(|w| format!("\"{w}\"")).collect();
    println!("protected = [{}]", quoted.join(", "));
    eprintln!("{} protected words", protected.len());
    Ok(())
}
