use super::api::{AdminChangeDevice, admin_devices};
use super::frame::{AdminFrame, Section};
use super::types::{DeviceRow, DevicesData};
use crate::components::{ErrorBanner, Flash, Loaded};
use crate::text;
use domain::seller::MAX_NAME_CHARS;
use domain::{DeviceAction, DeviceRole, DeviceStatus, Lang, Text};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Devices: every Tailscale node that has called (those waiting for approval first), with
/// status, role, seller and when it was seen; rename, assign a seller, approve, block
/// (after a confirmation: it stops a phone mid-shift), and grant or remove admin.
#[component]
pub fn DevicesPage() -> impl IntoView {
    let change = ServerAction::<AdminChangeDevice>::new();
    let data = Resource::new(
        move || (change.version().get(), crate::live::live_version()),
        |_| admin_devices(),
    );
    view! {
        <Loaded data render=move |data: DevicesData| {
            let lang = data.lang;
            let t = move |x: Text| x.get(lang);
            let saved = use_query_map().with_untracked(|q| q.get("saved").is_some());
            view! {
                <AdminFrame lang section=Section::Devices>
                    <h1>{t(text::DEVICES)}</h1>
                    <ErrorBanner action=change lang/>
                    {if data.devices.is_empty() {
                        view! { <p class="empty-state">{t(text::NO_DEVICES)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="card-list" data-testid="devices">
                                {data.devices.clone().into_iter().map(|d| view! {
                                    <Device device=d sellers=data.sellers.clone() change lang/>
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

#[component]
fn Device(
    device: DeviceRow,
    sellers: Vec<(String, String)>,
    change: ServerAction<AdminChangeDevice>,
    lang: Lang,
) -> impl IntoView {
    let t = move |x: Text| x.get(lang);
    let busy = change.pending();
    let key = device.key.clone();
    // One button = one change: a form with the device, the action and maybe a value.
    let button = move |action: DeviceAction, class: &'static str| {
        let key = key.clone();
        view! {
            <ActionForm action=change>
                <input type="hidden" name="device" value=key/>
                <input type="hidden" name="action" value=action.as_str()/>
                <button type="submit" class=format!("button {class}") data-action=action.as_str() disabled=move || busy.get()>{action.label().get(lang)}</button>
            </ActionForm>
        }
    };
    let (status, role) = (device.status, device.role);
    let status_text = format!("{} {}", status.emoji(), status.label().get(lang));
    let role_text = format!("{} {}", role.emoji(), role.label().get(lang));
    // Block asks first (a link to this page with `?block=<device>`), and is never offered
    // on the admin's own device (the server refuses it too).
    let ask_block = (!device.is_me).then(|| {
        view! {
            <a class="button button-danger-outline" data-action=DeviceAction::Block.as_str()
                href=format!("/admin/devices?block={key}#device-{key}", key = crate::wire::encode(&device.key))>{DeviceAction::Block.label().get(lang)}</a>
        }
    });
    let status_actions = match status {
        DeviceStatus::Pending => view! { {button(DeviceAction::Approve, "button-primary")} {ask_block} }.into_any(),
        DeviceStatus::Blocked => button(DeviceAction::Unblock, "").into_any(),
        DeviceStatus::Active => view! { {ask_block} }.into_any(),
    };
    let query = use_query_map();
    let confirming = {
        let key = device.key.clone();
        move || query.with(|q| q.get("block")).is_some_and(|k| k == key)
    };
    let (name, block_key, is_me) = (device.name.clone(), device.key.clone(), device.is_me);
    let confirm_block = move || {
        let (name, block_key) = (name.clone(), block_key.clone());
        (confirming() && !is_me).then(move || {
            view! {
                <div class="confirm-card" data-testid="confirm-block">
                    <h3>{t(text::CONFIRM_BLOCK).replace("{name}", &name)}</h3>
                    <p>{t(text::CONFIRM_BLOCK_HINT)}</p>
                    <ActionForm action=change>
                        <input type="hidden" name="device" value=block_key.clone()/>
                        <input type="hidden" name="action" value=DeviceAction::Block.as_str()/>
                        <button type="submit" class="button button-danger" data-testid="yes-block" disabled=move || busy.get()>{t(text::YES_BLOCK)}</button>
                    </ActionForm>
                    <a class="button" href="/admin/devices">{t(text::CANCEL)}</a>
                </div>
            }
        })
    };
    let role_action = match role {
        DeviceRole::Admin if device.configured_admin => None,
        DeviceRole::Admin => Some(button(DeviceAction::Staff, "")),
        DeviceRole::Staff => Some(button(DeviceAction::Admin, "")),
    };
    let (rename_key, seller_key) = (device.key.clone(), device.key.clone());
    view! {
        <li class="card" data-device=device.key.clone() id=format!("device-{}", crate::wire::encode(&device.key))>
            <div class="card-head">
                <strong>{device.name.clone()}</strong>
                // The machine name only where it says something the name does not.
                {device.machine.clone().filter(|m| !m.eq_ignore_ascii_case(&device.name)).map(|m| view! { <span class="muted">{m}</span> })}
                {device.is_me.then(|| view! { <span class="badge ok">{t(text::THIS_DEVICE)}</span> })}
            </div>
            <p>
                <span class="badge" data-testid="status">{status_text}</span>" "
                <span class="badge" data-testid="role">{role_text}</span>
                {device.configured_admin.then(|| view! { <span class="muted">{format!(" ({})", t(text::BY_CONFIGURATION))}</span> })}
            </p>
            <p class="muted">{format!("{}: {} · {}: {} · {}: {}",
                t(text::SELLER), device.seller.clone().unwrap_or_else(|| "–".into()),
                t(text::FIRST_SEEN), device.first_seen.clone().unwrap_or_else(|| "–".into()),
                t(text::LAST_SEEN), device.last_seen.clone().unwrap_or_else(|| "–".into()))}</p>
            <div class="row-actions">
                <ActionForm action=change attr:class="inline-form">
                    <input type="hidden" name="device" value=rename_key/>
                    <input type="hidden" name="action" value=DeviceAction::Rename.as_str()/>
                    <input type="text" name="value" required maxlength=MAX_NAME_CHARS.to_string() value=device.name.clone() aria-label=DeviceAction::Rename.label().get(lang)/>
                    <button type="submit" class="button" disabled=move || busy.get()>{DeviceAction::Rename.label().get(lang)}</button>
                </ActionForm>
                <ActionForm action=change attr:class="inline-form">
                    <input type="hidden" name="device" value=seller_key/>
                    <input type="hidden" name="action" value=DeviceAction::Seller.as_str()/>
                    <select name="value" aria-label=t(text::SELLER)>
                        <option value="">{t(text::NONE_CHOSEN)}</option>
                        {sellers.into_iter().map(|(id, name)| {
                            let selected = device.seller_id.as_deref() == Some(id.as_str());
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button" disabled=move || busy.get()>{DeviceAction::Seller.label().get(lang)}</button>
                </ActionForm>
                {status_actions}
                {role_action}
            </div>
            {confirm_block}
        </li>
    }
}
