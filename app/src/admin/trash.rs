use super::api::{AdminPurgeRecord, AdminRestoreRecord, AdminSetTrashRetention, admin_trash};
use super::frame::{AdminFrame, Section};
use super::types::{RetentionShown, TrashData};
use crate::components::{ErrorBanner, Flash, Loaded};
use crate::text;
use domain::trash::RETENTION_CHOICES;
use domain::{Lang, Text};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// The trash: deleted records with how long ago, restore, and delete for good behind a
/// confirmation. Records stay until an admin deletes them, unless an admin turned on
/// automatic emptying (behind its own confirmation); each row says which applies to it.
#[component]
pub fn TrashPage() -> impl IntoView {
    let restore = ServerAction::<AdminRestoreRecord>::new();
    let purge = ServerAction::<AdminPurgeRecord>::new();
    let retention = ServerAction::<AdminSetTrashRetention>::new();
    let url = use_query_map();
    let data = Resource::new(
        move || {
            (
                restore.version().get(),
                purge.version().get(),
                retention.version().get(),
                crate::live::live_version(),
                url.with(|q| q.get("event")),
            )
        },
        |(_, _, _, _, event)| admin_trash(event),
    );
    view! {
        <Loaded data render=move |trash: TrashData| {
            let lang = trash.lang;
            let t = move |x: Text| x.get(lang);
            let query = use_query_map();
            let purged = query.with_untracked(|q| q.get("purged").is_some());
            let saved = query.with_untracked(|q| q.get("saved").is_some());
            // Follows the URL: "Delete for good" is a link to this page asking to confirm.
            let rows = trash.rows.clone();
            let confirming = move || {
                query.with(|q| q.get("confirm")).and_then(|id| rows.iter().find(|r| r.id.to_string() == id).cloned())
            };
            view! {
                <AdminFrame lang section=Section::Trash>
                    <h1>{format!("🗑 {}", t(text::TRASH))}</h1>
                    <RetentionPanel current=trash.retention.clone() in_trash=trash.total action=retention lang/>
                    <form method="get" action="/admin/trash" class="inline-form" data-testid="trash-event">
                        <select name="event" aria-label=t(text::EVENT)>
                            <option value="">{t(text::ALL_EVENTS)}</option>
                            {trash.events.clone().into_iter().map(|(id, name)| {
                                let selected = trash.event.as_deref() == Some(id.as_str());
                                view! { <option value=id selected=selected>{name}</option> }
                            }).collect_view()}
                        </select>
                        <button type="submit" class="button">{t(text::SHOW)}</button>
                    </form>
                    <ErrorBanner action=restore lang/>
                    <ErrorBanner action=purge lang/>
                    {move || confirming().map(|row| view! {
                        <section class="confirm-card" data-testid="confirm-purge">
                            <h2>{t(text::CONFIRM_PURGE)}</h2>
                            <p class="record-summary">{row.summary.clone()}</p>
                            <p>{t(text::CONFIRM_PURGE_HINT)}</p>
                            <ActionForm action=purge>
                                <input type="hidden" name="id" value=row.id.to_string()/>
                                <input type="hidden" name="confirm" value="yes"/>
                                <button type="submit" class="button button-danger" data-testid="yes-purge" disabled=move || purge.pending().get()>
                                    {t(text::DELETE_FOREVER)}
                                </button>
                            </ActionForm>
                            <a class="button" href="/admin/trash">{t(text::CANCEL)}</a>
                        </section>
                    })}
                    {if trash.rows.is_empty() {
                        view! { <p class="empty-state" data-testid="trash-empty">{t(text::TRASH_EMPTY)}</p> }.into_any()
                    } else {
                        view! {
                            <p class="showing">{format!("{} {} {} {}", t(text::SHOWING), trash.rows.len(), t(text::OF), trash.total)}</p>
                            <ul class="trash-list" data-testid="trash">
                                {trash.rows.clone().into_iter().map(|row| view! {
                                    <li class="trash-row" data-row=row.id.to_string()>
                                        <a class="summary" href=format!("/admin/record/{}", row.id)>{row.summary}</a>
                                        <span class="who">{format!("{} · {} · {}{}", row.recorded, row.seller.unwrap_or_default(), row.device, row.event.map(|e| format!(" · 🎪 {e}")).unwrap_or_default())}</span>
                                        <span class="deleted">{format!("{} {}", t(text::DELETED_AGO), row.deleted)}</span>
                                        <span class="goes" data-testid="goes">{match row.goes {
                                            Some(day) => format!("{} {day}", t(text::GOES_ON)),
                                            None => t(text::STAYS).to_string(),
                                        }}</span>
                                        <div class="row-actions">
                                            <ActionForm action=restore>
                                                <input type="hidden" name="id" value=row.id.to_string()/>
                                                <button type="submit" class="button" disabled=move || restore.pending().get()>{t(text::RESTORE)}</button>
                                            </ActionForm>
                                            <a class="button button-danger-outline" href=format!("/admin/trash?confirm={}", row.id)>{t(text::DELETE_FOREVER)}</a>
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {purged.then(|| view! { <Flash millis=2500>{format!("✓ {}", t(text::PURGED))}</Flash> })}
                    {saved.then(|| view! { <Flash millis=2500>{format!("✓ {}", t(text::SAVED_OK))}</Flash> })}
                </AdminFrame>
            }
        }/>
    }
}

/// Whether the trash empties by itself, and the way to turn that on (with a confirmation
/// that says what it will and will not delete), change it, or turn it off.
#[component]
fn RetentionPanel(
    current: Option<RetentionShown>,
    in_trash: i64,
    action: ServerAction<AdminSetTrashRetention>,
    lang: Lang,
) -> impl IntoView {
    let t = move |x: Text| x.get(lang);
    let query = use_query_map();
    let asked = move || {
        query
            .with(|q| q.get("retention"))
            .and_then(|d| d.parse::<u32>().ok())
            .filter(|d| RETENTION_CHOICES.contains(d))
    };
    let status = match &current {
        None => t(text::RETENTION_OFF).to_string(),
        Some(r) => t(text::RETENTION_ON)
            .replace("{since}", &r.since)
            .replace("{n}", &r.days.to_string()),
    };
    let chosen = current.as_ref().map_or(30, |r| r.days);
    let is_on = current.is_some();
    let pending = action.pending();
    view! {
        <section class="panel retention" data-testid="retention">
            <h2>{t(text::EMPTY_AUTOMATICALLY)}</h2>
            <p data-testid="retention-status">{status}</p>
            <ErrorBanner action lang/>
            {move || match asked() {
                Some(days) => view! {
                    <div class="confirm-card" data-testid="confirm-retention">
                        <h3>{t(text::CONFIRM_RETENTION).replace("{n}", &days.to_string())}</h3>
                        <p>{t(text::CONFIRM_RETENTION_HINT).replace("{count}", &in_trash.to_string())}</p>
                        <ActionForm action>
                            <input type="hidden" name="days" value=days.to_string()/>
                            <input type="hidden" name="confirm" value="yes"/>
                            <button type="submit" class="button button-danger" data-testid="yes-retention" disabled=move || pending.get()>
                                {t(text::YES_TURN_ON).replace("{n}", &days.to_string())}
                            </button>
                        </ActionForm>
                        <a class="button" href="/admin/trash">{t(text::CANCEL)}</a>
                    </div>
                }.into_any(),
                None => view! {
                    <div class="row-actions">
                        <Form method="GET" action="/admin/trash" attr:class="inline-form">
                            <select name="retention" aria-label=t(text::EMPTY_AUTOMATICALLY)>
                                {RETENTION_CHOICES.iter().map(|d| view! {
                                    <option value=d.to_string() selected=*d == chosen>{t(text::AFTER_DAYS).replace("{n}", &d.to_string())}</option>
                                }).collect_view()}
                            </select>
                            <button type="submit" class="button" data-testid="retention-ask">{if is_on { t(text::CHANGE) } else { t(text::TURN_ON) }}</button>
                        </Form>
                        {is_on.then(|| view! {
                            <ActionForm action>
                                <input type="hidden" name="days" value="off"/>
                                <button type="submit" class="button" data-testid="retention-off" disabled=move || pending.get()>{t(text::TURN_OFF)}</button>
                            </ActionForm>
                        })}
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
