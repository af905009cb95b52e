//! The element's shadow DOM: built once from a static template, then updated part by
//! part. Anything that came from a server or a user is written with `textContent`,
//! never parsed as HTML.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Element, HtmlButtonElement, HtmlDialogElement, HtmlElement, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};

use super::state::{duration_text, State};

/// Static markup only: no attribute or server value is ever spliced into it. The
/// stylesheet is `style.css` without its comments and indentation (see `build.rs`).
const TEMPLATE: &str = concat!(
    "<style>",
    include_str!(concat!(env!("OUT_DIR"), "/style.min.css")),
    "</style>",
    include_str!("template.html")
);

pub const DEFAULT_LABEL: &str = "Run job";
const DEFAULT_QUESTION: &str = "Run this job now?";

/// The parts of the shadow tree the element updates.
pub struct Parts {
    pub button: HtmlButtonElement,
    label: Element,
    state: Element,
    time: Element,
    message: HtmlElement,
    panel: HtmlElement,
    log: Element,
    pub dialog: HtmlDialogElement,
    question: Element,
}

/// A part of the static template; its type is known from the template, so it is not
/// checked at run time (which would cost an `instanceof` import per type).
fn find<T: JsCast>(root: &ShadowRoot, selector: &str) -> Result<T, JsValue> {
    Ok(root
        .query_selector(selector)?
        .ok_or_else(|| JsValue::from_str(selector))?
        .unchecked_into())
}

impl Parts {
    pub fn attach(host: &HtmlElement) -> Result<Parts, JsValue> {
        let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        root.set_inner_html(TEMPLATE);
        Ok(Parts {
            button: find(&root, ".run")?,
            label: find(&root, ".label")?,
            state: find(&root, ".state")?,
            time: find(&root, ".time")?,
            message: find(&root, ".message")?,
            panel: find(&root, ".panel")?,
            log: find(&root, ".log")?,
            dialog: find(&root, ".dialog")?,
            question: find(&root, ".question")?,
        })
    }

    /// The element's button has the keyboard focus.
    pub fn has_focus(&self, host: &HtmlElement) -> bool {
        host.shadow_root()
            .and_then(|root| root.active_element())
            .is_some_and(|active| active == **self.button)
    }

    /// Nothing has the focus any more (it fell back to the page's body), or it is
    /// somewhere in this element other than on its button.
    pub fn focus_was_dropped(&self, host: &HtmlElement) -> bool {
        let Some(document) = host.owner_document() else {
            return false;
        };
        match document.active_element() {
            None => true,
            Some(active) if active == **host => !self.has_focus(host),
            Some(active) => document.body().is_some_and(|body| active == *body),
        }
    }

    pub fn show_label(&self, label: Option<&str>) {
        self.label
            .set_text_content(Some(label.unwrap_or(DEFAULT_LABEL)));
    }

    /// The badge's words for `state`; the time is set separately as it ticks.
    pub fn show_state(&self, host: &HtmlElement, state: State) {
        let _ = host.set_attribute("state", state.as_str());
        self.state.set_text_content(Some(state.label()));
        self.button.set_disabled(state.is_in_flight());
    }

    /// Elapsed seconds while in flight, the reported duration once finished, or nothing.
    /// The ticking clock is hidden from screen readers so that the polite live region
    /// announces state changes, not every second.
    pub fn show_time(&self, seconds: Option<u64>, ticking: bool) {
        let text = seconds.map(duration_text);
        let _ = if ticking {
            self.time.set_attribute("aria-hidden", "true")
        } else {
            self.time.remove_attribute("aria-hidden")
        };
        self.time.set_text_content(text.as_deref());
    }

    /// A finished run's log, as text, in the collapsible panel; `None` hides the panel.
    /// The panel opens by itself when the run failed, where the log is what one reads next.
    pub fn show_log(&self, log: Option<&str>, open: bool) {
        self.log.set_text_content(log);
        self.panel.set_hidden(log.is_none());
        let _ = if open {
            self.panel.set_attribute("open", "")
        } else {
            self.panel.remove_attribute("open")
        };
    }

    /// Why a request failed, as text; `None` hides it.
    pub fn show_message(&self, message: Option<&str>) {
        self.message.set_text_content(message);
        self.message.set_hidden(message.is_none());
    }

    /// Opens the confirmation. Its buttons submit a `method="dialog"` form, so the
    /// dialog's `returnValue` says which one closed it (empty after Escape).
    pub fn ask(&self, question: &str) -> Result<(), JsValue> {
        let text = if question.is_empty() {
            DEFAULT_QUESTION
        } else {
            question
        };
        self.question.set_text_content(Some(text));
        self.dialog.set_return_value("");
        self.dialog.show_modal()
    }
}
