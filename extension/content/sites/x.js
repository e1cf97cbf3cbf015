// Site adapter for X (x.com, twitter.com, mobile.x.com). Every X selector lives here.
// See shared/docs/sites.md §1 and §3.
'use strict';

/**
 * @typedef {'draft'|'lexical'|'textarea'} EditorKind
 *
 * @typedef {Object} SiteAdapter
 * @property {'x'|'facebook'} id
 * @property {string} editorSelector           every composer's editable element
 * @property {(editor: Element) => EditorKind} editorKind
 * @property {(target: Element) => Element|null} submitControl
 *           the enabled Post / Reply / Send control `target` is in, or null
 * @property {(control: Element) => Element[]} editorsFor   the editors a submit control posts
 * @property {(editor: Element) => Element[]} editorsWith  the editors a submit key in `editor` posts
 * @property {(e: KeyboardEvent, editor: Element) => boolean} isSubmitKey
 *           whether this keydown in `editor` submits (the caller has already ruled out IME)
 * @property {(control: Element) => Element|null} [refind]
 *           the same control after a re-render (for "Post anyway" when the original is gone)
 */

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  ns.sites = ns.sites || {};
  const { editorsNear, isDisabled } = ns.dom;

  const TWEET = '[data-testid^="tweetTextarea_"][contenteditable="true"]';
  const DM_DRAFT = '[data-testid="dmComposerTextInput"][contenteditable="true"]';
  const XCHAT = 'textarea[data-testid="dm-composer-textarea"]';
  const EDITOR = [TWEET, DM_DRAFT, XCHAT].join(', ');

  const SUBMIT_IDS = ['tweetButton', 'tweetButtonInline', 'dmComposerSendButton', 'dm-composer-send-button'];
  const SUBMIT = SUBMIT_IDS.map((id) => `[data-testid="${id}"]`).join(', ');

  /** The mention/hashtag typeahead is open: Enter picks a suggestion, it does not send. */
  const typeaheadOpen = () => !!document.querySelector('[id^="typeaheadDropdown"]');

  /** @type {SiteAdapter} */
  const adapter = {
    id: 'x',
    editorSelector: EDITOR,
    editorKind: (el) => (el.tagName === 'TEXTAREA' ? 'textarea' : 'draft'),
    submitControl(target) {
      const c = target.closest(SUBMIT);
      return c && !isDisabled(c) ? c : null;
    },
    editorsFor: (control) => editorsNear(control, EDITOR),
    editorsWith(editor) {
      // A thread in the modal composer is posted as a whole by Ctrl/Cmd+Enter in any of its boxes.
      const dialog = editor.matches(TWEET) ? editor.closest('[role="dialog"]') : null;
      return dialog ? [...dialog.querySelectorAll(TWEET)] : [editor];
    },
    isSubmitKey(e, editor) {
      if (e.key !== 'Enter') return false;
      const mod = e.ctrlKey || e.metaKey;
      // Posts, replies, quotes, threads: Ctrl/Cmd+Enter posts; Enter is a new line.
      if (editor.matches(TWEET)) return mod;
      // Both DM stacks: Enter sends (Shift+Enter is a new line), unless the typeahead is open.
      if (editor.matches(DM_DRAFT) || editor.matches(XCHAT)) return mod || (!e.shiftKey && !typeaheadOpen());
      return false;
    },
    refind(control) {
      const id = control.getAttribute('data-testid');
      const all = [...document.querySelectorAll(`[data-testid="${id}"]`)].filter((c) => !isDisabled(c));
      return all.length === 1 ? all[0] : null;
    },
  };
  // ---- issue 7: actions on posts (clause iq-2), closed audiences (iq-3), the signed-in account (iq-4)

  const POST = 'article[data-testid="tweet"]';
  /** Action buttons that publish a post again; `unlike` / `unretweet` / `-unfollow` undo and are left alone. */
  const ACTIONS = [
    ['like', '[data-testid="like"]'],
    ['repost', '[data-testid="retweet"]'],
    ['follow', '[data-testid$="-follow"]'],
  ];

  /** Text of rendered post text: text nodes plus emoji `img[alt]`. @param {Element} el */
  function renderedText(el) {
    let out = '';
    const walk = (n) => {
      if (n.nodeType === Node.TEXT_NODE) out += n.nodeValue;
      else if (n instanceof HTMLImageElement) out += n.alt || '';
      else for (const c of n.childNodes) walk(c);
    };
    walk(el);
    return out;
  }

  /** @param {Element} target @returns {{type: string, control: Element, post: Element}|null} */
  adapter.actionOf = (target) => {
    for (const [type, sel] of ACTIONS) {
      const control = target.closest(sel);
      if (!control) continue;
      const post = control.closest(POST);
      return post ? { type, control, post } : null;
    }
    return null;
  };
  /** The post's own text (not a quoted post's). @param {Element} post */
  adapter.postText = (post) =>
    [...post.querySelectorAll('[data-testid="tweetText"]')]
      .filter((t) => !t.closest('div[role="link"]') || t.closest('div[role="link"]').contains(post))
      .map(renderedText)
      .join('\n');
  /** A stable key for the post: its status link, else its text. @param {Element} post */
  adapter.postKey = (post) => {
    const a = post.querySelector('[data-testid="User-Name"] a[href*="/status/"]');
    return a ? a.getAttribute('href') : adapter.postText(post);
  };
  /**
   * DMs (both stacks) are a closed audience; so is a Community (`/i/communities/<id>`), X's
   * groups: its members are an audience the post can leak from like any Facebook group.
   * @param {Element} editor
   */
  adapter.audience = (editor) => {
    if (editor.matches(DM_DRAFT) || editor.matches(XCHAT) || /^\/(messages|i\/chat)(\/|$)/.test(location.pathname)) return 'dm';
    if (/^\/i\/communities\/\d+(\/|$)/.test(location.pathname)) return 'group';
    return null;
  };
  /** The signed-in account from the account switcher. @returns {{name: string, handle: string}|null} */
  adapter.account = () => {
    const sw = document.querySelector('[data-testid="SideNav_AccountSwitcher_Button"]');
    let handle = '';
    const av = sw && sw.querySelector('[data-testid^="UserAvatar-Container-"]');
    if (av) handle = av.getAttribute('data-testid').slice('UserAvatar-Container-'.length);
    if (!handle) {
      const link = document.querySelector('a[data-testid="AppTabBar_Profile_Link"]');
      handle = link ? (link.getAttribute('href') || '').replace(/^\//, '') : '';
    }
    let name = '';
    if (sw) {
      const rows = [...sw.querySelectorAll('span')].filter((s) => !s.querySelector('span'));
      const first = rows.find((s) => !s.textContent.trim().startsWith('@'));
      if (first) name = renderedText(first.parentElement || first).trim();
    }
    return handle || name ? { name, handle } : null;
  };

  ns.sites.x = adapter;
})();
