// The warning card: explains one finding next to its words. Opens on hover (no focus change) or
// with the keyboard shortcut (focus moves into the card and returns to the editor on Escape).
'use strict';

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  if (ns.card) return;
  const { el, root, findingDetails, focusables } = ns.ui;
  const { t, dir } = ns.i18n;

  /**
   * @typedef {Object} CardItem
   * @property {Finding} finding
   * @property {RuleMessages|undefined} msg
   *
   * @typedef {Object} CardOptions
   * @property {CardItem[]} items        every finding at that spot (several rules, several packs
   *                                     may flag the same words), most severe first
   * @property {'en'|'ar'} lang
   * @property {boolean} truncated
   * @property {DOMRect} anchor          the flagged words' box on screen
   * @property {boolean} viaKeyboard     move focus into the card
   * @property {(f: Finding) => void} onShow       a finding became the one shown
   * @property {(f: Finding) => void} onIgnore
   * @property {(f: Finding) => void} [onIgnoreAlways]  "Ignore always": the rule + a hash of the words
   * @property {(f: Finding) => void} onLearnMore
   * @property {(how: 'escape'|'button'|'other', hadFocus: boolean) => void} onClose
   */

  /** @type {{node: HTMLElement, opts: CardOptions}|null} */
  let open = null;

  /** @param {CardOptions} opts */
  function show(opts) {
    hide('other');
    const { items, lang } = opts;
    const n = items.length;
    let index = 0;
    const close = el('button', { class: 'icon', type: 'button', 'aria-label': t(lang, 'card.close'), 'data-action': 'close', text: '×' });
    const prev = el('button', { type: 'button', 'data-action': 'prev', text: t(lang, 'panel.prev') });
    const next = el('button', { type: 'button', 'data-action': 'next', text: t(lang, 'panel.next') });
    const position = el('span', { class: 'position', 'aria-live': 'polite', 'data-position': '' });
    const details = el('div', { class: 'details' });
    const ignore = el('button', { type: 'button', 'data-action': 'ignore', text: t(lang, 'card.ignoreOnce') });
    const ignoreAlways = opts.onIgnoreAlways && el('button', { type: 'button', 'data-action': 'ignore-always', text: t(lang, 'card.ignoreAlways') });
    const learn = el('button', { type: 'button', class: 'primary', 'data-action': 'learn-more', text: t(lang, 'card.learnMore') });
    const node = el(
      'div',
      {
        class: 'surface card',
        role: 'dialog',
        'aria-modal': 'false',
        'aria-labelledby': 'tarawwi-card-title',
        'data-tarawwi-card': '',
        'data-rules': items.map((i) => i.finding.rule).join(' '),
        lang,
        dir: dir(lang),
      },
      el('div', { class: 'head' }, el('strong', { text: t(lang, 'card.label') }), close),
      n > 1 && el('div', { class: 'nav' }, prev, position, next),
      details,
      opts.truncated && el('p', { class: 'notice', 'data-truncated': '', text: t(lang, 'truncated') }),
      el('div', { class: 'actions' }, ignore, ignoreAlways, learn),
      el('p', { class: 'hint', text: t(lang, 'card.hint') }),
    );
    const render = () => {
      const item = items[index];
      details.replaceChildren(findingDetails(item.finding, item.msg, lang, { idPrefix: 'tarawwi-card' }));
      position.textContent = t(lang, 'panel.position', { i: index + 1, n });
      prev.disabled = index === 0;
      next.disabled = index === n - 1;
      opts.onShow(item.finding);
    };
    const step = (d) => {
      index = Math.max(0, Math.min(n - 1, index + d));
      render();
      const b = d < 0 ? prev : next;
      (b.disabled ? (d < 0 ? next : prev) : b).focus();
    };
    prev.addEventListener('click', () => step(-1));
    next.addEventListener('click', () => step(1));
    close.addEventListener('click', () => hide('button'));
    ignore.addEventListener('click', () => {
      const f = items[index].finding;
      hide('button');
      opts.onIgnore(f);
    });
    if (ignoreAlways)
      ignoreAlways.addEventListener('click', () => {
        const f = items[index].finding;
        hide('button');
        opts.onIgnoreAlways(f);
      });
    learn.addEventListener('click', () => opts.onLearnMore(items[index].finding));
    node.addEventListener('keydown', (e) => onKey(e, node));
    // A card the user has tabbed or clicked into stays while the pointer wanders, and closes
    // when the focus goes somewhere else on the page.
    node.addEventListener('focusout', (e) => {
      const to = /** @type {Node|null} */ (e.relatedTarget);
      if (!to || !node.contains(to)) queueMicrotask(() => open && open.node === node && !focused() && hide('other'));
    });
    root().append(node);
    open = { node, opts };
    render();
    place(node, opts.anchor);
    if (opts.viaKeyboard) learn.focus();
  }

  /** @param {KeyboardEvent} e @param {HTMLElement} node */
  function onKey(e, node) {
    if (e.key === 'Escape') {
      e.preventDefault();
      hide('escape');
    } else if (e.key === 'Tab') {
      const list = focusables(node);
      const i = list.indexOf(/** @type {HTMLElement} */ (node.getRootNode().activeElement));
      const next = e.shiftKey ? (i <= 0 ? list.length - 1 : i - 1) : (i + 1) % list.length;
      e.preventDefault();
      list[next]?.focus();
    }
    // Keys pressed in the card are ours: the page (and its shortcuts) never sees them.
    e.stopPropagation();
  }

  /**
   * Below the words if there is room, else above; if neither fits, on the roomier side with a
   * smaller height. Never over the words themselves (the pointer is there).
   */
  function place(node, anchor) {
    const m = 8;
    const gap = 6;
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    node.style.maxHeight = '';
    const w = node.offsetWidth;
    const h = node.offsetHeight;
    const below = vh - anchor.bottom - gap - m;
    const above = anchor.top - gap - m;
    let top;
    if (h <= below) top = anchor.bottom + gap;
    else if (h <= above) top = anchor.top - gap - h;
    else if (below >= above) {
      node.style.maxHeight = `${Math.max(120, below)}px`;
      top = anchor.bottom + gap;
    } else {
      node.style.maxHeight = `${Math.max(120, above)}px`;
      top = anchor.top - gap - node.offsetHeight;
    }
    let left = node.dir === 'rtl' ? anchor.right - w : anchor.left;
    left = Math.max(m, Math.min(left, vw - w - m));
    node.style.top = `${Math.round(top)}px`;
    node.style.left = `${Math.round(left)}px`;
  }

  /** @param {'escape'|'button'|'other'} how */
  function hide(how = 'other') {
    if (!open) return;
    const { node, opts } = open;
    const hadFocus = node.contains(/** @type {Node} */ (node.getRootNode().activeElement));
    open = null;
    node.remove();
    opts.onClose(how, hadFocus);
  }

  /** The findings the card is showing (empty when closed). @returns {Finding[]} */
  const current = () => (open ? open.opts.items.map((i) => i.finding) : []);
  /** Whether a screen point is over the card. */
  function contains(x, y) {
    if (!open) return false;
    const r = open.node.getBoundingClientRect();
    return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  }
  /** Whether the card has keyboard focus. */
  const focused = () => !!open && open.node.contains(/** @type {Node} */ (open.node.getRootNode().activeElement));

  ns.card = Object.freeze({ show, hide, current, contains, focused });
})();
