use super::api::{AdminDeleteRecord, AdminRestoreRecord, AdminUpdateRecord, admin_record};
use super::frame::{AdminFrame, Section, enum_select};
use super::types::{HistoryEntry, RecordData};
use crate::components::{ErrorBanner, Flash, Loaded, TextArea};
use crate::text;
use domain::money::{SINGLE_BOX_PRICES, fixed_price};
use domain::rules::{MAX_NOTES_CHARS, MAX_QUANTITY};
use domain::{Hook, Lang, LeadType, Objection, Persona, SaleType, Text, format_baht};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// One record: every field, editable under the same rules as logging (fields that stop
/// applying are cleared, the total is the server's), delete with a confirmation, restore
/// from the trash, and the edit history.
#[component]
pub fn RecordPage() -> impl IntoView {
    let params = use_params_map();
    let update = ServerAction::<AdminUpdateRecord>::new();
    let delete = ServerAction::<AdminDeleteRecord>::new();
    let restore = ServerAction::<AdminRestoreRecord>::new();
    let data = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                update.version().get(),
                restore.version().get(),
            )
        },
        |(id, _, _)| admin_record(id),
    );
    view! { <Loaded data render=move |record: RecordData| view! { <Record record update delete restore/> }/> }
}

#[component]
fn Record(
    record: RecordData,
    update: ServerAction<AdminUpdateRecord>,
    delete: ServerAction<AdminDeleteRecord>,
    restore: ServerAction<AdminRestoreRecord>,
) -> impl IntoView {
    let lang = record.lang;
    let t = move |x: Text| x.get(lang);
    let query = use_query_map();
    let flag = move |name: &str| query.with_untracked(|q| q.get(name).is_some());
    // Follows the URL: "Delete" is a link to the same page asking to confirm.
    let confirming = move || query.with(|q| q.get("confirm").is_some());
    let id = record.id.to_string();
    let flash = if flag("saved") {
        Some(text::CHANGES_SAVED)
    } else if flag("restored") {
        Some(text::RESTORED)
    } else {
        None
    };
    let trash_actions = record.deleted.clone().map(|ago| {
        let purge = format!("/admin/trash?confirm={id}");
        let id = id.clone();
        view! {
            <section class="notice trash-notice" data-testid="in-trash">
                <p>{format!("🗑 {} · {} {ago}", t(text::IN_TRASH), t(text::DELETED_AGO))}</p>
                <ActionForm action=restore>
                    <input type="hidden" name="id" value=id.clone()/>
                    <button type="submit" class="button button-primary" data-testid="restore" disabled=move || restore.pending().get()>
                        {t(text::RESTORE)}
                    </button>
                </ActionForm>
                <a class="button" href=purge>{t(text::DELETE_FOREVER)}</a>
            </section>
        }
    });
    let delete_part = record.deleted.is_none().then(|| {
        let (cancel, ask) = (format!("/admin/record/{id}"), format!("/admin/record/{id}?confirm=delete"));
        let id = id.clone();
        move || if confirming() {
            let (id, cancel) = (id.clone(), cancel.clone());
            view! {
                <section class="confirm-card" data-testid="confirm-delete">
                    <h2>{t(text::CONFIRM_DELETE)}</h2>
                    <p>{t(text::CONFIRM_DELETE_HINT)}</p>
                    <ActionForm action=delete>
                        <input type="hidden" name="id" value=id.clone()/>
                        <button type="submit" class="button button-danger" data-testid="yes-delete" disabled=move || delete.pending().get()>
                            {t(text::YES_DELETE)}
                        </button>
                    </ActionForm>
                    <a class="button" href=cancel>{t(text::CANCEL)}</a>
                </section>
            }
            .into_any()
        } else {
            view! {
                <a class="button button-danger-outline" href=ask.clone() data-testid="delete">
                    {t(text::DELETE)}
                </a>
            }
            .into_any()
        }
    });
    let history = record.history.clone();
    view! {
        <AdminFrame lang section=Section::Records>
            <header class="page-header">
                <a class="back" href="/admin" aria-label=t(text::BACK)>"←"</a>
                <h1>{format!("{} · {}", t(text::RECORD), record.when)}</h1>
            </header>
            <p class="record-summary" data-testid="summary">{record.summary.clone()}</p>
            <p class="record-origin">{format!("{} {}", t(text::RECORDED_ON), record.device_name)}</p>
            {trash_actions}
            <ErrorBanner action=update lang/>
            <ErrorBanner action=delete lang/>
            <ErrorBanner action=restore lang/>
            {record.deleted.is_none().then(|| view! { <EditForm record=record.clone() update/> })}
            {delete_part}
            <History entries=history lang/>
            {flash.map(|message| view! { <Flash millis=2500>{format!("✓ {}", t(message))}</Flash> })}
        </AdminFrame>
    }
}

/// The edit form. It is a plain form posting every field; after hydration it hides the
/// fields the chosen shape does not use and shows the total the server will compute.
#[component]
fn EditForm(record: RecordData, update: ServerAction<AdminUpdateRecord>) -> impl IntoView {
    let lang = record.lang;
    let t = move |x: Text| x.get(lang);
    let engaged = RwSignal::new(record.engaged);
    let sale = RwSignal::new(record.sale_type.clone().unwrap_or_default());
    let qty = RwSignal::new(record.quantity.unwrap_or(1));
    let price = RwSignal::new(record.unit_price);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    // Before hydration every field shows: the server ignores the ones that do not apply.
    let shown = move |visible: bool| !hydrated.get() || visible;
    let is = move |value: SaleType| move || sale.get() == value.as_str();
    let total = move || match SaleType::parse(&sale.get()) {
        Some(SaleType::Single) => price.get().map(|p| i64::from(qty.get()) * p),
        Some(other) => fixed_price(other),
        None => None,
    };
    let pending = update.pending();
    view! {
        <ActionForm action=update attr:class="edit-form" attr:data-testid="edit-form">
            <input type="hidden" name="id" value=record.id.to_string()/>
            <input type="hidden" name="version" value=record.version.map(|v| v.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)).unwrap_or_default()/>
            <input type="hidden" name="at_was" value=record.at_local.clone()/>
            <fieldset class="kind">
                <legend>{t(text::TYPE)}</legend>
                <label><input type="radio" name="kind" value="walk_by" checked=!record.engaged on:change=move |_| engaged.set(false)/>
                    {format!("🚶 {}", domain::InteractionType::WalkBy.label().get(lang))}</label>
                <label><input type="radio" name="kind" value="conversation" checked=record.engaged on:change=move |_| engaged.set(true)/>
                    {format!("💬 {}", domain::InteractionType::Conversation.label().get(lang))}</label>
            </fieldset>
            <div class="conversation-fields" class:hidden=move || !shown(engaged.get())>
                <label class="field"><span>{t(text::PERSONA)}</span>
                    {enum_select::<Persona>("persona", record.persona.clone(), text::NONE_CHOSEN, lang, held(record.persona.clone()))}</label>
                <label class="field"><span>{t(text::HOOK)}</span>
                    {enum_select::<Hook>("hook", record.hook.clone(), text::NONE_CHOSEN, lang, held(record.hook.clone()))}</label>
                <label class="field"><span>{t(text::OUTCOME)}</span>
                    <span class="contents" on:change=move |ev| sale.set(event_target_value(&ev))>
                        {enum_select::<SaleType>("sale", record.sale_type.clone(), text::NONE_CHOSEN, lang, held(record.sale_type.clone()))}
                    </span>
                </label>
                <div class="single-fields" class:hidden=move || !shown(is(SaleType::Single)())>
                    <label class="field"><span>{t(text::QUANTITY)}</span>
                        <input type="number" name="qty" min="1" max=MAX_QUANTITY.to_string() inputmode="numeric"
                            value=record.quantity.map(|q| q.to_string()).unwrap_or_default()
                            on:input=move |ev| if let Ok(q) = event_target_value(&ev).parse() { qty.set(q) }/></label>
                    <label class="field"><span>{t(text::PRICE)}</span>
                        <select name="price" on:change=move |ev| price.set(event_target_value(&ev).parse().ok())>
                            <option value="">{t(text::NONE_CHOSEN)}</option>
                            {SINGLE_BOX_PRICES.iter().map(|(p, name)| view! {
                                <option value=p.to_string() selected=record.unit_price == Some(*p)>{format!("{} {}", format_baht(*p), name.get(lang))}</option>
                            }).collect_view()}
                        </select></label>
                </div>
                <label class="field" class:hidden=move || !shown(is(SaleType::None)())><span>{t(text::OBJECTION)}</span>
                    {enum_select::<Objection>("objection", record.objection.clone(), text::NONE_CHOSEN, lang, held(record.objection.clone()))}</label>
                <label class="field"><span>{t(text::LEAD)}</span>
                    {enum_select::<LeadType>("lead", record.lead_type.clone(), text::NONE_CHOSEN, lang, held(record.lead_type.clone()))}</label>
                <p class="live-total" data-testid="edit-total">
                    {move || total().map(|n| format!("{} {}", t(text::TOTAL), format_baht(n))).unwrap_or_default()}
                </p>
            </div>
            <label class="field"><span>{t(text::NOTES)}</span>
                <TextArea name="notes" text=record.notes.clone().unwrap_or_default()
                    attr:rows="3" attr:maxlength=MAX_NOTES_CHARS.to_string() attr:data-testid="notes"/></label>
            <label class="field"><span>{t(text::TIME)}</span>
                <input type="datetime-local" name="at" value=record.at_local.clone() data-testid="edit-at"/></label>
            <label class="field"><span>{t(text::SELLER)}</span>
                <select name="seller">
                    <option value="">{t(text::NONE_CHOSEN)}</option>
                    {record.sellers.iter().map(|(id, name)| view! {
                        <option value=id.clone() selected=record.seller_id.as_deref() == Some(id.as_str())>{name.clone()}</option>
                    }).collect_view()}
                </select></label>
            <label class="field"><span>{t(text::EVENT)}</span>
                <select name="event" data-testid="edit-event">
                    {record.events.iter().map(|(id, name)| view! {
                        <option value=id.clone() selected=record.event_id.as_deref() == Some(id.as_str())>{name.clone()}</option>
                    }).collect_view()}
                </select></label>
            <button type="submit" class="button button-primary" data-testid="save" disabled=move || pending.get()>
                {move || if pending.get() { t(text::SAVING) } else { t(text::SAVE_CHANGES) }}
            </button>
        </ActionForm>
    }
}

/// Lets an earlier version's value through only where the record already holds it.
fn held<E: domain::Stored>(stored: Option<String>) -> impl Fn(E) -> bool {
    move |v| stored.as_deref() == Some(v.as_str())
}

#[component]
pub fn History(entries: Vec<HistoryEntry>, lang: Lang) -> impl IntoView {
    view! {
        <section class="panel history" data-testid="history">
            <h2>{text::HISTORY.get(lang)}</h2>
            {if entries.is_empty() {
                view! { <p class="empty">{text::NO_HISTORY.get(lang)}</p> }.into_any()
            } else {
                view! {
                    <ol>
                        {entries.into_iter().map(|e| view! {
                            <li>
                                <p class="history-head"><strong>{e.action}</strong>{format!(" · {} · {}", e.when, e.who)}</p>
                                {(!e.changes.is_empty()).then(|| view! {
                                    <ul class="changes">{e.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
