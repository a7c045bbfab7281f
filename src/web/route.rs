//! A single-page app's routes, as the JS entry reports them: widgets appeared (a route rendered
//! its own) or the app navigated through the history. The core (`core::page`) decides whether
//! the browser is on another page.

use super::{context, now, Shell};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = RawEngine)]
impl Shell {
    /// Widgets or items appeared: the page follows the browser to where it is now, should a
    /// single-page app have changed route. Returns the update (nothing: the same page).
    pub fn follow(&mut self) -> JsValue {
        match self
            .page
            .follow(context::place(&self.doc, &self.here), now())
        {
            Some(u) => {
                self.debug_segments("route followed", &u);
                self.answer(&u)
            }
            None => JsValue::UNDEFINED,
        }
    }

    /// The app navigated through the history (`pushState`, `replaceState`, back or forward);
    /// returns the update.
    pub fn navigated(&mut self) -> JsValue {
        let u = self
            .page
            .navigated(context::place(&self.doc, &self.here), now());
        if u.counted && self.follows_history() {
            self.recorded("page_view", 0, &u);
        }
        self.answer(&u)
    }

    /// Whether the config asks to follow history navigation (`tracking.history`).
    #[wasm_bindgen(js_name = followsHistory)]
    pub fn follows_history(&self) -> bool {
        self.page.engine().program().track_history
    }

    /// How long (ms) widgets still wait for the visitor's decision on storage; 0 when they do not.
    #[wasm_bindgen(js_name = consentWait)]
    pub fn consent_wait(&self) -> f64 {
        self.page.consent_wait(now()) as f64
    }
}
