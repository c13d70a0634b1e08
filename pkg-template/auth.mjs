// The browser side of wc-auth: keeps the state in sessionStorage, opens the store in a popup or
// hands the URL back for a redirect, and checks the return. The checks themselves (URL rules,
// state comparison in constant time) run in WebAssembly.
import { createAuthorization, verifyAuthorizationReturn } from './wc_keys.js';
import { optionsObject, wcKeysError } from './errors.mjs';

const STORAGE_KEY = 'wc-keys:authorization';
const POPUP_NAME = 'wc-keys-authorization';
const MESSAGE_TYPE = 'wc-keys:authorization-return';

function storage() {
  try {
    if (globalThis.sessionStorage) return globalThis.sessionStorage;
  } catch {
    // Access can throw when storage is blocked.
  }
  throw wcKeysError(
    'ERR_AUTH_NO_SESSION_STORAGE',
    'beginAuthorization and completeAuthorization need sessionStorage (a browser page). On a server, use createAuthorization and verifyAuthorizationReturn and keep userId in your session.',
  );
}

function checkReturn(url) {
  const store = storage();
  const result = verifyAuthorizationReturn(url, store.getItem(STORAGE_KEY) ?? undefined);
  // One use only: a reload of the return page, or a replayed link, finds nothing pending.
  store.removeItem(STORAGE_KEY);
  return result;
}

export function beginAuthorization(options) {
  const { mode = 'redirect', timeout = 5 * 60_000, popupFeatures = 'popup,width=620,height=720', ...rest } = optionsObject(options, 'beginAuthorization');
  if (mode !== 'redirect' && mode !== 'popup') {
    throw wcKeysError('ERR_INPUT_INVALID', "Invalid argument: mode must be 'redirect' or 'popup'.");
  }
  const store = storage();
  const start = createAuthorization(rest);
  store.setItem(STORAGE_KEY, start.userId);
  if (mode === 'redirect') {
    return { url: start.url, state: start.state };
  }
  const popup = globalThis.open(start.url, POPUP_NAME, popupFeatures);
  if (!popup) {
    store.removeItem(STORAGE_KEY);
    throw wcKeysError(
      'ERR_AUTH_POPUP_BLOCKED',
      'The browser blocked the popup. Call beginAuthorization from a click handler, or use mode: "redirect".',
    );
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(POPUP_NAME) : null;
    const done = (settle, value) => {
      if (settled) return;
      settled = true;
      globalThis.removeEventListener('message', onMessage);
      channel?.close();
      clearInterval(poll);
      clearTimeout(timer);
      settle(value);
    };
    const onUrl = (url) => {
      try {
        done(resolve, { ...checkReturn(url), state: start.state });
      } catch (error) {
        done(reject, error);
      }
    };
    function onMessage(event) {
      if (event.origin !== globalThis.location.origin || event.source !== popup) return;
      if (event.data?.type === MESSAGE_TYPE && typeof event.data.url === 'string') onUrl(event.data.url);
    }
    globalThis.addEventListener('message', onMessage);
    if (channel) {
      channel.onmessage = (event) => {
        if (event.data?.type === MESSAGE_TYPE && typeof event.data.url === 'string') onUrl(event.data.url);
      };
    }
    // A closed popup is only final after a grace period: its last message may still be queued.
    let closedSince = 0;
    const poll = setInterval(() => {
      if (!popup.closed) return;
      closedSince ||= Date.now();
      if (Date.now() - closedSince > 1000) {
        storage().removeItem(STORAGE_KEY);
        done(reject, wcKeysError('ERR_AUTH_POPUP_CLOSED', 'The store window was closed before the merchant approved or denied.'));
      }
    }, 250);
    const timer = setTimeout(() => {
      popup.close();
      storage().removeItem(STORAGE_KEY);
      done(reject, wcKeysError('ERR_AUTH_TIMEOUT', `No answer from the store window within ${Math.round(timeout / 1000)} s.`));
    }, timeout);
  });
}

export function completeAuthorization(url = globalThis.location?.href) {
  // In the popup opened by beginAuthorization: hand the URL to the page that opened it, which
  // holds the state and checks it.
  if (globalThis.opener && globalThis.name === POPUP_NAME) {
    const message = { type: MESSAGE_TYPE, url };
    try {
      globalThis.opener.postMessage(message, globalThis.location.origin);
    } catch {
      // The opener may be gone or cross-origin; the channel below still reaches it.
    }
    if (typeof BroadcastChannel === 'function') {
      const channel = new BroadcastChannel(POPUP_NAME);
      channel.postMessage(message);
      channel.close();
    }
    return { status: 'forwarded', userId: null };
  }
  return checkReturn(url);
}
