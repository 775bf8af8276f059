//! Counters for `GET /metrics`, in Prometheus' text exposition format (version 0.0.4), written
//! by hand: a few atomics per series, no registry. Recording is lock-free, so it costs nothing
//! measurable next to an answer.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use versus_core::engine::{Answer, ReindexError, ReindexReport};
use versus_core::index::IndexError;
use versus_core::knowledge::Side;
use versus_discord::command::Observer;

/// The routes requests are counted by; anything unrouted counts as `other`, so a scanner
/// cannot grow the label set.
pub const ROUTES: &[&str] = &[
    "/interactions",
    "/api/ask",
    "/api/compare",
    "/api/sources",
    "/api/reindex",
    "/api/gaps",
    "/healthz",
    "/metrics",
    "other",
];
/// Status codes 100..=599, one slot each.
const STATUSES: usize = 500;
/// Upper bounds of the answer latency buckets, in seconds (Inf is implicit).
const LATENCY_BUCKETS: &[f64] = &[
    0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.1,
];

/// The verdict label of an answer: a side, or none given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VerdictLabel {
    Side(Side),
    None,
}

impl VerdictLabel {
    /// Every label, in slot order.
    const ALL: [VerdictLabel; 5] = [
        VerdictLabel::Side(Side::TensorFlow),
        VerdictLabel::Side(Side::PyTorch),
        VerdictLabel::Side(Side::Tie),
        VerdictLabel::Side(Side::Neither),
        VerdictLabel::None,
    ];

    fn of(verdict: Option<Side>) -> VerdictLabel {
        verdict.map_or(VerdictLabel::None, VerdictLabel::Side)
    }

    fn label(self) -> &'static str {
        match self {
            VerdictLabel::Side(s) => s.as_str(),
            VerdictLabel::None => "none",
        }
    }

    fn slot(self) -> usize {
        match self {
            VerdictLabel::Side(Side::TensorFlow) => 0,
            VerdictLabel::Side(Side::PyTorch) => 1,
            VerdictLabel::Side(Side::Tie) => 2,
            VerdictLabel::Side(Side::Neither) => 3,
            VerdictLabel::None => 4,
        }
    }
}

/// How a reindex asked for ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReindexOutcome {
    Ok,
    Invalid,
    Busy,
    Error,
}

impl ReindexOutcome {
    /// Every outcome, in slot order.
    const ALL: [ReindexOutcome; 4] = [
        ReindexOutcome::Ok,
        ReindexOutcome::Invalid,
        ReindexOutcome::Busy,
        ReindexOutcome::Error,
    ];

    fn of(result: &Result<ReindexReport, ReindexError>) -> ReindexOutcome {
        match result {
            Ok(_) => ReindexOutcome::Ok,
            Err(ReindexError::Index(IndexError::Invalid(_))) => ReindexOutcome::Invalid,
            Err(ReindexError::Busy) => ReindexOutcome::Busy,
            Err(_) => ReindexOutcome::Error,
        }
    }

    fn label(self) -> &'static str {
        match self {
            ReindexOutcome::Ok => "ok",
            ReindexOutcome::Invalid => "invalid",
            ReindexOutcome::Busy => "busy",
            ReindexOutcome::Error => "error",
        }
    }

    /// A reindex that ran and failed (the previous index kept serving).
    fn is_failure(self) -> bool {
        matches!(self, ReindexOutcome::Invalid | ReindexOutcome::Error)
    }
}

/// Every series `versus serve` exports.
#[derive(Debug)]
pub struct Metrics {
    requests: Vec<AtomicU64>,
    latency_buckets: Vec<AtomicU64>,
    latency_sum_nanos: AtomicU64,
    latency_count: AtomicU64,
    answered: [AtomicU64; 2],
    verdicts: [AtomicU64; VerdictLabel::ALL.len()],
    reindex: [AtomicU64; ReindexOutcome::ALL.len()],
    reindex_nanos: AtomicU64,
    reindex_timed: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            requests: (0..ROUTES.len() * STATUSES)
                .map(|_| AtomicU64::new(0))
                .collect(),
            latency_buckets: (0..=LATENCY_BUCKETS.len())
                .map(|_| AtomicU64::new(0))
                .collect(),
            latency_sum_nanos: AtomicU64::new(0),
            latency_count: AtomicU64::new(0),
            answered: Default::default(),
            verdicts: Default::default(),
            reindex: Default::default(),
            reindex_nanos: AtomicU64::new(0),
            reindex_timed: AtomicU64::new(0),
        }
    }
}

/// The slot of a route in [`ROUTES`] (`other` when unknown).
pub fn route_index(route: Option<&str>) -> usize {
    route
        .and_then(|r| ROUTES.iter().position(|&x| x == r))
        .unwrap_or(ROUTES.len() - 1)
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl Metrics {
    /// Counts one response.
    pub fn request(&self, route: usize, status: u16) {
        let status = usize::from(status.clamp(100, 599)) - 100;
        if let Some(c) = self.requests.get(route * STATUSES + status) {
            c.fetch_add(1, Relaxed);
        }
    }

    /// Requests so far for `route` answered with `status`.
    pub fn requests(&self, route: &str, status: u16) -> u64 {
        let status = usize::from(status.clamp(100, 599)) - 100;
        self.requests[route_index(Some(route)) * STATUSES + status].load(Relaxed)
    }

    /// Renders every series; `generation` is the index generation serving, if one is loaded.
    pub fn render(&self, generation: Option<u64>) -> String {
        let mut out = String::with_capacity(4096);
        self.render_requests(&mut out);
        self.render_latency(&mut out);
        self.render_answers(&mut out);
        self.render_reindex(&mut out);
        render_readiness(&mut out, generation);
        out
    }

    /// HTTP responses by route and status.
    fn render_requests(&self, out: &mut String) {
        header(
            out,
            "versus_http_requests_total",
            "counter",
            "HTTP responses by route and status code.",
        );
        for (r, route) in ROUTES.iter().enumerate() {
            for s in 0..STATUSES {
                let n = self.requests[r * STATUSES + s].load(Relaxed);
                if n > 0 {
                    let _ = writeln!(
                        out,
                        "versus_http_requests_total{{route=\"{route}\",status=\"{}\"}} {n}",
                        s + 100
                    );
                }
            }
        }
    }

    /// The engine's answer-time histogram.
    fn render_latency(&self, out: &mut String) {
        header(
            out,
            "versus_answer_duration_seconds",
            "histogram",
            "Time to answer one question, in the engine.",
        );
        let mut cumulative = 0;
        for (i, bound) in LATENCY_BUCKETS.iter().enumerate() {
            cumulative += self.latency_buckets[i].load(Relaxed);
            let _ = writeln!(
                out,
                "versus_answer_duration_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
            );
        }
        cumulative += self.latency_buckets[LATENCY_BUCKETS.len()].load(Relaxed);
        let _ = writeln!(
            out,
            "versus_answer_duration_seconds_bucket{{le=\"+Inf\"}} {cumulative}"
        );
        let _ = writeln!(
            out,
            "versus_answer_duration_seconds_sum {}",
            self.latency_sum_nanos.load(Relaxed) as f64 / 1e9
        );
        let _ = writeln!(
            out,
            "versus_answer_duration_seconds_count {}",
            self.latency_count.load(Relaxed)
        );
    }

    /// Answers by whether the sources answered, and by verdict.
    fn render_answers(&self, out: &mut String) {
        counters(
            out,
            "versus_answers_total",
            "Questions answered from the sources, and not.",
            "answered",
            &["true", "false"],
            &self.answered,
        );
        counters(
            out,
            "versus_verdicts_total",
            "Answers by verdict (none: no verdict given).",
            "verdict",
            &VerdictLabel::ALL.map(VerdictLabel::label),
            &self.verdicts,
        );
    }

    /// Reindexes by outcome, their failures and their time.
    fn render_reindex(&self, out: &mut String) {
        counters(
            out,
            "versus_reindex_total",
            "Reindexes asked for, by outcome (busy: another was running).",
            "outcome",
            &ReindexOutcome::ALL.map(ReindexOutcome::label),
            &self.reindex,
        );
        header(
            out,
            "versus_reindex_failures_total",
            "counter",
            "Reindexes that ran and failed; the previous index kept serving.",
        );
        let _ = writeln!(
            out,
            "versus_reindex_failures_total {}",
            ReindexOutcome::ALL
                .iter()
                .filter(|o| o.is_failure())
                .map(|&o| self.reindex[o as usize].load(Relaxed))
                .sum::<u64>()
        );
        header(
            out,
            "versus_reindex_duration_seconds",
            "summary",
            "Time reindexes took, successful or not (busy ones excluded).",
        );
        let _ = writeln!(
            out,
            "versus_reindex_duration_seconds_sum {}",
            self.reindex_nanos.load(Relaxed) as f64 / 1e9
        );
        let _ = writeln!(
            out,
            "versus_reindex_duration_seconds_count {}",
            self.reindex_timed.load(Relaxed)
        );
    }
}

/// Whether an index is loaded, and which generation answers.
fn render_readiness(out: &mut String, generation: Option<u64>) {
    header(
        out,
        "versus_ready",
        "gauge",
        "1 once an index is loaded and questions are answered.",
    );
    let _ = writeln!(out, "versus_ready {}", u8::from(generation.is_some()));
    if let Some(g) = generation {
        header(
            out,
            "versus_index_generation",
            "gauge",
            "The index generation answering now.",
        );
        let _ = writeln!(out, "versus_index_generation {g}");
    }
}

/// Writes a family's `# HELP` and `# TYPE` lines.
pub(crate) fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// One counter family with a single label: a sample per label value, in order.
fn counters(
    out: &mut String,
    name: &str,
    help: &str,
    key: &str,
    labels: &[&str],
    values: &[AtomicU64],
) {
    debug_assert_eq!(
        labels.len(),
        values.len(),
        "{name}: a label for every counter"
    );
    header(out, name, "counter", help);
    for (label, value) in labels.iter().zip(values) {
        let _ = writeln!(out, "{name}{{{key}=\"{label}\"}} {}", value.load(Relaxed));
    }
}

/// The question log's state as /healthz and `versus_store_up` report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreState {
    /// Open, and the last batch was written.
    Up,
    /// Open, but the last batch failed to write (the writer keeps retrying).
    Failing,
    /// No store: it could not be opened, or this process runs without one.
    Off,
}

impl StoreState {
    /// The state of `journal`'s store, `Off` without one.
    pub fn of(journal: Option<&crate::record::StoreJournal>) -> StoreState {
        match journal.map(|j| j.store().health()) {
            None => StoreState::Off,
            Some(versus_store::StoreHealth::Up) => StoreState::Up,
            Some(versus_store::StoreHealth::Failing) => StoreState::Failing,
        }
    }

    /// The label in /healthz's body.
    pub fn as_str(self) -> &'static str {
        match self {
            StoreState::Up => "up",
            StoreState::Failing => "failing",
            StoreState::Off => "off",
        }
    }
}

/// The question log's series: feedback by vote, unanswered questions, the store's trouble,
/// always rendered (zeros without a store) so that a store that is off or failing shows as
/// such rather than as missing series. `unanswered` counts this process's unanswered
/// questions (every transport).
pub fn render_store(
    out: &mut String,
    stats: &versus_store::StoreStats,
    unanswered: u64,
    state: StoreState,
) {
    header(
        out,
        "versus_store_up",
        "gauge",
        "1 while the store is open and its last write succeeded; 0 when failing or off.",
    );
    let _ = writeln!(out, "versus_store_up {}", u8::from(state == StoreState::Up));
    header(
        out,
        "versus_feedback_total",
        "counter",
        "New 👍 / 👎 votes recorded by this process (repeat clicks not counted).",
    );
    let _ = writeln!(
        out,
        "versus_feedback_total{{vote=\"helpful\"}} {}",
        stats.helpful_votes
    );
    let _ = writeln!(
        out,
        "versus_feedback_total{{vote=\"not_helpful\"}} {}",
        stats.not_helpful_votes
    );
    let plain = [
        (
            "versus_unanswered_total",
            "Questions versus could not answer.",
            unanswered,
        ),
        (
            "versus_store_recorded_total",
            "Questions committed to the question log.",
            stats.recorded,
        ),
        (
            "versus_store_dropped_total",
            "Questions not logged because the store's queue was full.",
            stats.dropped,
        ),
        (
            "versus_store_pruned_total",
            "Oldest questions deleted to keep the log under [store] max_rows.",
            stats.pruned,
        ),
        (
            "versus_store_write_failures_total",
            "Questions lost because their batch failed to write.",
            stats.write_failures,
        ),
        (
            "versus_store_cooldown_failures_total",
            "Shared cooldown checks that failed or timed out (question let through).",
            stats.cooldown_failures,
        ),
    ];
    for (name, help, value) in plain {
        header(out, name, "counter", help);
        let _ = writeln!(out, "{name} {value}");
    }
}

impl Observer for Metrics {
    fn answer(&self, answer: &Answer, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        let bucket = LATENCY_BUCKETS
            .iter()
            .position(|&b| secs <= b)
            .unwrap_or(LATENCY_BUCKETS.len());
        self.latency_buckets[bucket].fetch_add(1, Relaxed);
        self.latency_sum_nanos.fetch_add(nanos(elapsed), Relaxed);
        self.latency_count.fetch_add(1, Relaxed);
        self.answered[usize::from(!answer.answered)].fetch_add(1, Relaxed);
        self.verdicts[VerdictLabel::of(answer.verdict).slot()].fetch_add(1, Relaxed);
    }

    fn reindex(&self, result: &Result<ReindexReport, ReindexError>, elapsed: Duration) {
        let outcome = ReindexOutcome::of(result);
        self.reindex[outcome as usize].fetch_add(1, Relaxed);
        if outcome != ReindexOutcome::Busy {
            self.reindex_nanos.fetch_add(nanos(elapsed), Relaxed);
            self.reindex_timed.fetch_add(1, Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_series_are_rendered() {
        let stats = versus_store::StoreStats {
            helpful_votes: 2,
            not_helpful_votes: 1,
            write_failures: 4,
            dropped: 5,
            ..Default::default()
        };
        let mut out = String::new();
        render_store(&mut out, &stats, 3, StoreState::Failing);
        for line in [
            "versus_store_up 0",
            "versus_feedback_total{vote=\"helpful\"} 2",
            "versus_feedback_total{vote=\"not_helpful\"} 1",
            "versus_unanswered_total 3",
            "versus_store_write_failures_total 4",
            "versus_store_dropped_total 5",
        ] {
            assert!(out.lines().any(|l| l == line), "{line} in\n{out}");
        }
        let mut up = String::new();
        render_store(&mut up, &stats, 3, StoreState::Up);
        assert!(up.lines().any(|l| l == "versus_store_up 1"), "{up}");
    }

    #[test]
    fn requests_are_counted_by_route_and_status() {
        let m = Metrics::default();
        m.request(route_index(Some("/api/ask")), 200);
        m.request(route_index(Some("/api/ask")), 200);
        m.request(route_index(Some("/wp-login.php")), 404);
        m.request(route_index(None), 999);
        let text = m.render(Some(3));
        assert!(text.contains("versus_http_requests_total{route=\"/api/ask\",status=\"200\"} 2\n"));
        assert!(text.contains("versus_http_requests_total{route=\"other\",status=\"404\"} 1\n"));
        assert!(text.contains("versus_http_requests_total{route=\"other\",status=\"599\"} 1\n"));
        assert!(text.contains("versus_index_generation 3\n"));
        assert!(text.contains("versus_ready 1\n"));
        assert!(!m.render(None).contains("versus_index_generation"));
    }

    #[test]
    fn reindex_outcomes_and_failures_are_counted() {
        let m = Metrics::default();
        m.reindex(&Err(ReindexError::Busy), Duration::from_millis(1));
        m.reindex(
            &Err(ReindexError::Index(IndexError::Invalid(Vec::new()))),
            Duration::from_millis(500),
        );
        let text = m.render(None);
        assert!(text.contains("versus_reindex_total{outcome=\"busy\"} 1\n"));
        assert!(text.contains("versus_reindex_total{outcome=\"invalid\"} 1\n"));
        assert!(text.contains("versus_reindex_failures_total 1\n"));
        assert!(text.contains("versus_reindex_duration_seconds_sum 0.5\n"));
        assert!(text.contains("versus_reindex_duration_seconds_count 1\n"));
    }

    #[test]
    fn every_line_is_a_comment_or_a_sample() {
        let text = Metrics::default().render(Some(1));
        for line in text.lines() {
            let ok = line.starts_with("# HELP ")
                || line.starts_with("# TYPE ")
                || line.rsplit_once(' ').is_some_and(|(name, v)| {
                    name.starts_with("versus_") && v.parse::<f64>().is_ok()
                });
            assert!(ok, "{line}");
        }
    }
}
