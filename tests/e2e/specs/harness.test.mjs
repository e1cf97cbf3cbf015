// The harness itself: with a small probe extension (fixtures/probe-extension)
// that misbehaves on request, prove that the harness loads extensions on the
// real match patterns, finds the extension id, records the extension's network
// requests (content script and service worker), and that the editor mutation
// watcher catches nodes put inside Draft and Lexical editors without flagging
// what the frameworks themselves do.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  launch,
  unpackedExtensionId,
  typeSlowly,
  paste,
  getEditorText,
  watchEditorMutations,
  collectEditorMutations,
  scanEditorDom,
  mutationSignature,
  screenshot,
  until,
} from '../lib/harness.mjs';

const PROBE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'probe-extension');
const X_INLINE = '[data-testid="primaryColumn"] [data-testid="tweetTextarea_0"]';
const FB_COMMENT = '[aria-posinset="1"] form[role="presentation"] [data-lexical-editor="true"]';

let h;
before(async () => {
  h = await launch({ extensionDir: PROBE });
});
after(async () => {
  await h?.close();
});
afterEach(async () => {
  for (const p of h.pages().slice(1)) await p.close();
});

async function probe(page, what, selector) {
  const before = await page.evaluate(() => document.documentElement.getAttribute('data-harness-probe-done'));
  await page.evaluate(({ what, selector }) => window.postMessage({ probe: what, selector }, '*'), { what, selector });
  await page.waitForFunction((b) => document.documentElement.getAttribute('data-harness-probe-done') !== b, before);
}
async function open(site, p, waitFor, opts = {}) {
  const page = await h.newPage();
  await (site === 'x' ? h.openX : h.openFacebook)(p, { page, waitFor, ...opts });
  await page.waitForSelector('html[data-harness-probe="loaded"]');
  return page;
}

describe('extension loading', () => {
  it('finds the extension id from the service worker, and it matches Chromium’s unpacked-id derivation', () => {
    assert.match(h.extensionId, /^[a-p]{32}$/);
    assert.equal(h.extensionId, unpackedExtensionId(PROBE));
    assert.ok(h.serviceWorker?.url().startsWith(`chrome-extension://${h.extensionId}/`));
  });

  it('content scripts run on every routed host with their real match patterns', async () => {
    for (const url of ['https://x.com/home', 'https://twitter.com/home', 'https://www.facebook.com/', 'https://facebook.com/groups/123/']) {
      const page = await h.newPage();
      await page.goto(url);
      await page.waitForSelector('html[data-harness-probe="loaded"]', { timeout: 5000 });
      await page.close();
    }
  });
});

describe('network recording', () => {
  it('records requests from the content script and the service worker; nothing reaches the internet', async () => {
    h.clearLogs();
    const page = await open('x', '/home', X_INLINE);
    assert.deepEqual(h.externalRequests(), [], 'idle extension + fixture page: nothing external');
    await probe(page, 'page-fetch');
    await probe(page, 'site-fetch');
    await probe(page, 'beacon');
    await probe(page, 'sw-fetch');
    const ext = await until(
      () => {
        const e = h.externalRequests();
        return e.length >= 4 && e;
      },
      { message: 'four external requests' },
    );
    const urls = ext.map((r) => r.url).sort();
    assert.deepEqual(urls, [
      'https://probe.invalid/beacon',
      'https://probe.invalid/from-content-script',
      'https://probe.invalid/from-service-worker?x=1',
      'https://x.com/i/api/probe',
    ]);
    const sw = ext.find((r) => r.url.includes('from-service-worker'));
    assert.ok(sw.serviceWorker?.startsWith(`chrome-extension://${h.extensionId}/`), 'attributed to the extension service worker');
    assert.equal(sw.disposition, 'aborted');
    assert.equal(ext.find((r) => r.url === 'https://x.com/i/api/probe').disposition, 'shell', 'a site URL is answered by the fixture but still reported');
    assert.deepEqual(
      h.proxied.filter((p) => !p.noise),
      [],
      'nothing bypassed routing',
    );
  });
});

describe('editor mutation watcher', () => {
  it('typing, Enter, paste, decorators and typeahead in Draft produce no foreign nodes', async () => {
    const page = await open('x', '/home', X_INLINE);
    await watchEditorMutations(page);
    await typeSlowly(page, X_INLINE, 'Hello #news @critic مرحبا 😀\nسطر https://example.com/x');
    await paste(page, X_INLINE, ' pasted نص');
    await typeSlowly(page, X_INLINE, ' @al');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Enter');
    const m = await collectEditorMutations(page);
    assert.ok(m.records.filter((r) => r.type === 'added').length > 10, 'the watcher sees Draft re-rendering');
    assert.deepEqual(m.foreign, []);
    assert.deepEqual(m.tarawwi, []);
    assert.deepEqual(await scanEditorDom(page), []);
  });

  it('typing, Shift+Enter, paste and submit in Lexical produce no foreign nodes', async () => {
    const page = await open('facebook', '/', FB_COMMENT);
    await watchEditorMutations(page);
    await typeSlowly(page, FB_COMMENT, 'first 😀 #tag\nعربي', { newline: 'Shift+Enter' });
    await paste(page, FB_COMMENT, ' pasted');
    await page.keyboard.press('Enter');
    await page.click('[role="region"] [role="link"] + [role="button"]');
    await typeSlowly(page, '[role="dialog"] [data-lexical-editor="true"]', 'para one\nفقرة');
    const m = await collectEditorMutations(page);
    assert.ok(m.records.filter((r) => r.type === 'added').length > 5);
    assert.deepEqual(m.foreign, []);
    assert.deepEqual(m.tarawwi, []);
  });

  it('catches a marked node inside a Draft editor (and scanEditorDom sees it stay there)', async () => {
    const page = await open('x', '/home', X_INLINE);
    await watchEditorMutations(page);
    await typeSlowly(page, X_INLINE, 'risky text');
    await probe(page, 'insert-marked', X_INLINE);
    await probe(page, 'insert-unmarked', X_INLINE);
    await probe(page, 'attr', X_INLINE);
    const m = await collectEditorMutations(page);
    const marked = m.tarawwi.filter((r) => r.type === 'added');
    assert.equal(marked.length, 1);
    assert.equal(marked[0].attrs.class, 'tarawwi-highlight');
    assert.equal(marked[0].editor, 'tweetTextarea_0');
    assert.ok(m.foreign.some((r) => r.type === 'added' && r.node === 'mark' && !r.tarawwi), 'an unmarked foreign node is flagged foreign');
    assert.ok(m.tarawwi.some((r) => r.type === 'attr' && r.isRoot && r.name === 'data-tarawwi-scanned'));
    const scan = await scanEditorDom(page);
    assert.ok(scan.some((f) => f.tarawwi && f.attrs?.class === 'tarawwi-highlight'));
  });

  it('catches a marked node inside a Lexical editor even though Lexical removes it', async () => {
    const page = await open('facebook', '/', FB_COMMENT);
    await watchEditorMutations(page);
    await typeSlowly(page, FB_COMMENT, 'risky text');
    await probe(page, 'insert-marked', FB_COMMENT);
    await until(async () => (await collectEditorMutations(page)).tarawwi.some((r) => r.type === 'removed'), { message: 'Lexical to remove the foreign node' });
    const m = await collectEditorMutations(page);
    assert.ok(m.tarawwi.some((r) => r.type === 'added'));
    assert.ok(m.tarawwi.some((r) => r.type === 'removed'), 'Lexical undid the foreign insertion');
    assert.equal(await getEditorText(page, 'comment:p1'), 'risky text', 'Lexical state unchanged');
  });

  it('same actions give the same mutation signature (baseline comparison)', async () => {
    const run = async () => {
      const page = await open('x', '/home', X_INLINE);
      await watchEditorMutations(page);
      await typeSlowly(page, X_INLINE, 'abc #x\nمرحبا');
      const m = await collectEditorMutations(page);
      await page.close();
      return mutationSignature(m.records);
    };
    const a = await run();
    const b = await run();
    assert.deepEqual(a, b);
    assert.ok(Object.keys(a).length > 0);
  });

  it("screenshot() passes caret:'initial' and leaves the editors untouched", async () => {
    const page = await open('x', '/home', X_INLINE);
    await typeSlowly(page, X_INLINE, 'caret');
    await watchEditorMutations(page);
    await screenshot(page, path.join(h.userDataDir, 'shot.png'));
    let m = await collectEditorMutations(page, { clear: true });
    assert.deepEqual(m.records.filter((r) => r.type === 'attr'), []);
    // Playwright's default (caret: 'hide') does write into the editor:
    await page.screenshot({ path: path.join(h.userDataDir, 'shot2.png') });
    m = await collectEditorMutations(page);
    assert.ok(
      m.records.some((r) => r.type === 'attr' || r.type === 'added'),
      'default screenshot mutates the editor (why the helper exists)',
    );
  });
});

describe('IME helper', () => {
  it('imeCompose commits composed Arabic into Draft and Lexical', async () => {
    const { imeCompose } = await import('../lib/harness.mjs');
    const x = await open('x', '/home', X_INLINE);
    await typeSlowly(x, X_INLINE, 'ime ');
    await imeCompose(x, 'نعم');
    await until(async () => (await getEditorText(x, 'inline')) === 'ime نعم', { message: 'Draft to resolve the composition' });
    const fb = await open('facebook', '/', FB_COMMENT);
    await typeSlowly(fb, FB_COMMENT, 'ime ');
    await imeCompose(fb, 'نعم');
    await until(async () => (await getEditorText(fb, 'comment:p1')) === 'ime نعم', { message: 'Lexical to resolve the composition' });
  });
});
