// What `<drush-io-run-button>` looks like. The shadow tree is built with DOM calls and
// styled by one constructed stylesheet, so the element renders under a strict
// Content-Security-Policy with Trusted Types enforced: no HTML is parsed from a string
// and no inline style is written. Rust decides what to show (state, texts, times, log);
// this module shows it, keeps the clock ticking, and reports what the user did.

// The most of a log the panel shows (UTF-16 units); `run.log` keeps all of it, so a
// runaway job cannot freeze the page.
const SHOWN_LOG = 262144;

const EVENTS = ['queued', 'status', 'complete', 'error'];

let sheet;

// A `tag` under `parent` whose class is `name`, and its part too when `part` is set.
function add(parent, tag, name, part) {
  const node = parent.appendChild(document.createElement(tag));
  if (name) node.className = name;
  if (part) node.part = name;
  return node;
}

// The language of the element: its closest ancestor's `lang`, else the document's.
function language(host) {
  return host.closest('[lang]')?.lang || document.documentElement.lang || undefined;
}

// A span of seconds as people read it on a badge, in `lang`: minutes and seconds, or
// hours and minutes from an hour on. Intl.DurationFormat where the browser has it,
// else one unit-formatted number per unit.
function durationText(seconds, lang) {
  const parts = seconds < 3600
    ? { minutes: Math.floor(seconds / 60), seconds: seconds % 60 }
    : { hours: Math.floor(seconds / 3600), minutes: Math.floor(seconds / 60) % 60 };
  if (!parts.hours && !parts.minutes) parts.minutes = undefined;
  if (Intl.DurationFormat) {
    // Zero seconds are shown, not left out (which would leave nothing at all to show).
    const always = seconds < 3600 ? 'always' : 'auto';
    return new Intl.DurationFormat(lang, { style: 'narrow', secondsDisplay: always }).format(parts);
  }
  const out = [];
  for (const unit in parts) {
    if (parts[unit] !== undefined) {
      const style = { style: 'unit', unit: unit.slice(0, -1), unitDisplay: 'narrow' };
      out.push(new Intl.NumberFormat(lang, style).format(parts[unit]));
    }
  }
  return out.join(' ');
}

export class RunButtonView {
  // `css` is the element's stylesheet; `report` tells Rust what the user did, by the
  // codes of `Button::call` (src/element/button.rs): 2 a click, 14 and 15 the answer to
  // the confirmation.
  constructor(host, css, report) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    this.host = host;
    const root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];

    const bar = add(root, 'div', 'bar', 1);
    const button = (this.button = add(bar, 'button', 'button', 1));
    button.type = 'button';
    button.onclick = () => report(2);
    add(button, 'span', 'spinner').ariaHidden = 'true';
    this.label = add(add(button, 'slot'), 'span', 'label');
    const badge = add(bar, 'span', 'badge', 1);
    badge.role = 'status';
    badge.ariaLive = 'polite';
    badge.ariaAtomic = 'true';
    this.state = add(badge, 'span', 'state');
    badge.append(' ');
    this.time = add(badge, 'span', 'time');
    badge.append(' ');
    this.note = add(badge, 'span', 'offline');
    this.progress = add(bar, 'progress', 'progress', 1);
    this.progress.hidden = true;

    this.message = add(root, 'p', 'message', 1);
    this.message.hidden = true;
    const panel = (this.panel = add(root, 'details', 'log-panel', 1));
    panel.hidden = true;
    this.summary = add(panel, 'summary');
    this.log = add(panel, 'pre', 'log', 1);
    this.log.tabIndex = 0;

    const dialog = (this.dialog = add(root, 'dialog', 'dialog', 1));
    dialog.setAttribute('aria-labelledby', 'question');
    const form = add(dialog, 'form');
    form.method = 'dialog';
    this.question = add(form, 'p', 'question');
    this.question.id = 'question';
    const actions = add(form, 'div', 'actions');
    this.accept = add(actions, 'button', 'confirm-accept', 1);
    this.accept.value = 'accept';
    this.cancel = add(actions, 'button', 'confirm-cancel', 1);
    this.cancel.autofocus = true;
    dialog.onclose = () => {
      if (this.asking) report(dialog.returnValue === 'accept' ? 14 : 15);
      this.asking = false;
    };
  }

  // The texts that do not depend on the state.
  texts(label, log, accept, cancel) {
    this.label.textContent = label;
    this.summary.textContent = log;
    this.accept.textContent = accept;
    this.cancel.textContent = cancel;
  }

  // The state attribute, the badge's words, and whether the button takes clicks. A
  // button disabled while it had the focus gets it back once enabled (a task later,
  // when nothing else took it meanwhile), so keyboard users stay where they were.
  show(state, text, busy) {
    const button = this.button;
    this.host.setAttribute('state', state);
    this.state.textContent = text;
    if (busy && !button.disabled) {
      this.refocus = this.host.shadowRoot.activeElement === button;
    }
    if (!busy && button.disabled && this.refocus) {
      this.refocus = false;
      setTimeout(() => {
        const active = document.activeElement;
        const inside = active === this.host && this.host.shadowRoot.activeElement !== button;
        if (!active || active === document.body || inside) {
          button.focus();
        }
      });
    }
    button.disabled = busy;
  }

  // `ticking`: `ms` is when the run started and the elapsed time ticks each second
  // (hidden from screen readers, so the live region announces states, not seconds);
  // else `ms` is the run's duration, or NaN for no time at all. While ticking with an
  // `expectedMs` (how long the client expects the run to take, NaN when it does not
  // know), a progress bar fills towards it and the badge tells the time left, until
  // the run outlasts it.
  clock(ms, ticking, expectedMs) {
    clearInterval(this.ticker);
    const { time, progress } = this;
    const expected = Math.round(expectedMs / 1000);
    time.ariaHidden = ticking ? 'true' : null;
    progress.hidden = !(ticking && expected > 0);
    progress.max = expected || 1;
    const show = (seconds) => {
      const lang = language(this.host);
      let text = seconds >= 0 ? durationText(seconds, lang) : '';
      if (!progress.hidden) {
        progress.value = Math.min(seconds, expected);
        const left = expected - seconds;
        if (left > 0) {
          const [n, unit] = left < 60 ? [left, 'second']
            : left < 3600 ? [Math.round(left / 60), 'minute'] : [Math.round(left / 3600), 'hour'];
          text += ` (${new Intl.RelativeTimeFormat(lang, { style: 'narrow' }).format(n, unit)})`;
        }
      }
      time.textContent = text;
    };
    if (ticking) {
      const tick = () => show(Math.max(0, Math.floor((Date.now() - ms) / 1000)));
      tick();
      this.ticker = setInterval(tick, 1000);
    } else {
      show(Math.round(ms / 1000));
    }
  }

  // A finished run: the duration the server reported (seconds, when a number not below
  // zero; no time otherwise) and its log.
  end(run, open) {
    const { duration } = run;
    this.clock(typeof duration === 'number' && duration >= 0 ? duration * 1000 : NaN, false, NaN);
    this.showLog(run.log, open);
  }

  // A finished run's log as text (its end when very long), or none; the panel opens by
  // itself when `open` (a failed run, whose log is what one reads next).
  showLog(log, open) {
    let text = typeof log === 'string' ? log : null;
    if (text && text.length > SHOWN_LOG) {
      let start = text.length - SHOWN_LOG;
      // Never start on the second half of a surrogate pair.
      if ((text.charCodeAt(start) & 0xfc00) === 0xdc00) start++;
      text = `[… earlier output not shown]\n${text.slice(start)}`;
    }
    this.log.textContent = text;
    this.panel.hidden = text === null;
    this.panel.open = open;
  }

  // Why a request failed, as text; null hides it.
  showMessage(text) {
    this.message.textContent = text;
    this.message.hidden = text == null;
  }

  // The offline hint, read out with the badge; undefined clears it once the browser is
  // online (an answer that came while it says offline does not).
  offline(text) {
    if (text !== undefined || navigator.onLine) this.note.textContent = text ?? '';
  }

  // A request failed: no time, and why.
  failed(message) {
    this.clock(NaN, false, NaN);
    this.showMessage(message);
  }

  // A new run starts: the previous one's log and message go.
  clear() {
    this.showMessage(null);
    this.showLog(null, false);
  }

  // Opens the confirmation; its answer is reported when it closes (Escape cancels).
  ask(question) {
    this.question.textContent = question;
    this.dialog.returnValue = '';
    this.asking = true;
    this.dialog.showModal();
  }

  // The variables of the form with id `id` in the element's document, as an object of
  // strings (a name given twice keeps its last value), or null when there is no such
  // form. With `only` (the `vars` attribute: names separated by spaces), exactly those
  // fields, or the first name the form lacks. Else the fields an editor fills in whose
  // names are variable names: hidden fields (a CMS's form_token, form_build_id, form_id),
  // buttons and files never go, nor names like field_x[0][value].
  fields(id, only) {
    const form = this.host.ownerDocument.getElementById(id);
    if (!(form instanceof HTMLFormElement)) return null;
    const names = only?.split(/\s+/).filter(Boolean);
    const sent = new Set(names);
    for (const name of names ?? []) {
      if (!form.elements.namedItem(name)) return name;
    }
    if (!names) {
      for (const { name, type } of form.elements) {
        if (/^[A-Za-z_]\w*$/.test(name) && !/^(hidden|file|submit|button|reset|image)$/.test(type)) sent.add(name);
      }
    }
    const fields = {};
    for (const [name, value] of new FormData(form)) {
      if (sent.has(name) && typeof value === 'string') fields[name] = value;
    }
    return fields;
  }

  // The element left the document: the clock stops and a pending question is dropped
  // unanswered.
  detach() {
    clearInterval(this.ticker);
    this.asking = false;
    this.dialog.close();
  }

  // Dispatches one of the element's events (bubbling out of any shadow root), by its
  // code in EVENTS.
  emit(event, run, error) {
    const detail = error ? { run, error } : { run };
    const init = { bubbles: true, composed: true, detail };
    this.host.dispatchEvent(new CustomEvent(`drush-io-${EVENTS[event]}`, init));
  }
}
