//! The shipped knowledge as a brain, built once for the engine's unit tests.

use std::sync::OnceLock;

use super::Brain;
use crate::index::Generation;

/// The brain over the shipped faq/, in memory.
pub(crate) fn brain() -> &'static Brain {
    static BRAIN: OnceLock<Brain> = OnceLock::new();
    BRAIN.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../faq");
        let k = crate::knowledge::load_dir(&dir).expect("shipped faq/ loads");
        Brain::new(Generation::in_ram(k).expect("index builds"))
    })
}
