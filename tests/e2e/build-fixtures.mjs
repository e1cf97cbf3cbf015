// Bundles the fixture apps into build/ and writes their HTML shells.
//   node build-fixtures.mjs            production React/Lexical (what the sites ship)
//   FIXTURE_DEV=1 node build-fixtures.mjs   development builds (React warnings, readable errors)
//
// Output (gitignored):
//   build/x.js, build/x.css, build/x.html
//   build/facebook.js, build/facebook.css, build/facebook.html
// The shells contain %%LANG%% and %%DIR%%; lib/harness.mjs fills them per request
// from ?lang= so <html lang dir> is right before any script (or content script) runs.

import * as esbuild from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'build');
const dev = process.env.FIXTURE_DEV === '1';

await mkdir(out, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { x: 'fixtures/src/x.jsx', facebook: 'fixtures/src/facebook.jsx' },
  outdir: out,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome120', 'firefox121'],
  jsx: 'automatic',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  define: {
    'process.env.NODE_ENV': JSON.stringify(dev ? 'development' : 'production'),
    global: 'window',
  },
});

// X embeds its initial Redux state in an inline script after #react-root (MASK
// regexes "screen_name" there). The account here matches the account switcher.
const xInitialState = {
  session: { user_id: '1000', guest_id: null },
  entities: { users: { entities: { 1000: { id_str: '1000', name: 'Test User 🌙', screen_name: 'testhandle' } } } },
};

const xHtml = `<!DOCTYPE html>
<html dir="%%DIR%%" lang="%%LANG%%" style="overflow-y: scroll; overscroll-behavior-y: none;">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=0,viewport-fit=cover">
<link rel="icon" href="data:,">
<title>Home / X</title>
<link rel="stylesheet" href="/__fixture/x.css">
</head>
<body style="background-color: #FFFFFF;">
<div id="react-root"><div id="app-root"></div><div id="layers"></div></div>
<script type="text/javascript" charset="utf-8" nonce="fixture">window.__INITIAL_STATE__=${JSON.stringify(xInitialState)};</script>
<script type="text/javascript" charset="utf-8" src="/__fixture/x.js"></script>
</body>
</html>
`;

// Facebook ships the signed-in user in a server-JS module definition. The
// numeric last element (270) is the module id Facebook appends to each define.
const currentUser = {
  ACCOUNT_ID: '100',
  USER_ID: '100',
  NAME: 'Test User',
  SHORT_NAME: 'Test',
  IS_BUSINESS_PERSON_ACCOUNT: false,
  HAS_SECONDARY_BUSINESS_PERSON: false,
  IS_FACEBOOK_WORK_ACCOUNT: false,
  IS_MESSENGER_ONLY_USER: false,
  IS_DEACTIVATED_ALLOWED_ON_MESSENGER: false,
  IS_MESSENGER_CALL_GUEST_USER: false,
  IS_WORK_MESSENGER_CALL_GUEST_USER: false,
  IS_WORKROOMS_USER: false,
  APP_ID: '2220391788200892',
  IS_BUSINESS_DOMAIN: false,
};
const sjs = JSON.stringify({
  require: [['ScheduledServerJS', 'handle', null, [{ __bbox: { define: [['CurrentUserInitialData', [], currentUser, 270]] } }]]],
});

const fbHtml = `<!DOCTYPE html>
<html id="facebook" class="_9dls __fb-light-mode" lang="%%LANG%%" dir="%%DIR%%">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Facebook</title>
<link rel="stylesheet" href="/__fixture/facebook.css">
</head>
<body class="_6s5d _71pn system-fonts--body segoe">
<script type="application/json" data-content-len="${sjs.length}" data-sjs>${sjs}</script>
<script nonce="fixture">document.cookie = "c_user=100; path=/; domain=.facebook.com; secure; samesite=none";</script>
<div id="mount_0_0_Tw"></div>
<div id="fb-layers"></div>
<script src="/__fixture/facebook.js"></script>
</body>
</html>
`;

await writeFile(path.join(out, 'x.html'), xHtml);
await writeFile(path.join(out, 'facebook.html'), fbHtml);

const sizes = Object.entries(result.metafile.outputs).map(([f, o]) => `${path.relative(here, f)} ${(o.bytes / 1024).toFixed(0)} KiB`);
console.log(`fixtures built (${dev ? 'development' : 'production'}):\n  ${sizes.join('\n  ')}\n  build/x.html\n  build/facebook.html`);
