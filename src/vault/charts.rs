//! The SVG of `vault stats --svg`: four horizontal bar charts, one under the other, sized to
//! go into an A4 report.
//!
//! Categories sit on the y axis, so long labels never collide, and each chart is as tall as
//! its categories need. The layout is computed first ([`layout`]) and drawn from the same
//! numbers, so the tests check what is drawn. SVG text is rendered by the viewer's fonts: label
//! widths are estimated generously and labels past the bound are shortened with an ellipsis
//! ([`super::chart_labels::fit`]). Labels are localised in [`super::chart_labels`].

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart_labels::{self as labels, fit, text_width};
use super::stats::Stats;
use crate::locale::Tr;

/// Page width in px: A4's 210 mm at 96 dpi is 794 px.
pub const WIDTH: i32 = 800;
const MARGIN: i32 = 24;
const TITLE_H: i32 = 40;
/// A row is taller than a label (13 px) so that labels of neighbouring rows never touch.
const ROW_H: i32 = 26;
const BAR_H: i32 = 18;
const AXIS_H: i32 = 48;
const EMPTY_H: i32 = 36;
const GAP: i32 = 24;
const LABEL_PAD: i32 = 8;
/// Room after the longest bar for its count.
const COUNT_W: i32 = 56;
/// The label column grows with the longest label up to this bound; longer labels are cut.
pub const LABEL_MAX: i32 = 340;
const LABEL_MIN: i32 = 60;
/// Font sizes in px as rendered.
pub const LABEL_PX: f64 = 13.0;
const TITLE_PX: f64 = 17.0;
const TICK_PX: f64 = 11.0;
const BAR: RGBColor = RGBColor(11, 83, 148);
const GRID: RGBColor = RGBColor(221, 221, 221);
const MUTED: RGBColor = RGBColor(96, 96, 96);
/// Fonts the viewer may use: a generic family, so that CJK falls back to a font that has it.
const FAMILY: &str = "sans-serif";

/// A box in px.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left.
    pub x0: i32,
    /// Top.
    pub y0: i32,
    /// Right.
    pub x1: i32,
    /// Bottom.
    pub y1: i32,
}

impl Rect {
    /// Whether the two boxes share any area.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// One category: its label, its bar and its count, where they are drawn.
#[derive(Debug)]
pub struct Row {
    /// The label as drawn (localised, escaped, maybe shortened).
    pub label: String,
    /// Where the label is estimated to be.
    pub label_box: Rect,
    /// The bar (zero width for a count of 0).
    pub bar: Rect,
    /// The count.
    pub count: usize,
    /// Where the count is estimated to be.
    pub count_box: Rect,
}

/// One chart, laid out.
#[derive(Debug)]
pub struct Chart {
    /// Title.
    pub title: String,
    /// Top edge on the page.
    pub top: i32,
    /// Height on the page.
    pub height: i32,
    /// One row per category, top to bottom.
    pub rows: Vec<Row>,
    /// Where the bars start and where a bar of the axis maximum ends.
    pub bars: (i32, i32),
    /// Integer ticks: x position and value.
    pub ticks: Vec<(i32, usize)>,
}

/// An integer tick step giving at most 5 steps up to `max`, and the axis maximum.
fn ticks(max: usize) -> (usize, usize) {
    let mut power = 1;
    loop {
        for m in [1, 2, 5] {
            let step = power * m;
            if max.div_ceil(step) <= 5 {
                return (step, max.div_ceil(step).max(1) * step);
            }
        }
        power *= 10;
    }
}

/// Lays out one chart of `entries` (labels already localised and escaped) from `top`.
pub fn layout(title: String, entries: &[(String, usize)], top: i32) -> Chart {
    let labels: Vec<String> = entries.iter().map(|(l, _)| fit(l, LABEL_MAX, LABEL_PX)).collect();
    let widest = labels.iter().map(|l| text_width(l, LABEL_PX)).max().unwrap_or(0);
    let label_right = MARGIN + widest.clamp(LABEL_MIN, LABEL_MAX);
    let bars = (label_right + LABEL_PAD, WIDTH - MARGIN - COUNT_W);
    let max = entries.iter().map(|(_, n)| *n).max().unwrap_or(0);
    if max == 0 {
        // Nothing to compare: a calm sentence, not a chart of empty or zero bars.
        return Chart { title, top, height: TITLE_H + EMPTY_H, rows: vec![], bars, ticks: vec![] };
    }
    let (step, axis_max) = ticks(max);
    let x = |v: usize| bars.0 + ((bars.1 - bars.0) as f64 * v as f64 / axis_max as f64).round() as i32;
    let half_label = (LABEL_PX / 2.0).ceil() as i32;
    let rows = labels
        .into_iter()
        .zip(entries)
        .enumerate()
        .map(|(i, (label, (_, count)))| {
            let y = top + TITLE_H + i as i32 * ROW_H;
            let mid = y + ROW_H / 2;
            let bar = Rect { x0: bars.0, y0: mid - BAR_H / 2, x1: x(*count), y1: mid + BAR_H / 2 };
            let w = text_width(&label, LABEL_PX);
            let label_box =
                Rect { x0: label_right - w, y0: mid - half_label, x1: label_right, y1: mid + half_label };
            let cw = text_width(&count.to_string(), LABEL_PX);
            let count_box =
                Rect { x0: bar.x1 + 6, y0: mid - half_label, x1: bar.x1 + 6 + cw, y1: mid + half_label };
            Row { label, label_box, bar, count: *count, count_box }
        })
        .collect::<Vec<_>>();
    let ticks = (0..=axis_max / step).map(|k| (x(k * step), k * step)).collect();
    let height = TITLE_H + rows.len() as i32 * ROW_H + AXIS_H;
    Chart { title, top, height, rows, bars, ticks }
}

/// A text style at `px` as rendered (plotters' SVG backend writes `size / 1.24` as the
/// font size, so the size is scaled up by that much).
fn font(px: f64, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FAMILY, px * 1.24).into_font().color(color).pos(Pos::new(h, v))
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

fn draw(area: &Area<'_>, c: &Chart, tr: Tr) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<_>| e.to_string();
    let title = (FAMILY, TITLE_PX * 1.24).into_font().style(FontStyle::Bold).color(&BLACK);
    area.draw(&Text::new(c.title.clone(), (MARGIN, c.top + 8), title)).map_err(e)?;
    if c.rows.is_empty() {
        let style = font(LABEL_PX, &MUTED, HPos::Left, VPos::Top);
        return area.draw(&Text::new(tr.t("chart-no-cases"), (MARGIN, c.top + TITLE_H), style)).map_err(e);
    }
    let (plot_top, axis_y) = (c.top + TITLE_H, c.top + TITLE_H + c.rows.len() as i32 * ROW_H);
    for (x, v) in &c.ticks {
        area.draw(&PathElement::new(vec![(*x, plot_top), (*x, axis_y + 4)], GRID)).map_err(e)?;
        let style = font(TICK_PX, &MUTED, HPos::Center, VPos::Top);
        area.draw(&Text::new(v.to_string(), (*x, axis_y + 8), style)).map_err(e)?;
    }
    for r in &c.rows {
        let mid = (r.bar.y0 + r.bar.y1) / 2;
        let label = font(LABEL_PX, &BLACK, HPos::Right, VPos::Center);
        area.draw(&Text::new(r.label.clone(), (r.label_box.x1, mid), label)).map_err(e)?;
        if r.count > 0 {
            let bar = Rectangle::new([(r.bar.x0, r.bar.y0), (r.bar.x1, r.bar.y1)], BAR.filled());
            area.draw(&bar).map_err(e)?;
        }
        let count = font(LABEL_PX, &BLACK, HPos::Left, VPos::Center);
        area.draw(&Text::new(r.count.to_string(), (r.count_box.x0, mid), count)).map_err(e)?;
    }
    area.draw(&PathElement::new(vec![(c.bars.0, plot_top), (c.bars.0, axis_y)], BLACK)).map_err(e)?;
    area.draw(&PathElement::new(vec![(c.bars.0, axis_y), (c.bars.1, axis_y)], BLACK)).map_err(e)?;
    let desc = font(TICK_PX, &MUTED, HPos::Center, VPos::Top);
    let centre = (c.bars.0 + c.bars.1) / 2;
    area.draw(&Text::new(tr.t("chart-axis-cases"), (centre, axis_y + 26), desc)).map_err(e)?;
    Ok(())
}

/// The four charts, laid out one under the other.
pub fn charts(s: &Stats, tr: Tr) -> Vec<Chart> {
    let mut top = MARGIN;
    let mut out = vec![];
    for (key, entries) in labels::entries(s, tr) {
        let c = layout(tr.t(key), &entries, top);
        top += c.height + GAP;
        out.push(c);
    }
    out
}

/// The SVG document, in the language of `tr`.
pub fn svg(s: &Stats, tr: Tr) -> Result<String, String> {
    let charts = charts(s, tr);
    let height = charts.last().map_or(MARGIN, |c| c.top + c.height) + MARGIN;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH as u32, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        for c in &charts {
            draw(&root, c, tr)?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn map(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
        pairs.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
    }

    fn sample() -> Stats {
        Stats {
            cases: 6,
            by_country: map(&[("NL", 3), ("IT", 1), ("TW", 2)]),
            by_incident: map(&[
                ("family_threats", 4),
                ("police_station", 2),
                ("local_police_cooperation", 1),
            ]),
            by_month: map(&[("2026-10", 2), ("2026-11", 4)]),
            by_status: map(&[("new", 5), ("closed", 1)]),
            by_question: BTreeMap::new(),
        }
    }

    /// The text of the SVG `<text>` element anchored at (x, y).
    fn text_at(svg: &str, x: i32, y: i32) -> Option<String> {
        let start = svg.find(&format!("<text x=\"{x}\" y=\"{y}\""))?;
        let body = &svg[start..];
        let open = body.find('>')? + 1;
        let text = body[open..body.find("</text>")?].trim();
        let xml = [("&quot;", "\""), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")];
        Some(xml.iter().fold(text.to_owned(), |t, (e, c)| t.replace(e, c)))
    }

    const BAR_FILL: &str = "fill=\"#0B5394\"";

    #[test]
    fn one_bar_per_category_and_no_empty_slot() {
        let s = sample();
        let charts = charts(&s, Tr::default());
        let sizes: Vec<usize> = charts.iter().map(|c| c.rows.len()).collect();
        assert_eq!(sizes, [s.by_country.len(), s.by_incident.len(), s.by_month.len(), s.by_status.len()]);
        let svg = svg(&s, Tr::default()).unwrap();
        assert_eq!(svg.matches(BAR_FILL).count(), sizes.iter().sum::<usize>());
        for c in &charts {
            // The last row ends where the axis is: no trailing slot.
            let last = c.rows.last().unwrap();
            assert_eq!(c.top + TITLE_H + c.rows.len() as i32 * ROW_H, last.bar.y1 + (ROW_H - BAR_H) / 2);
            assert_eq!(c.height, TITLE_H + c.rows.len() as i32 * ROW_H + AXIS_H, "grows with categories");
            let longest = c.rows.iter().max_by_key(|r| r.count).unwrap();
            assert_eq!(longest.bar.x1, *c.ticks.iter().map(|(x, _)| x).max().unwrap().min(&c.bars.1));
        }
        // Largest first; counts printed at the end of each bar.
        assert_eq!(charts[0].rows[0].label, "Netherlands");
        for r in charts.iter().flat_map(|c| &c.rows) {
            let mid = (r.bar.y0 + r.bar.y1) / 2;
            assert_eq!(text_at(&svg, r.count_box.x0, mid), Some(r.count.to_string()), "count after its bar");
            assert_eq!(text_at(&svg, r.label_box.x1, mid), Some(r.label.clone()), "label before its bar");
        }
        assert!(svg.contains("Threats against family in China") && svg.contains("Cases per country"));
    }

    #[test]
    fn integer_ticks() {
        let c = layout("t".into(), &[("a".into(), 7), ("b".into(), 1)], 0);
        let values: Vec<usize> = c.ticks.iter().map(|(_, v)| *v).collect();
        assert_eq!(values, [0, 2, 4, 6, 8]);
        let c = layout("t".into(), &[("a".into(), 1)], 0);
        assert_eq!(c.ticks.iter().map(|(_, v)| *v).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(c.rows[0].bar.x1, c.bars.1, "the largest count fills the axis");
        assert_eq!(ticks(1234), (500, 1500));
    }

    #[test]
    fn chinese_words_not_ids() {
        let svg = svg(&sample(), Tr::for_tag("zh-Hans").unwrap()).unwrap();
        for words in
            ["按国家或地区统计的案件数", "在中国的家人受到威胁", "荷兰", "2026年11月", "新案件", "案件数"]
        {
            assert!(svg.contains(words), "{words}");
        }
        for id in ["family_threats", "police_station", "local_police_cooperation", "Cases per", "closed"] {
            assert!(!svg.contains(id), "{id}");
        }
        let hant = super::svg(&sample(), Tr::for_tag("zh-Hant").unwrap()).unwrap();
        assert!(hant.contains("按國家或地區統計的案件數") && hant.contains("在中國的家人受到威脅"));
    }

    #[test]
    fn labels_of_any_length_never_overlap() {
        let long = "x".repeat(300);
        let entries: Vec<(String, usize)> = [
            "NL".to_owned(),
            "Local police or officials cooperating with them".to_owned(),
            "当地警察或官员与他们合作当地警察或官员与他们合作当地警察或官员与他们合作".to_owned(),
            long.clone(),
            "W".repeat(80),
        ]
        .into_iter()
        .zip([1, 12345, 3, 40, 0])
        .collect();
        let c = layout("t".into(), &entries, 100);
        assert_eq!(c.rows.len(), entries.len());
        for (i, r) in c.rows.iter().enumerate() {
            assert!(r.label_box.x0 >= MARGIN, "{}: starts inside the page", r.label);
            assert!(r.label_box.x1 < c.bars.0, "{}: ends before the bars", r.label);
            assert!(r.label_box.x1 - r.label_box.x0 <= LABEL_MAX, "{}: bounded", r.label);
            assert!(r.count_box.x1 <= WIDTH - MARGIN, "count {} fits", r.count);
            assert!(!r.label_box.overlaps(&r.bar) && !r.count_box.overlaps(&r.bar));
            for o in c.rows.iter().skip(i + 1) {
                for (a, b) in
                    [(r.label_box, o.label_box), (r.bar, o.bar), (r.label_box, o.bar), (r.bar, o.label_box)]
                {
                    assert!(!a.overlaps(&b), "{} and {}", r.label, o.label);
                }
            }
        }
        let cut: Vec<&Row> = c.rows.iter().filter(|r| r.label.ends_with('…')).collect();
        assert_eq!(cut.len(), 3, "the CJK, the 300 x and the 80 W are shortened: {:?}", c.rows);
        assert!(c.rows[1].label == entries[1].0, "an English incident label fits whole");
        assert!(cut.iter().all(|r| text_width(&r.label, LABEL_PX) <= LABEL_MAX));
    }

    #[test]
    fn no_cases_is_a_sentence_not_a_broken_chart() {
        let s = Stats { by_status: map(&[("new", 0), ("closed", 0)]), ..Stats::default() };
        let svg = svg(&s, Tr::default()).unwrap();
        assert_eq!(svg.matches("No cases").count(), 4);
        assert_eq!(svg.matches(BAR_FILL).count(), 0);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        let zh = super::svg(&s, Tr::for_tag("zh-Hant").unwrap()).unwrap();
        assert_eq!(zh.matches("暫無案件").count(), 4);
    }

    #[test]
    fn outside_labels_are_escaped_for_xml_and_defused() {
        let mut s = sample();
        s.by_country = map(&[("<svg onload=x>&", 1), ("A\u{202e}B\u{1b}", 2)]);
        s.by_month = map(&[("2026-11\"/><script>", 1)]);
        let svg = svg(&s, Tr::default()).unwrap();
        assert!(svg.contains("&lt;svg onload=x&gt;&amp;"), "{svg}");
        assert!(!svg.contains("<svg onload") && !svg.contains("<script"));
        assert!(svg.contains("A\\u{202e}B\\u{001b}"));
        assert!(svg.chars().all(|c| !crate::text::is_unsafe_for_display(c) || c == '\n'));
    }
}
