use super::api::{AnalyticsData, PeriodChoice, analytics};
use super::charts::{BarList, Sankey};
use super::heat::HeatMapView;
use super::{facet, pct};
use crate::components::{EffectView, Loaded, WindowForm};
use crate::text;
use domain::analytics::{Breakdown, MIN_SAMPLE, Share};
use domain::insight::Metric;
use domain::{Lang, Text, format_baht};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The Stats screen: figures, journey and report for a period (and maybe one seller).
#[component]
pub fn StatsPage() -> impl IntoView {
    let query = use_query_map();
    let choice = move || {
        query.with(|q| PeriodChoice {
            period: q.get("period").unwrap_or_default(),
            from: q.get("from"),
            to: q.get("to"),
            seller: q.get("seller"),
            event: q.get("event"),
            window: q.get("window"),
        })
    };
    let data = Resource::new(
        move || (choice(), crate::live::live_version()),
        |(choice, _)| analytics(choice),
    );
    // The heat map's figure is the page's own choice: switching it asks nothing new.
    let metric =
        Signal::derive(move || query.with(|q| q.get("heat").and_then(|k| Metric::parse(&k)).unwrap_or_default()));
    view! { <Loaded data render=move |data: AnalyticsData| view! { <Stats data metric/> }/> }
}

fn rows(field: &'static str, breakdown: &Breakdown, lang: Lang) -> Vec<(String, i64, String)> {
    let total: i64 = breakdown.iter().map(|(_, n)| n).sum();
    breakdown
        .iter()
        .map(|(value, n)| {
            (
                facet(field, value, lang),
                *n,
                format!("{n} · {}", pct(Share { count: *n, of: total })),
            )
        })
        .collect()
}

#[component]
fn Stats(data: AnalyticsData, metric: Signal<Metric>) -> impl IntoView {
    let lang = data.lang;
    let t = move |x: Text| x.get(lang);
    let s = &data.stats;
    let seller_name = |id: &Option<String>| match id {
        Some(id) => data
            .seller_names
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.clone()),
        None => t(text::NO_SELLER_RECORDED).to_string(),
    };
    let current = data.choice.period.clone();
    // The event counted: its id, or `all`.
    let chosen_event = data.event.clone().unwrap_or_else(|| "all".into());
    let event_title = data
        .events
        .iter()
        .find(|e| Some(&e.id) == data.event.as_ref())
        .map(|e| e.name.clone())
        .unwrap_or_else(|| t(text::ALL_EVENTS).to_string());
    let events_select = data.events.clone();
    let tab = |key: &'static str, label: Text| {
        let on = current == key || (key == "today" && current.is_empty());
        let seller = data
            .choice
            .seller
            .as_ref()
            .map(|s| format!("&seller={}", crate::wire::encode(s)))
            .unwrap_or_default()
            + &format!("&event={}", crate::wire::encode(&chosen_event));
        view! { <a class=if on { "tab current" } else { "tab" } href=format!("/stats?period={key}{seller}")>{label.get(lang)}</a> }
    };
    let card =
        |label: Text, value: String| view! { <div class="stat"><dt>{label.get(lang)}</dt><dd>{value}</dd></div> };
    let prices: Vec<(String, i64, String)> = s
        .single_boxes_by_price
        .iter()
        .map(|(price, boxes)| {
            let name = domain::money::SINGLE_BOX_PRICES
                .iter()
                .find(|(p, _)| p == price)
                .map(|(_, n)| n.get(lang))
                .unwrap_or("");
            (
                format!("{} {name}", format_baht(*price)),
                *boxes,
                text::boxes(*boxes, lang),
            )
        })
        .collect();
    let mix: Vec<(String, i64, String)> = s
        .product_mix
        .iter()
        .map(|(sale, n, revenue)| {
            (
                format!("{} {}", sale.emoji(), sale.label().get(lang)),
                *n,
                format!("{n} · {}", format_baht(*revenue)),
            )
        })
        .collect();
    let funnel = data.journey.funnel();
    let h = &data.hypotheses;
    let report = [
        (text::HYPOTHESES[0], vec![("", h.sticker_price)]),
        (
            text::HYPOTHESES[1],
            vec![("🎁", h.bundle_gift_buyers), ("👶", h.bundle_parents)],
        ),
        (
            text::HYPOTHESES[2],
            vec![
                ("📱 %", h.big_garden_share),
                ("📱 →💰", h.big_garden_conversion),
                ("📦🪧 →💰", h.other_hooks_conversion),
            ],
        ),
        (text::HYPOTHESES[3], vec![("💰", h.price_objections)]),
    ];
    let sellers_select = data.seller_names.clone();
    // This page's link as chosen, for the heat map's switches.
    let here = {
        let c = &data.choice;
        let mut href = format!(
            "/stats?period={}&event={}",
            crate::wire::encode(&c.period),
            crate::wire::encode(&chosen_event)
        );
        for (key, value) in [
            ("from", &c.from),
            ("to", &c.to),
            ("seller", &c.seller),
            ("window", &c.window),
        ] {
            if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
                href += &format!("&{key}={}", crate::wire::encode(value));
            }
        }
        href
    };
    let heat = data.heat.clone();
    let names = data.seller_names.clone();
    let heat_section = move || match heat.clone() {
        None => view! { <p class="empty" data-testid="heat-hint">{text::HEAT_HINT.get(lang)}</p> }.into_any(),
        Some(Ok(map)) => view! {
            <HeatMapView map metric=metric.get() lang base_href=here.clone() seller_names=names.clone()/>
        }
        .into_any(),
        Some(Err(refused)) => {
            view! { <p class="notice" data-testid="heat-refused">{refused.message(lang)}</p> }.into_any()
        }
    };
    let chosen_seller = data.choice.seller.clone().unwrap_or_default();
    view! {
        <main class="page stats-page" lang=lang.code()>
            <header class="page-header">
                <a class="back" href="/" aria-label=t(text::BACK)>"←"</a>
                <h1>{t(text::STATS)}</h1>
            </header>
            <nav class="tabs">
                {tab("today", text::TODAY)}
                {tab("week", text::THIS_WEEK)}
                {tab("all", text::ALL_TIME)}
            </nav>
            // Dates, when filled in, decide the period; without them the tab stays as it
            // is (so choosing only a seller keeps Today, This week or All time).
            <form method="get" action="/stats" class="period-form" data-testid="period-form">
                <input type="hidden" name="period" value=if current == "custom" { String::new() } else { current.clone() }/>
                <label>{t(text::FROM)}<input type="date" name="from" value=data.choice.from.clone().unwrap_or_default()/></label>
                <label>{t(text::TO)}<input type="date" name="to" value=data.choice.to.clone().unwrap_or_default()/></label>
                <select name="event" aria-label=t(text::EVENT) data-testid="event-picker">
                    <option value="all" selected=chosen_event == "all">{t(text::ALL_EVENTS)}</option>
                    {events_select.into_iter().map(|e| {
                        let selected = e.id == chosen_event;
                        view! { <option value=e.id selected=selected>{e.name}</option> }
                    }).collect_view()}
                </select>
                <select name="seller" aria-label=t(text::SELLERS)>
                    <option value="">{t(text::ALL_SELLERS)}</option>
                    {sellers_select.into_iter().map(|(id, name)| {
                        let selected = id == chosen_seller;
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
                <button type="submit" class="button">{t(text::SHOW)}</button>
            </form>
            <a class="button compare-link" href="/stats/compare" data-testid="compare-link">{format!("⚖ {}", t(text::COMPARE_EVENTS))}</a>
            <p class="range" data-testid="stats-event">{format!("🎪 {event_title}")}{data.range.clone().map(|(from, to)| if from == to { format!(" · {from}") } else { format!(" · {from} – {to}") })}</p>

            <section class="panel"><h2>{t(text::TRAFFIC)}</h2>
                <dl class="cards">
                    {card(text::VISITORS, s.visitors.to_string())}
                    {card(text::CONVERSATIONS, format!("{} · {}", s.conversations, pct(Share { count: s.conversations, of: s.visitors })))}
                    {card(text::WALK_BYS, s.walk_bys.to_string())}
                </dl>
            </section>
            <section class="panel"><h2>{t(text::SALES)}</h2>
                <dl class="cards" data-testid="sales-cards">
                    {card(text::SALES, s.sales.to_string())}
                    {card(text::REVENUE, format_baht(s.revenue))}
                    {card(text::BOXES, s.boxes.to_string())}
                    {card(text::AVERAGE_SALE, if s.sales > 0 { format_baht(s.revenue / s.sales) } else { "–".into() })}
                </dl>
            </section>
            <section class="panel heat-panel" data-testid="heat"><h2>{t(text::HEAT_MAP)}</h2>{heat_section}</section>
            <section class="panel"><h2>{t(text::PRICE_VALIDATION)}</h2><BarList rows=prices/></section>
            <section class="panel"><h2>{t(text::PRODUCT_MIX)}</h2><BarList rows=mix/></section>
            <section class="panel"><h2>{t(text::BUYER_PERSONAS)}</h2><BarList rows=rows("persona", &s.buyer_personas, lang) empty="–"/></section>
            <section class="panel"><h2>{t(text::HOOKS)}</h2><BarList rows=rows("hook", &s.conversation_hooks, lang) empty="–"/></section>
            <section class="panel"><h2>{t(text::NO_SALE_REASONS)}</h2><BarList rows=rows("objection", &s.no_sale_reasons, lang) empty="–"/></section>
            <section class="panel"><h2>{t(text::LEADS)}</h2><BarList rows=rows("lead_type", &s.leads, lang) empty="–"/></section>

            <section class="panel effects" data-testid="effects"><h2>{t(text::MILESTONE_EFFECTS)}</h2>
                <WindowForm chosen=data.window_hours lang keep=vec![
                    ("period", data.choice.period.clone()),
                    ("from", data.choice.from.clone().unwrap_or_default()),
                    ("to", data.choice.to.clone().unwrap_or_default()),
                    ("event", chosen_event.clone()),
                    ("seller", data.choice.seller.clone().unwrap_or_default()),
                ]/>
                {data.effects.is_empty().then(|| view! { <p class="empty">{t(text::NO_MILESTONES)}</p> })}
                <ul class="effect-list">
                    {data.effects.iter().rev().map(|e| view! {
                        <li class="effect" data-milestone=e.id.to_string()>
                            <h3>{format!("🚩 {} · {}", e.when, e.description)}</h3>
                            <p class="muted">{e.event.clone()}</p>
                            <EffectView effect=e.effect lang/>
                        </li>
                    }).collect_view()}
                </ul>
            </section>

            <section class="panel" data-testid="journey"><h2>{t(text::JOURNEY)}</h2>
                <Sankey journey=data.journey.clone() lang/>
                <dl class="cards">
                    {text::FUNNEL.iter().zip(funnel).map(|(label, share)| card(*label, format!("{} ({}/{})", pct(share), share.count, share.of))).collect_view()}
                </dl>
            </section>

            <section class="panel"><h2>{t(text::SELLERS)}</h2>
                <div class="seller-cards">
                    {data.sellers.iter().chain(std::iter::once(&data.booth)).enumerate().map(|(i, p)| {
                        let is_booth = i == data.sellers.len();
                        let name = if is_booth { t(text::BOOTH).to_string() } else { seller_name(&p.seller_id) };
                        view! {
                            <article class=if is_booth { "seller-card booth" } else { "seller-card" }>
                                <h3>{name}</h3>
                                <p>{format!("{}: {} · {}: {} · {}", t(text::CONVERSATIONS), p.engaged, t(text::SALES), p.sales, format_baht(p.revenue))}</p>
                                <p>{format!("{}: {} · {}: {}", t(text::CONVERSION), pct(p.conversion()), t(text::AVERAGE_SALE), p.average_sale().map(format_baht).unwrap_or_else(|| "–".into()))}</p>
                                <p>{format!("{}: {} · {}: {}",
                                    t(text::BEST_HOOK), p.best_hook.as_deref().map(|h| facet("hook", h, lang)).unwrap_or_else(|| "–".into()),
                                    t(text::TOP_PERSONA), p.top_persona.as_deref().map(|h| facet("persona", h, lang)).unwrap_or_else(|| "–".into()))}</p>
                            </article>
                        }
                    }).collect_view()}
                </div>
            </section>

            <section class="panel report" data-testid="report"><h2>{t(text::REPORT)}</h2>
                {report.into_iter().zip(data.hypotheses.sentences(lang)).map(|((question, shares), sentence)| {
                    let small = shares.iter().any(|(_, s)| s.of < MIN_SAMPLE);
                    view! {
                        <article class="hypothesis">
                            <h3>{question.get(lang)}</h3>
                            <p class="sentence">{sentence}</p>
                            {shares.into_iter().map(|(tag, share)| {
                                let interval = share.wilson95().map(|(lo, hi)| format!(" · {} {lo:.0}–{hi:.0}%", t(text::INTERVAL))).unwrap_or_default();
                                view! { <p class="figure">{format!("{tag} {} = {}/{}{interval}", pct(share), share.count, share.of)}</p> }
                            }).collect_view()}
                            {small.then(|| view! { <p class="warning">{format!("⚠ {} (n < {MIN_SAMPLE})", t(text::SMALL_SAMPLE))}</p> })}
                        </article>
                    }
                }).collect_view()}
            </section>
        </main>
    }
}
