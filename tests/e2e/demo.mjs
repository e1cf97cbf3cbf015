// The browser demo behind `cargo xtask demo`: Chromium with the built extension on the local X
// (Draft.js) and Facebook (Lexical) fixture pages. With a display it stays open for you to try;
// without one (or with --headless) it runs headless and saves screenshots to target/demo/.
//
//   node demo.mjs [--headless] [--out DIR]

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { E2E_DIR, screenshot } from './lib/harness.mjs';
import { start, typeSlowly, until, X, FB, highlights } from './specs/extension-helpers.mjs';

const args = process.argv.slice(2);
const headless = args.includes('--headless') || !process.env.DISPLAY;
const outIdx = args.indexOf('--out');
const OUT = path.resolve(outIdx >= 0 ? args[outIdx + 1] : path.join(E2E_DIR, '..', '..', 'target', 'demo'));
mkdirSync(OUT, { recursive: true });

const shots = [];
async function shot(page, name) {
  const file = path.join(OUT, name);
  await screenshot(page, file);
  shots.push(file);
  console.log(`  saved ${path.relative(process.cwd(), file)}`);
}

/** Wait until the extension has drawn at least one highlight. */
const highlighted = (page) => until(async () => Object.keys(await highlights(page)).some((k) => k.startsWith('tarawwi-') && k !== 'tarawwi-current'), { timeout: 10000, message: 'highlights drawn' });

/** Hover the middle of the first highlighted range so the warning card opens. */
async function hoverFirstHighlight(page) {
  const box = await page.evaluate(() => {
    for (const [name, hl] of CSS.highlights) {
      if (name === 'tarawwi-current') continue;
      for (const r of hl) {
        const rect = r.getClientRects()[0];
        if (rect) return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }
    }
    return null;
  });
  if (box) await page.mouse.move(box.x, box.y, { steps: 4 });
  await page.waitForTimeout(700);
}

const s = await start({ headless });
try {
  console.log(`Tarawwi demo (${headless ? 'headless, screenshots' : 'interactive'})`);

  // X: a mixed Arabic/English post in the inline composer.
  const x = await s.open(X.inline);
  await typeSlowly(x.page, X.inline.sel, 'Between us يا جماعة، هذا كتاب رسمي — the internal memo is out. The Iranian regime are criminals.', { delay: 5 });
  await highlighted(x.page);
  await x.page.waitForTimeout(300);
  await shot(x.page, '01-x-composer-highlights.png');
  await hoverFirstHighlight(x.page);
  await shot(x.page, '02-x-warning-card.png');
  await x.page.mouse.move(5, 5);
  await x.page.keyboard.press('Escape');
  await x.page.click(X.inline.button);
  await x.page.waitForTimeout(600);
  await shot(x.page, '03-x-review-panel.png');

  // Facebook: an Arabic post in the create-post dialog, Arabic UI.
  await s.setSettings({ lang: 'ar' });
  const fb = await s.open(FB.post, { lang: 'ar' });
  await typeSlowly(fb.page, FB.post.sel, 'بيناتنا، هذا كتاب رسمي سري من الدائرة لا تنشروه. المدير مالتنا فاشل وكلهم حرامية', { delay: 5 });
  await highlighted(fb.page);
  await fb.page.waitForTimeout(300);
  await shot(fb.page, '04-facebook-composer-ar.png');
  await hoverFirstHighlight(fb.page);
  await shot(fb.page, '05-facebook-warning-card-ar.png');
  await fb.page.mouse.move(5, 5);
  await fb.page.keyboard.press('Escape');
  await fb.page.click(FB.post.button);
  await fb.page.waitForTimeout(600);
  await shot(fb.page, '06-facebook-review-panel-ar.png');

  // The popup (toolbar badge click), opened as a page next to the X tab.
  await s.setSettings({ lang: 'en' });
  const popup = await s.h.context.newPage();
  await popup.setViewportSize({ width: 420, height: 760 });
  await popup.goto(`${s.base}extension/ui/popup.html?tab=${x.tabId}`);
  await popup.waitForTimeout(800);
  await shot(popup, '07-popup.png');

  // Issue 7: actions that count as publishing (clause iq-2), English on X and Arabic on Facebook.
  const confirmShown = (page) =>
    until(() => page.evaluate(() => !!document.querySelector('[data-tarawwi-ui]')?.shadowRoot?.querySelector('[data-tarawwi-action]')), {
      timeout: 10000,
      message: 'the action confirmation',
    });
  const xa = await s.open(X.inline);
  const like = '[data-testid="cellInnerDiv"]:nth-child(2) article [data-testid="like"]';
  await xa.page.locator(like).scrollIntoViewIfNeeded();
  await xa.page.click(like);
  await confirmShown(xa.page);
  await xa.page.waitForTimeout(400); // let the pop-in animation finish
  await shot(xa.page, '08-x-like-confirmation.png');
  await s.setSettings({ lang: 'ar' });
  const fba = await s.open(FB.comment, { lang: 'ar' });
  const share = '[aria-posinset="2"] [role="button"]:has([data-ad-rendering-role="share_button"])';
  await fba.page.locator(share).scrollIntoViewIfNeeded();
  await fba.page.click(share);
  await confirmShown(fba.page);
  await fba.page.waitForTimeout(400);
  await shot(fba.page, '09-facebook-share-confirmation-ar.png');

  // The options page (institution profile, rules, ignore list, acknowledgements) in both languages.
  for (const [lang, name] of [
    ['en', '10-options-en.png'],
    ['ar', '11-options-ar.png'],
  ]) {
    await s.setSettings({ lang });
    const options = await s.h.context.newPage();
    await options.setViewportSize({ width: 1000, height: 1400 });
    await options.goto(`${s.base}extension/ui/options.html`);
    await options.waitForSelector('#rules-body [data-rule-toggle]');
    await options.fill('#profile-names', lang === 'ar' ? 'أحمد كريم' : 'Ahmed Karim');
    await options.fill('#profile-institution', lang === 'ar' ? 'محكمة استئناف البصرة\nBasra Court of Appeal' : 'Basra Court of Appeal\nمحكمة استئناف البصرة');
    await options.waitForTimeout(300);
    await shot(options, name);
    await options.close();
  }
  await s.setSettings({ lang: 'en' });

  if (!headless) {
    console.log('Chromium is open with the extension: try the composers. Close the browser to end.');
    await new Promise((resolve) => s.h.context.on('close', resolve));
  }
  console.log(`${shots.length} screenshots in ${OUT}`);
} finally {
  if (headless) await s.h.close?.();
}
