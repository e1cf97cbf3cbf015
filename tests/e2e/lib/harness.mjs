// Hermetic browser harness for Tarawwi end-to-end tests.
//
//   import { launch, typeSlowly, paste, ... } from '../lib/harness.mjs';
//   const h = await launch({ extensionDir: '/work/main/extension' });   // or extensionDir: null
//   const page = await h.openX('/home', { lang: 'ar' });
//   ...
//   await h.close();
//
// What it guarantees:
//  * Chromium (system build, /usr/bin/chromium) with a fresh temporary profile.
//  * https://x.com, https://twitter.com, https://www.facebook.com, https://facebook.com
//    are served from build/ (any path → that site's HTML shell), so the extension's
//    real content-script match patterns apply.
//  * Every other request is aborted. As a second wall, the browser's proxy is a
//    local recorder that refuses everything, so nothing that escapes routing can
//    reach the internet either, and it is logged.
//  * Every request is recorded (h.requests, h.proxied); h.externalRequests()
//    lists the ones the fixture pages did not make themselves.

import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = path.resolve(here, '..');
export const BUILD_DIR = path.join(E2E_DIR, 'build');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** The extension under test, if a suite wants the default location. */
export const DEFAULT_EXTENSION_DIR = path.resolve(E2E_DIR, '..', '..', 'extension');

/** Every composer the fixtures render (the contenteditable / textarea itself). */
export const EDITOR_SELECTOR = [
  '[data-testid^="tweetTextarea_"][contenteditable="true"]',
  '[data-testid="dmComposerTextInput"][contenteditable="true"]',
  'textarea[data-testid="dm-composer-textarea"]',
  'div[contenteditable="true"][role="textbox"][data-lexical-editor="true"]',
].join(', ');

/** Hosts served from build/: host → site. */
export const SITE_HOSTS = {
  'x.com': 'x',
  'twitter.com': 'x',
  'mobile.x.com': 'x',
  'www.facebook.com': 'facebook',
  'facebook.com': 'facebook',
  'web.facebook.com': 'facebook',
};
/** Emoji image hosts the fixtures reference (served a tiny SVG). */
export const EMOJI_HOSTS = new Set(['abs-0.twimg.com', 'static.xx.fbcdn.net']);

export const EMOJI_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><circle cx="18" cy="18" r="16" fill="#FFCC4D"/></svg>';

// ------------------------------------------------------------------ fixture files
export function loadBuild() {
  const need = ['x.html', 'x.js', 'x.css', 'facebook.html', 'facebook.js', 'facebook.css'];
  if (need.some((f) => !existsSync(path.join(BUILD_DIR, f)))) {
    // Build on demand so a fresh checkout can run `npm test` directly.
    execFileSync(process.execPath, [path.join(E2E_DIR, 'build-fixtures.mjs')], { cwd: E2E_DIR, stdio: 'inherit' });
  }
  const files = {};
  for (const f of need) files[f] = readFileSync(path.join(BUILD_DIR, f));
  return files;
}

export const CONTENT_TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8' };

export function shellFor(files, site, url) {
  const lang = url.searchParams.get('lang') === 'ar' ? 'ar' : 'en';
  return files[`${site}.html`]
    .toString('utf8')
    .replaceAll('%%LANG%%', lang)
    .replaceAll('%%DIR%%', lang === 'ar' ? 'rtl' : 'ltr');
}

// ------------------------------------------------------------------ recording proxy
/**
 * Chromium's own background services, which reach the proxy even with
 * --disable-background-networking (measured on Debian Chromium 156: account
 * check, component updater). Not something an extension would call.
 */
export const BROWSER_NOISE_HOSTS = [
  'accounts.google.com',
  'update.googleapis.com',
  'redirector.gvt1.com',
  'clients2.google.com',
  'clients2.googleusercontent.com',
  'clientservices.googleapis.com',
  'optimizationguide-pa.googleapis.com',
  'content-autofill.googleapis.com',
  'safebrowsingohttpgateway.googleapis.com',
];
function classifyProxied(kind, target) {
  let host;
  try {
    host = kind === 'connect' ? target.replace(/:\d+$/, '') : new URL(target).hostname;
  } catch {
    host = target;
  }
  if (BROWSER_NOISE_HOSTS.includes(host) || host.endsWith('.gvt1.com')) return { host, noise: 'browser' };
  // Chromium opens speculative sockets (preconnect) to the host it navigates to,
  // even though Playwright answers the request itself. A CONNECT carries no request.
  if (kind === 'connect' && (SITE_HOSTS[host] || EMOJI_HOSTS.has(host))) return { host, noise: 'preconnect' };
  return { host, noise: null };
}

function startRecordingProxy(log) {
  const server = http.createServer((req, res) => {
    log.push({ kind: 'http', method: req.method, target: req.url, ...classifyProxied('http', req.url), time: Date.now() });
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('blocked by tarawwi e2e harness');
  });
  server.on('connect', (req, socket) => {
    log.push({ kind: 'connect', method: 'CONNECT', target: req.url, ...classifyProxied('connect', req.url), time: Date.now() });
    socket.on('error', () => {});
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ------------------------------------------------------------------ launch
/**
 * @param {object} opts
 * @param {string|null} [opts.extensionDir]  unpacked extension to load, or null for none
 * @param {boolean} [opts.headless=true]
 * @param {string[]} [opts.args]             extra Chromium switches
 * @param {{width:number,height:number}} [opts.viewport]
 * @param {number} [opts.slowMo]
 * @param {string} [opts.locale]             browser UI locale / navigator.language (default en-US)
 */
export async function launch({ extensionDir = null, headless = true, args = [], viewport = { width: 1280, height: 900 }, slowMo, locale = 'en-US' } = {}) {
  const files = loadBuild();
  const proxied = [];
  const proxy = await startRecordingProxy(proxied);
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'tarawwi-e2e-'));

  const extArgs = extensionDir ? [`--disable-extensions-except=${path.resolve(extensionDir)}`, `--load-extension=${path.resolve(extensionDir)}`] : [];
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      headless,
      executablePath: CHROMIUM_PATH,
      viewport,
      slowMo,
      locale,
      proxy: { server: `http://127.0.0.1:${proxy.address().port}` },
      ignoreDefaultArgs: extensionDir ? ['--disable-extensions'] : [],
      args: [
        '--no-sandbox',
        ...extArgs,
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-domain-reliability',
        '--disable-client-side-phishing-detection',
        '--no-pings',
        ...args,
      ],
    });
  } catch (e) {
    proxy.close();
    await rm(userDataDir, { recursive: true, force: true });
    throw e;
  }

  // ---- request log
  const requests = [];
  const byRequest = new WeakMap();
  const entryFor = (req) => {
    let e = byRequest.get(req);
    if (!e) {
      let frameUrl = null;
      try {
        frameUrl = req.frame()?.url() ?? null;
      } catch {
        /* service-worker requests have no frame */
      }
      e = {
        url: req.url(),
        method: req.method(),
        resourceType: req.resourceType(),
        navigation: safe(() => req.isNavigationRequest(), false),
        serviceWorker: safe(() => req.serviceWorker()?.url() ?? null, null),
        frameUrl,
        disposition: 'unrouted', // until the route handler says otherwise
        fixture: false,
        time: Date.now(),
      };
      byRequest.set(req, e);
      requests.push(e);
    }
    return e;
  };
  context.on('request', (req) => entryFor(req));
  context.on('requestfailed', (req) => {
    const e = entryFor(req);
    e.failure = req.failure()?.errorText ?? 'failed';
  });

  await context.route('**/*', async (route) => {
    const req = route.request();
    const e = entryFor(req);
    let url;
    try {
      url = new URL(req.url());
    } catch {
      e.disposition = 'aborted';
      return route.abort('blockedbyclient');
    }
    if (url.protocol === 'chrome-extension:' || url.protocol === 'data:' || url.protocol === 'blob:') {
      e.disposition = 'passthrough';
      return route.continue();
    }
    const site = url.protocol === 'https:' ? SITE_HOSTS[url.hostname] : undefined;
    if (site) {
      const asset = /^\/__fixture\/(x|facebook)\.(js|css)$/.exec(url.pathname);
      if (asset) {
        e.disposition = 'fixture-asset';
        e.fixture = asset[1] === site;
        const name = `${asset[1]}.${asset[2]}`;
        return route.fulfill({ status: 200, headers: { 'content-type': CONTENT_TYPES[`.${asset[2]}`], 'cache-control': 'no-store' }, body: files[name] });
      }
      // Any path → the site's shell, as the real SPAs do. Only document
      // navigations are expected from the fixture pages themselves.
      e.disposition = 'shell';
      e.fixture = req.isNavigationRequest() && req.resourceType() === 'document';
      return route.fulfill({ status: 200, headers: { 'content-type': CONTENT_TYPES['.html'], 'cache-control': 'no-store' }, body: shellFor(files, site, url) });
    }
    if (EMOJI_HOSTS.has(url.hostname) && req.resourceType() === 'image') {
      e.disposition = 'emoji';
      e.fixture = true;
      return route.fulfill({ status: 200, headers: { 'content-type': 'image/svg+xml' }, body: EMOJI_SVG });
    }
    e.disposition = 'aborted';
    return route.abort('blockedbyclient');
  });

  await context.addCookies([
    { name: 'c_user', value: '100', domain: '.facebook.com', path: '/', secure: true, sameSite: 'None' },
    { name: 'twid', value: 'u%3D1000', domain: '.x.com', path: '/', secure: true, sameSite: 'None' },
  ]);

  // ---- page errors
  const errors = [];
  const watchPage = (p) => {
    p.on('pageerror', (err) => errors.push({ page: p.url(), type: 'pageerror', text: String(err?.stack || err) }));
    p.on('console', (msg) => {
      if (msg.type() === 'error') errors.push({ page: p.url(), type: 'console', text: msg.text() });
    });
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);

  let extensionId = null;
  let serviceWorker = null;
  if (extensionDir) {
    extensionId = await getExtensionId(context, { extensionDir });
    serviceWorker = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) || null;
  }

  const page = context.pages()[0] || (await context.newPage());

  async function open(site, p, { lang = 'en', page: pg = page, query = {}, waitFor } = {}) {
    const host = site === 'x' ? 'https://x.com' : 'https://www.facebook.com';
    const url = new URL(p, host);
    if (lang === 'ar') url.searchParams.set('lang', 'ar');
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    await pg.goto(url.href, { waitUntil: 'domcontentloaded' });
    await pg.waitForFunction(() => window.__fixture && document.querySelector('#app-root > *, #mount_0_0_Tw > *'));
    if (waitFor) await pg.waitForSelector(waitFor);
    return pg;
  }

  const harness = {
    context,
    page,
    extensionId,
    serviceWorker,
    userDataDir,
    /** All requests seen by Playwright (pages, frames and, where Chromium reports them, service workers). */
    requests,
    /** Connections that bypassed Playwright routing and reached the refusing proxy. */
    proxied,
    /** Page errors and console.error messages from all pages. */
    errors,
    pages: () => context.pages(),
    newPage: async () => context.newPage(),
    /** Open an X path (e.g. '/home', '/compose/post', '/messages/123') → page. */
    openX: (p = '/home', o) => open('x', p, o),
    /** Open a Facebook path (e.g. '/', '/groups/123/', '/messages/t/123/') → page. */
    openFacebook: (p = '/', o) => open('facebook', p, o),
    /**
     * Requests that the fixture pages did not make themselves and that are not the
     * extension's own chrome-extension:// files, plus anything that reached the
     * proxy except Chromium's own background noise (see BROWSER_NOISE_HOSTS and
     * preconnects; pass includeNoise: true to see those too).
     * With a well-behaved extension this is [].
     */
    externalRequests({ includeProxy = true, includeNoise = false } = {}) {
      const routed = requests.filter((r) => !r.fixture && !/^(chrome-extension|data|blob):/.test(r.url));
      if (!includeProxy) return routed;
      const viaProxy = proxied
        .filter((p) => includeNoise || !p.noise)
        .map((p) => ({ url: p.target, method: p.method, disposition: 'proxy', noise: p.noise, fixture: false, time: p.time }));
      return [...routed, ...viaProxy];
    },
    /** Forget recorded requests and errors (e.g. after setup). */
    clearLogs() {
      requests.length = 0;
      proxied.length = 0;
      errors.length = 0;
    },
    async close() {
      try {
        await context.close();
      } finally {
        proxy.close();
        await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
      }
    },
  };
  return harness;
}

function safe(fn, fallback) {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

// ------------------------------------------------------------------ extension id
/**
 * The loaded extension's id, from its MV3 service-worker URL. Falls back to
 * computing the id Chromium gives an unpacked extension (from manifest.key, or
 * from the absolute path) when the extension has no service worker.
 */
export async function getExtensionId(context, { extensionDir, timeout = 10_000 } = {}) {
  const isExt = (w) => w.url().startsWith('chrome-extension://');
  let sw = context.serviceWorkers().find(isExt);
  if (!sw) {
    let hasWorker = true;
    if (extensionDir) {
      try {
        const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8'));
        hasWorker = !!manifest.background?.service_worker;
      } catch {
        /* fall through */
      }
    }
    if (hasWorker) sw = await context.waitForEvent('serviceworker', { predicate: isExt, timeout }).catch(() => null);
  }
  if (sw) return new URL(sw.url()).host;
  if (!extensionDir) throw new Error('getExtensionId: no extension service worker and no extensionDir to derive the id from');
  return unpackedExtensionId(extensionDir);
}

/** Chromium's id for an unpacked extension: sha256 of the manifest key (or of the absolute path), first 16 bytes, hex digits mapped 0-f → a-p. */
export function unpackedExtensionId(extensionDir) {
  let input;
  try {
    const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8'));
    if (manifest.key) input = Buffer.from(manifest.key, 'base64');
  } catch {
    /* no manifest */
  }
  if (!input) input = Buffer.from(path.resolve(extensionDir));
  const hex = createHash('sha256').update(input).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

// ------------------------------------------------------------------ input helpers
const toLocator = (page, target) => (typeof target === 'string' ? page.locator(target) : target);

/**
 * Focus an editor and type `text` key by key. Characters without a US-keyboard
 * key (Arabic, emoji) go through Chromium's insertText, like an IME commit.
 * '\n' presses `newline` (default Enter; pass 'Shift+Enter' for a line break in
 * Facebook comments, where Enter submits).
 * The target must resolve to exactly one element (Playwright strict mode), so
 * scope duplicated composers, e.g. '[role=dialog] [data-testid=tweetTextarea_0]'.
 */
export async function typeSlowly(page, target, text, { delay = 12, newline = 'Enter', append = true, click = true } = {}) {
  const loc = toLocator(page, target);
  if (click) await loc.click();
  else await loc.focus();
  if (append) await page.keyboard.press('ControlOrMeta+End');
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) await page.keyboard.press(newline);
    if (lines[i]) await page.keyboard.type(lines[i], { delay });
  }
}

/**
 * Paste `text` into an editor by dispatching a ClipboardEvent('paste') carrying
 * a DataTransfer (text/plain, and text/html if given) at the focused element.
 * Draft.js and Lexical both take their paste path from this event. The event
 * is untrusted (isTrusted=false); use `{ trusted: true }` to go through the
 * real clipboard and Ctrl+V instead (needs clipboard permissions, granted here).
 */
export async function paste(page, target, text, { html, append = true, trusted = false } = {}) {
  const loc = toLocator(page, target);
  await loc.click();
  if (append) await page.keyboard.press('ControlOrMeta+End');
  if (trusted) {
    const origin = new URL(page.url()).origin;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.evaluate(async ({ text, html }) => {
      if (html) {
        await navigator.clipboard.write([
          new ClipboardItem({ 'text/plain': new Blob([text], { type: 'text/plain' }), 'text/html': new Blob([html], { type: 'text/html' }) }),
        ]);
      } else await navigator.clipboard.writeText(text);
    }, { text, html });
    await page.keyboard.press('ControlOrMeta+V');
    return;
  }
  await loc.evaluate(
    (el, { text, html }) => {
      const doc = el.ownerDocument;
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      if (html) dt.setData('text/html', html);
      const active = doc.activeElement && el.contains(doc.activeElement) ? doc.activeElement : el;
      const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true, composed: true });
      active.dispatchEvent(ev);
    },
    { text, html },
  );
}

/**
 * Type `text` through a (simulated) IME composition in the focused editor:
 * compositionstart/update events with growing text, then a commit
 * (compositionend + insertText), via CDP Input.imeSetComposition / insertText.
 * With `commit: false` the composition is left open, e.g. to press a key while
 * composing: that keydown has isComposing=true, but keyCode 13 rather than the
 * 229 a real IME sends, and the editors may act on it (Lexical inserts a
 * paragraph), so only assert what the *extension* does with such a key.
 * Returns { commit() } to finish an open composition.
 */
export async function imeCompose(page, text, { commit = true } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const chars = [...text];
  for (let i = 1; i <= chars.length; i++) {
    const t = chars.slice(0, i).join('');
    await cdp.send('Input.imeSetComposition', { text: t, selectionStart: t.length, selectionEnd: t.length });
  }
  const finish = async () => {
    await cdp.send('Input.insertText', { text });
    await cdp.detach().catch(() => {});
  };
  if (commit) {
    await finish();
    return { commit: async () => {} };
  }
  return { commit: finish };
}

/** The framework's own text for a named fixture composer (see README for names). */
export function getEditorText(page, name) {
  return page.evaluate((n) => window.__fixture.getText(n), name);
}
/** window.__posts: [{ site, composer, text, kind, via, ... }] in submission order. */
export function getPosts(page) {
  return page.evaluate(() => window.__posts.map((p) => ({ ...p })));
}
export function getActions(page) {
  return page.evaluate(() => window.__actions.map((p) => ({ ...p })));
}
/** Wait until a named composer is mounted. */
export function waitForEditor(page, name, { timeout = 5000 } = {}) {
  return page.waitForFunction((n) => !!window.__editors?.[n], name, { timeout });
}

/**
 * Read an editor's text from the DOM the way sites.md §3 describes (what a
 * content script can do): Draft → join [data-text] leaves per [data-block],
 * blocks joined by '\n'; Lexical → per block child, text of
 * [data-lexical-text] spans with <br> → '\n', blocks joined by '\n';
 * textarea → .value. `img[alt]` counts as its alt text.
 */
export function readEditorDom(page, target) {
  return toLocator(page, target).evaluate((el) => {
    if (el.tagName === 'TEXTAREA') return el.value;
    const leafText = (n) => {
      let s = '';
      for (const c of n.childNodes) {
        if (c.nodeType === 3) s += c.data;
        else if (c.nodeName === 'BR') s += c.hasAttribute('data-text') ? '' : '\n';
        else if (c.nodeName === 'IMG') s += c.getAttribute('alt') || '';
        else if (c.nodeType === 1) s += leafText(c);
      }
      return s;
    };
    if (el.matches('[data-lexical-editor]')) {
      return [...el.children]
        .map((block) => {
          let s = '';
          const walk = (n) => {
            for (const c of n.childNodes) {
              if (c.nodeType === 1 && c.hasAttribute('data-lexical-text')) s += c.textContent;
              else if (c.nodeName === 'BR') {
                // Lexical's managed <br> (empty paragraph, or after a trailing line
                // break) is not text. Newer Lexical marks it; older builds: a lone <br>.
                if (c.hasAttribute('data-lexical-managed-linebreak')) continue;
                if (!(n === block && block.childNodes.length === 1)) s += '\n';
              } else if (c.nodeName === 'IMG') s += c.getAttribute('alt') || '';
              else if (c.nodeType === 1) walk(c);
            }
          };
          walk(block);
          return s;
        })
        .join('\n');
    }
    // Draft.js
    return [...el.querySelectorAll('[data-block="true"]')]
      .map((b) => [...b.querySelectorAll('[data-text="true"]')].map((leaf) => (leaf.nodeName === 'BR' ? '' : leafText(leaf))).join(''))
      .join('\n');
  });
}

// ------------------------------------------------------------------ editor mutation watching
/**
 * Installed in the page (main world). Records DOM changes *inside* editors:
 *  - every added element/text node (with its subtree) and whether it looks like
 *    something Draft.js/Lexical would create (`foreign: false`) or not;
 *  - removed nodes that were foreign (Lexical removes what it did not create);
 *  - attribute changes, flagged foreign when the attribute is not one the
 *    frameworks or React set.
 * Anything whose tag, id, class, attribute name or value contains "tarawwi" is
 * flagged `tarawwi: true`.
 */
function installEditorWatcher(selector) {
  const W = (window.__tarawwiEditorWatch ||= { selectors: new Set(), records: [], observer: null, dropped: 0 });
  W.selectors.add(selector);
  if (W.observer) return true;

  const MAX = 5000;
  const TAGS = new Set(['DIV', 'SPAN', 'BR', 'P', 'STRONG', 'EM', 'B', 'I', 'U', 'S', 'CODE', 'MARK', 'SUB', 'SUP']);
  const ATTRS = new Set(['class', 'dir', 'style', 'data-contents', 'data-block', 'data-editor', 'data-offset-key', 'data-text', 'contenteditable', 'spellcheck']);
  const CHANGEABLE = new Set([...ATTRS, 'role', 'tabindex', 'data-testid', 'autocapitalize', 'autocorrect', 'translate', 'placeholder', 'rows', 'value', 'disabled']);
  const CLASS_OK = /^(public-Draft|Draft|r-|css-|notranslate$|x[0-9a-z]{4,9}$)/;
  const TARAWWI = /tarawwi/i;

  const editorOf = (node) => {
    let el = node && (node.nodeType === 1 ? node : node.parentElement);
    while (el) {
      for (const s of W.selectors) if (el.matches(s)) return el;
      el = el.parentElement;
    }
    return null;
  };
  const nameOf = (ed) =>
    ed.getAttribute('data-testid') || ed.getAttribute('aria-label') || ed.getAttribute('aria-placeholder') || ed.tagName.toLowerCase();
  const hasTarawwi = (el) => {
    if (TARAWWI.test(el.tagName)) return true;
    for (const a of el.attributes) if (TARAWWI.test(a.name) || TARAWWI.test(a.value)) return true;
    return false;
  };
  const isForeignEl = (el) => {
    if (!TAGS.has(el.tagName)) return true;
    if (el.shadowRoot) return true;
    for (const a of el.attributes) {
      if (a.name.startsWith('data-lexical-') || a.name.startsWith('data-fixture-')) continue;
      if (!ATTRS.has(a.name)) return true;
      if (a.name === 'class' && a.value.trim() && !a.value.trim().split(/\s+/).every((c) => CLASS_OK.test(c))) return true;
    }
    return false;
  };
  const describe = (n) => {
    if (n.nodeType === 3) return { node: '#text', text: n.data.slice(0, 80) };
    if (n.nodeType !== 1) return { node: n.nodeName };
    const attrs = {};
    for (const a of n.attributes) attrs[a.name] = a.value.slice(0, 120);
    return { node: n.tagName.toLowerCase(), attrs, text: (n.textContent || '').slice(0, 80), shadow: !!n.shadowRoot };
  };
  const classify = (n) => {
    if (n.nodeType !== 1) return { foreign: false, tarawwi: false };
    let foreign = isForeignEl(n);
    let tarawwi = hasTarawwi(n);
    for (const d of n.querySelectorAll('*')) {
      if (!foreign && isForeignEl(d)) foreign = true;
      if (!tarawwi && hasTarawwi(d)) tarawwi = true;
      if (foreign && tarawwi) break;
    }
    return { foreign, tarawwi };
  };
  const push = (r) => {
    if (W.records.length >= MAX) W.dropped++;
    else W.records.push({ ...r, time: performance.now() });
  };

  W.observer = new MutationObserver((muts) => {
    for (const m of muts) {
      const ed = editorOf(m.target);
      if (!ed) continue;
      const editor = nameOf(ed);
      if (m.type === 'childList') {
        for (const n of m.addedNodes) {
          if (n === ed) continue;
          const c = classify(n);
          push({ type: 'added', editor, ...describe(n), ...c });
        }
        for (const n of m.removedNodes) {
          const c = classify(n);
          if (c.foreign || c.tarawwi) push({ type: 'removed', editor, ...describe(n), ...c });
        }
      } else if (m.type === 'attributes') {
        const value = m.target.getAttribute(m.attributeName);
        const name = m.attributeName;
        const foreign = !(CHANGEABLE.has(name) || name.startsWith('aria-') || name.startsWith('data-lexical-'));
        const tarawwi = TARAWWI.test(name) || TARAWWI.test(value || '');
        push({ type: 'attr', editor, node: m.target.nodeName.toLowerCase(), isRoot: m.target === ed, name, old: m.oldValue, value, foreign, tarawwi });
      }
    }
  });
  W.observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeOldValue: true });
  W.scan = () => {
    const found = [];
    for (const s of W.selectors)
      for (const ed of document.querySelectorAll(s)) {
        if (ed.shadowRoot) found.push({ editor: nameOf(ed), ...describe(ed), foreign: true, tarawwi: hasTarawwi(ed), where: 'editor-shadow-root' });
        for (const a of ed.attributes) if (TARAWWI.test(a.name) || TARAWWI.test(a.value)) found.push({ editor: nameOf(ed), node: 'editor', attr: a.name, value: a.value, tarawwi: true });
        for (const d of ed.querySelectorAll('*')) {
          const f = isForeignEl(d);
          const t = hasTarawwi(d);
          if (f || t) found.push({ editor: nameOf(ed), ...describe(d), foreign: f, tarawwi: t });
        }
      }
    return found;
  };
  return true;
}

/**
 * Start recording mutations inside editors matching `selector` (default: every
 * fixture composer). `persist: true` re-installs on every navigation (and before
 * any page script), otherwise it covers the current document only.
 */
export async function watchEditorMutations(page, selector = EDITOR_SELECTOR, { persist = false } = {}) {
  if (persist) await page.addInitScript(`(${installEditorWatcher.toString()})(${JSON.stringify(selector)})`);
  await page.evaluate(installEditorWatcher, selector);
  return {
    collect: (opts) => collectEditorMutations(page, opts),
    scan: () => scanEditorDom(page, selector),
  };
}

/**
 * → { records, foreign, tarawwi, dropped }. `foreign`/`tarawwi` are the subsets
 * a test normally asserts empty. `clear: true` empties the buffer.
 */
export async function collectEditorMutations(page, { clear = false } = {}) {
  const res = await page.evaluate((clear) => {
    const W = window.__tarawwiEditorWatch;
    if (!W) return null;
    const records = W.records.slice();
    const dropped = W.dropped;
    if (clear) {
      W.records.length = 0;
      W.dropped = 0;
    }
    return { records, dropped };
  }, clear);
  if (!res) throw new Error('collectEditorMutations: call watchEditorMutations(page) first');
  return { ...res, foreign: res.records.filter((r) => r.foreign), tarawwi: res.records.filter((r) => r.tarawwi) };
}

/** Static check of what is inside the editors right now: foreign or tarawwi-marked elements. */
export async function scanEditorDom(page, selector = EDITOR_SELECTOR) {
  await page.evaluate(installEditorWatcher, selector);
  return page.evaluate(() => window.__tarawwiEditorWatch.scan());
}

/**
 * Order-insensitive signature of the added-node records (tag + sorted attribute
 * names), for comparing a run with the extension against a run without it.
 */
export function mutationSignature(records) {
  const counts = new Map();
  for (const r of records) {
    if (r.type !== 'added') continue;
    const key = `${r.node}[${Object.keys(r.attrs || {}).sort().join(',')}]`;
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

// ------------------------------------------------------------------ misc
/** page.screenshot with caret:'initial' so Playwright does not write a style attribute into the editors. */
export function screenshot(page, file, opts = {}) {
  return page.screenshot({ path: file, caret: 'initial', ...opts });
}

/** Poll until fn() is truthy (for extension UI that appears asynchronously). */
export async function until(fn, { timeout = 5000, interval = 50, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`until: timed out waiting for ${message}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
