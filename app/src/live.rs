//! Live updates in the browser: one server-sent-events connection per app, turned into
//! a version number that pages key their data on. After a drop the browser reconnects by
//! itself (the server asks for a retry after 1 s); if the stream is refused (the server
//! restarting answers 503) this module reconnects with a backoff that doubles up to 30 s.
//! Each new connection's `hello` triggers a refetch, since changes may have been missed.

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
    Effect::new(move |_| connect(version, false, 1000));
}

fn connect(version: RwSignal<u64>, connected_before: bool, backoff_ms: u32) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(source) = web_sys::EventSource::new("/api/live") else {
        return;
    };
    let bump = move || version.update(|v| *v += 1);
    let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| bump());
    // The wait before starting over; a connection that said hello resets it.
    let backoff = std::rc::Rc::new(std::cell::Cell::new(backoff_ms));
    let mut seen_before = connected_before;
    let on_hello = {
        let backoff = backoff.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if seen_before {
                bump();
            }
            seen_before = true;
            backoff.set(1000);
        })
    };
    let closed = source.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        // CONNECTING: the browser retries by itself. CLOSED: it gave up; start over.
        if closed.ready_state() == web_sys::EventSource::CLOSED {
            let wait = backoff.get();
            set_timeout(
                move || connect(version, true, (wait * 2).min(30_000)),
                std::time::Duration::from_millis(u64::from(wait)),
            );
        }
    });
    let _ = source.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("hello", on_hello.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    // The listeners live as long as their source, which lives until it is closed for good.
    on_change.forget();
    on_hello.forget();
    on_error.forget();
    std::mem::forget(source);
}
