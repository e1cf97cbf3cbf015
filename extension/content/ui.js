// The content script's own UI surface: one host element on <html> (never inside an editor, never
// inside the page's React trees) with an open shadow root that holds the warning card and the
// review panel, their styles, and the shared rendering of one finding.
'use strict';

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  if (ns.ui) return;
  const { t, pick, textLang, dir } = ns.i18n;

  const CSS_TEXT = `
:host { all: initial; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.surface {
  --bg: #ffffff; --fg: #14171a; --muted: #536471; --line: #d7dde2; --soft: #f4f6f8;
  --accent: #0f766e; --accent-fg: #ffffff; --focus: #1d9bf0;
  --high: #c62828; --warn: #b26a00; --info: #1565c0;
  --high-bg: #fdecea; --warn-bg: #fff4e0; --info-bg: #e8f1fb;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Naskh Arabic", Tahoma, sans-serif;
  color: var(--fg);
}
@media (prefers-color-scheme: dark) {
  .surface {
    --bg: #1b1f24; --fg: #e7e9ea; --muted: #9aa4ad; --line: #38414a; --soft: #242a31;
    --accent: #2dd4bf; --accent-fg: #06201d; --focus: #8ecdf8;
    --high: #ff8a80; --warn: #ffc94d; --info: #8ec5ff;
    --high-bg: #3a1f1f; --warn-bg: #3a2f14; --info-bg: #17293d;
  }
}
.card, .panel {
  background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 12px;
  box-shadow: 0 8px 28px rgba(0,0,0,.22); text-align: start;
}
.card {
  position: fixed; z-index: 2147483647; width: min(380px, calc(100vw - 16px));
  max-height: min(70vh, 520px); overflow: auto; padding: 12px 14px; pointer-events: auto;
  animation: pop .12s ease-out;
}
.backdrop {
  position: fixed; inset: 0; z-index: 2147483646; background: rgba(15, 20, 25, .45);
  display: flex; align-items: center; justify-content: center; padding: 16px; pointer-events: auto;
}
.panel {
  width: min(560px, 100%); max-height: calc(100vh - 32px); padding: 18px 0 14px;
  display: flex; flex-direction: column; overflow: hidden;
  animation: pop .14s ease-out;
}
.panel-head, .panel-foot { flex: none; padding: 0 20px; }
.panel .details { flex: 1 1 auto; min-height: 60px; overflow: auto; padding: 8px 20px; border-block: 1px solid var(--line); }
.panel .details:focus-visible { outline: 3px solid var(--focus); outline-offset: -3px; }
@keyframes pop { from { opacity: 0; transform: translateY(4px); } to { opacity: 1; transform: none; } }
@media (prefers-reduced-motion: reduce) { .card, .panel { animation: none; } }
h2 { font-size: 17px; margin: 0 0 6px; }
h3 { font-size: 15px; margin: 8px 0 4px; }
h4 { font-size: 12px; margin: 10px 0 2px; color: var(--muted); font-weight: 600; }
p { margin: 2px 0 6px; }
.head { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.chip { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 600; }
.chip.high { color: var(--high); background: var(--high-bg); }
.chip.warn { color: var(--warn); background: var(--warn-bg); }
.chip.info { color: var(--info); background: var(--info-bg); }
.category { color: var(--muted); font-size: 12px; }
.flagged { background: var(--soft); border-radius: 6px; padding: 4px 8px; display: inline-block; max-width: 100%; overflow-wrap: anywhere; }
.clause { margin: 4px 0; }
.quote { margin: 4px 0; padding: 6px 10px; border-inline-start: 3px solid var(--accent); background: var(--soft); border-radius: 4px; white-space: pre-line; overflow-wrap: anywhere; }
.quote[lang="ar"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", Tahoma, "Segoe UI", system-ui, sans-serif; font-size: 15px; }
.notice { color: var(--warn); background: var(--warn-bg); border-radius: 6px; padding: 4px 8px; margin: 6px 0; font-size: 13px; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 12px; justify-content: flex-end; }
.actions.start { justify-content: flex-start; margin-top: 4px; }
.nav { display: flex; gap: 8px; align-items: center; justify-content: space-between; margin: 6px 0 2px; }
.hint, .note { color: var(--muted); font-size: 12px; margin-top: 8px; }
button {
  font: inherit; font-weight: 600; border-radius: 999px; padding: 6px 14px; cursor: pointer;
  border: 1px solid var(--line); background: var(--bg); color: var(--fg);
}
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); }
button.danger { border-color: var(--high); color: var(--high); }
button:disabled { opacity: .45; cursor: default; }
button:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
button.icon { padding: 2px 9px; margin-inline-start: auto; border: 0; font-size: 16px; line-height: 1; }
`;

  /** @type {{host: HTMLElement, root: ShadowRoot}|null} */
  let surface = null;

  /** The shadow root, created on first use and re-attached if the page removed the host. */
  function root() {
    if (!surface) {
      const host = document.createElement('div');
      host.setAttribute('data-tarawwi-ui', '');
      host.style.cssText = 'all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;';
      const shadow = host.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = CSS_TEXT;
      shadow.append(style);
      surface = { host, root: shadow };
    }
    if (!surface.host.isConnected) document.documentElement.append(surface.host);
    return surface.root;
  }

  /** Whether a node (or event path) belongs to our UI. @param {Node|EventTarget|null} node */
  const owns = (node) => !!surface && !!node && (node === surface.host || surface.host.contains(/** @type {Node} */ (node)) || surface.root.contains(/** @type {Node} */ (node)));

  /**
   * Tiny element builder. Strings become text nodes (never HTML).
   * @param {string} tag @param {Object<string, any>} [props] @param {...(Node|string|null|undefined|false)} children
   * @returns {HTMLElement}
   */
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
    return e;
  }

  /**
   * One finding, explained: severity, category, title, the flagged words, the clause quoted in
   * Arabic and English, why, and a safer wording.
   * @param {Finding} f @param {RuleMessages|undefined} msg @param {'en'|'ar'} lang
   * @param {{idPrefix: string}} opts
   * @returns {HTMLElement}
   */
  function findingDetails(f, msg, lang, { idPrefix }) {
    const clause = msg && msg.clause;
    const flaggedLang = textLang(f.text);
    const safer = msg ? pick(msg.safer, lang) : '';
    const saferOther = msg && flaggedLang !== lang ? pick(msg.safer, flaggedLang) : '';
    return el(
      'div',
      { class: 'finding', 'data-rule': f.rule, 'data-clause': f.clause },
      el(
        'div',
        { class: 'head' },
        el('span', { class: `chip ${f.severity}`, 'data-severity': f.severity, text: t(lang, `severity.${f.severity}`) }),
        el('span', { class: 'category', text: t(lang, `category.${f.category}`) }),
      ),
      el('h3', { id: `${idPrefix}-title`, class: 'title', text: msg ? pick(msg.title, lang) : f.rule }),
      el('h4', { text: t(lang, 'card.flagged') }),
      el('bdi', { class: 'flagged', dir: 'auto', lang: flaggedLang, text: f.text }),
      el('h4', { text: t(lang, 'card.clause', { id: f.clause }) }),
      clause &&
        el(
          'div',
          { class: 'clause', 'data-clause': clause.id },
          el('div', { class: 'clause-title', text: pick(clause.title, lang) }),
          el('blockquote', { class: 'quote', dir: 'rtl', lang: 'ar', 'data-lang': 'ar', text: clause.text.ar }),
          el('blockquote', { class: 'quote', dir: 'ltr', lang: 'en', 'data-lang': 'en', text: clause.text.en }),
        ),
      msg && el('h4', { text: t(lang, 'card.why') }),
      msg && el('p', { class: 'why', text: pick(msg.why, lang) }),
      safer && el('h4', { text: t(lang, 'card.safer') }),
      safer && el('p', { class: 'safer', text: safer }),
      saferOther && el('p', { class: 'safer', dir: dir(flaggedLang), lang: flaggedLang, text: saferOther }),
    );
  }

  /**
   * The elements Tab can reach inside `container`, in order.
   * @param {Element} container
   * @returns {HTMLElement[]}
   */
  const focusables = (container) =>
    /** @type {HTMLElement[]} */ ([...container.querySelectorAll('button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])')]);

  ns.ui = Object.freeze({ root, owns, el, findingDetails, focusables });
})();
