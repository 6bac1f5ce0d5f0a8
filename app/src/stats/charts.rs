//! Charts drawn as SVG by the app itself: rendered on the server, readable without JS,
//! scaled to the screen by their viewBox.

use domain::analytics::Journey;
use domain::{Lang, SaleType, format_baht};
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

const WIDTH: f64 = 360.0;
const NODE: f64 = 10.0;
const GAP: f64 = 8.0;
const SCALE_HEIGHT: f64 = 220.0;

fn percent(part: i64, whole: i64) -> String {
    if whole > 0 {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    } else {
        "–".into()
    }
}

/// A node: where it stands and what it says.
struct Node {
    x: f64,
    y: f64,
    height: f64,
    class: &'static str,
    lines: [String; 2],
}

/// A band from a slice of one node to a slice of another.
fn band(x0: f64, (a0, a1): (f64, f64), x1: f64, (b0, b1): (f64, f64)) -> String {
    let mid = (x0 + x1) / 2.0;
    format!(
        "M{x0:.1},{a0:.1} C{mid:.1},{a0:.1} {mid:.1},{b0:.1} {x1:.1},{b0:.1} L{x1:.1},{b1:.1} C{mid:.1},{b1:.1} {mid:.1},{a1:.1} {x0:.1},{a1:.1} Z"
    )
}

/// All paused → Left | Engaged → outcomes, with counts, shares of the stage before and
/// revenue. Node heights are proportional to counts, so the stages visibly add up.
#[component]
pub fn Sankey(journey: Journey, lang: Lang) -> impl IntoView {
    if journey.paused == 0 {
        return view! { <p class="empty">{crate::text::NOTHING_YET.get(lang)}</p> }.into_any();
    }
    let scale = SCALE_HEIGHT / journey.paused as f64;
    let h = |n: i64| (n as f64 * scale).max(if n > 0 { 1.5 } else { 0.0 });
    let (x0, x1, x2) = (4.0, 150.0, 250.0);
    let mut nodes = vec![Node {
        x: x0,
        y: 0.0,
        height: h(journey.paused),
        class: "paused",
        lines: [crate::text::ALL_PAUSED.get(lang).into(), journey.paused.to_string()],
    }];
    let mut bands = Vec::new();
    // Stage 2: left and engaged, stacked; bands leave the paused node in order.
    let (left_h, engaged_h) = (h(journey.left), h(journey.engaged));
    let engaged_y = left_h + GAP;
    nodes.push(Node {
        x: x1,
        y: 0.0,
        height: left_h,
        class: "left",
        lines: [
            crate::text::LEFT.get(lang).into(),
            format!("{} · {}", journey.left, percent(journey.left, journey.paused)),
        ],
    });
    nodes.push(Node {
        x: x1,
        y: engaged_y,
        height: engaged_h,
        class: "engaged",
        lines: [
            crate::text::ENGAGED.get(lang).into(),
            format!("{} · {}", journey.engaged, percent(journey.engaged, journey.paused)),
        ],
    });
    bands.push(("left", band(x0 + NODE, (0.0, left_h), x1, (0.0, left_h))));
    bands.push((
        "engaged",
        band(
            x0 + NODE,
            (left_h, left_h + engaged_h),
            x1,
            (engaged_y, engaged_y + engaged_h),
        ),
    ));
    // Stage 3: each outcome of the engaged.
    let (mut from_y, mut to_y) = (engaged_y, engaged_y);
    for (outcome, count, revenue) in journey.outcomes.iter().filter(|(_, n, _)| *n > 0) {
        let height = h(*count);
        let (name, class) = match outcome {
            Some(sale) => (
                sale.label().get(lang).to_string(),
                if sale.is_sale() { "sale" } else { "no-sale" },
            ),
            None => (crate::text::NO_OUTCOME.get(lang).to_string(), "no-outcome"),
        };
        let money = if outcome.is_some_and(SaleType::is_sale) {
            format!(" · {}", format_baht(*revenue))
        } else {
            String::new()
        };
        nodes.push(Node {
            x: x2,
            y: to_y,
            height,
            class,
            lines: [name, format!("{count} · {}{money}", percent(*count, journey.engaged))],
        });
        bands.push((
            class,
            band(x1 + NODE, (from_y, from_y + height), x2, (to_y, to_y + height)),
        ));
        from_y += height;
        to_y += height + GAP / 2.0;
    }
    let bottom = nodes.iter().map(|n| n.y + n.height).fold(SCALE_HEIGHT, f64::max) + 24.0;
    view! {
        <svg class="sankey" viewBox=format!("0 0 {WIDTH} {bottom:.0}") role="img" aria-label=crate::text::JOURNEY.get(lang)>
            {bands.into_iter().map(|(class, d)| view! { <path class=format!("band {class}") d=d></path> }).collect_view()}
            {nodes.into_iter().map(|n| {
                let text_x = n.x + NODE + 3.0;
                let mid = n.y + n.height / 2.0;
                view! {
                    <g class=format!("node {}", n.class)>
                        <rect x=format!("{:.1}", n.x) y=format!("{:.1}", n.y) width=NODE.to_string() height=format!("{:.1}", n.height.max(1.0))></rect>
                        <text x=format!("{text_x:.1}") y=format!("{:.1}", mid - 1.0)>{n.lines[0].clone()}</text>
                        <text class="figure" x=format!("{text_x:.1}") y=format!("{:.1}", mid + 10.0)>{n.lines[1].clone()}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
    .into_any()
}
