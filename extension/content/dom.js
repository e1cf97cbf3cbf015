// Small DOM helpers shared by the site adapters and the content modules. No selectors of any
// site here: those live in sites/x.js and sites/facebook.js only.
'use strict';

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  if (ns.dom) return;

  /**
   * The editors that belong with a submit control: walk up from the control to the nearest
   * ancestor that contains at least one editor (never past the control's dialog), and return
   * every editor in it (a thread has several).
   * @param {Element} control @param {string} editorSelector
   * @returns {Element[]}
   */
  function editorsNear(control, editorSelector) {
    const dialog = control.closest('[role="dialog"]');
    for (let el = control.parentElement; el && el !== document.documentElement; el = el.parentElement) {
      const found = [...el.querySelectorAll(editorSelector)];
      if (found.length) return found;
      if (el === dialog) break;
    }
    return [];
  }

  /** Whether a control is disabled (native or ARIA). @param {Element} el */
  const isDisabled = (el) => el.getAttribute('aria-disabled') === 'true' || /** @type {any} */ (el).disabled === true;

  /**
   * Where the caret or selection is inside `editor`, to put it back later: a Range for a
   * contenteditable, offsets for a textarea; null when the selection is elsewhere.
   * @param {Element} editor
   * @returns {Range|{start: number, end: number}|null}
   */
  function saveSelection(editor) {
    if (editor instanceof HTMLTextAreaElement) return { start: editor.selectionStart, end: editor.selectionEnd };
    const sel = document.getSelection();
    if (!sel || !sel.rangeCount) return null;
    const r = sel.getRangeAt(0);
    return editor.contains(r.startContainer) && editor.contains(r.endContainer) ? r.cloneRange() : null;
  }

  /**
   * Give `editor` the focus back, with its caret/selection where it was if that still exists.
   * Only the selection moves: the text is never touched.
   * @param {Element} editor @param {Range|{start: number, end: number}|null} [saved]
   */
  function focusEditor(editor, saved) {
    if (!editor.isConnected) return;
    /** @type {HTMLElement} */ (editor).focus({ preventScroll: true });
    if (!saved) return;
    if (editor instanceof HTMLTextAreaElement) {
      if (!(saved instanceof Range)) editor.setSelectionRange(saved.start, saved.end);
      return;
    }
    if (saved instanceof Range && editor.contains(saved.startContainer) && editor.contains(saved.endContainer)) {
      const sel = document.getSelection();
      if (sel) {
        sel.removeAllRanges();
        sel.addRange(saved);
      }
    }
  }

  /**
   * Scroll so that a range is visible: each scrollable ancestor, then the window. (Scrolling the
   * range's element into view is not enough: a Lexical or Draft text node may hold a whole long
   * paragraph.)
   * @param {Range} range
   */
  function scrollRangeIntoView(range) {
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    let el = range.startContainer.nodeType === Node.ELEMENT_NODE ? /** @type {Element} */ (range.startContainer) : range.startContainer.parentElement;
    for (; el && el !== document.documentElement && el !== document.body; el = el.parentElement) {
      if (!/(auto|scroll)/.test(getComputedStyle(el).overflowY) || el.scrollHeight <= el.clientHeight) continue;
      const r = range.getBoundingClientRect();
      const c = el.getBoundingClientRect();
      if (r.top < c.top || r.bottom > c.bottom) el.scrollTop += r.top - c.top - (c.height - r.height) / 2;
    }
    const r = range.getBoundingClientRect();
    const vh = document.documentElement.clientHeight;
    if (r.top < 0 || r.bottom > vh) window.scrollBy({ top: r.top - (vh - r.height) / 2, behavior: smooth ? 'smooth' : 'auto' });
  }

  ns.dom = Object.freeze({ editorsNear, isDisabled, saveSelection, focusEditor, scrollRangeIntoView });
})();
