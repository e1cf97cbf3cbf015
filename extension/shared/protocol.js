// Message protocol between the content scripts, the extension pages and the background service
// worker, plus the few constants both sides must agree on.
//
// A plain script (no import/export) so it can be listed first in `content_scripts.js` and also
// imported for its side effect by the module service worker and the UI pages. It defines
// `globalThis.tarawwi.protocol`.
//
// Transport:
// - content script ⇄ service worker: one long-lived Port per tab, named PORT_NAME. The content
//   script reconnects when it disconnects (the service worker was stopped) and resends.
// - popup / options → service worker: `chrome.runtime.sendMessage`, answered with `sendResponse`.
// The service worker dispatches every kind in one `switch (msg.kind)`.
'use strict';

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  if (ns.protocol) return;

  /** Port name for content-script connections. */
  const PORT_NAME = 'tarawwi-content';

  /** Message kinds. */
  const KIND = Object.freeze({
    // content → service worker (over the Port)
    /** Check a composer's text. {@link CheckRequest} */
    CHECK: 'check',
    /** A composer was closed or emptied: forget it, update the badge. {@link CloseRequest} */
    CLOSE: 'close',
    /** The user chose "Post anyway": store an acknowledgement. {@link AckRequest} */
    ACK: 'ack',
    /** "Learn more": open the options page at a clause. {@link OpenClauseRequest} */
    OPEN_CLAUSE: 'open-clause',
    /** The user is writing in this tab (a composer has focus): keep the worker, and its engine, alive. */
    KEEP_ALIVE: 'keep-alive',
    // service worker → content (over the Port)
    /** Findings for one check. {@link CheckResult} */
    RESULT: 'result',
    /** Current settings, pushed on connect and on every change. {@link SettingsPush} */
    SETTINGS: 'settings',
    // extension pages → service worker (runtime.sendMessage)
    /** Findings of a tab's last-checked composer, its site, settings. → {@link PopupState} */
    POPUP_STATE: 'popup-state',
    /** Loaded packs and their clauses. → {packs: PackInfo[]} */
    DIGEST: 'digest',
    /** → {settings: Settings} */
    GET_SETTINGS: 'get-settings',
    /** {patch: Partial<Settings>} → {settings: Settings} */
    SET_SETTINGS: 'set-settings',
    /** → {acks: Ack[], rules: Object<string, RuleMessages>} */
    LIST_ACKS: 'list-acks',
    /** → {acks: []} */
    CLEAR_ACKS: 'clear-acks',
    // issue 7: actions that count as publishing, ignore-always, rules, institution profile
    /** content → worker: check a post the user is about to like/repost/share. {@link ActionCheckRequest} */
    ACTION_CHECK: 'action-check',
    /** worker → content: findings for an ActionCheckRequest. {@link ActionCheckResult} */
    ACTION_RESULT: 'action-result',
    /** content → worker: the confirmation was shown for a post {key}: never again this browser session. */
    ACTION_ASKED: 'action-asked',
    /** content → worker: "Ignore always" {rule, text}; the worker stores rule + hash of the phrase. */
    IGNORE_ALWAYS: 'ignore-always',
    /** page → worker: every rule's messages, by pack. → {rules: RuleMessages[]} */
    LIST_RULES: 'list-rules',
    /** page → worker: → {profile: Profile} (kept in the worker and options page only) */
    GET_PROFILE: 'get-profile',
    /** page → worker: {profile: Profile} → {profile: Profile, error?: string} */
    SET_PROFILE: 'set-profile',
  });

  /** Kinds a content script may send. Everything else needs an extension page. */
  const CONTENT_KINDS = Object.freeze([KIND.CHECK, KIND.CLOSE, KIND.ACK, KIND.OPEN_CLAUSE, KIND.KEEP_ALIVE, KIND.ACTION_CHECK, KIND.ACTION_ASKED, KIND.IGNORE_ALWAYS]);

  /** Host name → site id. The same hosts as `content_scripts.matches` in manifest.json. */
  const SITE_HOSTS = Object.freeze({
    'x.com': 'x',
    'twitter.com': 'x',
    'mobile.x.com': 'x',
    'www.facebook.com': 'facebook',
    'facebook.com': 'facebook',
    'web.facebook.com': 'facebook',
    'm.facebook.com': 'facebook',
  });

  /** Site ids. */
  const SITES = Object.freeze(['x', 'facebook']);

  /** Severities, lowest first. */
  const SEVERITIES = Object.freeze(['info', 'warn', 'high']);

  /** Longest text checked; longer text is checked up to here and the UI says so. */
  const MAX_CHECK_CHARS = 20000;

  /** @type {Settings} */
  const DEFAULT_SETTINGS = Object.freeze({
    lang: 'auto',
    sites: Object.freeze({ x: true, facebook: true }),
    threshold: 'warn',
    /** which built-in policy to check against: 'all', 'iq-cassation' or 'uk-civil-service' */
    policy: 'all',
    /** rule id → false for rules the user switched off */
    rules: Object.freeze({}),
    /** "Ignore always": [{rule, hash, time}] — hash of the normalized phrase, never the phrase */
    ignored: Object.freeze([]),
  });

  /**
   * Rank of a severity (higher is more severe); unknown → -1.
   * @param {string} s
   */
  const severityRank = (s) => SEVERITIES.indexOf(s);

  /**
   * Whether a finding of severity `s` counts at threshold `threshold`.
   * @param {string} s @param {string} threshold
   */
  const atLeast = (s, threshold) => severityRank(s) >= Math.max(0, severityRank(threshold));

  /**
   * Site id for a URL or host name, or null when Tarawwi does not run there.
   * @param {string} urlOrHost
   * @returns {string|null}
   */
  function siteOf(urlOrHost) {
    let host = urlOrHost;
    try {
      if (/^[a-z-]+:/.test(urlOrHost)) {
        const u = new URL(urlOrHost);
        if (u.protocol !== 'https:') return null;
        host = u.hostname;
      }
    } catch {
      return null;
    }
    return Object.prototype.hasOwnProperty.call(SITE_HOSTS, host) ? SITE_HOSTS[host] : null;
  }

  /**
   * Stable key of a finding for "Ignore once": the rule, the flagged text and which occurrence
   * of that (rule, text) pair it is. Editing the flagged words changes the key, so the finding
   * comes back; editing elsewhere does not.
   * @param {Finding[]} findings in text order
   * @returns {string[]} one key per finding
   */
  function ignoreKeys(findings) {
    const seen = new Map();
    return findings.map((f) => {
      const base = `${f.rule}\u0000${f.text}`;
      const n = seen.get(base) || 0;
      seen.set(base, n + 1);
      return `${base}\u0000${n}`;
    });
  }

  ns.protocol = Object.freeze({
    PORT_NAME,
    KIND,
    CONTENT_KINDS,
    SITE_HOSTS,
    SITES,
    SEVERITIES,
    MAX_CHECK_CHARS,
    DEFAULT_SETTINGS,
    severityRank,
    atLeast,
    siteOf,
    ignoreKeys,
  });
})();

/**
 * @typedef {'info'|'warn'|'high'} Severity
 * @typedef {{en: string, ar: string}} Localized
 *
 * @typedef {Object} Settings
 * @property {'auto'|'en'|'ar'} lang   UI language; 'auto' follows the browser
 * @property {{x: boolean, facebook: boolean}} sites  enabled per site
 * @property {Severity} threshold      badge count and review-before-posting start at this severity
 * @property {Object<string, boolean>} rules   rule id → false when switched off
 * @property {Array<{rule: string, hash: string, time: number}>} ignored  "Ignore always" entries
 *
 * @typedef {Object} Finding           as returned by the engine (UTF-16 offsets into the checked text)
 * @property {string} rule
 * @property {string} category
 * @property {Severity} severity
 * @property {string} clause
 * @property {number} start
 * @property {number} end
 * @property {string} text
 * @property {boolean} [ignored]       set by the service worker from CheckRequest.ignore
 * @property {boolean} [blocking]      set by the service worker: at/above threshold and not ignored
 *
 * @typedef {Object} Clause
 * @property {string} id
 * @property {Localized} title
 * @property {Localized} text
 * @property {Localized} guidance
 *
 * @typedef {Object} RuleMessages       engine.messages(rule), minus its examples
 * @property {string} id
 * @property {string} pack
 * @property {string} category
 * @property {Severity} severity
 * @property {Clause} clause
 * @property {Localized} title
 * @property {Localized} why
 * @property {Localized} safer
 *
 * @typedef {Object} PackInfo
 * @property {string} id
 * @property {string} version
 * @property {Localized} name
 * @property {string} file
 * @property {Clause[]} clauses
 *
 * @typedef {Object} CheckRequest
 * @property {'check'} kind
 * @property {string} id          composer id, unique within the tab
 * @property {number} version     increases with every request of this composer
 * @property {string} text        at most MAX_CHECK_CHARS UTF-16 units
 * @property {boolean} truncated  the composer holds more than `text`
 * @property {string[]} ignore    ignore keys (see ignoreKeys) the user dismissed with "Ignore once"
 * @property {boolean} [focused]  the composer has focus (it becomes the tab's badge composer)
 * @property {'group'|'dm'|'restricted'|null} [audience]  a closed audience (clause iq-3)
 * @property {{name: string, handle: string}|null} [account]  the signed-in account, read from the page
 *
 * @typedef {Object} ActionCheckRequest
 * @property {'action-check'} kind
 * @property {string} id           request id, unique within the tab
 * @property {string} text         the post's text
 * @property {string} key          the post's key (its permalink, else its text)
 *
 * @typedef {Object} ActionCheckResult
 * @property {'action-result'} kind
 * @property {string} id
 * @property {Finding[]} findings
 * @property {Object<string, RuleMessages>} messages
 * @property {boolean} asked       the confirmation was already shown for this post this browser session
 *
 * @typedef {Object} Profile       the user's institution profile (storage.local, never sent to tabs)
 * @property {string[]} names      the user's real name(s)
 * @property {string[]} institution  names and aliases of the institution (Arabic and English)
 * @property {string[]} leaders    names of its leaders
 * @property {string[]} terms      internal terms
 *
 * @typedef {Object} CheckResult
 * @property {'result'} kind
 * @property {string} id
 * @property {number} version
 * @property {Finding[]} findings
 * @property {Object<string, RuleMessages>} messages  by rule id, for the rules in `findings` whose
 *   messages this Port has not carried before (the content script keeps every one it receives)
 * @property {boolean} truncated
 * @property {string} [error]     the engine could not run
 *
 * @typedef {Object} CloseRequest
 * @property {'close'} kind
 * @property {string} id
 *
 * @typedef {Object} AckRequest
 * @property {'ack'} kind
 * @property {string[]} rules
 *
 * @typedef {Object} Ack         what is stored: never the text
 * @property {number} time       ms since the epoch
 * @property {string} site       'x' | 'facebook'
 * @property {string[]} rules
 *
 * @typedef {Object} OpenClauseRequest
 * @property {'open-clause'} kind
 * @property {string} clause
 *
 * @typedef {Object} SettingsPush
 * @property {'settings'} kind
 * @property {Settings} settings
 * @property {string} uiLang      the browser's UI language (for lang 'auto')
 *
 * @typedef {Object} PopupState
 * @property {string|null} site          null when the tab is not a supported site
 * @property {boolean} enabled
 * @property {Finding[]} findings        of the tab's last-checked composer
 * @property {Object<string, RuleMessages>} messages
 * @property {boolean} truncated
 * @property {boolean} checked           a composer of the tab has text
 * @property {Settings} settings
 * @property {string} [error]            the engine could not check the text
 */
