// Shared scenario helpers for the extension specs (extension-*.test.mjs). Not a test file itself.
//
// The extension under test is $TARAWWI_EXTENSION_DIR (set by `cargo xtask test`), else the staged
// build `dist/chrome` (`cargo xtask build`). Expected findings come from the *same* WASM engine the
// extension ships, loaded in Node from that build, so the specs compare what the page shows with
// what the engine says.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { E2E_DIR, launch, typeSlowly, paste, until, waitForEditor } from '../lib/harness.mjs';

export { typeSlowly, paste, until };

export const DIST = path.resolve(process.env.TARAWWI_EXTENSION_DIR || path.join(E2E_DIR, '..', '..', 'dist', 'chrome'));

if (!existsSync(path.join(DIST, 'manifest.json'))) {
  throw new Error(`extension specs: no staged extension at ${DIST}; run \`cargo xtask build\` first (or set TARAWWI_EXTENSION_DIR)`);
}
if (!existsSync(path.join(DIST, '_locales', 'en', 'messages.json'))) {
  // The manifest uses __MSG_…__ strings with default_locale: without _locales at the package
  // root, Chrome refuses to load the extension (silently, in a headless run).
  throw new Error(`extension specs: ${DIST}/_locales is missing; browsers read _locales only at the package root, so the build must copy extension/_locales there`);
}

// ------------------------------------------------------------------ the engine, in Node

let enginePromise = null;
/** The extension's own WASM engine. */
export function engine() {
  enginePromise ??= (async () => {
    const wasmDir = path.join(DIST, 'extension', 'wasm');
    const glue = await import(pathToFileURL(path.join(wasmDir, 'tarawwi_wasm.js')).href);
    await glue.default({ module_or_path: readFileSync(path.join(wasmDir, 'tarawwi_wasm_bg.wasm')) });
    return new glue.Engine();
  })();
  return enginePromise;
}

/** What the engine finds in `text`: [{rule, severity, clause, start, end, text, …}], in text order. */
export async function engineFindings(text) {
  const e = await engine();
  return e.check(text).sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The engine's messages for a rule. */
export async function ruleMessages(rule) {
  return (await engine()).messages(rule);
}

const RANK = { info: 0, warn: 1, high: 2 };
/** Findings that count (badge, review) at a threshold. */
export const atLeast = (findings, threshold) => findings.filter((f) => RANK[f.severity] >= RANK[threshold]);

// ------------------------------------------------------------------ texts

/**
 * Posts in English, Arabic and both. The specs assert that the engine flags each of them (so a
 * change in the packs that stops flagging them fails loudly here rather than passing vacuously).
 */
export const TEXTS = {
  english: 'Between us, the internal memo says the audit of the ministry is late.',
  arabic: 'بيناتنا، هذا كتاب رسمي سري من الدائرة لا تنشروه',
  mixed: 'Between us يا جماعة، هذا كتاب رسمي — the internal memo is out',
};
export const CLEAN = { english: 'Lovely weather today, see you all at the park.', arabic: 'الجو جميل اليوم، نراكم في الحديقة.' };

// ------------------------------------------------------------------ composers

export const X = {
  inline: { site: 'x', path: '/home', sel: '[data-testid="primaryColumn"] [data-testid="tweetTextarea_0"]', name: 'inline', button: '[data-testid="tweetButtonInline"]' },
  modal: { site: 'x', path: '/compose/post', sel: '[role="dialog"] [data-testid="tweetTextarea_0"]', name: 'modal', button: '[role="dialog"] [data-testid="tweetButton"]' },
  dm: { site: 'x', path: '/messages/123', sel: '[data-testid="dmComposerTextInput"]', name: 'dm', button: '[data-testid="dmComposerSendButton"]' },
  xchat: { site: 'x', path: '/i/chat/123', sel: 'textarea[data-testid="dm-composer-textarea"]', name: 'xchat', button: '[data-testid="dm-composer-send-button"]' },
  community: { site: 'x', path: '/i/communities/1500', sel: '[data-testid="primaryColumn"] [data-testid="tweetTextarea_0"]', name: 'community', button: '[data-testid="tweetButtonInline"]' },
};
const FB_OPENER = '[role="region"] [role="link"] + [role="button"]';
export const FB = {
  post: {
    site: 'facebook',
    path: '/',
    sel: '[role="dialog"] form[method="post"] [data-lexical-editor="true"]',
    name: 'post',
    button: '[role="dialog"] [role="button"][aria-label="Post"], [role="dialog"] [role="button"][aria-label="نشر"]',
    open: (p) => p.click(FB_OPENER),
  },
  comment: { site: 'facebook', path: '/', sel: '[aria-posinset="1"] form[role="presentation"] [data-lexical-editor="true"]', name: 'comment:p1' },
  messenger: { site: 'facebook', path: '/messages/t/123/', sel: '[role="group"] [data-lexical-editor="true"]', name: 'messenger' },
};

/** The worker's own rules (extension/background/extras.js): closed audience (iq-3), another account (iq-4). */
export const RULE_CLOSED = 'tarawwi.private-audience.closed-audience';
export const RULE_OTHER = 'tarawwi.anonymity.other-account';

/**
 * Composers with a closed audience (clause iq-3, issue 7): a DM. There the worker raises every
 * finding one step and adds one citing iq-3 (extension/background/extras.js `withAudience`).
 */
export const CLOSED_AUDIENCE = new Map([
  [X.dm, 'dm'],
  [X.xchat, 'dm'],
  [FB.messenger, 'dm'],
]);
let extrasPromise = null;
/** What the extension reports for `text` in composer `c`: the engine's findings, plus iq-3 where the audience is closed. */
export async function findingsIn(c, text) {
  const findings = await engineFindings(text);
  const audience = CLOSED_AUDIENCE.get(c);
  if (!audience) return findings;
  extrasPromise ??= import(pathToFileURL(path.join(DIST, 'extension', 'background', 'extras.js')).href);
  return (await extrasPromise).withAudience(findings, text, audience);
}

// ------------------------------------------------------------------ browser

/**
 * Chromium with the staged extension loaded, plus helpers bound to it.
 * @param {object} [opts] passed to launch()
 */
export async function start(opts = {}) {
  const h = await launch({ extensionDir: DIST, ...opts });
  if (!h.serviceWorker) {
    await h.close();
    throw new Error(`the extension at ${DIST} did not load (its service worker never started)`);
  }
  const base = `chrome-extension://${h.extensionId}/`;

  /**
   * The extension's service worker. A restarted worker keeps its DevTools target, so Playwright
   * keeps the same Worker object; evaluating in a stopped worker starts it again.
   */
  async function worker({ timeout = 10000 } = {}) {
    const ours = (w) => w.url().startsWith(base);
    return h.context.serviceWorkers().find(ours) || (await h.context.waitForEvent('serviceworker', { predicate: ours, timeout }));
  }

  /** Evaluate in the service worker. */
  async function inWorker(fn, arg) {
    return (await worker()).evaluate(fn, arg);
  }

  /** Tab ids the worker has a session entry for (one per connected content script). */
  const sessionTabs = () => inWorker(async () => Object.keys(await chrome.storage.session.get(null)).filter((k) => k.startsWith('tab:')).map((k) => Number(k.slice(4))));

  /**
   * Open a composer in a new tab (on `host`, default x.com / www.facebook.com); resolves once the
   * editor is mounted and the content script has connected. → {page, tabId}
   */
  async function open(c, { lang = 'en', host } = {}) {
    const before = new Set(await sessionTabs());
    const page = await h.newPage();
    if (host) {
      const url = new URL(c.path, `https://${host}`);
      if (lang === 'ar') url.searchParams.set('lang', 'ar');
      await page.goto(url.href, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => window.__fixture);
    } else if (c.site === 'x') await h.openX(c.path, { page, lang });
    else await h.openFacebook(c.path, { page, lang });
    if (c.open) {
      await page.waitForSelector(FB_OPENER);
      await c.open(page);
    }
    await page.waitForSelector(c.sel);
    await waitForEditor(page, c.name);
    const tabId = await until(async () => (await sessionTabs()).find((id) => !before.has(id)), { message: 'content script connected' });
    return { page, tabId };
  }

  /** Settings through the service worker's own storage (as the options page would). */
  async function setSettings(patch) {
    await inWorker(async (patch) => {
      const cur = (await chrome.storage.local.get('settings')).settings || {};
      await chrome.storage.local.set({ settings: { ...cur, ...patch, sites: { ...(cur.sites || {}), ...(patch.sites || {}) } } });
    }, patch);
  }

  /** The toolbar badge text for a tab. */
  const badge = (tabId) => inWorker((tabId) => chrome.action.getBadgeText({ tabId }), tabId);

  /**
   * Stop the extension's service worker the way the browser does when it is idle: CDP
   * ServiceWorker.stopAllWorkers, then wait until CDP reports it stopped. Its state (the engine,
   * its maps, every Port) is gone; the content script's Port reports a disconnect.
   */
  async function killWorker(page) {
    await worker();
    const cdp = await h.context.newCDPSession(page);
    try {
      const isStopped = new Promise((resolve) => {
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          if (versions.some((v) => v.scriptURL.startsWith(base) && v.runningStatus === 'stopped')) resolve();
        });
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await Promise.race([isStopped, new Promise((_, reject) => setTimeout(() => reject(new Error('service worker did not stop')), 5000))]);
    } finally {
      await cdp.detach().catch(() => {});
    }
  }

  return { h, base, worker, inWorker, open, setSettings, badge, killWorker, sessionTabs };
}

// ------------------------------------------------------------------ page probes

/** The extension's highlights as seen by the page: {name: [range text, …]} (sorted). */
export function highlights(page) {
  return page.evaluate(() => {
    const out = {};
    for (const [name, hl] of CSS.highlights) out[name] = [...hl].map((r) => r.toString()).sort();
    return out;
  });
}

/**
 * Expected highlights for findings: {tarawwi-<severity>: [text, …]} (sorted). Range.toString()
 * has no line breaks (between blocks or for a <br>), so they are left out.
 */
export function expectedHighlights(findings) {
  const out = {};
  for (const f of findings) (out[`tarawwi-${f.severity}`] ||= []).push(f.text.replaceAll('\n', ''));
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

/** Severity highlights only (not the "current" marker), keys sorted. */
const severityOnly = (hl) =>
  Object.fromEntries(
    Object.entries(hl)
      .filter(([k]) => k !== 'tarawwi-current')
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/** Wait until the page's highlights equal the engine's findings for `text`. */
export async function expectHighlights(page, findings, { timeout = 5000 } = {}) {
  const want = severityOnly(expectedHighlights(findings));
  let got;
  try {
    await until(async () => {
      got = severityOnly(await highlights(page));
      return JSON.stringify(got) === JSON.stringify(want);
    }, { timeout, message: 'highlights' });
  } catch {
    assert.deepEqual(got, want, 'highlight ranges cover exactly the engine findings');
  }
}

/** Screen point in the middle of the first highlight range whose text is `text` (scrolled into view). */
export function highlightBox(page, text) {
  return page.evaluate((text) => {
    for (const [name, hl] of CSS.highlights) {
      if (name === 'tarawwi-current') continue;
      for (const r of hl) {
        if (r.toString() === text) {
          const b0 = r.getBoundingClientRect();
          if (b0.top < 0 || b0.bottom > innerHeight) window.scrollBy(0, b0.top - innerHeight / 2);
          const b = r.getClientRects()[0];
          return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
        }
      }
    }
    return null;
  }, text);
}

/** Everything the extension shows in its shadow root: panel and card, as plain data. */
export function extensionUi(page) {
  return page.evaluate(() => {
    const host = document.querySelector('[data-tarawwi-ui]');
    const root = host && host.shadowRoot;
    const pick = (sel) => {
      const node = root && root.querySelector(sel);
      if (!node) return null;
      const finding = node.querySelector('.finding');
      return {
        dir: node.getAttribute('dir'),
        lang: node.getAttribute('lang'),
        role: node.getAttribute('role'),
        modal: node.getAttribute('aria-modal'),
        text: node.textContent,
        rule: finding && finding.getAttribute('data-rule'),
        rules: node.hasAttribute('data-rules') ? node.getAttribute('data-rules').split(' ') : null,
        clause: finding && finding.getAttribute('data-clause'),
        quoteAr: node.querySelector('.quote[data-lang="ar"]')?.textContent ?? null,
        quoteArDir: node.querySelector('.quote[data-lang="ar"]')?.getAttribute('dir') ?? null,
        quoteEn: node.querySelector('.quote[data-lang="en"]')?.textContent ?? null,
        flagged: node.querySelector('.flagged')?.textContent ?? null,
        position: node.querySelector('[data-position]')?.textContent ?? null,
        truncated: !!node.querySelector('[data-truncated]'),
        focused: !!root.activeElement && node.contains(root.activeElement),
        focusedAction: root.activeElement?.getAttribute('data-action') ?? null,
      };
    };
    return { panel: pick('[data-tarawwi-panel]'), card: pick('[data-tarawwi-card]') };
  });
}

/** Wait for the review panel (or card) and return it. */
export async function waitForUi(page, which, { timeout = 5000 } = {}) {
  return until(async () => (await extensionUi(page))[which], { timeout, message: `the ${which}` });
}

/** Click a button of the panel or card by its data-action (Playwright pierces the open shadow root). */
export async function uiAction(page, action) {
  await page.locator(`[data-tarawwi-ui] [data-action="${action}"]`).click();
}

/** What the focused element is: 'editor:<name>' for a fixture composer, else a tag. */
export function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    for (const [name, e] of Object.entries(window.__editors || {})) if (e.element() === a || e.element()?.contains(a)) return `editor:${name}`;
    return a ? a.tagName.toLowerCase() : null;
  });
}

/**
 * Step the open card (next/prev) until it shows `rule`. → the card
 */
export async function cardShowing(page, rule) {
  let card = (await extensionUi(page)).card;
  assert.ok(card && card.rules.includes(rule), `the card lists ${rule} (it lists ${card && card.rules})`);
  for (let i = 0; i < card.rules.length && card.rule !== rule; i++) {
    await uiAction(page, 'next');
    card = (await extensionUi(page)).card;
  }
  assert.equal(card.rule, rule);
  return card;
}

/**
 * Click the card's "Ignore once" and return what it was showing at that moment ({rule, flagged}),
 * read and clicked in one step so a card re-render in between cannot mix them up.
 */
export function ignoreShown(page) {
  return page.evaluate(() => {
    const card = document.querySelector('[data-tarawwi-ui]').shadowRoot.querySelector('[data-tarawwi-card]');
    const shown = { rule: card.querySelector('.finding').getAttribute('data-rule'), flagged: card.querySelector('.flagged').textContent };
    card.querySelector('[data-action="ignore"]').click();
    return shown;
  });
}

/** Findings without the one the card shows (same rule and words). */
export const without = (findings, card) => {
  const i = findings.findIndex((f) => f.rule === card.rule && f.text === card.flagged);
  assert.ok(i >= 0, 'the card shows one of the findings');
  return findings.filter((_, j) => j !== i);
};

/** Wait for a short while so that anything the extension might still do has happened. */
export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));
