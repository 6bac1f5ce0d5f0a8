//! Live updates in the browser: one server-sent-events connection per page, turned into
//! a version number that pages key their data on. The browser reconnects by itself after
//! a drop; the new connection's `hello` triggers a refetch, since changes may have been
//! missed meanwhile.

use leptos::prelude::*;

/// Bumped on every change pushed by the server.
#[derive(Clone, Copy)]
pub struct LiveVersion(pub RwSignal<u64>);

/// The current live version (0 on the server and before the stream connects).
pub fn live_version() -> u64 {
    use_context::<LiveVersion>().map(|v| v.0.get()).unwrap_or(0)
}

pub fn provide_live_updates() {
    let version = RwSignal::new(0u64);
    provide_context(LiveVersion(version));
    // Effects run only in the browser.
    Effect::new(move |_| connect(version));
}

fn connect(version: RwSignal<u64>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(source) = web_sys::EventSource::new("/api/live") else {
        return;
    };
    let bump = move || version.update(|v| *v += 1);
    let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| bump());
    let mut connected_before = false;
    let on_hello = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        if connected_before {
            bump();
        }
        connected_before = true;
    });
    let _ = source.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("hello", on_hello.as_ref().unchecked_ref());
    // One stream for the page's whole life: the listeners and the source live as long.
    on_change.forget();
    on_hello.forget();
    std::mem::forget(source);
}
