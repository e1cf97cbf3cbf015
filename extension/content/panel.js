// The review panel shown when a post is about to go out with findings at or above the threshold:
// a modal dialog (focus trapped, Escape = Edit) that steps through the findings and offers Edit
// (back to the editor, text intact) or Post anyway (the original action, exactly once).
'use strict';

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  if (ns.panel) return;
  const { el, root, findingDetails, focusables } = ns.ui;
  const { t, dir } = ns.i18n;

  /**
   * @typedef {Object} ReviewItem
   * @property {Finding} finding
   * @property {RuleMessages|undefined} msg
   * @property {Element} editor
   *
   * @typedef {Object} PanelOptions
   * @property {ReviewItem[]} items         at least one
   * @property {'en'|'ar'} lang
   * @property {boolean} truncated
   * @property {DOMRect} [avoid]            the composer: keep it visible beside the panel if there is room
   * @property {(item: ReviewItem) => void} onShow   a finding became the current one
   * @property {(item: ReviewItem) => void} onJump   "Show in my text"
   * @property {() => void} onEdit
   * @property {() => void} onPostAnyway
   */

  /** @type {{backdrop: HTMLElement, opts: PanelOptions}|null} */
  let open = null;

  /** Managed policy: `allowPostAnyway: false` hides Post anyway; `block-high` hides it for high findings. */
  function postAnywayAllowed(items) {
    const p = ns.policy || {};
    if (p.allowPostAnyway === false) return false;
    return !(p.submitMode === 'block-high' && items.some((it) => it.finding && it.finding.severity === 'high'));
  }

  /** @param {PanelOptions} opts */
  function show(opts) {
    close();
    const { items, lang } = opts;
    const n = items.length;
    let index = 0;

    const position = el('span', { class: 'position', 'aria-live': 'polite', 'data-position': '' });
    const prev = el('button', { type: 'button', 'data-action': 'prev', text: t(lang, 'panel.prev') });
    const next = el('button', { type: 'button', 'data-action': 'next', text: t(lang, 'panel.next') });
    const details = el('div', { class: 'details', tabindex: '-1' });
    const jump = el('button', { type: 'button', 'data-action': 'jump', text: t(lang, 'panel.jump') });
    const edit = el('button', { type: 'button', class: 'primary', 'data-action': 'edit', text: t(lang, 'panel.edit') });
    const postAnyway = el('button', { type: 'button', class: 'danger', 'data-action': 'post-anyway', text: t(lang, 'panel.postAnyway') });

    const panel = el(
      'div',
      {
        class: 'surface panel',
        role: 'dialog',
        'aria-modal': 'true',
        'aria-labelledby': 'tarawwi-panel-title',
        'aria-describedby': 'tarawwi-panel-intro',
        'data-tarawwi-panel': '',
        lang,
        dir: dir(lang),
      },
      // Header and footer stay put; only the finding scrolls when the panel is short.
      el(
        'div',
        { class: 'panel-head' },
        el('h2', { id: 'tarawwi-panel-title', text: t(lang, 'panel.title') }),
        el('p', { id: 'tarawwi-panel-intro', text: n === 1 ? t(lang, 'panel.intro.one') : t(lang, 'panel.intro.many', { n }) }),
        opts.truncated && el('p', { class: 'notice', 'data-truncated': '', text: t(lang, 'truncated') }),
        n > 1 && el('div', { class: 'nav' }, prev, position, next),
      ),
      details,
      el(
        'div',
        { class: 'panel-foot' },
        el('div', { class: 'actions start' }, jump),
        el('p', { class: 'note', text: t(lang, 'panel.ackNote') }),
        el('div', { class: 'actions' }, ...(postAnywayAllowed(items) ? [postAnyway] : []), edit),
      ),
    );
    const backdrop = el('div', { class: 'backdrop', 'data-tarawwi-backdrop': '' }, panel);

    const render = () => {
      const item = items[index];
      details.replaceChildren(findingDetails(item.finding, item.msg, lang, { idPrefix: 'tarawwi-panel-finding' }));
      details.scrollTop = 0;
      position.textContent = t(lang, 'panel.position', { i: index + 1, n });
      prev.disabled = index === 0;
      next.disabled = index === n - 1;
      opts.onShow(item);
    };
    prev.addEventListener('click', () => {
      if (index > 0) index -= 1;
      render();
      (prev.disabled ? next : prev).focus();
    });
    next.addEventListener('click', () => {
      if (index < n - 1) index += 1;
      render();
      (next.disabled ? prev : next).focus();
    });
    jump.addEventListener('click', () => {
      const item = items[index];
      close();
      opts.onJump(item);
    });
    edit.addEventListener('click', () => {
      close();
      opts.onEdit();
    });
    postAnyway.addEventListener('click', () => {
      close();
      opts.onPostAnyway();
    });
    backdrop.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        close();
        opts.onEdit();
      } else if (e.key === 'Tab') {
        const list = focusables(panel);
        const active = /** @type {HTMLElement} */ (panel.getRootNode().activeElement);
        const i = list.indexOf(active);
        e.preventDefault();
        list[e.shiftKey ? (i <= 0 ? list.length - 1 : i - 1) : (i + 1) % list.length]?.focus();
      }
      e.stopPropagation(); // the page's shortcuts never see keys pressed in the panel
    });
    // Clicks outside the panel do nothing: the choice is Edit or Post anyway.
    backdrop.addEventListener('mousedown', (e) => {
      if (e.target === backdrop) e.preventDefault();
    });

    root().append(backdrop);
    open = { backdrop, opts };
    render();
    placeBeside(backdrop, panel, opts.avoid);
    edit.focus({ preventScroll: true });
  }

  /**
   * Put the panel above or below the composer when one side has room for it, so the marked
   * words stay in sight while the user steps through them; else centre it.
   * @param {HTMLElement} backdrop @param {HTMLElement} panel @param {DOMRect} [avoid]
   */
  function placeBeside(backdrop, panel, avoid) {
    if (!avoid) return;
    const vh = document.documentElement.clientHeight;
    const margin = 16;
    const above = avoid.top - 2 * margin;
    const below = vh - avoid.bottom - 2 * margin;
    const room = Math.max(above, below);
    if (room < 420) return; // too cramped: centre it (over the composer) instead
    backdrop.style.alignItems = below >= above ? 'flex-end' : 'flex-start';
    panel.style.maxHeight = `${Math.floor(room)}px`;
  }

  function close() {
    if (!open) return;
    open.backdrop.remove();
    open = null;
  }

  const isOpen = () => !!open;

  ns.panel = Object.freeze({ show, close, isOpen });
})();
