// Managed (institution) policy: pure functions, no chrome.* — the worker reads
// chrome.storage.managed (Chrome: /etc/opt/chrome/policies/managed/*.json, registry/ADMX;
// Firefox: policies.json `3rdparty`) and passes the raw object here. Keys and meaning are in
// extension/managed_schema.json. Precedence: managed over user; every setting the policy fixes is
// reported in `locked` so the options page shows "set by your organisation" and the worker
// refuses changes to it.

const SEVERITIES = ['info', 'warn', 'high'];
const SUBMIT_MODES = ['warn', 'review', 'block-high'];
const RULE_ID = /^[a-z0-9._-]+$/;

const ids = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string' && RULE_ID.test(x)) : []);

/**
 * The valid subset of a raw managed-storage object; unknown keys and bad values are dropped.
 * @param {any} raw
 */
export function normalizePolicy(raw) {
  const r = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
  /** @type {Record<string, any>} */
  const p = {};
  if (Array.isArray(r.enabledPacks)) p.enabledPacks = ids(r.enabledPacks);
  if (Array.isArray(r.disabledRules)) p.disabledRules = ids(r.disabledRules);
  if (Array.isArray(r.lockedRules)) p.lockedRules = ids(r.lockedRules);
  if (SEVERITIES.includes(r.minSeverity)) p.minSeverity = r.minSeverity;
  if (SUBMIT_MODES.includes(r.submitMode)) p.submitMode = r.submitMode;
  if (typeof r.allowPostAnyway === 'boolean') p.allowPostAnyway = r.allowPostAnyway;
  if (r.institution && typeof r.institution === 'object' && !Array.isArray(r.institution)) p.institution = r.institution;
  if (Array.isArray(r.customPacks)) p.customPacks = r.customPacks.filter((s) => typeof s === 'string' && s.length > 0 && s.length <= 200_000);
  if (Number.isInteger(r.ackRetentionDays) && r.ackRetentionDays >= 0) p.ackRetentionDays = r.ackRetentionDays;
  return p;
}

/**
 * User settings with the managed policy applied on top.
 * - `disabledRules`: switched off, locked; `lockedRules`: forced on, locked (a rule in both is on).
 * - `minSeverity` fixes the threshold; `submitMode` and `allowPostAnyway` are policy-only.
 * - `block-high` implies Post anyway is hidden for `high` findings.
 * @param {any} user normalized user settings ({threshold, rules, ...})
 * @param {any} rawPolicy raw storage.managed object
 * @returns {{settings: any, locked: {rules: string[], threshold: boolean, packs: boolean, institution: boolean}, policy: any}}
 */
export function applyPolicy(user, rawPolicy) {
  const policy = normalizePolicy(rawPolicy);
  const settings = { ...user, rules: { ...(user?.rules || {}) } };
  const lockedRules = new Set();
  for (const id of policy.disabledRules || []) {
    settings.rules[id] = false;
    lockedRules.add(id);
  }
  for (const id of policy.lockedRules || []) {
    delete settings.rules[id];
    lockedRules.add(id);
  }
  if (policy.minSeverity) settings.threshold = policy.minSeverity;
  if (policy.enabledPacks) settings.packs = [...policy.enabledPacks];
  settings.submitMode = policy.submitMode || settings.submitMode || 'review';
  settings.allowPostAnyway = policy.allowPostAnyway ?? settings.allowPostAnyway ?? true;
  if (policy.ackRetentionDays !== undefined) settings.ackRetentionDays = policy.ackRetentionDays;
  return {
    settings,
    policy,
    locked: {
      rules: [...lockedRules].sort(),
      threshold: !!policy.minSeverity,
      packs: !!policy.enabledPacks,
      institution: !!policy.institution,
    },
  };
}

/**
 * Whether "Post anyway" is offered for a set of findings under the effective settings.
 * @param {{allowPostAnyway?: boolean, submitMode?: string}} settings
 * @param {{severity: string}[]} findings
 */
export function postAnywayAllowed(settings, findings) {
  if (settings.allowPostAnyway === false) return false;
  if (settings.submitMode === 'block-high' && findings.some((f) => f.severity === 'high')) return false;
  return true;
}

/**
 * Rejects a user patch that would change a locked setting; returns the patch minus locked parts.
 * @param {any} patch
 * @param {{rules: string[], threshold: boolean, packs?: boolean}} locked
 */
export function stripLocked(patch, locked) {
  const out = { ...patch };
  if (locked.threshold) delete out.threshold;
  if (locked.packs) delete out.policy;
  if (out.rules && typeof out.rules === 'object') {
    out.rules = { ...out.rules };
    for (const id of locked.rules) delete out.rules[id];
  }
  return out;
}
