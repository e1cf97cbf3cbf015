// Actions that count as publishing (clause iq-2): Like, Repost/Quote and Follow on X; Like, the
// reactions of the picker (Love, Haha, …) and Share on Facebook. When the user acts on a post whose text the engine flags at "warn" or above,
// a small non-modal confirmation opens next to the button ("Liking this counts as publishing it")
// with Continue / Cancel; Continue performs the original click exactly once.
//
// Low friction: clean posts pass straight through (the post is checked when the pointer reaches
// the button, so the verdict is usually known before the click), and the confirmation is shown at
// most once per post per browser session (the worker remembers a hash of the post link). Which
// post a button belongs to, and its text, come from the site adapter (`actionOf`, `postText`,
// `postKey`). If the worker cannot answer in time the click goes through: Tarawwi never traps an
// action.
'use strict';

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  if (ns.actions) return;
  const { el, root, focusables } = ns.ui;
  const { t, dir, pick } = ns.i18n;

  /**
   * @typedef {Object} ActionsHost     provided by main.js
   * @property {SiteAdapter & {actionOf?: Function, postText?: Function, postKey?: Function}} adapter
   * @property {() => boolean} active
   * @property {() => 'en'|'ar'} lang
   * @property {(msg: object) => boolean} send
   * @property {(rules: string[], action: string) => void} acknowledge
   *
   * @typedef {{findings: Finding[], messages: Object<string, RuleMessages>, asked: boolean}} ActionVerdict
   */

  const TIMEOUT_MS = 2500;
  const MAX_CACHE = 200;

  /** @type {ActionsHost|null} */
  let host = null;
  /** Posts (by key) the confirmation was shown for in this page session. */
  const asked = new Set();
  /** Posts (by key) whose click is held while their check is answered: repeats are swallowed. */
  const held = new Set();
  /** Post text → verdict (or the pending request for it). @type {Map<string, Promise<ActionVerdict|null>>} */
  const verdicts = new Map();
  /** Post text → settled verdict, for a decision without waiting. @type {Map<string, ActionVerdict>} */
  const known = new Map();
  /** @type {Map<string, (v: ActionVerdict|null) => void>} */
  const waiting = new Map();
  const cacheKey = (key, text) => `${key}\u0000${text}`;
  let nextId = 1;
  /** @type {Element|null} one-shot: the click we are replaying */
  let bypass = null;
  /** @type {{node: HTMLElement, cancel: () => void}|null} */
  let open = null;

  /** @param {ActionsHost} h */
  function install(h) {
    if (!h.adapter.actionOf) return;
    host = h;
    window.addEventListener('click', onClick, true);
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('pointerover', onPointerOver, { capture: true, passive: true });
    window.addEventListener('focusin', onPointerOver, true);
  }

  function uninstall() {
    window.removeEventListener('click', onClick, true);
    window.removeEventListener('keydown', onKeyDown, true);
    window.removeEventListener('pointerover', onPointerOver, true);
    window.removeEventListener('focusin', onPointerOver, true);
    close();
    host = null;
  }

  /** The worker answered an ActionCheckRequest. @param {ActionCheckResult} msg */
  function onResult(msg) {
    const resolve = waiting.get(msg.id);
    if (!resolve) return;
    waiting.delete(msg.id);
    resolve({ findings: Array.isArray(msg.findings) ? msg.findings : [], messages: msg.messages || {}, asked: !!msg.asked });
  }

  /** The verdict for a post's text, asked once. @param {string} key @param {string} text @returns {Promise<ActionVerdict|null>} */
  function verdictFor(key, text) {
    const ck = cacheKey(key, text);
    let p = verdicts.get(ck);
    if (p) return p;
    p = new Promise((resolve) => {
      const id = `a${nextId++}`;
      if (!host || !host.send({ kind: globalThis.tarawwi.protocol.KIND.ACTION_CHECK, id, text, key })) {
        resolve(null);
        return;
      }
      waiting.set(id, resolve);
      setTimeout(() => {
        if (waiting.delete(id)) resolve(null);
      }, TIMEOUT_MS);
    });
    // A failed check is not remembered: the next click asks again.
    p.then((v) => {
      if (v === null) {
        if (verdicts.get(ck) === p) verdicts.delete(ck);
      } else {
        known.set(ck, v);
        if (known.size > MAX_CACHE) known.delete(known.keys().next().value);
      }
    });
    verdicts.set(ck, p);
    if (verdicts.size > MAX_CACHE) verdicts.delete(verdicts.keys().next().value);
    return p;
  }

  /** What the target is an action on, if anything we gate. @param {EventTarget|null} target */
  function actionAt(target) {
    if (!host || !host.active() || !(target instanceof Element) || ns.ui.owns(target)) return null;
    const a = host.adapter.actionOf(target);
    if (!a) return null;
    const text = host.adapter.postText(a.post).trim();
    if (!text) return null;
    return { ...a, text, key: host.adapter.postKey(a.post) || text };
  }

  /** Check the post as soon as the pointer or focus reaches its button. @param {Event} e */
  function onPointerOver(e) {
    const a = actionAt(e.target);
    if (a && !asked.has(a.key)) verdictFor(a.key, a.text);
  }

  /** @param {MouseEvent} e */
  function onClick(e) {
    if (bypass) {
      if (e.target instanceof Node && bypass.contains(e.target)) {
        bypass = null;
        return;
      }
    }
    const a = actionAt(e.target);
    if (a) gate(e, a);
  }

  /** Enter / Space on a focused div[role=button] (a native <button> turns them into a click). @param {KeyboardEvent} e */
  function onKeyDown(e) {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    if (e.isComposing) return;
    const a = actionAt(e.target);
    if (a && a.control === e.target && a.control.tagName !== 'BUTTON') gate(e, a);
  }

  /** @param {Event} e */
  function stop(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  /** @param {Event} e @param {{type: string, control: Element, post: Element, text: string, key: string}} a */
  function gate(e, a) {
    if (asked.has(a.key)) return; // asked once for this post: never again this session
    if (held.has(a.key)) {
      stop(e); // a double click while the first one is being checked
      return;
    }
    if (open) close();
    const settled = known.get(cacheKey(a.key, a.text));
    if (settled && (!settled.findings.length || settled.asked)) return; // clean, or asked before: the site handles it
    const p = verdictFor(a.key, a.text);
    stop(e);
    held.add(a.key);
    p.then((v) => {
      held.delete(a.key);
      const flagged = v ? v.findings : [];
      if (!flagged.length || (v && v.asked)) {
        replay(a.control);
        return;
      }
      asked.add(a.key);
      // Never again for this post in this browser session, in this tab or another.
      host && host.send({ kind: globalThis.tarawwi.protocol.KIND.ACTION_ASKED, key: a.key });
      show(a, /** @type {ActionVerdict} */ (v));
    });
  }

  /** Perform the original click once. @param {Element} control */
  function replay(control) {
    if (!control.isConnected) return;
    bypass = control;
    try {
      /** @type {HTMLElement} */ (control).click();
    } finally {
      bypass = null;
    }
  }

  const RANK = { info: 0, warn: 1, high: 2 };

  /** @param {{type: string, control: Element}} a @param {ActionVerdict} v */
  function show(a, v) {
    close();
    const h = host;
    if (!h) return;
    const lang = h.lang();
    const top = [...v.findings].sort((x, y) => RANK[y.severity] - RANK[x.severity])[0];
    const msg = v.messages[top.rule];
    const titles = [...new Set(v.findings.map((f) => (v.messages[f.rule] ? pick(v.messages[f.rule].title, lang) : f.rule)))];
    const cancel = el('button', { type: 'button', 'data-action': 'action-cancel', text: t(lang, 'action.cancel') });
    const cont = el('button', { type: 'button', class: 'primary', 'data-action': 'action-continue', text: t(lang, 'action.continue') });
    const node = el(
      'div',
      {
        class: 'surface card action-confirm',
        role: 'alertdialog',
        'aria-modal': 'false',
        'aria-labelledby': 'tarawwi-action-title',
        'aria-describedby': 'tarawwi-action-why',
        'data-tarawwi-action': a.type,
        'data-rules': v.findings.map((f) => f.rule).join(' '),
        'data-clause': 'iq-2',
        lang,
        dir: dir(lang),
      },
      el('div', { class: 'head' }, el('span', { class: `chip ${top.severity}`, 'data-severity': top.severity, text: t(lang, `severity.${top.severity}`) }), el('strong', { id: 'tarawwi-action-title', text: t(lang, `action.title.${a.type}`) })),
      el('p', { id: 'tarawwi-action-why', class: 'why', text: t(lang, 'action.why') }),
      el('p', { class: 'flagged-list' }, t(lang, 'action.flagged'), ' ', el('strong', { text: titles.join(' · ') })),
      msg && el('p', { class: 'note', text: t(lang, 'card.clause', { id: 'iq-2' }) }),
      el('div', { class: 'actions' }, cancel, cont),
    );
    const finish = (go) => {
      if (!open || open.node !== node) return;
      close();
      if (go) {
        h.acknowledge([...new Set(v.findings.map((f) => f.rule))], a.type);
        replay(a.control);
      } else if (a.control.isConnected) /** @type {HTMLElement} */ (a.control).focus({ preventScroll: true });
    };
    cancel.addEventListener('click', () => finish(false));
    cont.addEventListener('click', () => finish(true));
    node.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        finish(false);
      } else if (e.key === 'Tab') {
        const list = focusables(node);
        const i = list.indexOf(/** @type {HTMLElement} */ (node.getRootNode().activeElement));
        e.preventDefault();
        list[e.shiftKey ? (i <= 0 ? list.length - 1 : i - 1) : (i + 1) % list.length]?.focus();
      }
      e.stopPropagation();
    });
    root().append(node);
    open = { node, cancel: () => finish(false) };
    place(node, a.control.getBoundingClientRect());
    cancel.focus({ preventScroll: true });
    // A click anywhere else on the page dismisses it (as Cancel).
    setTimeout(() => document.addEventListener('pointerdown', onOutside, true), 0);
  }

  /** @param {PointerEvent} e */
  function onOutside(e) {
    if (open && !ns.ui.owns(e.target)) open.cancel();
  }

  /** Below the button if there is room, else above; aligned to its start edge. */
  function place(node, anchor) {
    const m = 8;
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const w = node.offsetWidth;
    const h = node.offsetHeight;
    let top = anchor.bottom + 6;
    if (top + h > vh - m && anchor.top - 6 - h >= m) top = anchor.top - 6 - h;
    let left = node.dir === 'rtl' ? anchor.right - w : anchor.left;
    left = Math.max(m, Math.min(left, vw - w - m));
    node.style.top = `${Math.round(Math.max(m, top))}px`;
    node.style.left = `${Math.round(left)}px`;
  }

  function close() {
    document.removeEventListener('pointerdown', onOutside, true);
    if (!open) return;
    const { node } = open;
    open = null;
    node.remove();
  }

  const isOpen = () => !!open;

  /** Settings changed (rules, ignore list, threshold, profile): forget the verdicts. */
  function reset() {
    verdicts.clear();
    known.clear();
  }

  ns.actions = Object.freeze({ install, uninstall, onResult, isOpen, close, reset });
})();
