// Review before submit: the one place that intercepts Post / Reply / Send.
//
// Capture-phase listeners on `window` see a submit before the site does (React listens on its root
// container, the editors on their own elements):
// - `click` on a submit control (X tweetButton / tweetButtonInline / DM send; Facebook Post,
//   Comment, Send), and Enter/Space on a focused non-<button> control (Facebook's div buttons;
//   a native <button> turns those keys into a click, which we already see);
// - `keydown` of the keys that submit in that editor (the site adapter decides: X Ctrl/Cmd+Enter,
//   Enter in DMs, Facebook Enter in comments and Messenger), never during IME composition.
// If the text has findings at or above the threshold the event is stopped (preventDefault +
// stopImmediatePropagation) and the review panel opens. "Post anyway" performs the original
// action exactly once: `control.click()` or a synthetic keydown with the same key and modifiers
// on the editor, each let through by a one-shot bypass. If the text was typed too recently to
// have been checked, the event is held, checked, then either reviewed or replayed; if it cannot
// be checked at all (extension gone), it is replayed: Tarawwi never traps a post.
'use strict';

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  if (ns.intercept) return;
  const { saveSelection, focusEditor, isDisabled } = ns.dom;

  /**
   * @typedef {Object} Verdict
   * @property {ReviewItem[]} items     blocking findings, editor by editor, in text order
   * @property {boolean} truncated      some editor was only partly checked
   *
   * @typedef {Object} InterceptHost    provided by main.js
   * @property {SiteAdapter} adapter
   * @property {() => boolean} active
   * @property {() => 'en'|'ar'} lang
   * @property {(editors: Element[]) => Verdict|null} verdictNow      null: some text is not checked yet
   * @property {(editors: Element[]) => Promise<Verdict|null>} verdictFresh  null: could not check
   * @property {(item: ReviewItem|null) => void} showItem             mark and scroll to a finding
   * @property {(item: ReviewItem) => void} jumpTo                    select the finding's words
   * @property {(items: ReviewItem[]) => void} acknowledge            store {time, site, rules}
   *
   * @typedef {{type: 'click', control: Element, editors: Element[], editor: Element, selection: any}
   *         | {type: 'key', editor: Element, editors: Element[], init: KeyboardEventInit, selection: any}} SubmitAction
   */

  /** @type {InterceptHost|null} */
  let host = null;
  /** A held submit is being checked: swallow repeats until it is decided. */
  let pending = false;
  /** @type {Element|null} one-shot: the click we are replaying */
  let bypassClick = null;
  /** @type {KeyboardEvent|null} one-shot: the keydown we are replaying */
  let bypassKey = null;

  /** @param {InterceptHost} h */
  function install(h) {
    host = h;
    window.addEventListener('click', onClick, true);
    window.addEventListener('keydown', onKeyDown, true);
  }

  function uninstall() {
    window.removeEventListener('click', onClick, true);
    window.removeEventListener('keydown', onKeyDown, true);
    ns.panel.close();
    host = null;
  }

  /** @param {MouseEvent} e */
  function onClick(e) {
    const target = e.target;
    if (bypassClick) {
      if (target instanceof Node && bypassClick.contains(target)) {
        bypassClick = null;
        return;
      }
    }
    if (!host || !host.active() || !(target instanceof Element) || ns.ui.owns(target)) return;
    const control = host.adapter.submitControl(target);
    if (!control) return;
    const editors = host.adapter.editorsFor(control);
    if (!editors.length) return;
    const editor = editors.find((ed) => ed.contains(document.activeElement)) || editors[0];
    gate(e, { type: 'click', control, editors, editor, selection: null });
  }

  /** @param {KeyboardEvent} e */
  function onKeyDown(e) {
    if (e === bypassKey) return;
    if (e.isComposing || e.keyCode === 229) return; // IME: Enter commits the composition
    const target = e.target;
    if (!host || !host.active() || !(target instanceof Element) || ns.ui.owns(target)) return;
    if (e.key !== 'Enter' && e.key !== ' ') return;
    // Enter / Space on a focused div[role=button] submit control.
    const control = host.adapter.submitControl(target);
    if (control && control === target && control.tagName !== 'BUTTON') {
      const editors = host.adapter.editorsFor(control);
      if (editors.length) gate(e, { type: 'click', control, editors, editor: editors[0], selection: null });
      return;
    }
    const editor = target.closest(host.adapter.editorSelector);
    if (!editor || !host.adapter.isSubmitKey(e, editor)) return;
    /** @type {KeyboardEventInit & {keyCode: number, which: number}} */
    const init = {
      key: e.key,
      code: e.code,
      keyCode: e.keyCode,
      which: e.which,
      location: e.location,
      ctrlKey: e.ctrlKey,
      metaKey: e.metaKey,
      shiftKey: e.shiftKey,
      altKey: e.altKey,
    };
    gate(e, { type: 'key', editor, editors: host.adapter.editorsWith(editor), init, selection: saveSelection(editor) });
  }

  /** @param {Event} e */
  function stop(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  /**
   * Let the submit through, or hold it for review.
   * @param {Event} e @param {SubmitAction} action
   */
  function gate(e, action) {
    if (pending || ns.panel.isOpen()) {
      stop(e);
      return;
    }
    const verdict = host.verdictNow(action.editors);
    if (verdict && !verdict.items.length) return; // checked and clean: the site handles it
    stop(e);
    if (verdict) {
      review(action, verdict);
      return;
    }
    pending = true;
    host.verdictFresh(action.editors).then(
      (fresh) => {
        pending = false;
        if (fresh && fresh.items.length) review(action, fresh);
        else replay(action);
      },
      () => {
        pending = false;
        replay(action);
      },
    );
  }

  /** @param {SubmitAction} action @param {Verdict} verdict */
  function review(action, verdict) {
    const h = host;
    if (!h) return;
    if (!action.selection) action.selection = saveSelection(action.editor);
    ns.card.hide();
    const boxes = action.editors.filter((ed) => ed.isConnected).map((ed) => ed.getBoundingClientRect());
    const avoid = boxes.length
      ? new DOMRect(0, Math.min(...boxes.map((b) => b.top)), 0, Math.max(...boxes.map((b) => b.bottom)) - Math.min(...boxes.map((b) => b.top)))
      : undefined;
    ns.panel.show({
      items: verdict.items,
      lang: h.lang(),
      truncated: verdict.truncated,
      avoid,
      onShow: (item) => h.showItem(item),
      onJump: (item) => {
        h.showItem(null);
        h.jumpTo(item);
      },
      onEdit: () => {
        h.showItem(null);
        focusEditor(action.editor, action.selection);
      },
      onPostAnyway: () => {
        h.showItem(null);
        h.acknowledge(verdict.items);
        replay(action);
      },
    });
  }

  /**
   * Perform the held action once, letting our own listener pass it.
   * @param {SubmitAction} action
   * @returns {boolean} whether it could be performed
   */
  function replay(action) {
    if (action.type === 'click') {
      let control = action.control;
      if (!control.isConnected || isDisabled(control)) control = (host && host.adapter.refind && host.adapter.refind(control)) || control;
      if (!control.isConnected || isDisabled(control)) return false;
      bypassClick = control;
      try {
        /** @type {HTMLElement} */ (control).click();
      } finally {
        bypassClick = null;
      }
      return true;
    }
    const editor = action.editor;
    if (!editor.isConnected) return false;
    focusEditor(editor, action.selection);
    const ev = new KeyboardEvent('keydown', { ...action.init, bubbles: true, cancelable: true, composed: true });
    bypassKey = ev;
    try {
      editor.dispatchEvent(ev);
    } finally {
      bypassKey = null;
    }
    return true;
  }

  ns.intercept = Object.freeze({ install, uninstall });
})();
