use super::api::{AdminAddSeller, AdminRenameSeller, AdminSetSellerActive, admin_sellers};
use super::frame::{AdminFrame, Section};
use super::types::SellersData;
use crate::components::{ErrorBanner, Flash, Loaded};
use crate::text;
use domain::Text;
use domain::seller::MAX_NAME_CHARS;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Sellers: who they are, whether they still sell, their last device and today's
/// records; add, rename, deactivate and reactivate (their records always stay).
#[component]
pub fn SellersPage() -> impl IntoView {
    let add = ServerAction::<AdminAddSeller>::new();
    let rename = ServerAction::<AdminRenameSeller>::new();
    let active = ServerAction::<AdminSetSellerActive>::new();
    let data = Resource::new(
        move || {
            (
                add.version().get(),
                rename.version().get(),
                active.version().get(),
                crate::live::live_version(),
            )
        },
        |_| admin_sellers(),
    );
    view! {
        <Loaded data render=move |data: SellersData| {
            let lang = data.lang;
            let t = move |x: Text| x.get(lang);
            let saved = use_query_map().with_untracked(|q| q.get("saved").is_some() || q.get("added").is_some());
            let busy = Signal::derive(move || add.pending().get() || rename.pending().get() || active.pending().get());
            // Once a name is added, the box empties: the same name is not added twice by a
            // second tap.
            let new_name = NodeRef::<leptos::html::Input>::new();
            Effect::new(move |seen: Option<usize>| {
                let version = add.version().get();
                let added = add.value().with(|v| matches!(v, Some(Ok(()))));
                if seen.is_some_and(|s| s != version)
                    && added
                    && let Some(input) = new_name.get()
                {
                    input.set_value("");
                }
                version
            });
            view! {
                <AdminFrame lang section=Section::Sellers>
                    <h1>{t(text::SELLERS)}</h1>
                    <ErrorBanner action=add lang/>
                    <ErrorBanner action=rename lang/>
                    <ErrorBanner action=active lang/>
                    <ActionForm action=add attr:class="inline-form" attr:data-testid="add-seller">
                        <label class="field"><span>{t(text::ADD_SELLER)}</span>
                            <input type="text" name="name" required maxlength=MAX_NAME_CHARS.to_string() autocomplete="off" node_ref=new_name/></label>
                        <button type="submit" class="button button-primary" disabled=busy>{t(text::ADD_ONLY)}</button>
                    </ActionForm>
                    {if data.sellers.is_empty() {
                        view! { <p class="empty-state">{t(text::NO_SELLERS)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="card-list" data-testid="sellers">
                                {data.sellers.clone().into_iter().map(|s| {
                                    let flip = if s.active { (text::DEACTIVATE, "false") } else { (text::REACTIVATE, "true") };
                                    let (rename_id, flip_id) = (s.id.clone(), s.id.clone());
                                    view! {
                                        <li class=if s.active { "card" } else { "card inactive" } data-seller=s.id.clone()>
                                            <div class="card-head">
                                                <strong>{s.name.clone()}</strong>
                                                <span class="muted">{s.id.clone()}</span>
                                                <span class=if s.active { "badge ok" } else { "badge" }>
                                                    {if s.active { t(text::ACTIVE) } else { t(text::INACTIVE) }}
                                                </span>
                                            </div>
                                            <p class="muted">{format!("{}: {} · {}: {}",
                                                t(text::LAST_DEVICE), s.last_device.clone().unwrap_or_else(|| "–".into()),
                                                t(text::TODAY_COUNT), s.today)}</p>
                                            <div class="row-actions">
                                                <ActionForm action=rename attr:class="inline-form">
                                                    <input type="hidden" name="id" value=rename_id/>
                                                    <input type="text" name="name" required maxlength=MAX_NAME_CHARS.to_string() value=s.name.clone() aria-label=t(text::RENAME)/>
                                                    <button type="submit" class="button" disabled=busy>{t(text::RENAME)}</button>
                                                </ActionForm>
                                                <ActionForm action=active>
                                                    <input type="hidden" name="id" value=flip_id/>
                                                    <input type="hidden" name="active" value=flip.1/>
                                                    <button type="submit" class="button" data-testid="toggle-active" disabled=busy>{t(flip.0)}</button>
                                                </ActionForm>
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {saved.then(|| view! { <Flash millis=2000>{format!("✓ {}", t(text::SAVED_OK))}</Flash> })}
                </AdminFrame>
            }
        }/>
    }
}
