// Site adapter for Facebook (www., web., m. and bare facebook.com). Every Facebook selector lives
// here. See shared/docs/sites.md §2 and §3.
'use strict';

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  ns.sites = ns.sites || {};
  const { editorsNear, isDisabled } = ns.dom;

  const EDITOR = 'div[contenteditable="true"][role="textbox"][data-lexical-editor="true"]';

  // Localized labels (grade C in sites.md): the last resort, so always in English and Arabic.
  const LABELS = {
    post: ['Post', 'نشر'],
    comment: ['Comment', 'تعليق'],
    send: ['Press enter to send', 'اضغط على Enter للإرسال', 'Send', 'إرسال'],
    writeTo: ['Write to ', 'اكتب إلى '],
  };
  const byLabel = (labels) => labels.map((l) => `[role="button"][aria-label="${l}"]`);
  const SUBMIT = [
    ...byLabel(LABELS.post),
    '#focused-state-composer-submit [role="button"]',
    ...byLabel(LABELS.comment),
    ...byLabel(LABELS.send),
  ].join(', ');

  /** The create-post dialog: Enter is a new paragraph there. @param {Element} editor */
  const isNewPost = (editor) => !!editor.closest('[role="dialog"] form[method="post"]');
  /** A comment or reply box: Enter submits. @param {Element} editor */
  const isComment = (editor) => !!editor.closest('form[role="presentation"]');
  /** Messenger, full page or pop-up chat: Enter sends. @param {Element} editor */
  function isMessenger(editor) {
    const label = editor.getAttribute('aria-label') || '';
    if (LABELS.writeTo.some((p) => label.startsWith(p))) return true;
    const group = editor.closest('[role="group"]');
    return !!group && !!group.parentElement && !!group.parentElement.querySelector('[data-scope="messages_table"]');
  }

  /** @type {SiteAdapter} */
  const adapter = {
    id: 'facebook',
    editorSelector: EDITOR,
    editorKind: () => 'lexical',
    submitControl(target) {
      const c = target.closest(SUBMIT);
      return c && !isDisabled(c) ? c : null;
    },
    editorsFor: (control) => editorsNear(control, EDITOR),
    editorsWith: (editor) => [editor],
    isSubmitKey(e, editor) {
      if (e.key !== 'Enter' || e.shiftKey) return false;
      if (isNewPost(editor)) return false;
      return isComment(editor) || isMessenger(editor);
    },
    refind(control) {
      const label = control.getAttribute('aria-label');
      if (!label) return null;
      const all = [...document.querySelectorAll(`[role="button"][aria-label="${CSS.escape(label)}"]`)].filter((c) => !isDisabled(c));
      return all.length === 1 ? all[0] : null;
    },
  };
  // ---- issue 7: actions on posts (clause iq-2), closed audiences (iq-3), the signed-in account (iq-4)

  const POST = '[aria-posinset], [data-pagelet^="FeedUnit"], [role="dialog"]';
  const UNLIKE = ['Remove Like', 'إلغاء الإعجاب'];
  const PRIVACY = ['Edit privacy', 'تعديل الخصوصية'];
  const PUBLIC = ['Public', 'عام', 'العامة'];

  /** Text plus emoji `img[alt]`. @param {Element} el */
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

  /** Reaction names as the picker labels its buttons (English and Arabic UI). */
  const REACTIONS = ['Like', 'Love', 'Care', 'Haha', 'Wow', 'Sad', 'Angry', 'أعجبني', 'أحببته', 'أدعمه', 'هاهاها', 'واو', 'أحزنني', 'أغضبني'];
  /** How long after the pointer was on a post's Like a reaction picked from the picker is taken as its. */
  const PICKER_MS = 30000;
  /** The post whose Like the pointer (or focus) last reached: the picker opened from it. */
  let likedFrom = null;

  /** @param {Element} target @returns {{type: string, control: Element, post: Element}|null} */
  adapter.actionOf = (target) => {
    const control = target.closest('[role="button"]');
    if (!control) return null;
    let type = null;
    if (control.querySelector('[data-ad-rendering-role="like_button"]')) type = 'like';
    else if (control.querySelector('[data-ad-rendering-role="share_button"]')) type = 'share';
    else return reactionOf(control);
    const post = control.closest(POST);
    if (type === 'like') {
      if (post) likedFrom = { post, at: Date.now() };
      if (control.getAttribute('aria-pressed') === 'true' || UNLIKE.includes(control.getAttribute('aria-label') || '')) return null;
    }
    return post ? { type, control, post } : null;
  };

  /**
   * A reaction (Love, Haha, …) picked from the picker that hovering Like opens. The picker is a
   * layer outside the post, so the post is the one whose Like the pointer reached last; a
   * Like-labelled control in a comment list (comment likes) is not a post reaction.
   * @param {Element} control
   */
  function reactionOf(control) {
    if (!REACTIONS.includes((control.getAttribute('aria-label') || '').trim())) return null;
    if (control.closest('ul')) return null;
    const recent = likedFrom && likedFrom.post.isConnected && Date.now() - likedFrom.at < PICKER_MS ? likedFrom.post : null;
    const post = recent || control.closest(POST);
    return post ? { type: 'react', control, post } : null;
  }
  /** The post's text, with the text of a post it shares (sharing shares that too). @param {Element} post */
  adapter.postText = (post) =>
    [...post.querySelectorAll('[data-ad-rendering-role="story_message"]')]
      .filter((m) => !m.parentElement || !m.parentElement.closest('[data-ad-rendering-role="story_message"]'))
      .map(renderedText)
      .join('\n');
  adapter.postKey = (post) => {
    const a = post.querySelector('a[href*="/posts/"], a[href*="/permalink/"]');
    return a ? a.getAttribute('href') : adapter.postText(post);
  };
  /** Group, Messenger, or a post whose audience is not Public. @param {Element} editor */
  adapter.audience = (editor) => {
    if (isMessenger(editor) || /^\/messages\//.test(location.pathname)) return 'dm';
    const dialog = editor.closest('[role="dialog"]');
    if (dialog) {
      const privacy = [...dialog.querySelectorAll('[aria-label]')].find((e) => PRIVACY.some((p) => (e.getAttribute('aria-label') || '').startsWith(p)));
      if (privacy && !PUBLIC.some((p) => privacy.getAttribute('aria-label').includes(p))) return 'restricted';
    }
    if (/^\/groups\/(?!feed\/?$)[^/]+(\/|$)/.test(location.pathname)) return 'group';
    if (editor.closest('[data-pagelet="GroupFeed"], [data-pagelet="GroupInlineComposer"], [data-pagelet="GroupComposer"]')) return 'group';
    const post = editor.closest('[aria-posinset]');
    if (post && post.querySelector('a[href*="/groups/"][href*="/posts/"]')) return 'group';
    return null;
  };
  /** The signed-in account: `CurrentUserInitialData` in the page's inline JSON. */
  adapter.account = () => {
    for (const s of document.querySelectorAll('script')) {
      const src = s.textContent || '';
      const at = src.indexOf('"CurrentUserInitialData"');
      if (at < 0) continue;
      const m = /"NAME":"((?:[^"\\]|\\.)*)"/.exec(src.slice(at, at + 4000));
      if (m) {
        try {
          return { name: JSON.parse(`"${m[1]}"`), handle: '' };
        } catch {
          return { name: m[1], handle: '' };
        }
      }
    }
    return null;
  };

  ns.sites.facebook = adapter;
})();
