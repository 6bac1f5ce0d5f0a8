use super::api::{AdminEventAction, AdminSaveEvent, admin_events};
use super::frame::{AdminFrame, Section};
use super::types::{EventRow, EventStatus, EventsData};
use crate::components::{ErrorBanner, Flash, Loaded, TextArea};
use crate::text;
use domain::Text;
use domain::event::{EventDraft, MAX_NAME_CHARS};
use domain::format_baht;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Events: the markets the booth runs at — running, upcoming and ended, each with its
/// visitors and revenue; create, edit, close (last day today), archive, and delete one
/// that never held a record.
#[component]
pub fn EventsPage() -> impl IntoView {
    let save = ServerAction::<AdminSaveEvent>::new();
    let act = ServerAction::<AdminEventAction>::new();
    let data = Resource::new(
        move || (save.version().get(), act.version().get(), crate::live::live_version()),
        |_| admin_events(),
    );
    let query = use_query_map();
    view! {
        <Loaded data render=move |data: EventsData| {
            let lang = data.lang;
            let t = move |x: Text| x.get(lang);
            let saved = query.with_untracked(|q| q.get("saved").is_some());
            let editing = query.with_untracked(|q| q.get("edit"));
            let confirm_delete = query.with_untracked(|q| q.get("delete"));
            let busy = Signal::derive(move || save.pending().get() || act.pending().get());
            let new_event = EventDraft {
                first_day: data.today.clone(),
                time_zone: Some(data.booth_zone.clone()),
                ..EventDraft::default()
            };
            let edited = editing.as_ref().and_then(|id| data.events.iter().find(|e| &e.id == id).cloned());
            let form = match edited {
                Some(e) => view! {
                    <section class="panel" data-testid="edit-event">
                        <h2>{format!("{} · {}", t(text::EDIT), e.form.name)}</h2>
                        <EventFields action=save draft=e.form.clone() lang busy/>
                    </section>
                }.into_any(),
                None => view! {
                    <details class="panel" open=data.events.is_empty() data-testid="new-event">
                        <summary>{format!("➕ {}", t(text::NEW_EVENT))}</summary>
                        <EventFields action=save draft=new_event lang busy/>
                    </details>
                }.into_any(),
            };
            let row = move |e: EventRow| {
                let status = match (e.archived, e.status) {
                    (true, _) => (text::ARCHIVED, "badge"),
                    (false, EventStatus::Running) => (text::RUNNING, "badge ok"),
                    (false, EventStatus::Upcoming) => (text::UPCOMING, "badge"),
                    (false, EventStatus::Ended) => (text::ENDED, "badge"),
                };
                let button = move |id: String, action: &'static str, label: Text| view! {
                    <ActionForm action=act>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="action" value=action/>
                        <button type="submit" class="button" data-action=action disabled=busy>{label.get(lang)}</button>
                    </ActionForm>
                };
                let asking_delete = confirm_delete.as_deref() == Some(e.id.as_str());
                view! {
                    <li class=if e.archived { "card inactive" } else { "card" } data-event=e.id.clone()>
                        <div class="card-head">
                            <strong>{e.form.name.clone()}</strong>
                            <span class=status.1>{t(status.0)}</span>
                        </div>
                        <p class="muted">{e.when.clone()}</p>
                        <p>{format!("{}: {} · {}: {}", t(text::VISITORS), e.visitors, t(text::REVENUE), format_baht(e.revenue))}</p>
                        <div class="row-actions">
                            <a class="button" href=format!("/admin/events?edit={}", crate::wire::encode(&e.id))>{t(text::EDIT)}</a>
                            <a class="button" href=format!("/stats?period=all&event={}", crate::wire::encode(&e.id))>{format!("📊 {}", t(text::STATS))}</a>
                            {(e.status == EventStatus::Running && !e.archived).then(|| button(e.id.clone(), "close", text::CLOSE_TODAY))}
                            {if e.archived { button(e.id.clone(), "unarchive", text::UNARCHIVE) } else { button(e.id.clone(), "archive", text::ARCHIVE) }}
                            {(!e.has_records && !asking_delete).then(|| view! {
                                <a class="button danger" href=format!("/admin/events?delete={}", crate::wire::encode(&e.id))>{t(text::DELETE)}</a>
                            })}
                        </div>
                        {asking_delete.then(|| view! {
                            <div class="confirm-card" data-testid="confirm-delete-event">
                                <p>{t(text::DELETE_EVENT_CONFIRM)}</p>
                                {button(e.id.clone(), "delete", text::DELETE)}
                                <a class="button" href="/admin/events">{t(text::CANCEL)}</a>
                            </div>
                        })}
                    </li>
                }
            };
            view! {
                <AdminFrame lang section=Section::Events>
                    <h1>{t(text::EVENTS)}</h1>
                    <ErrorBanner action=save lang/>
                    <ErrorBanner action=act lang/>
                    {form}
                    {if data.events.is_empty() {
                        view! { <p class="empty-state">{t(text::NO_EVENTS)}</p> }.into_any()
                    } else {
                        view! { <ul class="card-list" data-testid="events">{data.events.clone().into_iter().map(row).collect_view()}</ul> }.into_any()
                    }}
                    {saved.then(|| view! { <Flash millis=2000>{format!("✓ {}", t(text::SAVED_OK))}</Flash> })}
                </AdminFrame>
            }
        }/>
    }
}

/// The fields of an event, for a new one (no `id`) or an edit.
#[component]
fn EventFields(
    action: ServerAction<AdminSaveEvent>,
    draft: EventDraft,
    lang: domain::Lang,
    busy: Signal<bool>,
) -> impl IntoView {
    let t = move |x: Text| x.get(lang);
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let number = move |name: &'static str, label: Text, value: String| {
        view! {
            <label class="field"><span>{label.get(lang)}</span>
                <input type="number" name=name min="0" step="1" inputmode="numeric" value=value/></label>
        }
    };
    view! {
        <ActionForm action attr:class="event-form" attr:data-testid="event-form">
            {draft.id.clone().map(|id| view! { <input type="hidden" name="id" value=id/> })}
            <label class="field"><span>{t(text::EVENT_NAME)}</span>
                <input type="text" name="name" required maxlength=MAX_NAME_CHARS.to_string() autocomplete="off" value=draft.name.clone()/></label>
            <label class="field"><span>{t(text::VENUE)}</span>
                <input type="text" name="venue" maxlength=MAX_NAME_CHARS.to_string() value=v(&draft.venue)/></label>
            <div class="field-row">
                <label class="field"><span>{t(text::FIRST_DAY)}</span>
                    <input type="date" name="first_day" required min="2000-01-01" max="2100-12-31" value=draft.first_day.clone()/></label>
                <label class="field"><span>{t(text::LAST_DAY)}</span>
                    <input type="date" name="last_day" min="2000-01-01" max="2100-12-31" value=v(&draft.last_day)/></label>
            </div>
            <div class="field-row">
                <label class="field"><span>{t(text::OPENS)}</span><input type="time" name="opens" value=v(&draft.opens)/></label>
                <label class="field"><span>{t(text::CLOSES)}</span><input type="time" name="closes" value=v(&draft.closes)/></label>
            </div>
            <label class="field"><span>{t(text::TIME_ZONE)}</span>
                <input type="text" name="time_zone" maxlength="64" autocomplete="off" value=v(&draft.time_zone)/></label>
            <div class="field-row">
                {number("booth_fee", text::BOOTH_FEE, v(&draft.booth_fee))}
                {number("other_costs", text::OTHER_COSTS, v(&draft.other_costs))}
            </div>
            <fieldset class="field-row"><legend>{t(text::DAILY_TARGETS)}</legend>
                {number("target_visitors", text::VISITORS, v(&draft.target_visitors))}
                {number("target_conversations", text::CONVERSATIONS, v(&draft.target_conversations))}
                {number("target_sales", text::SALES, v(&draft.target_sales))}
                {number("target_revenue", text::REVENUE, v(&draft.target_revenue))}
            </fieldset>
            <label class="field"><span>{t(text::NOTES)}</span><TextArea name="notes" text=v(&draft.notes)/></label>
            <button type="submit" class="button button-primary" data-testid="save-event" disabled=busy>{t(text::SAVE)}</button>
        </ActionForm>
    }
}
