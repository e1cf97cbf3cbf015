// Reads a composer's text from the DOM, block-aware, and maps UTF-16 offsets in that text back to
// DOM ranges (and DOM points back to offsets). Reading never changes the editor.
//
// Conventions (sites.md §3):
// - Draft.js (X): the `[data-text="true"]` leaves of each `[data-block="true"]`, joined; blocks
//   joined with "\n". A `br[data-text]` (empty line) is "". This equals Draft's getPlainText().
// - Lexical (Facebook): per block child of the root, the text inside `[data-lexical-text]` spans,
//   `br` → "\n", `img` → its alt; blocks joined with "\n" (Lexical itself puts "\n\n" between
//   paragraphs; offsets here are always into *our* string, so the choice only has to be the same
//   for reading and mapping). Lexical's managed line breaks and decorators are not text.
// - <textarea> (XChat): its value; no ranges (the Highlight API cannot reach inside it).
'use strict';

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  if (ns.text) return;

  /**
   * @typedef {Object} Seg        one piece of the text, in text order, never overlapping
   * @property {Node} node        a Text node, or an element that stands for text (img alt, br)
   * @property {number} start     UTF-16 offset in Snapshot.text
   * @property {number} end
   * @property {boolean} atom     an element: a range can only start before it or end after it
   *
   * @typedef {Object} Snapshot
   * @property {string} text
   * @property {Seg[]|null} segs  null for a textarea
   */

  class Builder {
    constructor() {
      /** @type {string[]} */
      this.parts = [];
      /** @type {Seg[]} */
      this.segs = [];
      this.pos = 0;
    }
    /** @param {Text} node */
    text(node) {
      const d = node.data;
      if (!d) return;
      this.segs.push({ node, start: this.pos, end: this.pos + d.length, atom: false });
      this.parts.push(d);
      this.pos += d.length;
    }
    /** @param {Element} el @param {string} str */
    atom(el, str) {
      if (!str) return;
      this.segs.push({ node: el, start: this.pos, end: this.pos + str.length, atom: true });
      this.parts.push(str);
      this.pos += str.length;
    }
    /** Text with no DOM node of its own (the newline between blocks). @param {string} str */
    gap(str) {
      this.parts.push(str);
      this.pos += str.length;
    }
    /** @returns {Snapshot} */
    done() {
      return { text: this.parts.join(''), segs: this.segs };
    }
  }

  /** Text nodes and img alts under a Draft leaf. @param {Builder} b @param {Node} el */
  function walkLeaf(b, el) {
    for (const c of el.childNodes) {
      if (c.nodeType === Node.TEXT_NODE) b.text(/** @type {Text} */ (c));
      else if (c.nodeName === 'IMG') b.atom(/** @type {Element} */ (c), /** @type {Element} */ (c).getAttribute('alt') || '');
      else if (c.nodeType === Node.ELEMENT_NODE && c.nodeName !== 'BR') walkLeaf(b, c);
    }
  }

  /** @param {Element} root @returns {Snapshot} */
  function readDraft(root) {
    const b = new Builder();
    root.querySelectorAll('[data-block="true"]').forEach((block, i) => {
      if (i > 0) b.gap('\n');
      for (const leaf of block.querySelectorAll('[data-text="true"]')) {
        if (leaf.nodeName !== 'BR') walkLeaf(b, leaf);
      }
    });
    return b.done();
  }

  /** Lexical's own non-text markers. @param {Element} el */
  const lexicalSkip = (el) =>
    el.hasAttribute('data-lexical-managed-linebreak') ||
    el.hasAttribute('data-lexical-decorator') ||
    el.hasAttribute('data-lexical-decorator-boundary') ||
    el.hasAttribute('data-lexical-cursor');

  /**
   * @param {Builder} b @param {Element} el @param {Element} block
   * @param {boolean} inText inside a [data-lexical-text] span
   */
  function walkLexical(b, el, block, inText) {
    let seenItem = false;
    for (const c of el.childNodes) {
      if (c.nodeType === Node.TEXT_NODE) {
        if (inText) b.text(/** @type {Text} */ (c));
        continue;
      }
      if (c.nodeType !== Node.ELEMENT_NODE) continue;
      const e = /** @type {Element} */ (c);
      if (lexicalSkip(e)) continue;
      if (e.nodeName === 'BR') {
        // A lone <br> in a block is an empty paragraph (older Lexical builds do not mark it).
        if (!(el === block && block.childNodes.length === 1)) b.atom(e, '\n');
        continue;
      }
      if (e.nodeName === 'IMG') {
        b.atom(e, e.getAttribute('alt') || '');
        continue;
      }
      if (e.nodeName === 'LI') {
        if (seenItem) b.gap('\n');
        seenItem = true;
      }
      walkLexical(b, e, block, inText || e.hasAttribute('data-lexical-text'));
    }
  }

  /** @param {Element} root @returns {Snapshot} */
  function readLexical(root) {
    const b = new Builder();
    let first = true;
    for (const block of root.children) {
      if (!first) b.gap('\n');
      first = false;
      walkLexical(b, block, block, block.hasAttribute('data-lexical-text'));
    }
    return b.done();
  }

  /**
   * The text of an editor, with its offset map.
   * @param {Element} editor @param {EditorKind} kind
   * @returns {Snapshot}
   */
  function read(editor, kind) {
    if (kind === 'textarea') return { text: /** @type {HTMLTextAreaElement} */ (editor).value, segs: null };
    return kind === 'lexical' ? readLexical(editor) : readDraft(editor);
  }

  /** Index of the first seg with end > offset (binary search). @param {Seg[]} segs */
  function firstEndingAfter(segs, offset) {
    let lo = 0;
    let hi = segs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid].end > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Index of the first seg with start >= offset (binary search). @param {Seg[]} segs */
  function firstStartingFrom(segs, offset) {
    let lo = 0;
    let hi = segs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid].start >= offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * A DOM range covering [start, end) of a snapshot's text, or null if the snapshot has no DOM
   * map, the span is empty, or the DOM has changed under it.
   * @param {Snapshot} snap @param {number} start @param {number} end
   * @returns {Range|null}
   */
  function rangeFor(snap, start, end) {
    const segs = snap.segs;
    if (!segs || !segs.length || !(start < end)) return null;
    // Start: the seg holding `start`, or the next one when `start` falls in a gap.
    const si = firstEndingAfter(segs, start);
    // End: the last seg starting before `end`.
    const ei = firstStartingFrom(segs, end) - 1;
    if (si >= segs.length || ei < si) return null;
    const s = segs[si];
    const e = segs[ei];
    if (!s.node.isConnected || !e.node.isConnected) return null;
    const r = document.createRange();
    try {
      if (s.atom) r.setStartBefore(s.node);
      else r.setStart(s.node, Math.max(0, start - s.start));
      if (e.atom) r.setEndAfter(e.node);
      else r.setEnd(e.node, Math.min(e.end, end) - e.start);
    } catch {
      return null;
    }
    return r.collapsed ? null : r;
  }

  /**
   * The text offset of a DOM point (a caret), or null if it is outside the mapped text.
   * @param {Snapshot} snap @param {Node} node @param {number} offset
   * @returns {number|null}
   */
  function offsetOf(snap, node, offset) {
    const segs = snap.segs;
    if (!segs) return null;
    if (node.nodeType === Node.TEXT_NODE) {
      const seg = segs.find((s) => s.node === node);
      if (seg) return seg.start + Math.min(offset, seg.end - seg.start);
    }
    const point = document.createRange();
    try {
      point.setStart(node, offset);
    } catch {
      return null;
    }
    for (const seg of segs) {
      let cmp;
      try {
        if (seg.atom) {
          const parent = seg.node.parentNode;
          if (!parent) continue;
          cmp = point.comparePoint(parent, Array.prototype.indexOf.call(parent.childNodes, seg.node));
        } else cmp = point.comparePoint(seg.node, 0);
      } catch {
        continue;
      }
      if (cmp >= 0) return seg.start;
    }
    return snap.text.length;
  }

  /**
   * The first `max` UTF-16 units of `text`, never splitting a surrogate pair.
   * @param {string} text @param {number} max
   */
  function clip(text, max) {
    if (text.length <= max) return text;
    let n = max;
    const c = text.charCodeAt(n - 1);
    if (c >= 0xd800 && c <= 0xdbff) n -= 1;
    return text.slice(0, n);
  }

  ns.text = Object.freeze({ read, rangeFor, offsetOf, clip });
})();
