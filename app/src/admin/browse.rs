use super::Filter;
use super::api::{AdminRestoreRecord, admin_browse};
use super::frame::{AdminFrame, Section, enum_select};
use super::types::{BrowseAt, BrowseData, Item};
use crate::components::{ErrorBanner, Flash, Loaded};
use crate::text;
use crate::wire::Cursor;
use domain::{Hook, Lang, LeadType, Objection, Persona, SaleType, Text};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// Browse: every record (and milestone) of a period, filtered, newest or oldest first,
/// 50 at a time. The filter lives in the URL; "Load more" appends the next page (or,
/// without JavaScript, is a link to the longer list); live changes refresh the list
/// down to the last record loaded and put the reader back where they were.
#[component]
pub fn BrowsePage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(Filter::from_query));
    let url_through = Memo::new(move |_| query.with(|q| q.get("through")));
    let url_more = Memo::new(move |_| query.with(|q| q.get("more").is_some()));
    // Pages "Load more" appended in this browser, and the filter they belong to.
    let appended = RwSignal::new((Filter::default(), Vec::<BrowseData>::new()));
    let data = Resource::new(
        move || {
            (
                filter.get(),
                url_through.get(),
                url_more.get(),
                crate::live::live_version(),
            )
        },
        move |(filter, through, more, _)| {
            let loaded = appended.with_untracked(|(f, pages)| {
                (*f == filter)
                    .then(|| pages.iter().rev().find_map(|p| last_cursor(&p.items)))
                    .flatten()
            });
            let at = match loaded {
                Some(c) => BrowseAt {
                    through: Some(c.encode()),
                    ..Default::default()
                },
                None => BrowseAt {
                    after: None,
                    through,
                    more,
                },
            };
            admin_browse(filter, at)
        },
    );
    let load_more = Action::new(move |after: &Cursor| {
        let filter = filter.get_untracked();
        let at = BrowseAt {
            after: Some(after.encode()),
            ..Default::default()
        };
        admin_browse(filter, at)
    });
    Effect::new(move |_| {
        if let Some(Ok(page)) = load_more.value().get() {
            appended.update(|(f, pages)| {
                if *f != page.filter {
                    *f = page.filter.clone();
                    pages.clear();
                }
                pages.push(page);
            });
        }
    });
    // Before a live refresh replaces the list, note which record is at the top of the
    // screen; the new list scrolls it back to the same spot.
    let anchor = StoredValue::new(None::<(String, f64)>);
    Effect::new(move |first: Option<()>| {
        crate::live::live_version();
        if first.is_some() {
            anchor.set_value(place::top_row());
        }
    });
    let restore = ServerAction::<AdminRestoreRecord>::new();
    view! {
        <Loaded data render=move |base: BrowseData| view! { <Browse base appended load_more anchor restore/>}/>
    }
}

fn last_cursor(items: &[Item]) -> Option<Cursor> {
    items.iter().rev().find_map(|i| match i {
        Item::Record(r) => Some(r.cursor),
        Item::Milestone(_) => None,
    })
}

fn first_cursor(items: &[Item]) -> Option<Cursor> {
    items.iter().find_map(|i| match i {
        Item::Record(r) => Some(r.cursor),
        Item::Milestone(_) => None,
    })
}

/// Keeping the reader's place across a refresh (browser only).
mod place {
    use wasm_bindgen::JsCast;

    /// The first record row still visible, and how far from the top of the screen it is.
    pub fn top_row() -> Option<(String, f64)> {
        let rows = document().query_selector_all("[data-row]").ok()?;
        (0..rows.length())
            .filter_map(|i| rows.item(i)?.dyn_into::<web_sys::Element>().ok())
            .find_map(|row| {
                let top = row.get_bounding_client_rect().top();
                (top >= 0.0).then(|| (row.get_attribute("data-row").unwrap_or_default(), top))
            })
    }

    /// Scrolls so that row `id` is `top` pixels from the top of the screen again.
    pub fn restore((id, top): (String, f64)) {
        let selector = format!("[data-row=\"{id}\"]");
        if let Ok(Some(row)) = document().query_selector(&selector) {
            let now = row.get_bounding_client_rect().top();
            let window = leptos::prelude::window();
            let y = window.scroll_y().unwrap_or(0.0);
            window.scroll_to_with_x_and_y(0.0, y + now - top);
        }
    }

    fn document() -> web_sys::Document {
        leptos::prelude::document()
    }
}

#[component]
fn Browse(
    base: BrowseData,
    appended: RwSignal<(Filter, Vec<BrowseData>)>,
    load_more: Action<Cursor, Result<BrowseData, crate::error::AppError>>,
    anchor: StoredValue<Option<(String, f64)>>,
    restore: ServerAction<AdminRestoreRecord>,
) -> impl IntoView {
    let lang = base.lang;
    let t = move |x: Text| x.get(lang);
    Effect::new(move |_| {
        if let Some(place) = anchor.get_value() {
            anchor.set_value(None);
            place::restore(place);
        }
    });
    let filter = base.filter.clone();
    let oldest = filter.oldest_first();
    let base_last = last_cursor(&base.items);
    // Appended pages beyond this list (a refresh already includes the earlier ones).
    let extra = {
        let filter = filter.clone();
        move || {
            appended.with(|(f, pages)| {
                if *f != filter {
                    return Vec::new();
                }
                pages
                    .iter()
                    .filter(|p| {
                        first_cursor(&p.items).is_some_and(|c| base_last.is_none_or(|b| c.is_after(&b, oldest)))
                    })
                    .cloned()
                    .collect::<Vec<_>>()
            })
        }
    };
    let base_items = base.items.clone();
    let all_items = {
        let extra = extra.clone();
        move || {
            let mut items = base_items.clone();
            for page in extra() {
                items.extend(page.items);
            }
            items
        }
    };
    let next = {
        let extra = extra.clone();
        move || extra().last().map(|p| p.next).unwrap_or(base.next)
    };
    let shown = {
        let all_items = all_items.clone();
        move || all_items().iter().filter(|i| matches!(i, Item::Record(_))).count()
    };
    let total = base.total.map(|c| c.shown()).unwrap_or_default();
    let query = filter.to_query();
    let pending = load_more.pending();
    let flash_query = use_query_map();
    let deleted = flash_query.with_untracked(|q| q.get("deleted"));
    let export = |ext: &str| {
        if query.is_empty() {
            format!("/admin/export.{ext}")
        } else {
            format!("/admin/export.{ext}?{query}")
        }
    };
    let (csv, json) = (export("csv"), export("json"));
    let no_js_more = {
        let query = query.clone();
        move |c: Cursor| {
            let sep = if query.is_empty() { "" } else { "&" };
            format!("/admin?{query}{sep}through={}&more=1", crate::wire::encode(&c.encode()))
        }
    };
    view! {
        <AdminFrame lang section=Section::Records>
            <FilterForm filter=filter.clone() choices=base.choices.clone().unwrap_or_default() lang/>
            <p class="showing" data-testid="showing">
                {move || format!("{} {} {} {}", t(text::SHOWING), shown(), t(text::OF), total.clone())}
                <a class="link-button" href=csv download rel="external" data-testid="export-csv">{t(text::EXPORT_CSV)}</a>
                <a class="link-button" href=json download rel="external" data-testid="export-json">{t(text::EXPORT_JSON)}</a>
            </p>
            <ErrorBanner action=restore lang/>
            {move || {
                let items = all_items();
                if items.is_empty() {
                    return view! { <p class="empty-state" data-testid="no-match">{t(text::NO_MATCH)}</p> }.into_any();
                }
                let mut day = String::new();
                view! {
                    <ol class="timeline" data-testid="timeline">
                        {items.into_iter().map(|item| {
                            let header = (item.day() != day).then(|| {
                                day = item.day().to_string();
                                view! { <li class="day-header">{day.clone()}</li> }
                            });
                            view! { {header} <TimelineItem item lang/> }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {move || next().map(|c| {
                let href = no_js_more(c);
                view! {
                    <a class="button load-more" href=href data-testid="load-more" aria-busy=move || pending.get().to_string()
                        on:click=move |ev| {
                            ev.prevent_default();
                            if !pending.get_untracked() {
                                load_more.dispatch(c);
                            }
                        }>
                        {move || if pending.get() { t(text::LOADING) } else { t(text::LOAD_MORE) }}
                    </a>
                }
            })}
            {deleted.map(|id| view! {
                <Flash millis=8000>
                    <span>{t(text::DELETED)}</span>
                    <ActionForm action=restore>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="link-button" data-testid="undo-delete">{t(text::UNDO)}</button>
                    </ActionForm>
                </Flash>
            })}
        </AdminFrame>
    }
}

#[component]
fn TimelineItem(item: Item, lang: Lang) -> impl IntoView {
    match item {
        Item::Record(r) => view! {
            <li class=format!("record {}", r.tone) data-row=r.id.to_string()>
                <a href=format!("/admin/record/{}", r.id)>
                    <span class="time">{r.time}</span>
                    <span class="summary">{r.summary}</span>
                    <span class="who">{format!("{} · {}", r.seller.unwrap_or_else(|| text::NO_SELLER_RECORDED.get(lang).into()), r.device)}</span>
                    {r.notes.map(|n| view! { <span class="notes">{format!("📝 {n}")}</span> })}
                </a>
            </li>
        }
        .into_any(),
        Item::Milestone(m) => view! {
            <li class="milestone-row">
                <a href=format!("/admin/milestone/{}", m.id)>
                    <span class="time">{m.time}</span>
                    <span class="summary">{format!("🚩 {}", m.text)}</span>
                    <span class="who">{format!("{} · {}", m.seller.unwrap_or_default(), m.device)}</span>
                </a>
            </li>
        }
        .into_any(),
    }
}

/// The filter as a plain GET form: it works without JavaScript, and with it the router
/// turns it into a navigation (the URL is the filter).
#[component]
fn FilterForm(filter: Filter, choices: super::types::Choices, lang: Lang) -> impl IntoView {
    let t = move |x: Text| x.get(lang);
    let range = filter.range.clone();
    let option = move |value: &'static str, label: Text, chosen: &str| {
        view! { <option value=value selected=chosen == value>{label.get(lang)}</option> }
    };
    let kind = filter.kind.clone().unwrap_or_default();
    let order = filter.order.clone().unwrap_or_default();
    let seller = filter.seller.clone().unwrap_or_default();
    let device = filter.device.clone().unwrap_or_default();
    let event = filter.event.clone().unwrap_or_default();
    let active = [
        filter.event.is_some(),
        filter.kind.is_some(),
        filter.persona.is_some(),
        filter.hook.is_some(),
        filter.outcome.is_some(),
        filter.objection.is_some(),
        filter.lead.is_some(),
        filter.seller.is_some(),
        filter.device.is_some(),
        filter.notes,
        filter.oldest_first(),
    ]
    .into_iter()
    .filter(|on| *on)
    .count();
    // The period is what admins change most: one tap, keeping the other filters.
    let period_tab = |key: &'static str, label: Text| {
        let current = range == key || (key == "today" && range.is_empty());
        let href = format!(
            "/admin?{}",
            Filter {
                range: key.into(),
                from: None,
                to: None,
                ..filter.clone()
            }
            .to_query()
        );
        view! { <a class=if current { "tab current" } else { "tab" } href=href>{label.get(lang)}</a> }
    };
    // Folded unless something in it is in use: on a phone the filters would fill the
    // first screen.
    let unfold = active > 0 || range == "custom";
    let summary = if active == 0 {
        t(text::FILTERS).to_string()
    } else {
        format!("{} · {active} {}", t(text::FILTERS), t(text::ACTIVE_FILTERS))
    };
    view! {
        <nav class="tabs period-tabs">
            {period_tab("today", text::TODAY)}
            {period_tab("yesterday", text::YESTERDAY)}
            {period_tab("week", text::THIS_WEEK)}
            {period_tab("all", text::ALL_TIME)}
        </nav>
        <details class="filter-panel" open=unfold>
        <summary data-testid="filters-summary">{summary}</summary>
        <Form method="GET" action="/admin" attr:class="filters" attr:data-testid="filters">
            <label class="filter-field"><span>{t(text::PERIOD)}</span>
                <select name="range">
                    {option("today", text::TODAY, if range.is_empty() { "today" } else { &range })}
                    {option("yesterday", text::YESTERDAY, &range)}
                    {option("week", text::THIS_WEEK, &range)}
                    {option("all", text::ALL_TIME, &range)}
                    {option("custom", text::CUSTOM, &range)}
                </select>
            </label>
            <label class="filter-field"><span>{t(text::FROM)}</span>
                <input type="date" name="from" value=filter.from.clone().unwrap_or_default()/></label>
            <label class="filter-field"><span>{t(text::TO)}</span>
                <input type="date" name="to" value=filter.to.clone().unwrap_or_default()/></label>
            <label class="filter-field"><span>{t(text::TYPE)}</span>
                <select name="type">
                    {option("", text::ANY, &kind)}
                    {option("engaged", text::ENGAGED_ONLY, &kind)}
                    {option("walk_by", text::WALK_BYS_ONLY, &kind)}
                    {option("sales", text::SALES_ONLY, &kind)}
                </select>
            </label>
            <label class="filter-field"><span>{t(text::PERSONA)}</span>
                {enum_select::<Persona>("persona", filter.persona.clone(), text::ANY, lang, |_| true)}</label>
            <label class="filter-field"><span>{t(text::HOOK)}</span>
                {enum_select::<Hook>("hook", filter.hook.clone(), text::ANY, lang, |_| true)}</label>
            <label class="filter-field"><span>{t(text::OUTCOME)}</span>
                {enum_select::<SaleType>("outcome", filter.outcome.clone(), text::ANY, lang, |_| true)}</label>
            <label class="filter-field"><span>{t(text::OBJECTION)}</span>
                {enum_select::<Objection>("objection", filter.objection.clone(), text::ANY, lang, |_| true)}</label>
            <label class="filter-field"><span>{t(text::LEAD)}</span>
                {enum_select::<LeadType>("lead", filter.lead.clone(), text::ANY, lang, |_| true)}</label>
            <label class="filter-field"><span>{t(text::SELLER)}</span>
                <select name="seller">
                    <option value="">{t(text::ANY)}</option>
                    {choices.sellers.into_iter().map(|(id, name, active)| {
                        let selected = id == seller;
                        let name = if active { name } else { format!("{name} ({})", t(text::INACTIVE)) };
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="filter-field"><span>{t(text::EVENT)}</span>
                <select name="event" data-testid="event-filter">
                    <option value="">{t(text::ALL_EVENTS)}</option>
                    {choices.events.into_iter().map(|(id, name)| {
                        let selected = id == event;
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="filter-field"><span>{t(text::DEVICE)}</span>
                <select name="device">
                    <option value="">{t(text::ANY)}</option>
                    {choices.devices.into_iter().map(|(key, name)| {
                        let selected = key == device;
                        view! { <option value=key selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="filter-check"><input type="checkbox" name="notes" value="1" checked=filter.notes/>{t(text::HAS_NOTES)}</label>
            <label class="filter-field"><span>{t(text::ORDER)}</span>
                <select name="order">
                    {option("", text::NEWEST_FIRST, &order)}
                    {option("oldest", text::OLDEST_FIRST, &order)}
                </select>
            </label>
            <div class="filter-actions">
                <button type="submit" class="button button-primary" data-testid="apply-filters">{t(text::SHOW)}</button>
                <a class="button" href="/admin">{t(text::CLEAR)}</a>
            </div>
        </Form>
        </details>
    }
}
