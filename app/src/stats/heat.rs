//! The heat map of the Stats screen: local hours across, days down, each cell's number
//! written in it, coloured on one scale with a legend; opening hours outlined. Every
//! cell also has a title, and the whole map is a table for screen readers and print.

use crate::text;
use domain::insight::{Cell, HeatMap, Metric};
use domain::{Lang, Text};
use leptos::prelude::*;

const CELL_W: f64 = 21.0;
const CELL_H: f64 = 20.0;
/// Room for the day labels ("Sat 05") and the hour labels above.
const LEFT: f64 = 48.0;
const TOP: f64 = 16.0;

/// A coordinate as written in the SVG.
fn n(v: f64) -> String {
    format!("{v:.1}")
}

fn metric_name(metric: Metric) -> Text {
    match metric {
        Metric::Visitors => text::VISITORS,
        Metric::Conversations => text::CONVERSATIONS,
        Metric::Sales => text::SALES,
        Metric::Conversion => text::CONVERSION,
    }
}

fn shown(value: Option<f64>, metric: Metric) -> String {
    match (value, metric) {
        (None, _) => "–".into(),
        (Some(v), Metric::Conversion) => format!("{v:.0}%"),
        (Some(v), _) => format!("{v:.0}"),
    }
}

/// What one cell says in words: (when, what) — its table row; its title is both.
fn describe(cell: &Cell, lang: Lang, names: &[(String, String)]) -> (String, String) {
    let t = |x: Text| x.get(lang);
    let when = format!(
        "{} {:02}:00–{:02}:00",
        domain::period::day_label(cell.day, lang),
        cell.hour,
        cell.hour + 1
    );
    let sellers = cell
        .sellers
        .iter()
        .map(|id| {
            names
                .iter()
                .find(|(i, _)| i == id)
                .map_or_else(|| id.clone(), |(_, n)| n.clone())
        })
        .collect::<Vec<_>>()
        .join(", ");
    let figures = format!(
        "{} {} · {} {} · {} {} · {} {}",
        cell.visitors,
        t(text::VISITORS),
        cell.conversations,
        t(text::CONVERSATIONS),
        cell.sales,
        t(text::SALES),
        t(text::CONVERSION),
        shown(cell.value(Metric::Conversion), Metric::Conversion)
    );
    let what = if sellers.is_empty() {
        figures
    } else {
        format!("{figures} · {sellers}")
    };
    (when, what)
}

#[component]
pub fn HeatMapView(
    map: HeatMap,
    metric: Metric,
    lang: Lang,
    /// The Stats link without its `heat` choice: each switch adds its own.
    base_href: String,
    seller_names: Vec<(String, String)>,
) -> impl IntoView {
    let t = move |x: Text| x.get(lang);
    let (first_hour, last_hour) = map.hours;
    let columns = (last_hour - first_hour + 1) as f64;
    let width = LEFT + columns * CELL_W + 2.0;
    let height = TOP + map.days.len() as f64 * CELL_H + 2.0;
    let max = map.cells.iter().filter_map(|c| c.value(metric)).fold(0.0_f64, f64::max);
    // How strongly a value is coloured, 0–1.
    let strength = move |v: f64| if max > 0.0 { v / max } else { 0.0 };
    let x_of = move |hour: u32| LEFT + (hour - first_hour) as f64 * CELL_W;
    let tapped = RwSignal::new(None::<String>);
    let switches = Metric::ALL
        .into_iter()
        .map(|m| {
            let class = if m == metric { "tab current" } else { "tab" };
            view! { <a class=class href=format!("{base_href}&heat={}", m.key()) data-heat=m.key()>{metric_name(m).get(lang)}</a> }
        })
        .collect_view();
    let hour_labels = (first_hour..=last_hour)
        .map(|h| {
            view! { <text class="hour" x=n(x_of(h) + CELL_W / 2.0) y=n(TOP - 4.0) text-anchor="middle">{format!("{h:02}")}</text> }
        })
        .collect_view();
    let rows = map
        .days
        .iter()
        .enumerate()
        .map(|(row, day)| {
            let y = TOP + row as f64 * CELL_H;
            let cells = (first_hour..=last_hour)
                .filter_map(|hour| map.cell(*day, hour).map(|c| (hour, c)))
                .map(|(hour, cell)| {
                    let value = cell.value(metric);
                    let s = value.map_or(0.0, strength);
                    let (when, what) = describe(cell, lang, &seller_names);
                    let title = format!("{when}: {what}");
                    let x = x_of(hour);
                    let tone = if s > 0.55 { "on-dark" } else { "" };
                    // A phone shows no title: a tap writes it under the map.
                    let said = title.clone();
                    view! {
                        <g class="cell" data-day=day.to_string() data-hour=hour.to_string()
                            on:click=move |_| tapped.set(Some(said.clone()))>
                            <title>{title}</title>
                            <rect x=n(x + 1.0) y=n(y + 1.0) width=n(CELL_W - 2.0) height=n(CELL_H - 2.0) rx="3"
                                fill-opacity=format!("{:.2}", 0.08 + 0.92 * s)></rect>
                            <text x=n(x + CELL_W / 2.0) y=n(y + CELL_H / 2.0 + 4.0) text-anchor="middle"
                                class=tone>{shown(value, metric)}</text>
                        </g>
                    }
                })
                .collect_view();
            view! {
                <text class="day" x=n(LEFT - 4.0) y=n(y + CELL_H / 2.0 + 4.0) text-anchor="end">{domain::period::day_short(*day, lang)}</text>
                {cells}
            }
        })
        .collect_view();
    let outline = map.open_hours().map(|(open, close)| {
        let (open, close) = (open.max(first_hour), close.min(last_hour));
        view! {
            <rect class="open-hours" x=n(x_of(open)) y=n(TOP) width=n((close - open + 1) as f64 * CELL_W)
                height=n(map.days.len() as f64 * CELL_H)></rect>
        }
    });
    let legend_top = shown(Some(max), metric);
    // The map as a table: (when, what), each cell a row.
    let lines: Vec<(String, String)> = map
        .cells
        .iter()
        .map(|cell| describe(cell, lang, &seller_names))
        .collect();
    let table = move |testid: &'static str| {
        let lines = lines.clone();
        view! {
            <table class="heat-table" data-testid=testid>
                <thead><tr><th scope="col">{t(text::TIME)}</th><th scope="col">{t(text::HEAT_CELL)}</th></tr></thead>
                <tbody>{lines.into_iter().map(|(when, what)| view! { <tr><th scope="row">{when}</th><td>{what}</td></tr> }).collect_view()}</tbody>
            </table>
        }
    };
    view! {
        <nav class="tabs heat-switch" aria-label=t(text::HEAT_SHOWS)>{switches}</nav>
        <p class="sentence" data-testid="heat-sentence">{map.sentence(lang)}</p>
        <div class="heat-scroll">
            <svg class="heat" data-testid="heat-map" viewBox=format!("0 0 {} {}", n(width), n(height)) width=n(width)
                role="img" aria-label=format!("{} · {}", t(text::HEAT_MAP), metric_name(metric).get(lang))>
                {hour_labels}
                {rows}
                {outline}
            </svg>
        </div>
        {move || tapped.get().map(|said| view! { <p class="heat-tapped" role="status" data-testid="heat-tapped">{said}</p> })}
        <p class="heat-legend" aria-hidden="true">
            <span>"0"</span><span class="heat-gradient"></span><span>{legend_top}</span>
            {map.opening.map(|_| view! { <span class="open-key">{t(text::OPENING_HOURS_OUTLINED)}</span> })}
        </p>
        // Closed on screen (every cell also has its title); always on paper.
        <details class="heat-details">
            <summary>{t(text::SHOW_AS_TABLE)}</summary>
            {table("heat-table")}
        </details>
        <div class="print-only">{table("heat-table-print")}</div>
    }
}
