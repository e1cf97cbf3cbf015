// The content script's end of the long-lived Port to the service worker.
//
// The browser stops the service worker whenever it likes; the Port then disconnects. We reconnect
// on the next send (a fresh Port starts the worker again) and tell the owner, which resends what
// the new worker needs. When the extension itself was reloaded or removed, `chrome.runtime.id`
// is gone: the connection reports itself dead and the owner tears the UI down.
'use strict';

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  if (ns.connection) return;
  const { PORT_NAME } = ns.protocol;

  /**
   * @typedef {Object} ConnectionHandlers
   * @property {(msg: any) => void} onMessage
   * @property {() => void} onDisconnect   the Port closed (worker stopped); not called when dead
   * @property {() => void} onReconnect    a new Port replaced a closed one (the worker restarted)
   * @property {() => void} onDead         the extension context is gone for good
   */

  /** Whether this content script still belongs to a live extension. */
  const alive = () => {
    try {
      return !!(chrome.runtime && chrome.runtime.id);
    } catch {
      return false;
    }
  };

  /** @param {ConnectionHandlers} h */
  function create(h) {
    /** @type {chrome.runtime.Port|null} */
    let port = null;
    let everConnected = false;
    let dead = false;

    function die() {
      if (dead) return;
      dead = true;
      port = null;
      h.onDead();
    }

    /** @returns {chrome.runtime.Port|null} */
    function connect() {
      if (dead) return null;
      if (port) return port;
      if (!alive()) {
        die();
        return null;
      }
      let p;
      try {
        p = chrome.runtime.connect({ name: PORT_NAME });
      } catch {
        die();
        return null;
      }
      port = p;
      p.onMessage.addListener((msg) => h.onMessage(msg));
      p.onDisconnect.addListener(() => {
        void chrome.runtime.lastError; // read it so Chrome does not log it
        if (port === p) port = null;
        if (!alive()) die();
        else h.onDisconnect();
      });
      const again = everConnected;
      everConnected = true;
      if (again) h.onReconnect();
      return p;
    }

    /**
     * Send a message, connecting first if needed. False if it could not be sent.
     * @param {object} msg
     */
    function send(msg) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const p = connect();
        if (!p) return false;
        try {
          p.postMessage(msg);
          return true;
        } catch {
          if (port === p) port = null; // closed under us: reconnect once
        }
      }
      return false;
    }

    return {
      connect,
      send,
      /** @returns {boolean} */
      get connected() {
        return !!port;
      },
      /** @returns {boolean} */
      get dead() {
        return dead;
      },
    };
  }

  ns.connection = Object.freeze({ create, alive });
})();
