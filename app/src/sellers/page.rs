use super::api::{AddSeller, ChooseSeller, SellerList, seller_choices};
use crate::components::{ErrorBanner, Loaded};
use crate::text;
use domain::Text;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// "Who's selling now?": pick a name (confirming when it replaces another), or add one.
#[component]
pub fn SellerPage() -> impl IntoView {
    let choose = ServerAction::<ChooseSeller>::new();
    let add = ServerAction::<AddSeller>::new();
    let choices = Resource::new(
        move || (choose.version().get(), add.version().get()),
        |_| seller_choices(),
    );
    let query = use_query_map();
    let confirm_id = move || query.with(|q| q.get("confirm"));

    view! {
        <Loaded data=choices render=move |choices: SellerList| {
            let lang = choices.lang;
            let t = move |x: Text| x.get(lang);
            let current_id = choices.current.as_ref().map(|c| c.id.clone());
            let confirming = confirm_id().and_then(|id| choices.sellers.iter().find(|s| s.id == id).cloned());
            let pending = Signal::derive(move || choose.pending().get() || add.pending().get());
            let body = match confirming {
                Some(seller) => Either::Left(view! {
                    <section class="confirm-card" data-testid="confirm-switch">
                        <h2>{format!("{} {}?", t(text::SWITCH_TO), seller.name)}</h2>
                        <ActionForm action=choose>
                            <input type="hidden" name="seller_id" value=seller.id.clone()/>
                            <button type="submit" class="button button-primary" data-testid="confirm" disabled=pending>
                                {t(text::CONFIRM)}
                            </button>
                        </ActionForm>
                        <a class="button" href="/seller">{t(text::CANCEL)}</a>
                    </section>
                }),
                None => Either::Right(view! {
                    <ul class="seller-list">
                        {choices.sellers.is_empty().then(|| view! { <li class="empty">{t(text::NO_SELLERS_YET)}</li> })}
                        {choices.sellers.clone().into_iter().map(|s| {
                            let is_current = current_id.as_deref() == Some(s.id.as_str());
                            let tile = if is_current {
                                Either::Left(view! { <span class="seller-tile current">{format!("{} ✓", s.name)}</span> })
                            } else if current_id.is_some() {
                                // Replacing someone asks first.
                                Either::Right(Either::Left(view! {
                                    <a class="seller-tile" href=format!("/seller?confirm={}", crate::wire::encode(&s.id))>{s.name.clone()}</a>
                                }))
                            } else {
                                Either::Right(Either::Right(view! {
                                    <ActionForm action=choose>
                                        <input type="hidden" name="seller_id" value=s.id.clone()/>
                                        <button type="submit" class="seller-tile" disabled=pending>{s.name.clone()}</button>
                                    </ActionForm>
                                }))
                            };
                            view! { <li>{tile}</li> }
                        }).collect_view()}
                    </ul>
                    <ActionForm action=add>
                        <label class="field">
                            <span>{t(text::ADD_NAME)}</span>
                            <input type="text" name="name" required maxlength="60" autocomplete="off" data-testid="new-seller"/>
                        </label>
                        <button type="submit" class="button button-primary" disabled=pending>{t(text::ADD)}</button>
                    </ActionForm>
                }),
            };
            view! {
                <main class="page seller-page" lang=lang.code()>
                    <header class="page-header">
                        <a class="back" href="/" aria-label=t(text::BACK)>"←"</a>
                        <h1>{t(text::WHO_IS_SELLING)}</h1>
                    </header>
                    <ErrorBanner action=choose lang/>
                    <ErrorBanner action=add lang/>
                    {body}
                </main>
            }
        }/>
    }
}
