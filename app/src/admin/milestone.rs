use super::api::{AdminDeleteMilestone, AdminUpdateMilestone, admin_milestone};
use super::frame::{AdminFrame, Section};
use super::record::History;
use super::types::MilestoneData;
use crate::components::{EffectView, ErrorBanner, Flash, Loaded, WindowForm};
use crate::text;
use domain::Text;
use domain::rules::MAX_MILESTONE_CHARS;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A milestone: its text and time, editable; deletable with a confirmation; its history.
#[component]
pub fn MilestonePage() -> impl IntoView {
    let params = use_params_map();
    let update = ServerAction::<AdminUpdateMilestone>::new();
    let delete = ServerAction::<AdminDeleteMilestone>::new();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                query.with(|q| q.get("window")),
                update.version().get(),
            )
        },
        |(id, window, _)| admin_milestone(id, window),
    );
    view! {
        <Loaded data render=move |m: MilestoneData| {
            let lang = m.lang;
            let t = move |x: Text| x.get(lang);
            let query = use_query_map();
            let confirming = move || query.with(|q| q.get("confirm").is_some());
            let saved = query.with_untracked(|q| q.get("saved").is_some());
            let id = m.id.to_string();
            let (update_id, delete_id) = (id.clone(), id.clone());
            let cancel = format!("/admin/milestone/{id}");
            let ask = format!("/admin/milestone/{id}?confirm=delete");
            view! {
                <AdminFrame lang section=Section::Records>
                    <header class="page-header">
                        <a class="back" href="/admin" aria-label=t(text::BACK)>"←"</a>
                        <h1>{format!("🚩 {} · {}", t(text::MILESTONE), m.when)}</h1>
                    </header>
                    <p class="record-origin">{format!("{} {}{}", t(text::RECORDED_ON), m.device, m.seller.clone().map(|s| format!(" ({s})")).unwrap_or_default())}</p>
                    <ErrorBanner action=update lang/>
                    <ErrorBanner action=delete lang/>
                    <ActionForm action=update attr:class="edit-form">
                        <input type="hidden" name="id" value=update_id/>
                        <input type="hidden" name="at_was" value=m.at_local.clone()/>
                        <label class="field"><span>{t(text::MILESTONE)}</span>
                            <input type="text" name="description" required maxlength=MAX_MILESTONE_CHARS.to_string() value=m.text.clone()/></label>
                        <label class="field"><span>{t(text::TIME)}</span>
                            <input type="datetime-local" name="at" value=m.at_local.clone()/></label>
                        <button type="submit" class="button button-primary" disabled=move || update.pending().get()>{t(text::SAVE_CHANGES)}</button>
                    </ActionForm>
                    {move || if confirming() {
                        let (delete_id, cancel) = (delete_id.clone(), cancel.clone());
                        view! {
                            <section class="confirm-card">
                                <h2>{t(text::CONFIRM_DELETE_MILESTONE)}</h2>
                                <ActionForm action=delete>
                                    <input type="hidden" name="id" value=delete_id/>
                                    <button type="submit" class="button button-danger" disabled=move || delete.pending().get()>{t(text::YES_DELETE)}</button>
                                </ActionForm>
                                <a class="button" href=cancel>{t(text::CANCEL)}</a>
                            </section>
                        }.into_any()
                    } else {
                        view! { <a class="button button-danger-outline" href=ask.clone()>{t(text::DELETE)}</a> }.into_any()
                    }}
                    {m.effect.map(|effect| view! {
                        <section class="panel effect-panel" data-testid="milestone-effect">
                            <h2>{t(text::WHAT_IT_CHANGED)}</h2>
                            <WindowForm chosen=m.window_hours lang/>
                            <EffectView effect lang/>
                        </section>
                    })}
                    <History entries=m.history.clone() lang/>
                    {saved.then(|| view! { <Flash millis=2500>{format!("✓ {}", t(text::CHANGES_SAVED))}</Flash> })}
                </AdminFrame>
            }
        }/>
    }
}
