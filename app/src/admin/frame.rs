use crate::text;
use domain::{Lang, Text};
use leptos::prelude::*;

/// Which admin page is open (its tab is marked).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Records,
    Trash,
    Sellers,
    Events,
    Devices,
}

/// The admin pages' frame: the brand and the sections, then the page. Wide on a laptop,
/// a scrolling row of tabs on a phone.
#[component]
pub fn AdminFrame(lang: Lang, section: Section, children: Children) -> impl IntoView {
    let tab = |href: &'static str, label: Text, this: Option<Section>| {
        let current = this == Some(section);
        view! {
            <a class=if current { "tab current" } else { "tab" } href=href aria-current=current.then_some("page")>
                {label.get(lang)}
            </a>
        }
    };
    view! {
        <main class="admin" lang=lang.code()>
            <header class="admin-header">
                <a class="brand-name" href="/">"Lumicello"</a>
                <span class="admin-badge">{text::ADMIN.get(lang)}</span>
                <nav class="tabs admin-tabs" aria-label=text::ADMIN.get(lang)>
                    {tab("/admin", text::RECORDS, Some(Section::Records))}
                    {tab("/admin/trash", text::TRASH, Some(Section::Trash))}
                    {tab("/admin/events", text::EVENTS, Some(Section::Events))}
                    {tab("/admin/sellers", text::SELLERS, Some(Section::Sellers))}
                    {tab("/admin/devices", text::DEVICES, Some(Section::Devices))}
                    {tab("/stats", text::STATS, None)}
                    {tab("/", text::HOME, None)}
                </nav>
            </header>
            {children()}
        </main>
    }
}

/// A `<select>` over an enumeration: `blank` first ("Any", "(none)"), then the current
/// values, then the earlier versions' values that `legacy` lets through, marked as such.
pub fn enum_select<E: domain::Stored>(
    name: &'static str,
    chosen: Option<String>,
    blank: Text,
    lang: Lang,
    legacy: impl Fn(E) -> bool,
) -> impl IntoView {
    let options = E::STORED
        .iter()
        .copied()
        .filter(|v| E::CURRENT.contains(v) || legacy(*v))
        .map(|v| {
            let old = if E::CURRENT.contains(&v) {
                String::new()
            } else {
                format!(" ({})", text::LEGACY.get(lang))
            };
            let selected = chosen.as_deref() == Some(v.as_str());
            view! { <option value=v.as_str() selected=selected>{format!("{} {}{old}", v.emoji(), v.label().get(lang))}</option> }
        })
        .collect_view();
    view! {
        <select name=name>
            <option value="">{blank.get(lang)}</option>
            {options}
        </select>
    }
}
