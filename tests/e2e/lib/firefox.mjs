// Hermetic Firefox harness: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi.
//
//   import { launchFirefox } from '../lib/firefox.mjs';
//   const f = await launchFirefox({ extensionDir: 'dist/firefox' });
//   const page = await f.openX('/home');
//   ...
//   await f.close();
//
// The same guarantees as lib/harness.mjs (Chromium), by other means:
//  * a fresh temporary profile (puppeteer creates and removes it);
//  * the extension is installed as a temporary add-on (BiDi webExtension.install), with a fixed
//    internal UUID (pref extensions.webextensions.uuids) so its pages have a known moz-extension://
//    address;
//  * every page opened through the harness has BiDi request interception on: https://x.com/… and
//    https://www.facebook.com/… (any path) get the fixture shells from build/, the bundles and emoji
//    are served, everything else is aborted and logged;
//  * as a second wall, Firefox's proxy (prefs) is a local server that refuses every connection and
//    logs it, so requests outside the intercepted pages (the extension's background page,
//    Firefox's own services) cannot reach the internet either.

import puppeteer from 'puppeteer-core';
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { E2E_DIR, SITE_HOSTS, EMOJI_HOSTS, EMOJI_SVG, CONTENT_TYPES, loadBuild, shellFor, until } from './harness.mjs';

export { until };
export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/**
 * The staged Firefox package: $TARAWWI_FIREFOX_DIR, else the `firefox` folder beside
 * $TARAWWI_EXTENSION_DIR (dist/chrome, set by `cargo xtask test`), else dist/firefox.
 */
export const FIREFOX_DIST = path.resolve(
  process.env.TARAWWI_FIREFOX_DIR ||
    (process.env.TARAWWI_EXTENSION_DIR ? path.join(path.dirname(path.resolve(process.env.TARAWWI_EXTENSION_DIR)), 'firefox') : path.join(E2E_DIR, '..', '..', 'dist', 'firefox')),
);
if (!existsSync(path.join(FIREFOX_DIST, 'manifest.json'))) {
  throw new Error(`firefox specs: no staged extension at ${FIREFOX_DIST}; run \`cargo xtask build\` first (or set TARAWWI_FIREFOX_DIR)`);
}
/** The gecko id in the staged manifest (browser_specific_settings.gecko.id). */
export const GECKO_ID = JSON.parse(readFileSync(path.join(FIREFOX_DIST, 'manifest.json'), 'utf8')).browser_specific_settings?.gecko?.id;
if (!GECKO_ID) throw new Error(`firefox specs: ${FIREFOX_DIST}/manifest.json has no browser_specific_settings.gecko.id`);

/**
 * The extension's CSS Custom Highlights as the page sees them: {name: [range text, …]} (sorted).
 * Firefox keeps one HighlightRegistry per document, shared by the page and content scripts.
 */
export function firefoxHighlights(page) {
  return page.evaluate(() => {
    const out = {};
    for (const [name, hl] of CSS.highlights) out[name] = [...hl].map((r) => r.toString()).sort();
    return out;
  });
}
/** Internal UUID given to the extension under test (moz-extension://<uuid>/). */
export const EXTENSION_UUID = '5f0c3a52-7d0e-4a8e-9d7b-3c1e2a6b9f10';

/**
 * Firefox's own services, which reach the proxy even with puppeteer's default prefs (Remote
 * Settings, push, captive-portal and connectivity checks, safe browsing, telemetry). Not something
 * the extension would call.
 */
export const FIREFOX_NOISE = /(^|\.)(mozilla\.(com|net|org)|mozaws\.net|firefox\.com|mozilla\.cloud|mozgcp\.net)$/;

function startRefusingProxy(log) {
  const note = (kind, target) => {
    let host = target;
    try {
      host = kind === 'connect' ? target.replace(/:\d+$/, '') : new URL(target).hostname;
    } catch {
      /* keep the raw target */
    }
    log.push({ kind, target, host, noise: FIREFOX_NOISE.test(host) ? 'browser' : null, time: Date.now() });
  };
  const server = http.createServer((req, res) => {
    note('http', req.url);
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('blocked by tarawwi e2e harness');
  });
  server.on('connect', (req, socket) => {
    note('connect', req.url);
    socket.on('error', () => {});
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * @param {object} opts
 * @param {string|null} opts.extensionDir  unpacked extension (dist/firefox), or null
 * @param {string} [opts.extensionId]      its gecko id (for the fixed UUID)
 * @param {object} [opts.prefs]            extra Firefox prefs
 * @param {boolean} [opts.headless=true]
 */
export async function launchFirefox({ extensionDir = null, extensionId = GECKO_ID, prefs = {}, headless = true } = {}) {
  const files = loadBuild();
  const proxied = [];
  const proxy = await startRefusingProxy(proxied);
  const port = proxy.address().port;
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless,
      protocolTimeout: 120_000,
      // WebDriver BiDi refuses to navigate to moz-extension:// (the options page) unless system
      // access is allowed: browsingContext.navigate → isWebdriverSafeNavigationURL (http, https,
      // file, blob only).
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': port,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': false,
        'extensions.webextensions.uuids': JSON.stringify({ [extensionId]: EXTENSION_UUID }),
        ...prefs,
      },
    });
  } catch (e) {
    proxy.close();
    throw new Error(`cannot start ${FIREFOX_PATH} through puppeteer-core (WebDriver BiDi): ${e.message}`);
  }
  const version = await browser.version();

  let installedId = null;
  if (extensionDir) {
    try {
      installedId = await browser.installExtension(extensionDir);
    } catch (e) {
      await browser.close().catch(() => {});
      proxy.close();
      throw new Error(`Firefox ${version} refused the extension at ${extensionDir} as a temporary add-on: ${e.message}`);
    }
  }

  const requests = [];
  const errors = [];

  /** Serve the fixtures on `page` (BiDi network interception); everything else is aborted. */
  async function route(page) {
    page.on('pageerror', (err) => errors.push({ page: page.url(), type: 'pageerror', text: String(err?.stack || err) }));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push({ page: page.url(), type: 'console', text: msg.text() });
    });
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      const entry = { url: req.url(), method: req.method(), navigation: req.isNavigationRequest(), disposition: 'aborted', fixture: false, time: Date.now() };
      requests.push(entry);
      let url;
      try {
        url = new URL(req.url());
      } catch {
        return req.abort('blockedbyclient');
      }
      if (url.protocol === 'moz-extension:' || url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') {
        entry.disposition = 'passthrough';
        entry.fixture = true;
        return req.continue();
      }
      const site = url.protocol === 'https:' ? SITE_HOSTS[url.hostname] : undefined;
      if (site) {
        const asset = /^\/__fixture\/(x|facebook)\.(js|css)$/.exec(url.pathname);
        if (asset) {
          entry.disposition = 'fixture-asset';
          entry.fixture = asset[1] === site;
          return req.respond({ status: 200, headers: { 'cache-control': 'no-store' }, contentType: CONTENT_TYPES[`.${asset[2]}`], body: files[`${asset[1]}.${asset[2]}`] });
        }
        entry.disposition = 'shell';
        // The shell for document loads; Firefox also asks for /favicon.ico by itself.
        entry.fixture = req.isNavigationRequest() || url.pathname === '/favicon.ico';
        return req.respond({ status: 200, headers: { 'cache-control': 'no-store' }, contentType: CONTENT_TYPES['.html'], body: shellFor(files, site, url) });
      }
      if (EMOJI_HOSTS.has(url.hostname)) {
        entry.disposition = 'emoji';
        entry.fixture = true;
        return req.respond({ status: 200, contentType: 'image/svg+xml', body: EMOJI_SVG });
      }
      return req.abort('blockedbyclient');
    });
    return page;
  }

  const newPage = async () => route(await browser.newPage());

  /**
   * Open one of the extension's own pages (e.g. 'extension/ui/options.html') in a new tab. Firefox
   * loads it, but puppeteer never sees that navigation finish (BiDi reports no load for the
   * moz-extension:// document), so goto is not awaited: we wait for the document itself.
   */
  async function openExtensionPage(rel) {
    const url = `moz-extension://${EXTENSION_UUID}/${rel}`;
    const page = await browser.newPage();
    page.on('pageerror', (err) => errors.push({ page: url, type: 'pageerror', text: String(err?.stack || err) }));
    page.goto(url, { timeout: 0 }).catch(() => {});
    await until(async () => {
      try {
        return await page.evaluate((u) => location.href === u && document.readyState === 'complete', url);
      } catch {
        return false;
      }
    }, { timeout: 20_000, message: `${url} to load` });
    return page;
  }

  async function open(site, p, { lang = 'en', page, query = {}, waitFor } = {}) {
    page ??= await newPage();
    const url = new URL(p, site === 'x' ? 'https://x.com' : 'https://www.facebook.com');
    if (lang === 'ar') url.searchParams.set('lang', 'ar');
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    await page.goto(url.href, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => window.__fixture && document.querySelector('#app-root > *, #mount_0_0_Tw > *'), { timeout: 20_000 });
    if (waitFor) await page.waitForSelector(waitFor, { timeout: 20_000 });
    return page;
  }

  return {
    browser,
    version,
    extensionId: installedId,
    /** moz-extension://<uuid>/ of the extension under test. */
    base: `moz-extension://${EXTENSION_UUID}/`,
    requests,
    proxied,
    errors,
    newPage,
    openExtensionPage,
    openX: (p = '/home', o) => open('x', p, o),
    openFacebook: (p = '/', o) => open('facebook', p, o),
    /** Requests the fixture pages did not make, and whatever reached the proxy except Firefox's own services. */
    externalRequests() {
      return [...requests.filter((r) => !r.fixture), ...proxied.filter((p) => !p.noise).map((p) => ({ url: p.target, disposition: 'proxy' }))];
    },
    async close() {
      try {
        await browser.close();
      } finally {
        proxy.close();
      }
    },
  };
}
