use super::api::{AdminPurgeRecord, AdminRestoreRecord, TrashData, admin_trash};
use super::frame::{AdminFrame, Section};
use crate::components::{ErrorBanner, Flash, Loaded};
use crate::text;
use domain::Text;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The trash: deleted records with how long ago, restore, and delete for good behind a
/// confirmation. It says how long records stay, which is what the server's purge does.
#[component]
pub fn TrashPage() -> impl IntoView {
    let restore = ServerAction::<AdminRestoreRecord>::new();
    let purge = ServerAction::<AdminPurgeRecord>::new();
    let data = Resource::new(
        move || {
            (
                restore.version().get(),
                purge.version().get(),
                crate::live::live_version(),
            )
        },
        |_| admin_trash(),
    );
    view! {
        <Loaded data render=move |trash: TrashData| {
            let lang = trash.lang;
            let t = move |x: Text| x.get(lang);
            let query = use_query_map();
            let purged = query.with_untracked(|q| q.get("purged").is_some());
            // Follows the URL: "Delete for good" is a link to this page asking to confirm.
            let rows = trash.rows.clone();
            let confirming = move || {
                query.with(|q| q.get("confirm")).and_then(|id| rows.iter().find(|r| r.id.to_string() == id).cloned())
            };
            view! {
                <AdminFrame lang section=Section::Trash>
                    <h1>{format!("🗑 {}", t(text::TRASH))}</h1>
                    <p class="notice" data-testid="retention">{t(text::RETENTION).replace("{n}", &trash.retention_days.to_string())}</p>
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
                                        <span class="who">{format!("{} · {} · {}", row.recorded, row.seller.unwrap_or_default(), row.device)}</span>
                                        <span class="deleted">{format!("{} {}", t(text::DELETED_AGO), row.deleted)}</span>
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
                </AdminFrame>
            }
        }/>
    }
}
