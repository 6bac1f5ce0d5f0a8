use super::api::{AdminChangeDevice, DeviceRow, DevicesData, admin_devices};
use super::frame::{AdminFrame, Section};
use crate::components::{ErrorBanner, Flash, Loaded};
use crate::text;
use domain::seller::MAX_NAME_CHARS;
use domain::{DeviceRole, DeviceStatus, Lang, Text};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Devices: every Tailscale node that has called, with status, role, seller and when it
/// was seen; rename, assign a seller, approve, block, and grant or remove admin.
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
    let button = move |action: &'static str, label: Text, class: &'static str| {
        let key = key.clone();
        view! {
            <ActionForm action=change>
                <input type="hidden" name="device" value=key/>
                <input type="hidden" name="action" value=action/>
                <button type="submit" class=format!("button {class}") data-action=action disabled=move || busy.get()>{label.get(lang)}</button>
            </ActionForm>
        }
    };
    let status = DeviceStatus::parse(&device.status);
    let role = DeviceRole::parse(&device.role);
    let label = |value: Option<(&'static str, Text)>, raw: &str| {
        value
            .map(|(emoji, l)| format!("{emoji} {}", l.get(lang)))
            .unwrap_or_else(|| raw.to_string())
    };
    let status_text = label(status.map(|s| (s.emoji(), s.label())), &device.status);
    let role_text = label(role.map(|r| (r.emoji(), r.label())), &device.role);
    let status_actions = match status {
        Some(DeviceStatus::Pending) => vec![
            button("approve", text::APPROVE, "button-primary"),
            button("block", text::BLOCK, "button-danger-outline"),
        ],
        Some(DeviceStatus::Blocked) => vec![button("unblock", text::UNBLOCK, "")],
        _ => vec![button("block", text::BLOCK, "button-danger-outline")],
    };
    let role_action = match role {
        Some(DeviceRole::Admin) if device.configured_admin => None,
        Some(DeviceRole::Admin) => Some(button("staff", text::MAKE_STAFF, "")),
        _ => Some(button("admin", text::MAKE_ADMIN, "")),
    };
    let (rename_key, seller_key) = (device.key.clone(), device.key.clone());
    view! {
        <li class="card" data-device=device.key.clone()>
            <div class="card-head">
                <strong>{device.name.clone()}</strong>
                <span class="muted">{device.machine.clone().unwrap_or_else(|| device.key.clone())}</span>
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
                    <input type="hidden" name="action" value="rename"/>
                    <input type="text" name="value" required maxlength=MAX_NAME_CHARS.to_string() value=device.name.clone() aria-label=t(text::RENAME)/>
                    <button type="submit" class="button" disabled=move || busy.get()>{t(text::RENAME)}</button>
                </ActionForm>
                <ActionForm action=change attr:class="inline-form">
                    <input type="hidden" name="device" value=seller_key/>
                    <input type="hidden" name="action" value="seller"/>
                    <select name="value" aria-label=t(text::SELLER)>
                        <option value="">{t(text::NONE_CHOSEN)}</option>
                        {sellers.into_iter().map(|(id, name)| {
                            let selected = device.seller_id.as_deref() == Some(id.as_str());
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button" disabled=move || busy.get()>{t(text::ASSIGN)}</button>
                </ActionForm>
                {status_actions}
                {role_action}
            </div>
        </li>
    }
}
