//! Charts drawn as SVG by the app itself: rendered on the server, readable without JS,
//! scaled to the screen by their viewBox.

use crate::text;
use domain::analytics::{Flow, Journey, Step};
use domain::{Lang, LeadType, Objection, SaleType, Text, format_baht};
use leptos::prelude::*;

/// One labelled bar per row; bars share the scale of the largest value.
#[component]
pub fn BarList(rows: Vec<(String, i64, String)>, #[prop(optional)] empty: &'static str) -> impl IntoView {
    let max = rows.iter().map(|(_, v, _)| *v).max().unwrap_or(0).max(1);
    if rows.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <ul class="bars">
            {rows.into_iter().map(|(label, value, shown)| {
                let width = format!("{:.1}", 100.0 * value as f64 / max as f64);
                view! {
                    <li>
                        <span class="bar-label">{label}</span>
                        <span class="bar-value">{shown}</span>
                        <svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                            <rect x="0" y="0" width=width height="6" rx="1"></rect>
                        </svg>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Labels are drawn at this size, in viewBox units: a diagram is drawn at its natural
/// width (one unit a CSS pixel) where there is room, and never wider than its box, so its
/// text is as legible on a 360 px phone as on a laptop.
const FONT: f64 = 11.0;
/// One line of label text: a node never gets less room than its lines, so the labels of
/// small neighbours never overlap.
const LINE: f64 = 13.0;
const NODE: f64 = 10.0;
const GAP: f64 = 6.0;
/// Between a node and its label.
const LABEL_GAP: f64 = 4.0;
/// Between the widest label of a column and the next column: room to see the bands.
const BAND_ROOM: f64 = 22.0;

/// How wide `text` is drawn, generously: every label must end inside the diagram,
/// whatever the font the phone has (Thai marks that sit on a letter take no width).
fn text_width(text: &str) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}' => 0.0,
            ' ' | '.' | ',' | ':' | '·' | '(' | ')' | 'i' | 'l' | 'I' | '1' | '\'' => 0.4,
            'm' | 'w' | 'M' | 'W' | '%' | '฿' => 0.95,
            c if c as u32 >= 0x2190 => 1.25, // arrows, symbols and emoji
            _ => 0.7,
        })
        .sum();
    em * FONT
}

/// Where each column of a diagram stands, and how wide the whole is: each column
/// starts after the widest label of the one before it.
fn columns_x(labels: &[Vec<Vec<String>>]) -> (Vec<f64>, f64) {
    let widest = |column: &Vec<Vec<String>>| column.iter().flatten().map(|line| text_width(line)).fold(0.0, f64::max);
    let mut xs = Vec::new();
    let mut x = 1.0;
    for column in labels {
        xs.push(x);
        x += NODE + LABEL_GAP + widest(column) + BAND_ROOM;
    }
    (xs, (x - BAND_ROOM + 1.0).ceil())
}

fn percent(part: i64, whole: i64) -> String {
    if whole > 0 {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    } else {
        "–".into()
    }
}

/// The height a node's label needs.
fn label_room(lines: usize) -> f64 {
    lines as f64 * LINE + 4.0
}

/// A band from a slice of one node to a slice of another.
fn band(x0: f64, (a0, a1): (f64, f64), x1: f64, (b0, b1): (f64, f64)) -> String {
    let mid = (x0 + x1) / 2.0;
    format!(
        "M{x0:.1},{a0:.1} C{mid:.1},{a0:.1} {mid:.1},{b0:.1} {x1:.1},{b0:.1} L{x1:.1},{b1:.1} C{mid:.1},{b1:.1} {mid:.1},{a1:.1} {x0:.1},{a1:.1} Z"
    )
}

/// What a node says (its name, then its figures, one line each) and its colour class,
/// given its records and those of its whole column.
type Describe<'a> = &'a dyn Fn(&Step, i64, i64) -> (Vec<String>, &'static str);

/// Draws a [`Flow`]: node heights are proportional to records (one scale for the whole
/// diagram), each column starts level with the first node feeding it, and every band
/// takes its slice of the node it leaves and of the node it enters, in order.
fn flow_chart(flow: &Flow, class: &str, height: f64, aria: &str, describe: Describe) -> AnyView {
    let biggest = flow
        .columns
        .iter()
        .map(|c| c.iter().map(|(_, n)| n).sum::<i64>())
        .max()
        .unwrap_or(0);
    if biggest == 0 {
        return ().into_any();
    }
    let scale = height / biggest as f64;
    let labels: Vec<Vec<Vec<String>>> = flow
        .columns
        .iter()
        .map(|column| {
            let whole: i64 = column.iter().map(|(_, n)| n).sum();
            column.iter().map(|(step, n)| describe(step, *n, whole).0).collect()
        })
        .collect();
    let (columns_x, width) = columns_x(&labels);
    let thickness = |n: i64| n as f64 * scale;
    // (y, height) of every node, column by column.
    let mut placed: Vec<Vec<(f64, f64)>> = Vec::new();
    for (c, column) in flow.columns.iter().enumerate() {
        let mut y = flow
            .links
            .iter()
            .filter(|l| c > 0 && l.column + 1 == c)
            .map(|l| placed[c - 1][l.from].0)
            .fold(f64::INFINITY, f64::min);
        if !y.is_finite() {
            y = 0.0;
        }
        let whole: i64 = column.iter().map(|(_, n)| n).sum();
        let mut nodes = Vec::new();
        for (step, n) in column {
            let height = thickness(*n).max(1.5);
            let (lines, _) = describe(step, *n, whole);
            nodes.push((y, height));
            y += height.max(label_room(lines.len())) + GAP;
        }
        placed.push(nodes);
    }
    // Slices: leaving a node in the order of the targets, entering in the order of the sources.
    let mut out_cursor: Vec<Vec<f64>> = placed.iter().map(|c| c.iter().map(|(y, _)| *y).collect()).collect();
    let mut in_cursor = out_cursor.clone();
    let mut by_target = flow.links.clone();
    by_target.sort_by_key(|l| (l.column, l.to, l.from));
    let mut entering = std::collections::HashMap::new();
    for l in &by_target {
        let slot = &mut in_cursor[l.column + 1][l.to];
        entering.insert((l.column, l.from, l.to), *slot);
        *slot += thickness(l.records);
    }
    let mut by_source = flow.links.clone();
    by_source.sort_by_key(|l| (l.column, l.from, l.to));
    let bands: Vec<(&'static str, String)> = by_source
        .iter()
        .map(|l| {
            let from_y = out_cursor[l.column][l.from];
            out_cursor[l.column][l.from] += thickness(l.records);
            let to_y = entering[&(l.column, l.from, l.to)];
            let (step, n) = &flow.columns[l.column + 1][l.to];
            let (_, class) = describe(step, *n, 0);
            let (x0, x1) = (columns_x[l.column] + NODE, columns_x[l.column + 1]);
            let width = thickness(l.records);
            (class, band(x0, (from_y, from_y + width), x1, (to_y, to_y + width)))
        })
        .collect();
    let xs = &columns_x;
    let mut bottom: f64 = 0.0;
    let nodes: Vec<_> = flow
        .columns
        .iter()
        .zip(&placed)
        .enumerate()
        .flat_map(|(c, (column, places))| {
            let whole: i64 = column.iter().map(|(_, n)| n).sum();
            column.iter().zip(places).map(move |((step, n), (y, height))| {
                let (lines, class) = describe(step, *n, whole);
                (xs[c], *y, *height, lines, class)
            })
        })
        .inspect(|(_, y, height, lines, _)| bottom = bottom.max(y + height.max(label_room(lines.len()))))
        .collect();
    view! {
        <div class="chart">
            <svg class=format!("sankey {class}") viewBox=format!("0 0 {width} {:.0}", bottom + 4.0) width=width.to_string() role="img" aria-label=aria.to_string()>
                {bands.into_iter().map(|(class, d)| view! { <path class=format!("band {class}") d=d></path> }).collect_view()}
                {nodes.into_iter().map(|(x, y, height, lines, class)| {
                    let text_x = x + NODE + LABEL_GAP;
                    // The lines centred on the node, the first one (the name) plain.
                    let first = y + height / 2.0 - (lines.len() as f64 - 1.0) * LINE / 2.0 + FONT / 3.0;
                    view! {
                        <g class=format!("node {class}")>
                            <title>{lines.join(" · ")}</title>
                            <rect x=format!("{x:.1}") y=format!("{y:.1}") width=NODE.to_string() height=format!("{height:.1}")></rect>
                            {lines.into_iter().enumerate().map(|(i, line)| view! {
                                <text class=if i == 0 { "name" } else { "figure" } x=format!("{text_x:.1}") y=format!("{:.1}", first + i as f64 * LINE)>{line}</text>
                            }).collect_view()}
                        </g>
                    }
                }).collect_view()}
            </svg>
        </div>
    }
    .into_any()
}

/// The customer journey: All paused → Left | Engaged → outcomes (with revenue) → lead
/// channels, then No sale → the reasons given. Each figure is the count and its share
/// of the stage before.
#[component]
pub fn Sankey(journey: Journey, lang: Lang) -> impl IntoView {
    if journey.paused == 0 {
        return view! { <p class="empty">{text::NOTHING_YET.get(lang)}</p> }.into_any();
    }
    let revenue = |outcome: &Option<SaleType>| {
        journey
            .outcomes
            .iter()
            .find(|(o, _, _)| o == outcome)
            .map(|(_, _, r)| *r)
            .unwrap_or(0)
    };
    let describe = |step: &Step, n: i64, whole: i64| {
        let share = format!("{n} · {}", percent(n, whole));
        let (name, class) = match step {
            Step::Paused => return (vec![text::ALL_PAUSED.get(lang).to_string(), n.to_string()], "paused"),
            Step::Left => (text::LEFT.get(lang).to_string(), "left"),
            Step::Engaged => (text::ENGAGED.get(lang).to_string(), "engaged"),
            Step::Outcome(Some(sale)) if sale.is_sale() => {
                let money = format_baht(revenue(&Some(*sale)));
                return (vec![sale.label().get(lang).to_string(), share, money], "sale");
            }
            Step::Outcome(Some(sale)) => (sale.label().get(lang).to_string(), "no-sale"),
            Step::Outcome(None) => (text::NO_OUTCOME.get(lang).to_string(), "no-outcome"),
            Step::Lead(lead) if lead == LeadType::None.as_str() => {
                (super::facet(LeadType::FIELD, lead, lang), "no-lead")
            }
            Step::Lead(lead) => (super::facet(LeadType::FIELD, lead, lang), "lead"),
            Step::Reason(reason) => (super::facet(Objection::FIELD, reason, lang), "reason"),
        };
        (vec![name, share], class)
    };
    // Four columns of labels do not fit a phone side by side: the journey is drawn to the
    // outcomes, then from the outcomes on to the lead channels, then the reasons.
    let flow = journey.flow();
    let (path, leads, reasons) = (flow.window(0..3), flow.window(2..4), journey.reasons_flow());
    let part = |title: Text, class: &str, flow: &Flow, height: f64| {
        (flow.columns.len() > 1).then(|| {
            view! {
                <figure class="chart-part">
                    <figcaption class="chart-title">{title.get(lang)}</figcaption>
                    {flow_chart(flow, class, height, title.get(lang), &describe)}
                </figure>
            }
        })
    };
    view! {
        <div class="charts">
            {part(text::JOURNEY_PATH, "journey", &path, 200.0)}
            {part(text::JOURNEY_LEADS, "leads", &leads, 140.0)}
            {part(text::NO_SALE_REASONS, "reasons", &reasons, 120.0)}
        </div>
    }
    .into_any()
}
