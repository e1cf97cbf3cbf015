// Chromium benchmark of the built extension on the hermetic X (Draft.js) and Facebook (Lexical)
// fixtures of tests/e2e (see tests/e2e/README.md):
//
// * keystroke → highlight update latency on a 5 000-character post (p50/p95/max over N keys);
// * a 100 000-character paste: time until it is checked and highlighted, and the longest
//   main-thread task meanwhile (from a Chromium trace: every task, and the tasks that ran
//   extension code);
// * service-worker cold start → first result (the worker stopped through CDP, as when idle);
// * JS heap of the page renderer (page + content script) and of the service worker after
//   10 000 keystrokes.
//
// How: the content script lives in an isolated world; through CDP (Runtime.evaluate in that
// world's context) we wrap `CSS.highlights.set/delete` (the only way it draws), `setTimeout`
// (its input debounce), `chrome.runtime.connect` (its Port: request sent, result received) and
// listen to keydown there — all timestamps on the page's one `performance.now()` clock. Nothing
// of the extension is modified on disk. Timings only; nothing is asserted.
//
// usage: node --experimental-websocket bench/chromium/extension.mjs --extension dist/chrome
//        --inputs target/bench/inputs [--keys 500] [--heap-keys 10000] [--cold 7]
//        [--sites facebook,x] [--heap-sites facebook]
// Prints one JSON object on stdout (with a `markdown` summary for BENCHMARKS.md).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '..', '..');
const { launch, paste, until } = await import(path.join(ROOT, 'tests/e2e/lib/harness.mjs'));

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const extensionDir = path.resolve(opt('extension', path.join(ROOT, 'dist/chrome')));
const inputsDir = path.resolve(opt('inputs', path.join(ROOT, 'target/bench/inputs')));
const KEYS = Number(opt('keys', '500'));
const HEAP_KEYS = Number(opt('heap-keys', '10000'));
const COLD = Number(opt('cold', '7'));
const SITES = opt('sites', 'facebook,x').split(',');
// --skip baseline,paste: leave parts out (for quick looks at one part; the full report runs all).
const SKIP = new Set(opt('skip', '').split(',').filter(Boolean));
// The 10 000-keystroke heap run takes minutes per site: by default on the first site only.
const HEAP_SITES = opt('heap-sites', SITES[0]).split(',');
const log = (...a) => process.stderr.write(`chromium: ${a.join(' ')}\n`);

// The extension's own debounce, read from its source so the report can show it.
const mainJs = readFileSync(path.join(extensionDir, 'extension/content/main.js'), 'utf8');
// (THROTTLE_MS since the check became leading-edge + trailing; DEBOUNCE_MS before.)
const DEBOUNCE_MS = Number((/(?:THROTTLE|DEBOUNCE)_MS\s*=\s*(\d+)/.exec(mainJs) || [])[1] || NaN);
const protocolJs = readFileSync(path.join(extensionDir, 'extension/shared/protocol.js'), 'utf8');
const MAX_CHECK_CHARS = Number((/MAX_CHECK_CHARS\s*=\s*([\d_]+)/.exec(protocolJs) || [])[1]?.replace(/_/g, '') || NaN);

/** The largest `<kind>-<chars>.txt` input, repeated to at least `chars` characters. */
function input(kind, chars) {
  const files = readdirSync(inputsDir)
    .map((f) => [f, new RegExp(`^${kind}-(\\d+)\\.txt$`).exec(f)])
    .filter(([, m]) => m)
    .sort((a, b) => Number(b[1][1]) - Number(a[1][1]));
  if (!files.length) throw new Error(`no ${kind}-*.txt in ${inputsDir}`);
  const unit = readFileSync(path.join(inputsDir, files[0][0]), 'utf8');
  return unit.repeat(Math.ceil(chars / unit.length) + 1);
}
const RISKY_EN = 'Between us, the internal memo says the audit of the ministry is late. ';
const RISKY_AR = 'بيناتنا، هذا كتاب رسمي سري من الدائرة لا تنشروه. ';
/** `chars` characters of `filler` with a risky sentence every `every` characters. */
function post(filler, chars, every) {
  const out = [];
  const fill = [...filler];
  let i = 0;
  for (let k = 0; out.length < chars; k++) {
    out.push(...(k % 2 ? RISKY_AR : RISKY_EN));
    out.push(...fill.slice(i, i + every - RISKY_AR.length));
    i += every - RISKY_AR.length;
  }
  return out.slice(0, chars).join('');
}
const POST_5K = post(input('mixed', 5000), 5000, 1000);
const PASTE_100K = post(input('mixed', 100_000), 100_000, 1000);
// Keys typed at the end of the post: ASCII (real key events), words that flag and do not.
const TYPED = ' the internal memo is out and the weather is lovely today';

const COMPOSERS = {
  facebook: {
    editor: 'Lexical',
    open: async (h, page) => {
      await h.openFacebook('/', { page });
      await page.click('[role="region"] [role="link"] + [role="button"]');
    },
    sel: '[role="dialog"] form[method="post"] [data-lexical-editor="true"]',
  },
  x: {
    editor: 'Draft.js',
    open: (h, page) => h.openX('/home', { page }),
    sel: '[data-testid="primaryColumn"] [data-testid="tweetTextarea_0"]',
  },
};

// ------------------------------------------------------------------ instrumentation

/** Installed in the content script's isolated world. Returns true once. */
const PROBE = (debounce) => {
  if (globalThis.__twb) return 'already';
  const b = (globalThis.__twb = { kd: [], kdAt: [], inp: [], hl: [], timers: [], sent: [], recv: [], waiter: null, armedAt: 0 });
  const now = () => performance.now();
  document.addEventListener('keydown', (e) => {
    b.kd.push(e.timeStamp);
    b.kdAt.push(now());
  }, true);
  document.addEventListener('input', () => b.inp.push(now()), true);
  const reg = Object.getPrototypeOf(CSS.highlights);
  for (const m of ['set', 'delete', 'clear']) {
    const orig = reg[m];
    reg[m] = function (...a) {
      const t = now();
      b.hl.push(t);
      // The update for a request: the first draw after a result that arrived since arming
      // (an input also triggers an immediate redraw that only drops stale ranges).
      const answered = !b.portPatched || (b.recv.length && b.recv[b.recv.length - 1] > b.armedAt);
      if (b.waiter && t > b.armedAt && answered) {
        const w = b.waiter;
        b.waiter = null;
        queueMicrotask(() => w(t));
      }
      return orig.apply(this, a);
    };
  }
  const st = globalThis.setTimeout;
  globalThis.setTimeout = function (fn, delay, ...rest) {
    // The check timer: a fixed debounce, or (leading edge + trailing) 0 … THROTTLE_MS.
    if (typeof delay === 'number' && delay <= debounce && typeof fn === 'function') {
      const f = fn;
      fn = function (...x) {
        b.timers.push(now());
        return f.apply(this, x);
      };
    }
    return st.call(this, fn, delay, ...rest);
  };
  const connect = chrome.runtime.connect.bind(chrome.runtime);
  chrome.runtime.connect = (...a) => {
    const p = connect(...a);
    b.portPatched = true;
    const pm = p.postMessage.bind(p);
    p.postMessage = (msg) => {
      if (msg && typeof msg.text === 'string') b.sent.push(now());
      return pm(msg);
    };
    p.onMessage.addListener((msg) => {
      if (msg && Array.isArray(msg.findings)) b.recv.push(now());
    });
    return p;
  };
  return 'installed';
};

async function isolatedWorld(page, extensionId) {
  const cdp = await page.context().newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  const ctx = await until(
    () => contexts.find((c) => c.origin?.startsWith(`chrome-extension://${extensionId}`) || c.auxData?.type === 'isolated' && c.name && !c.name.includes('playwright') && c.name !== '__playwright_utility_world__'),
    { message: 'content-script world', timeout: 10000 },
  );
  const evalIn = async (expression, { await: awaitPromise = false } = {}) => {
    const r = await cdp.send('Runtime.evaluate', { expression, contextId: ctx.id, returnByValue: true, awaitPromise });
    if (r.exceptionDetails) throw new Error(`isolated world: ${r.exceptionDetails.exception?.description || r.exceptionDetails.text}`);
    return r.result.value;
  };
  return { cdp, ctx, evalIn };
}

const stats = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return { n: 0 };
  const q = (p) => v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)];
  return { n: v.length, p50: q(0.5), p95: q(0.95), max: v[v.length - 1], mean: v.reduce((a, b) => a + b, 0) / v.length };
};

// ------------------------------------------------------------------ raw CDP (service worker)

/** Browser-level CDP over the remote-debugging port: the service worker's heap and clock. */
async function swClient(userDataDir, extensionId) {
  const port = await until(() => {
    try {
      return readFileSync(path.join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n')[0];
    } catch {
      return null;
    }
  }, { message: 'DevToolsActivePort' });
  const base = `chrome-extension://${extensionId}/`;
  async function call(method, params = {}) {
    const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    const t = list.find((t) => t.type === 'service_worker' && t.url.startsWith(base));
    if (!t) throw new Error('service worker target not found');
    const ws = new WebSocket(t.webSocketDebuggerUrl);
    await new Promise((res, rej) => {
      ws.onopen = res;
      ws.onerror = rej;
    });
    try {
      const send = (m, p) =>
        new Promise((res, rej) => {
          const id = Math.floor(Math.random() * 1e9);
          const onMsg = (ev) => {
            const d = JSON.parse(ev.data);
            if (d.id !== id) return;
            ws.removeEventListener('message', onMsg);
            if (d.error) rej(new Error(d.error.message));
            else res(d.result);
          };
          ws.addEventListener('message', onMsg);
          ws.send(JSON.stringify({ id, method: m, params: p }));
        });
      if (Array.isArray(method)) {
        const out = [];
        for (const [m, p] of method) out.push(await send(m, p || {}));
        return out;
      }
      return await send(method, params);
    } finally {
      ws.close();
    }
  }
  /** Whether the worker's DevTools target is listed (it is while the worker runs). */
  async function running() {
    const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    return list.some((t) => t.type === 'service_worker' && t.url.startsWith(base));
  }
  return { call, running };
}

async function stopWorker(page, extensionId) {
  const cdp = await page.context().newCDPSession(page);
  const base = `chrome-extension://${extensionId}/`;
  try {
    const stopped = new Promise((resolve) => {
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.some((v) => v.scriptURL.startsWith(base) && v.runningStatus === 'stopped')) resolve();
      });
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await Promise.race([stopped, new Promise((_, rej) => setTimeout(() => rej(new Error('service worker did not stop')), 5000))]);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// ------------------------------------------------------------------ tracing

async function traced(page, fn) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel,v8.execute',
    transferMode: 'ReturnAsStream',
  });
  let result;
  try {
    result = await fn();
  } finally {
    const done = new Promise((res) => cdp.once('Tracing.tracingComplete', res));
    await cdp.send('Tracing.end');
    const { stream } = await done;
    let data = '';
    for (;;) {
      const r = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
      data += r.base64Encoded ? Buffer.from(r.data, 'base64').toString('utf8') : r.data;
      if (r.eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    await cdp.detach().catch(() => {});
    const parsed = JSON.parse(data);
    result = { result, events: Array.isArray(parsed) ? parsed : parsed.traceEvents };
  }
  return result;
}

/** Longest tasks on the renderer main thread(s) and on the service-worker thread. */
function taskStats(events, extensionId) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !(e.dur >= 0)) continue;
    const k = `${e.pid}:${e.tid}`;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k).push(e);
  }
  const ext = `chrome-extension://${extensionId}/`;
  let page = null;
  let sw = null;
  for (const [k, evs] of byThread) {
    const name = names.get(k) || '';
    const tasks = evs.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
    if (!tasks.length) continue;
    const busy = tasks.reduce((a, e) => a + e.dur, 0);
    const calls = evs.filter((e) => e.name === 'FunctionCall' || e.name === 'TimerFire' || e.name === 'FireAnimationFrame' || e.name === 'EventDispatch' || e.name === 'v8.callFunction');
    const extCalls = evs.filter((e) => e.name === 'FunctionCall' && (e.args?.data?.url || '').startsWith(ext));
    const longest = tasks.reduce((a, e) => (e.dur > a.dur ? e : a));
    // Per task: time spent in content-script functions (top-level FunctionCall events).
    const extIn = (t) => extCalls.filter((c) => c.ts >= t.ts && c.ts < t.ts + t.dur).reduce((a, c) => a + c.dur, 0);
    const extTasks = tasks.map((t) => ({ t, ext: extIn(t) })).filter((x) => x.ext > 0);
    const worstExt = extTasks.reduce((a, x) => (!a || x.ext > a.ext ? x : a), null);
    const longestExt = worstExt ? worstExt.t : null;
    const extSelf = worstExt ? worstExt.ext : 0;
    const info = {
      thread: name,
      busyMs: busy / 1000,
      tasks: tasks.length,
      longestTaskMs: longest.dur / 1000,
      longestExtensionTaskMs: longestExt ? longestExt.dur / 1000 : 0,
      extensionCodeInItMs: extSelf / 1000,
      extensionCodeTotalMs: extTasks.reduce((a, x) => a + x.ext, 0) / 1000,
      extensionTasks: extTasks.length,
      over50ms: tasks.filter((t) => t.dur > 50_000).length,
      calls: calls.length,
    };
    if (name === 'CrRendererMain' && (!page || busy > page.busyMs * 1000)) page = info;
    if (/service ?worker/i.test(name) && (!sw || busy > sw.busyMs * 1000)) sw = info;
  }
  return { page, serviceWorker: sw };
}

// ------------------------------------------------------------------ scenarios

async function openComposer(h, site) {
  const c = COMPOSERS[site];
  const page = await h.newPage();
  await c.open(h, page);
  await page.waitForSelector(c.sel);
  const world = await isolatedWorld(page, h.extensionId);
  await until(() => world.evalIn('!!(globalThis.tarawwi && globalThis.tarawwi.highlight)'), { message: 'content script up' });
  await world.evalIn(`(${PROBE})(${DEBOUNCE_MS})`);
  return { page, world, sel: c.sel };
}

/** Arms the waiter, runs `act`, resolves with the time of the first highlight update after it. */
async function nextHighlight(world, act, timeoutMs = 5000) {
  const armed = await world.evalIn('(globalThis.__twb.armedAt = performance.now())');
  const wait = world.evalIn(
    `new Promise((res) => { globalThis.__twb.waiter = res; setTimeout(() => { if (globalThis.__twb.waiter === res) { globalThis.__twb.waiter = null; res(null); } }, ${timeoutMs}); })`,
    { await: true },
  );
  await act();
  const t = await wait;
  return { armed, t };
}

async function snapshot(world) {
  return world.evalIn('({ kd: __twb.kd.slice(), kdAt: __twb.kdAt.slice(), inp: __twb.inp.slice(), hl: __twb.hl.slice(), timers: __twb.timers.slice(), sent: __twb.sent.slice(), recv: __twb.recv.slice() })');
}
const firstAfter = (xs, t) => xs.find((x) => x >= t);
const lastBefore = (xs, t) => [...xs].reverse().find((x) => x <= t);

async function settle(page, ms) {
  await page.waitForTimeout(ms);
}

async function fillPost(page, world, sel, text) {
  const { t } = await nextHighlight(world, () => paste(page, sel, text), 20000);
  if (t === null) throw new Error('no highlight after filling the post');
  await settle(page, 300);
}

async function keystrokes(page, world, sel, n) {
  await page.click(sel);
  await page.keyboard.press('ControlOrMeta+End');
  const rows = [];
  let missed = 0;
  for (let i = 0; i < n; i++) {
    const ch = TYPED[i % TYPED.length];
    const { armed, t } = await nextHighlight(world, () => page.keyboard.press(ch === ' ' ? 'Space' : ch), 3000);
    if (t === null) {
      missed++;
      continue;
    }
    rows.push({ armed, t });
  }
  const s = await snapshot(world);
  const total = [];
  const afterDebounce = [];
  const engine = [];
  const draw = [];
  const firstDraw = [];
  const dispatch = [];
  const toInput = [];
  const inputToTimer = [];
  const inputToHighlight = [];
  for (const { armed, t } of rows) {
    const kd = firstAfter(s.kd, armed);
    if (kd === undefined || kd > t) continue;
    total.push(t - kd);
    const kdAt = firstAfter(s.kdAt, armed);
    if (kdAt !== undefined && kdAt <= t) dispatch.push(kdAt - kd);
    const inp = firstAfter(s.inp, kd);
    if (inp !== undefined && inp <= t) {
      toInput.push(inp - kd);
      inputToHighlight.push(t - inp);
      const tm = firstAfter(s.timers, inp);
      if (tm !== undefined && tm <= t) inputToTimer.push(tm - inp);
    }
    const first = firstAfter(s.hl, kd);
    if (first !== undefined && first <= t) firstDraw.push(first - kd);
    const timer = lastBefore(s.timers, t);
    if (timer !== undefined && timer >= kd) afterDebounce.push(t - timer);
    const sent = lastBefore(s.sent, t);
    const recv = lastBefore(s.recv, t);
    if (sent !== undefined && recv !== undefined && sent >= kd && recv >= sent) {
      engine.push(recv - sent);
      draw.push(t - recv);
    }
  }
  return {
    keys: n,
    missed,
    ipcFloor: stats(await messagingFloor(world, IPC_PINGS)),
    total: stats(total),
    afterDebounce: stats(afterDebounce),
    roundTrip: stats(engine),
    resultToHighlight: stats(draw),
    firstRedraw: stats(firstDraw),
    keydownDispatch: stats(dispatch),
    keydownToInput: stats(toInput),
    inputToTimer: stats(inputToTimer),
    inputToHighlight: stats(inputToHighlight),
  };
}

/**
 * The machine's messaging floor: a message from the content script to the worker and back with no
 * work at all (a `runtime.sendMessage` the worker does not answer, so the browser closes the channel
 * at once and the callback runs), `n` of them 20 ms apart as keys are. The same hops as a check's
 * request and result (page → browser → worker → browser → page); what a check adds is the rest.
 */
const IPC_PINGS = 100;
async function messagingFloor(world, n) {
  return world.evalIn(
    `(async () => {
      const out = [];
      for (let i = 0; i < ${n}; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const t0 = performance.now();
        await new Promise((res) => chrome.runtime.sendMessage({ kind: 'bench-ping' }, () => { void chrome.runtime.lastError; res(); }));
        out.push(performance.now() - t0);
      }
      return out;
    })()`,
    { await: true },
  );
}

async function pasteBig(page, world, sel, text) {
  // Empty the editor first, then paste at the end.
  await page.click(sel);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await settle(page, 500);
  const before = await snapshot(world);
  let armedAt = 0;
  let t = null;
  const tr = await traced(page, async () => {
    const r = await nextHighlight(world, () => paste(page, sel, text, { append: false }), 60000);
    armedAt = r.armed;
    t = r.t;
    await settle(page, 200);
  });
  const s = await snapshot(world);
  const sent = firstAfter(s.sent, armedAt);
  const recv = firstAfter(s.recv, armedAt);
  const highlights = await page.evaluate(() => {
    let n = 0;
    for (const [name, hl] of CSS.highlights) if (name !== 'tarawwi-current') n += hl.size;
    return n;
  });
  void before;
  return {
    chars: [...text].length,
    checkedChars: MAX_CHECK_CHARS,
    toHighlightMs: t === null ? null : t - armedAt,
    toRequestMs: sent === undefined ? null : sent - armedAt,
    roundTripMs: sent === undefined || recv === undefined ? null : recv - sent,
    highlightRanges: highlights,
    ...flattenTasks(taskStats(tr.events, page.__extensionId)),
  };
}

function flattenTasks({ page }) {
  return {
    longestTaskMs: page ? page.longestTaskMs : null,
    longestExtensionTaskMs: page ? page.longestExtensionTaskMs : null,
    extensionCodeInItMs: page ? page.extensionCodeInItMs : null,
    extensionCodeTotalMs: page ? page.extensionCodeTotalMs : null,
    tasksOver50ms: page ? page.over50ms : null,
    mainThreadBusyMs: page ? page.busyMs : null,
  };
}

/**
 * Press `key` in the composer and measure it against a worker that was stopped: keydown →
 * highlight, keydown → result (the content script starts a stopped worker at the keydown), its
 * check request → result, the worker's start-up marks, and (`origin`) worker start → result on the
 * page's clock.
 */
async function firstKey(page, world, sw, key, { origin = false } = {}) {
  const running = await sw.running();
  const { armed, t } = await nextHighlight(world, () => page.keyboard.press(key), 10000);
  const s = await snapshot(world);
  const kd = firstAfter(s.kd, armed);
  const sent = lastBefore(s.sent, t ?? Infinity);
  const recv = lastBefore(s.recv, t ?? Infinity);
  const row = {
    runningBefore: running,
    keyToHighlightMs: t === null ? null : t - kd,
    keyToResultMs: recv !== undefined && kd !== undefined && recv >= kd ? recv - kd : null,
    requestToResultMs: sent !== undefined && recv !== undefined && sent >= kd ? recv - sent : null,
  };
  try {
    if (origin) {
      // Worker start → first result: the worker's own time origin against the page's clock.
      const [o] = await sw.call([['Runtime.evaluate', { expression: 'performance.timeOrigin', returnByValue: true }]]);
      const pageOrigin = await page.evaluate(() => performance.timeOrigin);
      if (recv !== undefined) row.workerStartToResultMs = pageOrigin + recv - o.result.value;
      if (t !== null) row.workerStartToHighlightMs = pageOrigin + t - o.result.value;
    }
    // The worker's own start-up marks (engine.js `mark`), ms after its time origin.
    const [marks] = await sw.call([['Runtime.evaluate', { expression: `JSON.stringify(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('tarawwi:')).map((m) => [m.name.slice(8), m.startTime]))`, returnByValue: true }]]);
    row.marks = Object.fromEntries(JSON.parse(marks.result.value || '[]'));
  } catch (e) {
    row.workerError = String(e.message || e);
  }
  return row;
}

async function coldStarts(h, page, world, sel, n, sw) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    await stopWorker(page, h.extensionId);
    await settle(page, 300);
    await page.click(sel);
    await page.keyboard.press('ControlOrMeta+End');
    // A letter not typed before in this run: the text is new, nothing can be answered early.
    rows.push(await firstKey(page, world, sw, 'qwxzjkvb'[i % 8], { origin: true }));
    await settle(page, 200);
  }
  return {
    runs: rows.length,
    keyToResult: stats(rows.map((r) => r.keyToResultMs)),
    requestToResult: stats(rows.map((r) => r.requestToResultMs)),
    workerStartToResult: stats(rows.map((r) => r.workerStartToResultMs)),
    keyToHighlight: stats(rows.map((r) => r.keyToHighlightMs)),
    marks: markStats(rows.slice(1)),
    rows,
  };
}

/**
 * A new post after the worker stopped, as people write one: the composer is empty and loses focus,
 * the worker is stopped, then the composer is clicked (the content script wakes the worker on
 * focus), and the first key comes FOCUS_PAUSE_MS later. Measures that first key.
 */
const FOCUS_PAUSE_MS = 500;
async function focusStarts(h, page, world, sel, n, sw) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    await page.click(sel);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await settle(page, 300);
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await stopWorker(page, h.extensionId);
    await settle(page, 300);
    await page.click(sel);
    await settle(page, FOCUS_PAUSE_MS);
    rows.push(await firstKey(page, world, sw, 'qwxzjkvb'[(i + 3) % 8]));
    await settle(page, 200);
  }
  return {
    runs: rows.length,
    pauseMs: FOCUS_PAUSE_MS,
    requestToResult: stats(rows.map((r) => r.requestToResultMs)),
    keyToHighlight: stats(rows.map((r) => r.keyToHighlightMs)),
    marks: markStats(rows),
    rows,
  };
}

/** Median of each start-up mark over the rows that have it (the first start is left out). */
function markStats(rows) {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.marks || {})))];
  return Object.fromEntries(names.map((n) => [n, stats(rows.map((r) => r.marks?.[n] ?? null)).p50]));
}

async function heapAfterKeys(page, world, sel, n, sw) {
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const swHeap = async () => {
    const [, r] = await sw.call([['HeapProfiler.collectGarbage'], ['Runtime.getHeapUsage']]);
    return r.usedSize;
  };
  await page.click(sel);
  await page.keyboard.press('ControlOrMeta+End');
  await settle(page, 500);
  const page0 = await heap();
  const sw0 = await swHeap().catch(() => null);
  const t0 = Date.now();
  let checks = (await snapshot(world)).sent.length;
  // Bursts of 50 keys then 50 Backspaces (the post stays ~5 000 characters), pausing past the
  // debounce after every 10 keys so the extension checks as it would for a typist.
  const burst = 'memo internal the audit is late and lovely weather '.slice(0, 50);
  let typed = 0;
  while (typed < n) {
    for (let i = 0; i < 50 && typed < n; i++, typed++) {
      await page.keyboard.press(burst[i] === ' ' ? 'Space' : burst[i]);
      if (typed % 10 === 9) await settle(page, DEBOUNCE_MS + 15);
    }
    for (let i = 0; i < 50 && typed < n; i++, typed++) {
      await page.keyboard.press('Backspace');
      if (typed % 10 === 9) await settle(page, DEBOUNCE_MS + 15);
    }
  }
  await settle(page, 1000);
  checks = (await snapshot(world)).sent.length - checks;
  const page1 = await heap();
  const sw1 = await swHeap().catch(() => null);
  await cdp.detach().catch(() => {});
  return { keys: n, checks, seconds: (Date.now() - t0) / 1000, pageBefore: page0, pageAfter: page1, workerBefore: sw0, workerAfter: sw1 };
}

// ------------------------------------------------------------------ main

/** The same 100k paste with no extension loaded: the editor's own main-thread cost. */
/** keydown (its timeStamp) → `input` event in the page, per key, with no extension. */
async function baselineKeys(page, sel, n) {
  await page.evaluate(() => {
    const b = (globalThis.__kb = { kd: [], inp: [] });
    document.addEventListener('keydown', (e) => b.kd.push(e.timeStamp), true);
    document.addEventListener('input', () => b.inp.push(performance.now()), true);
  });
  await page.click(sel);
  await page.keyboard.press('ControlOrMeta+End');
  for (let i = 0; i < n; i++) {
    const ch = TYPED[i % TYPED.length];
    await page.keyboard.press(ch === ' ' ? 'Space' : ch);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  }
  const { kd, inp } = await page.evaluate(() => globalThis.__kb);
  return stats(kd.map((k) => (firstAfterIn(inp, k) ?? NaN) - k));
  function firstAfterIn(xs, t) {
    return xs.find((x) => x >= t);
  }
}

async function baselinePaste() {
  const res = {};
  const hb = await launch({ extensionDir: null });
  try {
    for (const site of SITES) {
      try {
        const c = COMPOSERS[site];
        const page = await hb.newPage();
        await c.open(hb, page);
        await page.waitForSelector(c.sel);
        // Keystrokes without the extension: keydown → `input` is the editor's (and the driver's) own time.
        await paste(page, c.sel, POST_5K, { append: false });
        await settle(page, 300);
        const keys = await baselineKeys(page, c.sel, Math.min(KEYS, 200));
        await page.click(c.sel);
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.press('Delete');
        await settle(page, 300);
        const tr = await traced(page, async () => {
          await paste(page, c.sel, PASTE_100K, { append: false });
          await settle(page, 500);
        });
        res[site] = { ...flattenTasks(taskStats(tr.events, 'none')), keydownToInput: keys };
        await page.close();
      } catch (e) {
        res[site] = { error: String(e.message || e) };
      }
    }
  } finally {
    await hb.close();
  }
  return res;
}

const out = { debounceMs: DEBOUNCE_MS, maxCheckChars: MAX_CHECK_CHARS, keys: KEYS, heapKeys: HEAP_KEYS, chromium: null };
log('baseline paste (no extension)');
out.baseline = SKIP.has('baseline') ? null : await baselinePaste();
log('baseline', JSON.stringify(out.baseline));
const h = await launch({ extensionDir, args: ['--remote-debugging-port=0'] });
try {
  out.chromium = h.context.browser()?.version() ?? null;
  const sw = await swClient(h.userDataDir, h.extensionId);
  for (const site of SITES) {
    const r = (out[site] = { editor: COMPOSERS[site].editor });
    try {
      log(site, 'open');
      const { page, world, sel } = await openComposer(h, site);
      page.__extensionId = h.extensionId;
      // The probe wraps chrome.runtime.connect: restart the worker once so the Port is ours.
      r.coldStart = await coldStarts(h, page, world, sel, site === SITES[0] ? COLD : 1, sw);
      log(site, 'cold start', JSON.stringify(r.coldStart.workerStartToResult));
      if (site === SITES[0] && COLD > 1) {
        r.focusStart = await focusStarts(h, page, world, sel, COLD - 1, sw);
        log(site, 'focus start', JSON.stringify(r.focusStart.requestToResult));
      }
      await fillPost(page, world, sel, POST_5K);
      log(site, `keystrokes ×${KEYS}`);
      r.keystroke = await keystrokes(page, world, sel, KEYS);
      log(site, 'keystroke', JSON.stringify(r.keystroke.total), 'messaging floor', JSON.stringify(r.keystroke.ipcFloor));
      if (HEAP_KEYS > 0 && HEAP_SITES.includes(site)) {
        log(site, `heap ×${HEAP_KEYS}`);
        r.heap = await heapAfterKeys(page, world, sel, HEAP_KEYS, sw);
        log(site, 'heap', JSON.stringify(r.heap));
      }
      if (!SKIP.has('paste')) {
        log(site, 'paste 100k');
        r.paste = await pasteBig(page, world, sel, PASTE_100K);
        log(site, 'paste', JSON.stringify(r.paste));
      }
      await page.close();
    } catch (e) {
      r.error = String(e.stack || e);
      log(site, 'error', r.error);
    }
  }
} finally {
  await h.close();
}

// The first site's cold starts (the rest ran one, to re-arm the probe). The very first start
// after launch compiles the WASM with no code cache: reported apart.
{
  const c = out[SITES[0]]?.coldStart;
  if (c) {
    const later = c.rows.slice(1);
    out.coldStart = {
      firstKeyToResultMs: c.rows[0]?.keyToResultMs ?? null,
      firstRequestToResultMs: c.rows[0]?.requestToResultMs ?? null,
      firstWorkerStartToResultMs: c.rows[0]?.workerStartToResultMs ?? null,
      keyToResult: stats(later.map((r) => r.keyToResultMs)),
      requestToResult: stats(later.map((r) => r.requestToResultMs)),
      workerStartToResult: stats(later.map((r) => r.workerStartToResultMs)),
      keyToHighlight: stats(later.map((r) => r.keyToHighlightMs)),
      runs: later.length,
    };
  }
}
for (const site of SITES) {
  const k = out[site]?.keystroke;
  if (k) k.p95 = k.total.p95;
}
out.markdown = markdown(out);
process.stdout.write(JSON.stringify(out, null, 1) + '\n');

function markdown(o) {
  const ms = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(1)} ms`);
  const mb = (x) => (x === null || x === undefined ? '–' : `${(x / 1e6).toFixed(2)} MB`);
  const L = [];
  L.push(`Chromium ${o.chromium || ''}, headless, the built \`dist/chrome\` on the e2e fixtures (Facebook post dialog = Lexical, X inline composer = Draft.js). ` +
    `The extension checks an edit at once when no check of that composer is in flight; edits made while one is in flight are checked when its answer arrives, or **${o.debounceMs} ms** after it was sent at the latest (\`THROTTLE_MS\`, extension/content/main.js). It checks at most **${o.maxCheckChars}** UTF-16 units per composer (\`MAX_CHECK_CHARS\`). ` +
    `Timestamps come from the content script's isolated world (wrapped \`CSS.highlights\`, debounce timer, Port), on the page's clock.`);
  L.push('');
  L.push(`### Keystroke → highlight update (${o.keys} keystrokes at the end of a 5 000-character post, one at a time, each waited for)`);
  L.push('');
  L.push('| Editor | | p50 | p95 | max |');
  L.push('|---|---|---:|---:|---:|');
  for (const site of SITES) {
    const r = o[site];
    if (!r?.keystroke) {
      L.push(`| ${r?.editor || site} | failed: ${(r?.error || '').split('\n')[0]} | | | |`);
      continue;
    }
    const k = r.keystroke;
    const row = (label, s) => L.push(`| ${r.editor} | ${label} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} |`);
    row(`**keydown → highlight set** (n=${k.total.n}, missed ${k.missed})`, k.total);
    row('keydown → `input` event (the editor inserts the character; the driver sends keydown and the character as two CDP events)', k.keydownToInput);
    const base = o.baseline?.[site]?.keydownToInput;
    if (base?.n) row('… keydown → `input` event in the same editor *without the extension*', base);
    row('**`input` event → highlight set** (what the extension adds to a keystroke)', k.inputToHighlight);
    row('request posted → result received (worker: engine + messaging, and the page\'s frame in between)', k.roundTrip);
    if (k.ipcFloor?.n) row(`… a message to the worker and back with no work (the machine's messaging floor; n=${k.ipcFloor.n}, 20 ms apart)`, k.ipcFloor);
    row('result received → highlight set (ranges)', k.resultToHighlight);
    row('keydown → first redraw (stale ranges dropped, before the check)', k.firstRedraw);
  }
  L.push('');
  L.push('### 100 000-character paste');
  L.push('');
  L.push('| Editor | paste → highlighted | paste → check posted | check round trip (worker) | highlight ranges | longest main-thread task | … same paste without the extension | tasks > 50 ms | most content-script code in one task | content-script code, all tasks |');
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const site of SITES) {
    const p = o[site]?.paste;
    if (!p) continue;
    const base = o.baseline?.[site];
    L.push(`| ${o[site].editor} | ${ms(p.toHighlightMs)} | ${ms(p.toRequestMs)} | ${ms(p.roundTripMs)} | ${p.highlightRanges} | ${ms(p.longestTaskMs)} | ${ms(base?.longestTaskMs)} | ${p.tasksOver50ms} | ${ms(p.extensionCodeInItMs)} (in a ${ms(p.longestExtensionTaskMs)} task) | ${ms(p.extensionCodeTotalMs)} |`);
  }
  L.push('');
  L.push(`The post is ${o[SITES[0]]?.paste?.chars ?? ''} characters of the \`mixed\` input with a risky sentence every 1 000; the extension checks (and highlights) its first ${o.maxCheckChars} UTF-16 units. From a Chromium trace of the page's main thread, paste → highlights drawn: "longest main-thread task" includes the editor's own handling of the paste (Draft.js/Lexical rendering 100 000 characters), which the run *without the extension* shows alone; "content-script code" is the time in top-level \`FunctionCall\` trace events of \`chrome-extension://…\` scripts.`);
  L.push('');
  const cs = o.coldStart;
  if (cs) {
    L.push(`### Service-worker cold start → first result (${o[SITES[0]].editor}; worker stopped with CDP \`ServiceWorker.stopAllWorkers\` as when idle, then one keystroke)`);
    L.push('');
    L.push(`The content script starts a stopped worker at the keydown in a composer, so the worker starts while the editor handles the key; the check request follows the editor's \`input\` event. First start after the browser launched (WASM compiled with no code cache): keydown → result ${ms(cs.firstKeyToResultMs)}, worker start → result ${ms(cs.firstWorkerStartToResultMs)}. Then ${cs.runs} restarts:`);
    L.push('');
    L.push('| | p50 | p95 | max |');
    L.push('|---|---:|---:|---:|');
    const row = (label, s) => L.push(`| ${label} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} |`);
    row('**keydown → result received** (worker start, WASM instantiate, `new Engine()`, check, reply)', cs.keyToResult);
    row('check request posted → result received (the worker was started at the keydown)', cs.requestToResult);
    row('worker start (its `performance.timeOrigin`) → result received', cs.workerStartToResult);
    row('keydown → highlight set', cs.keyToHighlight);
    L.push('');
    const fs = o[SITES[0]]?.focusStart;
    if (fs) {
      L.push(`A new post after the worker stopped: the empty composer clicked (the content script wakes the worker when a composer gets focus), the first key ${fs.pauseMs} ms later (${fs.runs} runs):`);
      L.push('');
      L.push('| | p50 | p95 | max |');
      L.push('|---|---:|---:|---:|');
      row('**first key\'s check request posted → result received**', fs.requestToResult);
      row('keydown → highlight set', fs.keyToHighlight);
      L.push('');
    }
  }
  L.push(`### JS heap after ${o.heapKeys} keystrokes (bursts of 50 keys and 50 Backspaces on the 5 000-character post; after a forced GC)`);
  L.push('');
  L.push('| Editor | checks sent | page renderer before → after (page + content script, one V8 isolate) | service worker before → after |');
  L.push('|---|---:|---:|---:|');
  for (const site of SITES) {
    const m = o[site]?.heap;
    if (!m) continue;
    L.push(`| ${o[site].editor} | ${m.checks} | ${mb(m.pageBefore)} → ${mb(m.pageAfter)} | ${mb(m.workerBefore)} → ${mb(m.workerAfter)} |`);
  }
  L.push('');
  L.push('The content script shares the page\'s V8 isolate, so its heap cannot be read apart from the page\'s; the growth across the run is the figure to watch. The service-worker figure is V8 heap only: the WASM linear memory (the engine\'s tables) is outside it.');
  return L.join('\n');
}
