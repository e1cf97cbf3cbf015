// Content-script entry: picks the site adapter, finds composers, reads their text as it changes,
// asks the service worker to check it, draws the findings, opens the card on hover or Alt+Shift+T,
// and hosts the review-before-submit interception.
//
// Composers are found on focus, on input and by a debounced MutationObserver on document.body;
// per-editor state lives in a WeakMap and elements are re-resolved at the moment of use (X and
// Facebook remount their trees all the time). The user's text is only ever read.
'use strict';

(() => {
  const ns = globalThis.tarawwi;
  if (!ns || ns.main) return;
  const P = ns.protocol;
  const { KIND } = P;
  const site = P.siteOf(location.hostname);
  if (!site) return;
  /** @type {SiteAdapter} */
  const adapter = ns.sites[site];

  /**
   * @typedef {Object} Result
   * @property {number} version
   * @property {string} text                the text that was checked
   * @property {Finding[]} findings
   * @property {Object<string, RuleMessages>} messages
   * @property {boolean} truncated
   * @property {string} [error]
   *
   * @typedef {Object} Composer
   * @property {string} id
   * @property {Element} editor
   * @property {EditorKind} kind
   * @property {number} version             of the newest request sent
   * @property {string|null} sent           text of the newest request (null: none yet)
   * @property {boolean} truncated          of the newest request
   * @property {number} generation          Port generation the newest request went out on
   * @property {Result|null} result         answer to the newest request, or an older one until it comes
   * @property {Set<string>} ignored        "Ignore once" keys
   * @property {ReturnType<typeof setTimeout>|undefined} timer
   * @property {number} lastCheck           performance.now() of the newest request sent (-Infinity: none)
   * @property {Range|{start: number, end: number}|null} selection  last caret inside the editor
   * @property {Array<() => void>} waiters  called when the newest request is answered
   * @property {string|null} audience       closed audience of the newest request (iq-3)
   *
   * @typedef {Object} Drawn                a finding on screen
   * @property {Composer} st
   * @property {Finding} finding
   * @property {Range} range
   */

  /**
   * While a check of a composer is in flight, further edits wait for its answer (then are checked
   * at once) or THROTTLE_MS at the latest: checks pace themselves to the worker's speed.
   */
  const THROTTLE_MS = 60;
  /**
   * While the user is writing (a composer of this tab has focus, the tab is visible, and they
   * edited it within KEEP_ALIVE_IDLE_MS), a message every KEEP_ALIVE_MS keeps the worker and its
   * built engine alive: Chrome stops a worker after 30 s without events, and the first check after
   * that waits for a cold start (≈ 90 ms). Otherwise the worker is left to stop.
   */
  const KEEP_ALIVE_MS = 20_000;
  const KEEP_ALIVE_IDLE_MS = 5 * 60_000;
  const SCAN_MS = 200;
  const CHECK_TIMEOUT_MS = 2500;

  /** @type {WeakMap<Element, Composer>} */
  const states = new WeakMap();
  /** Tracked editors (pruned when they leave the page). @type {Set<Element>} */
  const tracked = new Set();
  /** @type {Map<string, Composer>} */
  const byId = new Map();
  let nextId = 1;
  let generation = 0;

  /** @type {Settings} */
  let settings = { ...P.DEFAULT_SETTINGS, sites: { ...P.DEFAULT_SETTINGS.sites } };
  let uiLang = safeUiLang();
  /** @type {Drawn[]} */
  let drawn = [];
  /**
   * Every rule's messages received so far, by rule id: a result carries only those its Port has
   * not sent before (the worker keeps track; a restarted worker sends them again).
   * @type {Object<string, RuleMessages>}
   */
  const ruleMessages = Object.create(null);
  /** What the card shows: the composer, the findings at that spot, the one on screen. */
  let cardFor = /** @type {{st: Composer, findings: Finding[], shown: Finding, viaKeyboard: boolean}|null} */ (null);
  let stopped = false;

  const lang = () => ns.i18n.resolveLang(settings.lang, uiLang);
  const enabled = () => !stopped && settings.sites[site] !== false;

  function safeUiLang() {
    try {
      return chrome.i18n.getUILanguage();
    } catch {
      return navigator.language || 'en';
    }
  }

  // ---------------------------------------------------------------- connection

  const conn = ns.connection.create({
    onMessage(msg) {
      switch (msg && msg.kind) {
        case KIND.RESULT:
          onResult(/** @type {CheckResult} */ (msg));
          break;
        case KIND.SETTINGS:
          onSettings(/** @type {SettingsPush} */ (msg));
          break;
        case KIND.ACTION_RESULT:
          ns.actions.onResult(msg);
          break;
        default:
          break;
      }
    },
    onDisconnect() {
      // The worker was stopped. If a check was in flight its answer is lost: reconnect now
      // (which restarts the worker) and resend; otherwise reconnect on the next check.
      if ([...byId.values()].some(isPending)) conn.connect();
    },
    onReconnect() {
      generation += 1;
      // After the message that caused the reconnect has gone out, resend every composer the new
      // worker does not know about, so its badge and popup state are complete again.
      queueMicrotask(() => {
        for (const st of byId.values()) {
          if (st.sent !== null && st.generation < generation) checkNow(st, { force: true });
        }
      });
    },
    onDead: () => stop(),
  });

  /** @param {Composer} st */
  const isPending = (st) => st.sent !== null && (!st.result || st.result.version !== st.version);

  /** @param {any} msg @param {chrome.runtime.MessageSender} sender */
  function onRuntimeMessage(msg, sender) {
    // Settings changed while this tab had no Port (the worker restarted in between).
    if (sender && sender.id === chrome.runtime.id && !sender.tab && msg && msg.kind === KIND.SETTINGS) onSettings(msg);
  }

  /** @param {SettingsPush} msg */
  function onSettings(msg) {
    const before = JSON.stringify(settings);
    const wasEnabled = enabled();
    settings = msg.settings;
    // Managed policy (issue 8): the review panel reads submitMode/allowPostAnyway from here.
    ns.policy = { submitMode: settings.submitMode, allowPostAnyway: settings.allowPostAnyway };
    if (msg.uiLang) uiLang = msg.uiLang;
    // profileChanged: the institution profile (a custom pack) changed, so findings may differ.
    if (JSON.stringify(settings) === before && !(/** @type {any} */ (msg).profileChanged)) return;
    ns.actions.reset();
    ns.card.hide();
    if (!enabled()) {
      ns.panel.close();
      ns.highlight.clear();
      drawn = [];
      return;
    }
    // Threshold or site switch changed what counts: check everything again.
    for (const st of byId.values()) if (st.sent !== null || !wasEnabled) checkNow(st, { force: true });
    scheduleRedraw();
  }

  /** @param {CheckResult} msg */
  function onResult(msg) {
    // Kept even from an answer to an older request: the worker sends a rule's messages only once.
    Object.assign(ruleMessages, msg.messages);
    const st = byId.get(msg.id);
    if (!st || msg.version !== st.version) return; // an answer to an older request
    st.result = {
      version: msg.version,
      text: st.sent || '',
      findings: Array.isArray(msg.findings) ? msg.findings : [],
      messages: ruleMessages,
      truncated: !!msg.truncated,
      error: msg.error,
    };
    if (cardFor && cardFor.st === st) {
      const f = cardFor.shown;
      if (!st.result.findings.some((g) => g.rule === f.rule && g.text === f.text && !g.ignored)) ns.card.hide();
    }
    const waiters = st.waiters.splice(0);
    waiters.forEach((w) => w());
    // Draw now rather than on the next animation frame: the highlights are painted in that frame
    // either way, and waiting for it only delays them (≈ 8 ms on average).
    redraw();
    // Edits made while this check was in flight: check them now.
    if (st.timer !== undefined) schedule(st, 0);
  }

  // ---------------------------------------------------------------- composers

  /** @param {EventTarget|null} target @returns {Element|null} */
  function editorOf(target) {
    if (!(target instanceof Element) || ns.ui.owns(target)) return null;
    return target.closest(adapter.editorSelector);
  }

  /** @param {Element} editor @returns {Composer} */
  function track(editor) {
    let st = states.get(editor);
    if (!st) {
      st = {
        id: `c${nextId++}`,
        editor,
        kind: adapter.editorKind(editor),
        version: 0,
        sent: null,
        truncated: false,
        generation: 0,
        result: null,
        ignored: new Set(),
        timer: undefined,
        lastCheck: -Infinity,
        selection: null,
        waiters: [],
        audience: null,
      };
      states.set(editor, st);
    }
    if (!tracked.has(editor)) {
      tracked.add(editor);
      byId.set(st.id, st);
    }
    return st;
  }

  /** The composer left the page (closed dialog, navigation): forget it. @param {Element} editor */
  function untrack(editor) {
    const st = states.get(editor);
    tracked.delete(editor);
    if (!st) return;
    clearTimeout(st.timer);
    byId.delete(st.id);
    if (st.sent) conn.send({ kind: KIND.CLOSE, id: st.id });
    st.sent = null;
    st.result = null;
    st.waiters.splice(0).forEach((w) => w());
    if (cardFor && cardFor.st === st) ns.card.hide();
    scheduleRedraw();
  }

  /** @param {Composer} st @param {number} delay */
  function schedule(st, delay) {
    clearTimeout(st.timer);
    st.timer = setTimeout(() => checkNow(st), delay);
  }

  /**
   * The composer's text changed. With no check in flight, check at once (see below). With one in flight, check as soon as its answer
   * arrives (`onResult`), or THROTTLE_MS after it was sent if the answer is slow: a burst of keys
   * costs one check per round trip, never one per key. A check already scheduled is kept: it
   * reads the text when it runs.
   * @param {Composer} st
   */
  function onEdit(st) {
    lastEditAt = performance.now();
    if (st.timer !== undefined) return;
    if (isPending(st)) {
      schedule(st, Math.max(0, THROTTLE_MS - (performance.now() - st.lastCheck)));
      return;
    }
    // Nothing in flight: check in this same task, once the event (and the editor's own update,
    // which runs in the event's handlers or in microtasks queued before this one) is done. A
    // timer would wait behind the frame the keystroke triggers (≈ 8 ms on a 5 000-character
    // post). The timer stays as a fallback; whichever runs first clears the other.
    schedule(st, 0);
    const timer = st.timer;
    queueMicrotask(() => {
      if (st.timer === timer) checkNow(st);
    });
  }

  /**
   * Read the composer and, if its text changed since the last request (or `force`), send a check.
   * @param {Composer} st @param {{force?: boolean}} [opts]
   * @returns {boolean} false if the check could not be sent
   */
  function checkNow(st, { force = false } = {}) {
    clearTimeout(st.timer);
    st.timer = undefined;
    if (!enabled() || !st.editor.isConnected) return false;
    const full = ns.text.read(st.editor, st.kind).text;
    const text = ns.text.clip(full, P.MAX_CHECK_CHARS);
    const truncated = text.length < full.length;
    // A group, a DM, a restricted audience (clause iq-3): a change of audience is a change too.
    const audience = adapter.audience ? adapter.audience(st.editor) : null;
    if (!force && st.sent === text && st.truncated === truncated && st.audience === audience) {
      scheduleRedraw();
      return true;
    }
    if (st.sent === null && text.trim() === '') return true; // never had text: nothing to tell
    st.version += 1;
    st.lastCheck = performance.now();
    st.sent = text;
    st.truncated = truncated;
    st.audience = audience;
    /** @type {CheckRequest} */
    const req = {
      kind: KIND.CHECK,
      id: st.id,
      version: st.version,
      text,
      truncated,
      ignore: [...st.ignored],
      focused: st.editor === document.activeElement || st.editor.contains(document.activeElement),
      audience,
      account: currentAccount(),
    };
    const ok = conn.send(req);
    st.generation = generation;
    return ok;
  }

  /** The signed-in account as the page shows it (read at most every few seconds). */
  let accountCache = /** @type {{at: number, value: {name: string, handle: string}|null}|null} */ (null);
  function currentAccount() {
    if (!adapter.account) return null;
    const now = Date.now();
    if (!accountCache || now - accountCache.at > 5000 || !accountCache.value) {
      let value = null;
      try {
        value = adapter.account();
      } catch {
        value = null;
      }
      accountCache = { at: now, value };
    }
    return accountCache.value;
  }

  let lastEditAt = -Infinity;
  let keepAliveTimer = /** @type {ReturnType<typeof setInterval>|undefined} */ (undefined);
  function keepAlive() {
    if (!enabled() || document.visibilityState !== 'visible' || performance.now() - lastEditAt > KEEP_ALIVE_IDLE_MS) return;
    const active = document.activeElement;
    if (active && editorOf(active)) conn.send({ kind: KIND.KEEP_ALIVE });
  }

  let scanTimer = /** @type {ReturnType<typeof setTimeout>|undefined} */ (undefined);
  function scheduleScan() {
    if (scanTimer === undefined) scanTimer = setTimeout(scan, SCAN_MS);
  }
  /** Find new composers (a restored draft has text before anyone types), drop vanished ones. */
  function scan() {
    scanTimer = undefined;
    if (stopped) return;
    for (const ed of document.querySelectorAll(adapter.editorSelector)) {
      const st = track(ed);
      if (st.sent === null && st.timer === undefined) schedule(st, 0);
    }
    for (const ed of [...tracked]) if (!ed.isConnected) untrack(ed);
  }

  // ---------------------------------------------------------------- drawing

  let redrawQueued = false;
  function scheduleRedraw() {
    if (redrawQueued) return;
    redrawQueued = true;
    requestAnimationFrame(() => {
      redrawQueued = false;
      redraw();
    });
  }

  /** Map every composer's current findings to ranges and hand them to the Highlight API. */
  function redraw() {
    /** @type {Drawn[]} */
    const next = [];
    if (enabled()) {
      for (const ed of tracked) {
        const st = /** @type {Composer} */ (states.get(ed));
        const r = st.result;
        if (!r || !r.findings.length || st.kind === 'textarea' || !ed.isConnected) continue;
        const snap = ns.text.read(ed, st.kind);
        for (const f of r.findings) {
          if (f.ignored) continue;
          // Only where the words are still exactly there; the next result redraws the rest.
          if (snap.text.slice(f.start, f.end) !== f.text) continue;
          const range = ns.text.rangeFor(snap, f.start, f.end);
          if (range) next.push({ st, finding: f, range });
        }
      }
    }
    drawn = next;
    ns.highlight.draw(next.map((d) => ({ severity: d.finding.severity, range: d.range })));
    if (cardFor) {
      const d = drawnFor(cardFor.st, cardFor.shown);
      ns.highlight.setCurrent(d ? d.range : null);
    }
  }

  /** @param {Composer} st @param {Finding} f @returns {Drawn|undefined} */
  const drawnFor = (st, f) => drawn.find((d) => d.st === st && d.finding.rule === f.rule && d.finding.start === f.start && d.finding.end === f.end);

  // ---------------------------------------------------------------- card

  /** Most severe first, then the tightest span. @param {Finding} a @param {Finding} b */
  const byRelevance = (a, b) =>
    P.severityRank(b.severity) - P.severityRank(a.severity) || a.end - a.start - (b.end - b.start) || a.start - b.start;

  /**
   * Open the card for the findings at one spot of a composer.
   * @param {Composer} st @param {Finding[]} findings @param {DOMRect} anchor @param {boolean} viaKeyboard
   */
  function openCard(st, findings, anchor, viaKeyboard) {
    const r = st.result;
    if (!r || !findings.length) return;
    if (viaKeyboard) st.selection = ns.dom.saveSelection(st.editor) || st.selection;
    ns.card.hide(); // closes the previous card (its onClose runs now, before cardFor changes)
    const sorted = [...findings].sort(byRelevance);
    const mine = { st, findings: sorted, shown: sorted[0], viaKeyboard };
    cardFor = mine;
    ns.card.show({
      items: sorted.map((f) => ({ finding: f, msg: r.messages[f.rule] })),
      lang: lang(),
      truncated: r.truncated,
      anchor,
      viaKeyboard,
      onShow: (f) => {
        if (cardFor !== mine) return;
        mine.shown = f;
        const d = drawnFor(st, f);
        ns.highlight.setCurrent(d ? d.range : null);
      },
      onIgnore: (f) => ignoreOnce(st, f),
      onIgnoreAlways: (f) => {
        // The worker keeps the rule id and a hash of the phrase, then pushes the new settings
        // (every composer is checked again); hide it here right away.
        conn.send({ kind: KIND.IGNORE_ALWAYS, rule: f.rule, text: f.text });
        ignoreOnce(st, f);
      },
      onLearnMore: (f) => conn.send({ kind: KIND.OPEN_CLAUSE, clause: f.clause }),
      onClose: (how, hadFocus) => {
        if (cardFor !== mine) return;
        cardFor = null;
        ns.highlight.setCurrent(null);
        if (viaKeyboard || how === 'escape' || hadFocus) ns.dom.focusEditor(st.editor, st.selection);
      },
    });
  }

  /** "Ignore once": hide this finding until its words change. @param {Composer} st @param {Finding} f */
  function ignoreOnce(st, f) {
    const r = st.result;
    if (!r) return;
    // The card may hold the finding of an earlier result (a newer one arrived while it was open,
    // e.g. after the worker restarted): find the same finding in the current result.
    let i = r.findings.indexOf(f);
    if (i < 0) i = r.findings.findIndex((g) => g.rule === f.rule && g.start === f.start && g.end === f.end && g.text === f.text);
    if (i < 0) i = r.findings.findIndex((g) => g.rule === f.rule && g.text === f.text && !g.ignored);
    if (i < 0) return;
    const g = r.findings[i];
    st.ignored.add(P.ignoreKeys(r.findings)[i]);
    f.ignored = g.ignored = true;
    f.blocking = g.blocking = false;
    scheduleRedraw();
    checkNow(st, { force: true }); // the worker recounts the badge without it
    ns.dom.focusEditor(st.editor, st.selection);
  }

  /** The first box of a range, or the one under a point. @param {Range} range @param {number} [x] @param {number} [y] */
  function boxOf(range, x, y) {
    const rects = [...range.getClientRects()];
    if (x !== undefined && y !== undefined) {
      const hit = rects.find((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom);
      if (hit) return hit;
    }
    return rects[0] || range.getBoundingClientRect();
  }

  /** Every drawn finding under a screen point (all in one composer). @param {number} x @param {number} y @returns {Drawn[]} */
  function hitTest(x, y) {
    const hits = drawn.filter((d) => [...d.range.getClientRects()].some((r) => x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1));
    return hits.filter((d) => d.st === hits[0].st);
  }

  let hoverFrame = 0;
  let hoverPoint = { x: 0, y: 0 };
  let showTimer = /** @type {ReturnType<typeof setTimeout>|undefined} */ (undefined);
  let hideTimer = /** @type {ReturnType<typeof setTimeout>|undefined} */ (undefined);

  /** @param {MouseEvent} e */
  function onMouseMove(e) {
    hoverPoint = { x: e.clientX, y: e.clientY };
    if (!hoverFrame) hoverFrame = requestAnimationFrame(onHover);
  }

  function onHover() {
    hoverFrame = 0;
    if (!enabled() || ns.panel.isOpen()) return;
    const { x, y } = hoverPoint;
    if (ns.card.contains(x, y)) {
      clearTimeout(hideTimer);
      hideTimer = undefined;
      return;
    }
    const hits = hitTest(x, y);
    if (hits.length) {
      clearTimeout(hideTimer);
      hideTimer = undefined;
      const cur = ns.card.current();
      if (cur.length === hits.length && hits.every((d) => cur.includes(d.finding))) return;
      clearTimeout(showTimer);
      showTimer = setTimeout(() => {
        // Hit-test again: a result that arrived meanwhile may have redrawn the highlights.
        const live = hitTest(x, y).filter((d) => drawn.includes(d));
        if (live.length) openCard(live[0].st, live.map((d) => d.finding), boxOf(live[0].range, x, y), false);
      }, 120);
      return;
    }
    clearTimeout(showTimer);
    if (cardFor && !cardFor.viaKeyboard && !ns.card.focused() && hideTimer === undefined) {
      hideTimer = setTimeout(() => {
        hideTimer = undefined;
        if (cardFor && !cardFor.viaKeyboard && !ns.card.focused()) ns.card.hide();
      }, 350);
    }
  }

  /** Alt+Shift+T in an editor: the card for the findings at the caret (or the nearest one). @param {KeyboardEvent} e */
  function onShortcut(e) {
    if (!(e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyT')) return;
    if (!enabled()) return;
    const editor = editorOf(e.target);
    if (!editor) return;
    const st = states.get(editor);
    const r = st && st.result;
    if (!st || !r) return;
    const live = r.findings.filter((f) => !f.ignored);
    if (!live.length) return;
    let caret = 0;
    if (st.kind === 'textarea') caret = /** @type {HTMLTextAreaElement} */ (editor).selectionStart;
    else {
      const sel = document.getSelection();
      if (sel && sel.focusNode) caret = ns.text.offsetOf(ns.text.read(editor, st.kind), sel.focusNode, sel.focusOffset) ?? 0;
    }
    const dist = (f) => (caret < f.start ? f.start - caret : caret > f.end ? caret - f.end : 0);
    const at = live.filter((f) => dist(f) === 0);
    const chosen = at.length ? at : [live.reduce((a, b) => (dist(b) < dist(a) ? b : a))];
    const d = drawnFor(st, [...chosen].sort(byRelevance)[0]);
    e.preventDefault();
    e.stopImmediatePropagation();
    openCard(st, chosen, d ? boxOf(d.range) : editor.getBoundingClientRect(), true);
  }

  // ---------------------------------------------------------------- review before submit

  /** @param {Element[]} editors @returns {Verdict|null} */
  function verdictNow(editors) {
    /** @type {ReviewItem[]} */
    const items = [];
    let truncated = false;
    for (const ed of editors) {
      const st = track(ed);
      const full = ns.text.read(ed, st.kind).text;
      const text = ns.text.clip(full, P.MAX_CHECK_CHARS);
      if (text.trim() === '') continue;
      const r = st.result;
      if (!r || r.version !== st.version || st.sent !== text) return null;
      truncated = truncated || r.truncated;
      for (const f of r.findings) if (f.blocking && !f.ignored) items.push({ finding: f, msg: r.messages[f.rule], editor: ed });
    }
    return { items, truncated };
  }

  /** Check what is not checked yet, wait for the answers. @param {Element[]} editors */
  async function verdictFresh(editors) {
    const waits = [];
    for (const ed of editors) {
      const st = track(ed);
      if (!checkNow(st)) return null;
      if (isPending(st)) {
        waits.push(
          new Promise((resolve) => {
            st.waiters.push(resolve);
            setTimeout(resolve, CHECK_TIMEOUT_MS);
          }),
        );
      }
    }
    await Promise.all(waits);
    return verdictNow(editors);
  }

  /** @param {ReviewItem|null} item */
  function showItem(item) {
    if (!item) {
      ns.highlight.setCurrent(null);
      return;
    }
    const st = states.get(item.editor);
    const d = st && drawnFor(st, item.finding);
    ns.highlight.setCurrent(d ? d.range : null);
    if (d) scrollToRange(d.range);
  }

  /** Select the finding's words in the editor (selection only, never the text). @param {ReviewItem} item */
  function jumpTo(item) {
    const st = states.get(item.editor);
    if (!st) return;
    ns.dom.focusEditor(item.editor, null);
    if (st.kind === 'textarea') {
      /** @type {HTMLTextAreaElement} */ (item.editor).setSelectionRange(item.finding.start, item.finding.end);
      return;
    }
    const snap = ns.text.read(item.editor, st.kind);
    const range = ns.text.rangeFor(snap, item.finding.start, item.finding.end);
    const sel = document.getSelection();
    if (range && sel) {
      sel.removeAllRanges();
      sel.addRange(range);
      scrollToRange(range);
    }
  }

  /** @param {Range} range */
  const scrollToRange = (range) => ns.dom.scrollRangeIntoView(range);

  /** @param {ReviewItem[]} items */
  function acknowledge(items) {
    conn.send({ kind: KIND.ACK, rules: [...new Set(items.map((i) => i.finding.rule))] });
  }

  // ---------------------------------------------------------------- events

  /** @param {FocusEvent} e */
  function onFocusIn(e) {
    const editor = editorOf(e.target);
    if (!editor) return;
    const st = track(editor);
    // The worker may have been stopped while idle: wake it now, so its engine is (being) built
    // before the first keystroke rather than after it.
    if (enabled() && !conn.connected) conn.connect();
    // Tell the worker this is now the composer the badge shows (if it has anything to show).
    checkNow(st, { force: st.sent !== null && st.sent.trim() !== '' });
  }

  /**
   * A key in a composer while the worker is stopped (the composer sat focused and unedited for
   * minutes, so the keep-alives stopped): start it now, a few milliseconds before the edit's
   * `input` event would (the editor's own handling of the key comes in between).
   * @param {KeyboardEvent} e
   */
  function onKeyWake(e) {
    if (conn.connected || !enabled()) return;
    const editor = editorOf(e.target);
    if (!editor) return;
    const st = track(editor);
    const version = st.version;
    conn.connect(); // a new Port: `onReconnect` queues a resend of every composer's last text…
    if (st.sent === null) return;
    // …but this one's edit follows in a moment and is sent at once, where a resend of its old text
    // would be in flight and make the edit wait for that answer (the whole cold start).
    st.generation = generation;
    // A key that edits nothing (an arrow, Shift) still tells the new worker about this composer.
    setTimeout(() => {
      if (st.version === version && st.timer === undefined) checkNow(st, { force: true });
    }, THROTTLE_MS);
  }

  /** @param {Event} e */
  function onInput(e) {
    const editor = editorOf(e.target);
    if (editor) onEdit(track(editor));
  }

  /** @param {ClipboardEvent} e */
  function onPaste(e) {
    const editor = editorOf(e.target);
    if (editor) schedule(track(editor), 0); // after the editor has taken the paste
  }

  function onSelectionChange() {
    const active = document.activeElement;
    if (!active) return;
    const editor = active.matches(adapter.editorSelector) ? active : active.closest(adapter.editorSelector);
    if (!editor) return;
    const st = states.get(editor);
    if (st) st.selection = ns.dom.saveSelection(editor) || st.selection;
  }

  function onScroll() {
    if (cardFor && !cardFor.viaKeyboard) ns.card.hide();
  }

  /** @type {MutationCallback} */
  function onMutations(records) {
    let scanNeeded = false;
    for (const rec of records) {
      let inEditor = false;
      for (const ed of tracked) {
        if (ed.contains(rec.target)) {
          const st = /** @type {Composer} */ (states.get(ed));
          onEdit(st);
          inEditor = true;
          break;
        }
      }
      if (!inEditor && rec.type === 'childList') scanNeeded = true;
    }
    if (scanNeeded) scheduleScan();
    // Editors re-render their text nodes: move the highlights that still match right away.
    if (drawn.length) scheduleRedraw();
  }

  const observer = new MutationObserver(onMutations);

  function start() {
    document.addEventListener('focusin', onFocusIn, true);
    document.addEventListener('input', onInput, true);
    document.addEventListener('paste', onPaste, true);
    document.addEventListener('selectionchange', onSelectionChange);
    document.addEventListener('mousemove', onMouseMove, { capture: true, passive: true });
    window.addEventListener('scroll', onScroll, { capture: true, passive: true });
    window.addEventListener('keydown', onShortcut, true);
    window.addEventListener('keydown', onKeyWake, true);
    chrome.runtime.onMessage.addListener(onRuntimeMessage);
    observer.observe(document.body || document.documentElement, { childList: true, subtree: true, characterData: true });
    ns.intercept.install({ adapter, active: enabled, lang, verdictNow, verdictFresh, showItem, jumpTo, acknowledge });
    ns.actions.install({ adapter, active: enabled, lang, send: (msg) => conn.send(msg), acknowledge: (rules) => conn.send({ kind: KIND.ACK, rules }) });
    keepAliveTimer = setInterval(keepAlive, KEEP_ALIVE_MS);
    conn.connect(); // settings arrive first thing
    scan();
    const active = document.activeElement && editorOf(document.activeElement);
    if (active) checkNow(track(active));
  }

  /** The extension was reloaded or removed: leave the page exactly as it was. */
  function stop() {
    if (stopped) return;
    stopped = true;
    document.removeEventListener('focusin', onFocusIn, true);
    document.removeEventListener('input', onInput, true);
    document.removeEventListener('paste', onPaste, true);
    document.removeEventListener('selectionchange', onSelectionChange);
    document.removeEventListener('mousemove', onMouseMove, true);
    window.removeEventListener('scroll', onScroll, true);
    window.removeEventListener('keydown', onShortcut, true);
    window.removeEventListener('keydown', onKeyWake, true);
    try {
      chrome.runtime.onMessage.removeListener(onRuntimeMessage);
    } catch {
      /* context gone */
    }
    observer.disconnect();
    clearInterval(keepAliveTimer);
    ns.intercept.uninstall();
    ns.actions.uninstall();
    ns.card.hide();
    ns.highlight.clear();
    drawn = [];
  }

  ns.main = Object.freeze({ site });
  start();
})();
