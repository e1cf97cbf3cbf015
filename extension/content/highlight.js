// Draws findings with the CSS Custom Highlight API: one Highlight per severity (styled by
// `::highlight(tarawwi-<severity>)` in content.css) plus `tarawwi-current` for the finding the
// card or the review panel is showing. Nothing is ever inserted into the page, let alone the editor.
'use strict';

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  if (ns.highlight) return;

  const NAMES = Object.freeze({ info: 'tarawwi-info', warn: 'tarawwi-warn', high: 'tarawwi-high' });
  const CURRENT = 'tarawwi-current';
  const PRIORITY = Object.freeze({ info: 1, warn: 2, high: 3 });
  const supported = typeof CSS !== 'undefined' && !!CSS.highlights && typeof Highlight === 'function';

  /**
   * Replace every severity highlight with `items`.
   * @param {Array<{severity: string, range: Range}>} items
   */
  function draw(items) {
    if (!supported) return;
    for (const [sev, name] of Object.entries(NAMES)) {
      const ranges = items.filter((i) => i.severity === sev).map((i) => i.range);
      if (!ranges.length) {
        CSS.highlights.delete(name);
        continue;
      }
      const h = new Highlight(...ranges);
      h.priority = PRIORITY[sev];
      CSS.highlights.set(name, h);
    }
  }

  /** Mark (or unmark, with null) the finding being shown in the card or panel. @param {Range|null} range */
  function setCurrent(range) {
    if (!supported) return;
    if (!range) {
      CSS.highlights.delete(CURRENT);
      return;
    }
    const h = new Highlight(range);
    h.priority = 10;
    CSS.highlights.set(CURRENT, h);
  }

  function clear() {
    if (!supported) return;
    for (const name of Object.values(NAMES)) CSS.highlights.delete(name);
    CSS.highlights.delete(CURRENT);
  }

  ns.highlight = Object.freeze({ draw, setCurrent, clear, supported, NAMES, CURRENT });
})();
