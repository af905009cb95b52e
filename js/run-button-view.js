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

// Sets or removes a `true` ARIA state: aria-disabled, aria-busy.
function flag(node, name, on) {
  if (on) node.setAttribute(name, 'true');
  else node.removeAttribute(name);
}

export class RunButtonView {
  // `css` is the element's stylesheet; `report` tells Rust what the user did, by the
  // codes of `Button::call` (src/element/button.rs): 2 a click, 14 and 15 the answer to
  // the confirmation.
  constructor(host, css, report) {
    this.host = host;
    const root = host.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in root) {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
      }
      root.adoptedStyleSheets = [sheet];
    } else {
      // jsdom (Jest's and many Vitest setups' DOM) has no constructable stylesheets. Every
      // browser has them, so a page's strict CSP never meets this <style>.
      add(root, 'style').textContent = css;
    }

    const bar = add(root, 'div', 'bar', 1);
    // While a run is in flight the button keeps the focus and says it is busy
    // (aria-disabled, aria-busy) rather than losing the focus to `disabled`; its
    // activations are ignored meanwhile.
    const button = (this.button = add(bar, 'button', 'button', 1));
    button.type = 'button';
    button.id = 'button';
    button.onclick = () => {
      if (!button.hasAttribute('aria-disabled')) report(2);
    };
    add(button, 'span', 'spinner').ariaHidden = 'true';
    // The label shows unless the page slotted something other than whitespace (the
    // indentation of a template between the tags counts as slotted content).
    this.label = add(button, 'span', 'label');
    const slot = (this.slot = add(button, 'slot'));
    slot.onslotchange = () => {
      this.label.hidden = slot.assignedNodes().some((node) => node.nodeType !== 3 || node.data.trim());
    };
    // The live region: its text changes once per state (a finished run's duration and a
    // failure's reason included); the ticking time is beside it, so seconds are never
    // announced.
    const badge = (this.badge = add(bar, 'span', 'badge', 1));
    badge.role = 'status';
    badge.ariaLive = 'polite';
    badge.ariaAtomic = 'true';
    this.state = add(badge, 'span', 'state');
    this.reason = add(badge, 'span', 'reason');
    // While the browser is offline, a hint (a word apart when read aloud, see `offline`).
    this.offlineHint = add(badge, 'span', 'offline');
    // Keeps the badge's words and a finished run's time two words when read aloud.
    this.space = badge.appendChild(new Text(' '));
    this.time = add(badge, 'span', 'time', 1);
    this.progress = add(bar, 'progress', 'progress', 1);
    this.progress.hidden = true;

    this.message = add(root, 'p', 'message', 1);
    // Punctuation stays with a reason in another direction than the page's.
    this.message.dir = 'auto';
    this.message.hidden = true;
    // The log's summary and region are named after the job: "Log" and the button's name.
    const panel = (this.panel = add(root, 'details', 'log-panel', 1));
    panel.hidden = true;
    const summary = add(panel, 'summary');
    this.summary = add(summary, 'span');
    this.summary.id = 'log-name';
    const log = (this.log = add(panel, 'pre', 'log', 1));
    for (const named of [summary, log]) named.setAttribute('aria-labelledby', 'log-name button');
    log.role = 'region';
    log.tabIndex = 0;
    // A cut log starts with a note in the page's language (`dir=auto`: the log itself is
    // always left to right), then the end of the text.
    this.note = add(log, 'span', 'note');
    this.note.dir = 'auto';
    this.logText = log.appendChild(new Text());

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
      // Back to the button it was opened from (the browser restores the focus to where
      // it was, which after a mouse click in Safari is nowhere).
      if (host.isConnected) button.focus();
    };
  }

  // The texts that do not depend on the state.
  texts(label, log, accept, cancel, progress, truncated) {
    this.label.textContent = label;
    this.summary.textContent = log;
    this.accept.textContent = accept;
    this.cancel.textContent = cancel;
    this.progress.ariaLabel = progress;
    this.truncated = truncated;
    if (this.note.textContent) this.note.textContent = truncated;
  }

  // The state attribute, the badge's words, and whether the button is busy. The badge
  // is only written when its words change: every element is refreshed whenever any
  // job's run is saved, and a live region rewritten with the same words may be
  // announced again.
  show(state, text, busy) {
    this.host.setAttribute('state', state);
    if (this.state.textContent !== text) this.state.textContent = text;
    flag(this.button, 'aria-disabled', busy);
    flag(this.button, 'aria-busy', busy);
  }

  // `ticking`: `ms` is when the run started and the elapsed time ticks each second,
  // beside the badge (outside the live region); else `ms` is the run's duration, shown
  // in the badge, or NaN for no time at all. While ticking with an `expectedMs` (how
  // long the client expects the run to take, NaN when it does not know), a progress bar
  // fills towards it in tenths (each step may be announced, never each second) and the
  // badge tells the time left; once the run outlasts it, the bar turns indeterminate.
  clock(ms, ticking, expectedMs) {
    clearInterval(this.ticker);
    const { time, progress, badge } = this;
    const expected = Math.round(expectedMs / 1000);
    const home = ticking ? badge.parentNode : badge;
    if (time.parentNode !== home) {
      if (ticking) badge.after(time);
      else badge.append(this.space, time);
    }
    if (ticking) this.space.remove();
    progress.hidden = !(ticking && expected > 0);
    progress.max = expected || 1;
    const show = (seconds) => {
      const lang = language(this.host);
      let text = seconds >= 0 ? durationText(seconds, lang) : '';
      if (!progress.hidden) {
        const left = expected - seconds;
        const value = left > 0 ? String(Math.floor((seconds * 10) / expected) * (expected / 10)) : null;
        if (progress.getAttribute('value') !== value) {
          if (value === null) progress.removeAttribute('value');
          else progress.setAttribute('value', value);
        }
        if (left > 0) {
          const [n, unit] = left < 60 ? [left, 'second']
            : left < 3600 ? [Math.round(left / 60), 'minute'] : [Math.round(left / 3600), 'hour'];
          text += ` (${new Intl.RelativeTimeFormat(lang, { style: 'narrow' }).format(n, unit)})`;
        }
      }
      if (time.textContent !== text) time.textContent = text;
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

  // A finished run's log as text (its end when very long, after the truncation note),
  // or none; the panel opens by itself when `open` (a failed run, whose log is what one
  // reads next).
  showLog(log, open) {
    let text = typeof log === 'string' ? log : null;
    let cut = false;
    if (text && text.length > SHOWN_LOG) {
      let start = text.length - SHOWN_LOG;
      // Never start on the second half of a surrogate pair.
      if ((text.charCodeAt(start) & 0xfc00) === 0xdc00) start++;
      text = text.slice(start);
      cut = true;
    }
    this.note.textContent = cut ? this.truncated : '';
    this.logText.data = text ?? '';
    this.panel.hidden = text === null;
    this.panel.open = open;
  }

  // Why a request failed, in the badge (so it is announced with the state) and under
  // the button; null hides it. `{status}` in the text becomes the HTTP status of `error`;
  // the server's own words follow, the string `message` of its JSON answer (a CMS
  // proxy's REST error: "This job is not on the site's list.").
  showMessage(text, error) {
    let reason = text == null ? '' : text.replace('{status}', error?.status ?? '');
    try {
      const { message } = JSON.parse(error.body);
      if (typeof message === 'string') reason = `${reason} ${message}`.trim();
    } catch {}
    this.message.textContent = reason;
    this.message.hidden = !reason;
    // Read aloud after the state's word, as the next sentence.
    const spoken = reason && `: ${reason}`;
    if (this.reason.textContent !== spoken) this.reason.textContent = spoken;
  }

  // The offline hint, read out with the badge; undefined clears it once the browser is
  // online (an answer that came while it says offline does not), null at once (the run
  // is over). (Its leading space takes no room in the badge's flex layout.)
  offline(text) {
    if (text === undefined && !navigator.onLine) return;
    const hint = text ? ` ${text}` : '';
    if (this.offlineHint.textContent !== hint) this.offlineHint.textContent = hint;
  }

  // A request failed: no time, and why.
  failed(message, error) {
    this.clock(NaN, false, NaN);
    this.showMessage(message, error);
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
    this.dialog.close?.(); // (jsdom's <dialog> has no methods)
  }

  // Dispatches one of the element's events (bubbling out of any shadow root), by its
  // code in EVENTS.
  emit(event, run, error) {
    const detail = error ? { run, error } : { run };
    const init = { bubbles: true, composed: true, detail };
    this.host.dispatchEvent(new CustomEvent(`drush-io-${EVENTS[event]}`, init));
  }
}
