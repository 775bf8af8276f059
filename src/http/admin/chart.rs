//! Questions per day as an SVG bar chart drawn on the server: one bar a day (all questions),
//! its answered part drawn over it, the busiest day's count on the axis. No script, no library.

use maud::{html, Markup};
use versus_store::DayCount;

use super::dates::ymd;

/// The drawing's size in its own units; CSS scales it to the page's width.
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
/// Room on the left for the axis label and below for the dates.
const LEFT: f64 = 36.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 10.0;
/// Space between bars, as a share of a bar's slot.
const GAP_SHARE: f64 = 0.2;

/// The chart of `days` (oldest first).
pub fn questions_per_day(days: &[DayCount]) -> Markup {
    let busiest = days.iter().map(|d| d.asked).max().unwrap_or(0).max(1);
    let plot_w = WIDTH - LEFT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = plot_w / days.len().max(1) as f64;
    let bar_w = (slot * (1.0 - GAP_SHARE)).max(1.0);
    let height = |n: u64| n as f64 / busiest as f64 * plot_h;
    let base = HEIGHT - BOTTOM;
    let first = days.first().map(|d| ymd(d.day_unix)).unwrap_or_default();
    let last = days.last().map(|d| ymd(d.day_unix)).unwrap_or_default();
    html! {
        svg class="chart" viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img"
            aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg" {
            title id="chart-title" { "Questions per day, answered part darker" }
            line class="axis" x1=(LEFT) y1=(base) x2=(WIDTH) y2=(base) {}
            text class="label" x=(LEFT - 4.0) y=(TOP + 10.0) text-anchor="end" { (busiest) }
            text class="label" x=(LEFT - 4.0) y=(base) text-anchor="end" { "0" }
            @for (i, d) in days.iter().enumerate() {
                @let x = LEFT + i as f64 * slot + (slot - bar_w) / 2.0;
                g class="day" {
                    title { (ymd(d.day_unix)) ": " (d.asked) " asked, " (d.answered) " answered" }
                    rect class="bar asked" x=(fmt(x)) y=(fmt(base - height(d.asked)))
                        width=(fmt(bar_w)) height=(fmt(height(d.asked))) {}
                    rect class="bar answered" x=(fmt(x)) y=(fmt(base - height(d.answered)))
                        width=(fmt(bar_w)) height=(fmt(height(d.answered))) {}
                }
            }
            text class="label" x=(LEFT) y=(HEIGHT - 6.0) { (first) }
            text class="label" x=(WIDTH) y=(HEIGHT - 6.0) text-anchor="end" { (last) }
        }
    }
}

/// A coordinate with two decimals: exact enough on screen, short in the page.
fn fmt(v: f64) -> String {
    format!("{v:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64, asked: u64, answered: u64) -> DayCount {
        DayCount {
            day_unix: n * 86_400,
            asked,
            answered,
        }
    }

    #[test]
    fn one_bar_pair_a_day_scaled_to_the_busiest() {
        let svg = questions_per_day(&[day(20_000, 4, 2), day(20_001, 0, 0), day(20_002, 8, 8)])
            .into_string();
        assert_eq!(svg.matches("class=\"bar asked\"").count(), 3);
        assert_eq!(svg.matches("class=\"bar answered\"").count(), 3);
        let full = format!("height=\"{:.2}\"", HEIGHT - TOP - BOTTOM);
        assert_eq!(
            svg.matches(&full).count(),
            2,
            "the busiest day's bars fill the plot"
        );
        assert!(svg.contains("2024-10-04: 4 asked, 2 answered"), "{svg}");
        assert!(
            svg.contains(">8</text>"),
            "the axis shows the busiest count"
        );
    }

    #[test]
    fn no_days_or_no_questions_still_draw() {
        assert!(questions_per_day(&[]).into_string().starts_with("<svg"));
        let quiet = questions_per_day(&[day(1, 0, 0)]).into_string();
        assert!(quiet.contains("height=\"0.00\""));
    }
}
