// Unit tests (node only, no browser) of the managed-policy precedence in extension/background/policy.js.
import test from 'node:test';
import assert from 'node:assert/strict';
import { applyPolicy, normalizePolicy, postAnywayAllowed, stripLocked } from '../../../extension/background/policy.js';

const user = { lang: 'auto', threshold: 'info', rules: { 'iq.a': false, 'iq.b': false }, ignored: [] };

test('no policy: user settings stand, nothing locked', () => {
  const { settings, locked } = applyPolicy(user, undefined);
  assert.deepEqual(settings.rules, user.rules);
  assert.equal(settings.threshold, 'info');
  assert.equal(settings.submitMode, 'review');
  assert.equal(settings.allowPostAnyway, true);
  assert.deepEqual(locked, { rules: [], threshold: false, packs: false, institution: false });
});

test('managed wins: locked rule forced on, disabled rule off, threshold fixed', () => {
  const { settings, locked } = applyPolicy(user, { lockedRules: ['iq.a'], disabledRules: ['iq.c'], minSeverity: 'warn' });
  assert.equal(settings.rules['iq.a'], undefined, 'locked rule is on even though the user switched it off');
  assert.equal(settings.rules['iq.b'], false, 'unlocked user choice kept');
  assert.equal(settings.rules['iq.c'], false);
  assert.equal(settings.threshold, 'warn');
  assert.deepEqual(locked.rules, ['iq.a', 'iq.c']);
  assert.equal(locked.threshold, true);
});

test('a rule both locked and disabled stays on', () => {
  const { settings } = applyPolicy(user, { disabledRules: ['iq.a'], lockedRules: ['iq.a'] });
  assert.equal(settings.rules['iq.a'], undefined);
});

test('bad values are dropped, not trusted', () => {
  const p = normalizePolicy({ minSeverity: 'none', submitMode: 'x', lockedRules: ['ok.id', 'Bad Id', 3], allowPostAnyway: 'no', ackRetentionDays: -1, junk: 1 });
  assert.deepEqual(p, { lockedRules: ['ok.id'] });
  assert.deepEqual(normalizePolicy([1, 2]), {});
});

test('user patch cannot change locked settings', () => {
  const { locked } = applyPolicy(user, { lockedRules: ['iq.a'], minSeverity: 'high' });
  const patch = stripLocked({ threshold: 'info', rules: { 'iq.a': false, 'iq.b': true } }, locked);
  assert.deepEqual(patch, { rules: { 'iq.b': true } });
});

test('block-high hides Post anyway only for high findings; allowPostAnyway=false hides it always', () => {
  const { settings } = applyPolicy(user, { submitMode: 'block-high' });
  assert.equal(postAnywayAllowed(settings, [{ severity: 'warn' }]), true);
  assert.equal(postAnywayAllowed(settings, [{ severity: 'warn' }, { severity: 'high' }]), false);
  const off = applyPolicy(user, { allowPostAnyway: false }).settings;
  assert.equal(postAnywayAllowed(off, [{ severity: 'info' }]), false);
});
