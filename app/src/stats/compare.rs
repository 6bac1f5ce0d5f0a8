//! Compare events (`/stats/compare`): 2–6 markets side by side — a table of every
//! figure, small bars to compare at a glance, and the four questions per event with
//! whether each difference between two events is clear.

use super::api::{CompareChoice, CompareData, compare_events};
use super::charts::BarList;
use super::pct;
use crate::components::Loaded;
use crate::error::AppError;
use crate::text;
use domain::analytics::Share;
use domain::insight::{Market, Question, pair_sentence, signed_baht};
use domain::{Lang, SaleType, Text, format_baht};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ComparePage() -> impl IntoView {
    let query = use_query_map();
    let choice = move || {
        query.with(|q| CompareChoice {
            events: q.get_all("event").unwrap_or_default(),
            archived: q.get("archived").is_some_and(|v| !v.is_empty() && v != "0"),
        })
    };
    let data = Resource::new(
        move || (choice(), crate::live::live_version()),
        |(choice, _)| async move {
            match compare_events(choice.clone()).await {
                Ok(data) => Ok((data, None)),
                // Refused: why, above the list to pick again from.
                Err(problem) => {
                    let picker = compare_events(CompareChoice {
                        events: Vec::new(),
                        archived: choice.archived,
                    })
                    .await?;
                    Ok((picker, Some(problem)))
                }
            }
        },
    );
    view! {
        <Loaded data render=move |(data, problem): (CompareData, Option<AppError>)| view! { <Compare data problem/> }/>
    }
}

/// A figure of every market, as shown in the table.
type Row = (Text, Vec<String>);

fn times(x: f64) -> String {
    format!("{x:.1}×")
}

fn share_cell(share: Share) -> String {
    format!("{} ({}/{})", pct(share), share.count, share.of)
}

fn table_rows(markets: &[Market], lang: Lang) -> Vec<Row> {
    let each = |f: &dyn Fn(&Market) -> String| markets.iter().map(f).collect::<Vec<_>>();
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "–".into());
    vec![
        (text::DAYS_OPEN, each(&|m| m.days_open.to_string())),
        (text::VISITORS, each(&|m| m.stats.visitors.to_string())),
        (
            text::VISITORS_PER_HOUR,
            each(&|m| or_dash(m.visitors_per_open_hour().map(|v| format!("{v:.1}")))),
        ),
        (text::CONVERSATION_RATE, each(&|m| share_cell(m.conversation_rate()))),
        (text::SALES, each(&|m| m.stats.sales.to_string())),
        (text::TALK_TO_SALE, each(&|m| share_cell(m.talk_to_sale()))),
        (text::PAUSE_TO_SALE, each(&|m| share_cell(m.pause_to_sale()))),
        (text::REVENUE, each(&|m| format_baht(m.stats.revenue))),
        (
            text::REVENUE_PER_VISITOR,
            each(&|m| or_dash(m.revenue_per_visitor().map(|v| format_baht(v.round() as i64)))),
        ),
        (text::BOXES, each(&|m| m.stats.boxes.to_string())),
        (
            text::AVERAGE_SALE,
            each(&|m| or_dash(m.average_sale().map(format_baht))),
        ),
        (
            text::PRODUCT_MIX_SHORT,
            each(&|m| {
                let sold: Vec<String> = m
                    .stats
                    .product_mix
                    .iter()
                    .filter(|(_, n, _)| *n > 0)
                    .map(|(sale, n, _)| format!("{} {n}", sale_name(*sale, lang)))
                    .collect();
                or_dash((!sold.is_empty()).then(|| sold.join(" · ")))
            }),
        ),
        (
            text::LEADS_PER_CONVERSATION,
            each(&|m| share_cell(m.leads_per_conversation())),
        ),
        (text::COSTS, each(&|m| or_dash(m.costs().map(format_baht)))),
        (
            text::FEE_MULTIPLE,
            each(&|m| {
                or_dash(
                    m.fee_multiple()
                        .map(|x| format!("{} {}", times(x), text::THE_FEE.get(lang))),
                )
            }),
        ),
        (
            text::COST_PER_LEAD,
            each(&|m| or_dash(m.cost_per_lead().map(|v| format_baht(v.round() as i64)))),
        ),
        (text::NET, each(&|m| or_dash(m.net().map(signed_baht)))),
    ]
}

fn sale_name(sale: SaleType, lang: Lang) -> String {
    format!("{} {}", sale.emoji(), sale.label().get(lang))
}

/// The figures drawn as bars, one small chart each: (title, value to draw, as shown).
/// Values are drawn in tenths so rates keep their differences; losses draw no bar.
/// A bar chart's rows: (label, value drawn, as shown).
type Bars = Vec<(String, i64, String)>;

fn glance(markets: &[(String, Market)]) -> Vec<(Text, Bars)> {
    type Figure = fn(&Market) -> Option<(f64, String)>;
    let figures: [(Text, Figure); 6] = [
        (text::VISITORS_PER_HOUR, |m| {
            m.visitors_per_open_hour().map(|v| (v, format!("{v:.1}")))
        }),
        (text::CONVERSATION_RATE, |m| {
            m.conversation_rate().percent().map(|p| (p, format!("{p:.0}%")))
        }),
        (text::TALK_TO_SALE, |m| {
            m.talk_to_sale().percent().map(|p| (p, format!("{p:.0}%")))
        }),
        (text::REVENUE_PER_VISITOR, |m| {
            m.revenue_per_visitor().map(|v| (v, format_baht(v.round() as i64)))
        }),
        (text::FEE_MULTIPLE, |m| m.fee_multiple().map(|x| (x, times(x)))),
        (text::NET, |m| m.net().map(|v| (v as f64, signed_baht(v)))),
    ];
    figures
        .into_iter()
        .filter_map(|(title, figure)| {
            let rows: Vec<_> = markets
                .iter()
                .map(|(name, m)| match figure(m) {
                    Some((value, shown)) => (name.clone(), (10.0 * value.max(0.0)).round() as i64, shown),
                    None => (name.clone(), 0, "–".into()),
                })
                .collect();
            rows.iter().any(|(_, _, shown)| shown != "–").then_some((title, rows))
        })
        .collect()
}

#[component]
fn Compare(data: CompareData, problem: Option<AppError>) -> impl IntoView {
    let lang = data.lang;
    let t = move |x: Text| x.get(lang);
    let picked = data.choice.events.clone();
    let names: Vec<String> = data.markets.iter().map(|(e, _)| e.name.clone()).collect();
    let markets: Vec<Market> = data.markets.iter().map(|(_, m)| m.clone()).collect();
    let named: Vec<(String, Market)> = names.iter().cloned().zip(markets.iter().cloned()).collect();
    let compared = !markets.is_empty();
    let picker = data
        .events
        .iter()
        .map(|e| {
            let checked = picked.contains(&e.id);
            view! {
                <label class="filter-check">
                    <input type="checkbox" name="event" value=e.id.clone() checked=checked/>
                    <span>{e.name.clone()}</span>
                </label>
            }
        })
        .collect_view();
    let body = compared.then(|| {
        let rows = table_rows(&markets, lang);
        let head = names.clone();
        let questions = Question::ALL.into_iter().zip(text::HYPOTHESES).map(|(question, title)| {
            let shares: Vec<(String, Share)> = named.iter().map(|(n, m)| (n.clone(), question.share(&m.hypotheses))).collect();
            let mut pairs = Vec::new();
            for (i, a) in shares.iter().enumerate() {
                for b in &shares[i + 1..] {
                    pairs.push(pair_sentence(question, (&a.0, a.1), (&b.0, b.1), lang));
                }
            }
            view! {
                <article class="hypothesis">
                    <h3>{title.get(lang)}</h3>
                    <ul class="shares">
                        {shares.into_iter().map(|(name, share)| {
                            let interval = share.wilson95().map(|(lo, hi)| format!(" · {} {lo:.0}–{hi:.0}%", t(text::INTERVAL))).unwrap_or_default();
                            view! { <li><strong>{name}</strong>{format!(": {}{interval}", share_cell(share))}</li> }
                        }).collect_view()}
                    </ul>
                    <ul class="pairs" data-testid="pairs">
                        {pairs.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                </article>
            }
        }).collect_view();
        view! {
            <section class="panel">
                <h2>{t(text::SIDE_BY_SIDE)}</h2>
                <div class="table-scroll">
                    <table class="compare-table" data-testid="compare-table">
                        <thead><tr><th scope="col"></th>{head.into_iter().map(|n| view! { <th scope="col">{n}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(label, cells)| view! {
                                <tr><th scope="row">{label.get(lang)}</th>{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            <section class="panel">
                <h2>{t(text::AT_A_GLANCE)}</h2>
                <div class="multiples" data-testid="multiples">
                    {glance(&named).into_iter().map(|(title, rows)| view! {
                        <figure class="multiple"><figcaption>{title.get(lang)}</figcaption><BarList rows/></figure>
                    }).collect_view()}
                </div>
            </section>
            <section class="panel report" data-testid="compare-report">
                <h2>{t(text::REPORT)}</h2>
                {questions}
            </section>
        }
    });
    view! {
        <main class="page stats-page compare-page" lang=lang.code()>
            <header class="page-header">
                <a class="back" href="/stats" aria-label=t(text::BACK)>"←"</a>
                <h1>{t(text::COMPARE_EVENTS)}</h1>
            </header>
            {problem.map(|e| view! { <p class="error-banner" role="alert" data-testid="compare-problem">{e.message(lang)}</p> })}
            <details class="panel picker" open=!compared>
                <summary>{t(text::PICK_EVENTS)}</summary>
                <form method="get" action="/stats/compare" class="compare-form" data-testid="compare-form">
                    <div class="event-checks">{picker}</div>
                    <label class="filter-check">
                        <input type="checkbox" name="archived" value="1" checked=data.choice.archived/>
                        <span>{t(text::SHOW_ARCHIVED)}</span>
                    </label>
                    <button type="submit" class="button button-primary">{t(text::COMPARE)}</button>
                </form>
            </details>
            {(!compared).then(|| view! { <p class="empty-state" data-testid="compare-hint">{t(text::COMPARE_HINT)}</p> })}
            {body}
        </main>
    }
}
