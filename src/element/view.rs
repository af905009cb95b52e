//! The boundary to the element's view (`js/run-button-view.js`), which builds and updates
//! the shadow tree. Rust says what to show, in these few typed calls; the view reports
//! what the user did (a click, the confirmation's answer) through the class shell.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/run-button-view.js")]
extern "C" {
    /// One element's view.
    #[wasm_bindgen(js_name = RunButtonView)]
    pub type View;

    /// (Every text is a JS string.)
    ///
    /// The texts that do not change with the state: the button's label (unless content
    /// is slotted), the log panel's summary, the confirmation's two buttons, the progress
    /// bar's name and the note before a log shown cut.
    #[wasm_bindgen(method)]
    pub fn texts(
        this: &View,
        label: &JsValue,
        log: &JsValue,
        accept: &JsValue,
        cancel: &JsValue,
        progress: &JsValue,
        truncated: &JsValue,
    );

    /// The `state` attribute, the badge's words (a live region, written only when they
    /// change), and whether the button is busy (it stays focusable, with
    /// `aria-disabled` and `aria-busy`, and ignores activation).
    #[wasm_bindgen(method)]
    pub fn show(this: &View, state: &str, text: &JsValue, busy: bool);

    /// Ticking from `ms` (a `Date.now()` value) when `ticking`, else a finished run's
    /// duration in milliseconds; NaN shows no time. `expected_ms`: how long the run
    /// should take, NaN when unknown.
    #[wasm_bindgen(method)]
    pub fn clock(this: &View, ms: f64, ticking: bool, expected_ms: f64);

    /// A finished run: its `duration` (seconds, when a number) and its `log`, with the
    /// log's panel open when `open`.
    #[wasm_bindgen(method)]
    pub fn end(this: &View, run: &JsValue, open: bool);

    /// The offline hint in the badge's live region; `undefined` clears it once the
    /// browser is online, null at once.
    #[wasm_bindgen(method)]
    pub fn offline(this: &View, text: &JsValue);

    /// A request failed: no time, and why (`message`, null for no reason; `{status}` in
    /// it becomes `error.status`), under the button and in the badge's announcement.
    #[wasm_bindgen(method)]
    pub fn failed(this: &View, message: &JsValue, error: &JsValue);

    /// A new run starts: the previous one's log and message go.
    #[wasm_bindgen(method)]
    pub fn clear(this: &View);

    /// Opens the confirmation; the view reports the answer (codes 14 and 15 of
    /// `Button::call`), unless the element leaves the document first.
    #[wasm_bindgen(method)]
    pub fn ask(this: &View, question: &JsValue);

    /// The variables of the form with this id in the element's document, as an object:
    /// those `only` names (the `vars` attribute, null for all), else every field an
    /// editor fills in whose name is a variable name; null when there is no such form,
    /// a string when `only` names a field the form lacks.
    #[wasm_bindgen(method, catch)]
    pub fn fields(this: &View, form: &JsValue, only: &JsValue) -> Result<JsValue, JsValue>;

    /// The element left the document: the clock stops, a pending question is cancelled.
    #[wasm_bindgen(method)]
    pub fn detach(this: &View);

    /// Dispatches event `drush-io-queued`, `-status`, `-complete` or `-error` (`event` 0
    /// to 3); `error` is left out of `detail` when undefined.
    #[wasm_bindgen(method)]
    pub fn emit(this: &View, event: u8, run: &JsValue, error: &JsValue);
}
