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
  ns.sites.facebook = adapter;
})();
