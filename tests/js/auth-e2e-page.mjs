// The app page of the wc-auth end-to-end tests: what an app's page does. It starts wc-auth with
// beginAuthorization (redirect or popup), reads the store's answer with completeAuthorization,
// picks the keys up from its server by the state (or, from a server that issues an id per flow
// at settings.startUrl, by that id), and checks them against the store with checkKeys. It
// reports in #outcome (JSON) and html[data-outcome].
import { beginAuthorization, checkKeys, completeAuthorization } from 'wc-keys';

const settings = JSON.parse(document.getElementById('settings').textContent);

function finish(result) {
  document.getElementById('outcome').textContent = JSON.stringify(result);
  document.documentElement.dataset.outcome = result.outcome;
}

function failed(where, error) {
  finish({ outcome: 'error', where, code: error.code ?? null, message: String(error.message) });
}

/** An id the app's server issues for a flow (as the README's page does). */
async function issuedId() {
  const response = await fetch(settings.startUrl, { method: 'POST' });
  if (!response.ok) throw new Error(`wc-start answered ${response.status}`);
  return response.json();
}

// Asked for before the click, as a popup must open right after it (as the README's page does,
// without its 20-minute refresh: a test's page is not left open that long); not on a return page.
let nextId;
function prefetch() {
  nextId = issuedId();
  nextId.catch(() => {});
}
if (settings.startUrl && !new URL(location.href).searchParams.has('success')) prefetch();

/** The user_id to start with: the app's fixed id, or the id the server issued for this flow. */
function appId() {
  if (!settings.startUrl) return settings.appId;
  const id = nextId ?? issuedId();
  prefetch();
  return id;
}

function options(mode, userId) {
  return {
    storeUrl: settings.storeUrl,
    appName: settings.appName,
    scope: settings.scope,
    userId,
    returnUrl: new URL('/app.html', location.href).href,
    callbackUrl: settings.callbackUrl,
    permalinks: settings.permalinks,
    allowLocalCallback: true,
    mode,
    ...(settings.timeout ? { timeout: settings.timeout } : {}),
  };
}

/** After the merchant answered: on approval, fetch the keys from the app's server and check them. */
async function afterAnswer(result, state) {
  if (result.status !== 'approved') {
    finish({ outcome: result.status, userId: result.userId });
    return;
  }
  const response = await fetch(settings.pickupUrl, { method: 'POST', body: settings.startUrl ? result.userId : state });
  if (!response.ok) {
    finish({ outcome: 'approved', userId: result.userId, pickup: response.status });
    return;
  }
  const keys = await response.json();
  const report = await checkKeys({
    storeUrl: settings.storeUrl,
    consumerKey: keys.consumerKey,
    consumerSecret: keys.consumerSecret,
    need: settings.scope,
  });
  finish({
    outcome: 'approved',
    userId: result.userId,
    state,
    pickup: response.status,
    keys,
    report: { ok: report.ok, summary: report.summary, valid: report.key.valid, permissions: report.permissions, errors: report.errors.map((e) => e.code) },
  });
}

document.getElementById('redirect').addEventListener('click', async () => {
  try {
    const { url } = beginAuthorization(options('redirect', await appId()));
    location.assign(url);
  } catch (error) {
    failed('begin', error);
  }
});

async function startPopup() {
  let result;
  try {
    result = await beginAuthorization(options('popup', await appId()));
  } catch (error) {
    failed('popup', error);
    return;
  }
  await afterAnswer(result, result.state);
}

document.getElementById('popup').addEventListener('click', startPopup);

// The return page (in this tab after a redirect, or in the popup).
const params = new URL(location.href).searchParams;
if (params.has('success')) {
  const href = location.href;
  const userId = params.get('user_id') ?? '';
  history.replaceState(null, '', location.pathname);
  let result;
  try {
    result = completeAuthorization(href);
  } catch (error) {
    failed('return', error);
  }
  if (result?.status === 'forwarded') {
    document.documentElement.dataset.forwarded = 'true';
    window.close();
  } else if (result) {
    // completeAuthorization checked user_id against the pending one; its end is the state.
    await afterAnswer(result, userId.slice(userId.lastIndexOf(':') + 1));
  }
}
document.documentElement.dataset.ready = 'true';
// Opened with #popup-at-load: starts popup mode with no click, which a browser that blocks
// popups refuses.
if (location.hash === '#popup-at-load') await startPopup();
