//! Charts drawn as SVG by the app itself: rendered on the server, readable without JS,
//! scaled to the screen by their viewBox.

use crate::text;
use domain::analytics::{Flow, Journey, Step};
use domain::{Lang, LeadType, Objection, SaleType, format_baht};
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

/// Where a diagram's columns stand and how tall its largest column is drawn (viewBox
/// units; the stylesheet keeps each diagram between sizes at which its text is legible).
struct Geometry {
    columns_x: &'static [f64],
    width: f64,
    height: f64,
    /// CSS class: how wide the diagram may be drawn.
    class: &'static str,
}

/// The journey: four columns, each label to the right of its node.
const JOURNEY: Geometry = Geometry {
    columns_x: &[4.0, 116.0, 210.0, 300.0],
    width: 392.0,
    height: 220.0,
    class: "sankey journey",
};
/// No sale → reasons.
const REASONS: Geometry = Geometry {
    columns_x: &[4.0, 130.0],
    width: 250.0,
    height: 120.0,
    class: "sankey reasons",
};
const NODE: f64 = 10.0;
const GAP: f64 = 6.0;
/// One line of 9-unit text: a node never gets less room than its lines, so the labels of
/// small neighbours never overlap.
const LINE: f64 = 10.0;

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
fn flow_chart(flow: &Flow, geometry: &Geometry, aria: &str, describe: Describe) -> AnyView {
    let biggest = flow
        .columns
        .iter()
        .map(|c| c.iter().map(|(_, n)| n).sum::<i64>())
        .max()
        .unwrap_or(0);
    if biggest == 0 {
        return ().into_any();
    }
    let scale = geometry.height / biggest as f64;
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
            let (x0, x1) = (geometry.columns_x[l.column] + NODE, geometry.columns_x[l.column + 1]);
            let width = thickness(l.records);
            (class, band(x0, (from_y, from_y + width), x1, (to_y, to_y + width)))
        })
        .collect();
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
                (geometry.columns_x[c], *y, *height, lines, class)
            })
        })
        .inspect(|(_, y, height, lines, _)| bottom = bottom.max(y + height.max(label_room(lines.len()))))
        .collect();
    view! {
        <div class="chart">
            <svg class=geometry.class viewBox=format!("0 0 {} {:.0}", geometry.width, bottom + 4.0) role="img" aria-label=aria.to_string()>
                {bands.into_iter().map(|(class, d)| view! { <path class=format!("band {class}") d=d></path> }).collect_view()}
                {nodes.into_iter().map(|(x, y, height, lines, class)| {
                    let text_x = x + NODE + 3.0;
                    // The lines centred on the node, the first one (the name) plain.
                    let first = y + height / 2.0 - (lines.len() as f64 - 1.0) * LINE / 2.0 + 3.0;
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
    let reasons = journey.reasons_flow();
    view! {
        {flow_chart(&journey.flow(), &JOURNEY, text::JOURNEY.get(lang), &describe)}
        {(!reasons.columns.is_empty()).then(|| view! {
            <h3 class="chart-title">{text::NO_SALE_REASONS.get(lang)}</h3>
            {flow_chart(&reasons, &REASONS, text::NO_SALE_REASONS.get(lang), &describe)}
        })}
    }
    .into_any()
}
