// The demo page. Every value from the user or a store is written with textContent or as an
// attribute, never as HTML. Secrets live in memory (and in sessionStorage only when the user asks).
import {
  addKeyUrl,
  authorizeUrl,
  beginAuthorization,
  checkKeys,
  completeAuthorization,
  describeScope,
  explainSignature,
  sign,
  validateCredentials,
} from './pkg/index.mjs';

const $ = (id) => document.getElementById(id);
const REMEMBER_KEY = 'wc-keys-demo:credentials';
const APP_ID = 'demo';
const HOSTED_CALLBACK = 'https://your-app.example/wc-callback';

/** Where this page runs: `local` (demo server with a callback receiver) or `hosted` (static). */
let config = { mode: 'hosted', storeUrl: null, callbackUrl: null, pickupUrl: null };

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.dataset.copied = 'true';
    const label = button.textContent;
    button.textContent = 'Copied';
    setTimeout(() => {
      button.textContent = label;
      delete button.dataset.copied;
    }, 1500);
  } catch {
    button.textContent = 'Copy blocked: select the text instead';
  }
}

// ---- 1. Connect a store --------------------------------------------------------------------

function selected(name) {
  return document.querySelector(`input[name="${name}"]:checked`).value;
}

function returnUrl() {
  return new URL('./', location.href).href;
}

function authorizeOptions() {
  return {
    storeUrl: $('store-url').value.trim(),
    appName: $('app-name').value,
    scope: selected('scope'),
    returnUrl: returnUrl(),
    // Hosted: nothing here receives keys, so the preview shows where an app's server would.
    callbackUrl: config.callbackUrl ?? HOSTED_CALLBACK,
    permalinks: $('permalinks').value,
    allowLocalCallback: config.mode === 'local',
  };
}

function showScope() {
  const list = $('scope-permissions');
  list.replaceChildren(...describeScope(selected('scope')).permissions.map((p) => element('li', p)));
}

function previewAuthorize() {
  const problem = $('authorize-problem');
  try {
    $('authorize-preview').textContent = authorizeUrl({ ...authorizeOptions(), userId: `${APP_ID}:STATE` });
    problem.hidden = true;
    $('connect').disabled = config.mode !== 'local';
  } catch (error) {
    $('authorize-preview').textContent = '';
    problem.textContent = $('store-url').value.trim() === '' ? 'Enter the store address.' : `${error.code}: ${error.message}`;
    problem.hidden = $('store-url').value.trim() === '' && error.code === 'ERR_AUTH_PARAM_MISSING';
    $('connect').disabled = true;
  }
}

function outcome(node, state, text) {
  node.dataset.state = state;
  node.textContent = text;
}

let received = null;

function showReceived(keys) {
  received = keys;
  $('received-keys').hidden = false;
  $('received-key').textContent = `…${keys.consumerKey.slice(-7)}`;
  $('received-secret').textContent = `…${keys.consumerSecret.slice(-7)}`;
  $('received-permissions').textContent = describeScope(keys.keyPermissions).label;
  $('reveal-received').setAttribute('aria-pressed', 'false');
  $('reveal-received').textContent = 'Reveal';
}

async function pickUp(userId) {
  const response = await fetch(config.pickupUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  if (!response.ok) throw new Error('The keys did not reach this demo server (or were already picked up).');
  return response.json();
}

async function afterApproval(result) {
  const outcomeNode = $('connect-outcome');
  if (result.status === 'denied') {
    outcome(outcomeNode, 'bad', 'Denied: the merchant did not approve. No key was created.');
    return;
  }
  outcome(outcomeNode, 'ok', 'Approved: the store created a key and sent it to the app server.');
  if (config.mode !== 'local') return;
  try {
    showReceived(await pickUp(result.fullUserId));
  } catch (error) {
    outcome(outcomeNode, 'bad', `Approved, but ${error.message}`);
  }
}

// The library's messages speak to developers ("start again with beginAuthorization"); on this page
// the same failures are said in terms of its own buttons. The code stays in front.
const CONNECT_WORDS = {
  ERR_AUTH_STATE_MISMATCH: 'State mismatch: this answer did not come from the authorization this tab started. It was ignored.',
  ERR_AUTH_STATE_MISSING: 'No authorization is pending in this tab: it was never started here, or it was already completed (a reload of the return page). Click Connect to start again.',
  ERR_AUTH_POPUP_CLOSED: 'The store window was closed before the merchant approved or denied. Click Connect to try again.',
};

function connectError(error) {
  return `${error.code ?? 'Error'}: ${CONNECT_WORDS[error.code] ?? error.message}`;
}

async function connect() {
  const outcomeNode = $('connect-outcome');
  outcome(outcomeNode, 'busy', 'Waiting for the store…');
  const mode = selected('mode');
  try {
    if (mode === 'redirect') {
      const { url } = beginAuthorization({ ...authorizeOptions(), userId: APP_ID, mode: 'redirect' });
      location.assign(url);
      return;
    }
    const result = await beginAuthorization({ ...authorizeOptions(), userId: APP_ID, mode: 'popup' });
    await afterApproval({ ...result, fullUserId: `${APP_ID}:${result.state}` });
  } catch (error) {
    outcome(outcomeNode, 'bad', connectError(error));
  }
}

async function handleReturn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('success') || !params.has('user_id')) return;
  const userId = params.get('user_id');
  history.replaceState(null, '', location.pathname);
  try {
    const result = completeAuthorization(`${location.origin}${location.pathname}?${params}`);
    if (result.status === 'forwarded') {
      document.body.dataset.forwarded = 'true';
      outcome($('connect-outcome'), 'ok', 'Done: you can close this window.');
      window.close();
      return;
    }
    // A return in this tab (not forwarded from a popup) means the tab mode was chosen: keep it.
    document.querySelector('input[name="mode"][value="redirect"]').checked = true;
    await afterApproval({ ...result, fullUserId: userId });
  } catch (error) {
    outcome($('connect-outcome'), 'bad', connectError(error));
  }
}

// ---- 2. Keys by hand -----------------------------------------------------------------------

function credentials() {
  return { consumerKey: $('consumer-key').value, consumerSecret: $('consumer-secret').value };
}

function showCredentials() {
  const { consumerKey, consumerSecret } = credentials();
  const list = $('credentials-problems');
  list.replaceChildren();
  const verdict = $('credentials-verdict');
  if (consumerKey === '' && consumerSecret === '') {
    outcome(verdict, 'idle', 'Paste a key and a secret.');
  } else {
    const result = validateCredentials({ consumerKey, consumerSecret });
    outcome(verdict, result.ok ? 'ok' : 'bad', result.ok ? 'Both have the right format.' : realProblems(result).length > 1 ? 'There are problems:' : 'There is a problem:');
    for (const problem of result.problems) {
      list.append(element('li', problem.message, { 'data-code': problem.code, 'data-field': problem.field }));
    }
  }
  if ($('remember').checked) sessionStorage.setItem(REMEMBER_KEY, JSON.stringify({ consumerKey, consumerSecret }));
}

/** The problems of a validateCredentials result, less the notes that something was cleaned. */
function realProblems(result) {
  return result.problems.filter((p) => !p.code.endsWith('_CLEANED'));
}

function cleanedCredentials() {
  const result = validateCredentials(credentials());
  return { consumerKey: result.consumerKey, consumerSecret: result.consumerSecret };
}

// ---- 3. Check keys -------------------------------------------------------------------------

const CHECKS = [
  ['store', 'Store found', (r) => (r.store.apiFound ? true : r.errors.some((e) => ['API_NOT_FOUND', 'STORE_UNREACHABLE', 'CORS_BLOCKED', 'TLS_REJECTED', 'STORE_TIMEOUT'].includes(e.code)) ? false : null)],
  ['api', 'WooCommerce REST API reachable', (r) => (r.store.woocommerce ? true : r.store.apiFound ? false : null)],
  ['key', 'Key valid', (r) => r.key.valid],
  ['read', 'Can read', (r) => r.permissions.read],
  ['write', 'Can write', (r) => r.permissions.write],
  ['privilege', 'No more power than needed', (r) => (r.permissions.read === null ? null : !r.warnings.some((w) => w.code === 'MORE_THAN_NEEDED'))],
  ['clock', 'Clocks agree', (r) => (r.key.valid === null ? null : !r.warnings.some((w) => w.code === 'CLOCK_SKEW'))],
  ['https', 'HTTPS', (r) => (r.store.apiFound ? r.store.https : null)],
];

function showCheckTarget() {
  $('check-store').textContent = $('store-url').value.trim() || '(none yet: enter it in part 1)';
}

/** Takes the last report off the page, with `summary` said instead. */
function clearCheck(summary) {
  outcome($('check-summary'), 'bad', summary);
  $('check-list').replaceChildren();
  $('check-raw').textContent = '';
  $('check-raw-details').hidden = true;
}

async function runCheck() {
  const button = $('check');
  // A pair part 2 already finds wrong cannot work: say so instead of asking the store.
  const pasted = validateCredentials(credentials());
  if (!pasted.ok) {
    clearCheck(`Fix the key and secret in part 2 first: ${realProblems(pasted)[0]?.message ?? 'they are not a key pair.'}`);
    return;
  }
  button.disabled = true;
  outcome($('check-summary'), 'busy', 'Checking…');
  try {
    const need = $('need').value;
    const { consumerKey, consumerSecret } = pasted;
    const report = await checkKeys({ storeUrl: $('store-url').value.trim(), consumerKey, consumerSecret, need });
    outcome($('check-summary'), report.ok ? 'ok' : 'bad', report.summary);
    // A permission the app does not need is no failure when missing: shown as a plain fact.
    const needed = { read: need !== 'write', write: need !== 'read' };
    const items = CHECKS.map(([id, label, judge]) => {
      const verdict = judge(report);
      const unneeded = verdict === false && id in needed && !needed[id];
      const state = verdict === true ? 'ok' : unneeded ? 'info' : verdict === false ? 'bad' : 'unknown';
      const item = element('li', '', { 'data-check': id, 'data-state': state });
      item.append(element('span', { ok: '✓', bad: '✗' }[state] ?? '–', { 'aria-hidden': 'true', class: 'mark' }));
      item.append(element('span', `${label}: ${{ ok: 'yes', bad: 'no', info: 'no (not needed)' }[state] ?? 'not checked'}`));
      return item;
    });
    for (const finding of [...report.errors, ...report.warnings]) {
      const kind = report.errors.includes(finding) ? 'error' : 'warning';
      items.push(element('li', `${finding.code}: ${finding.message}`, { 'data-finding': finding.code, 'data-kind': kind }));
    }
    $('check-list').replaceChildren(...items);
    $('check-raw').textContent = JSON.stringify(report, null, 2);
    $('check-raw-details').hidden = false;
  } catch (error) {
    clearCheck(`${error.code ?? 'Error'}: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

// ---- 4. Sign a request ---------------------------------------------------------------------

let lastSigned = null;

function signedUrl() {
  // Joined as text: wc-keys reads and normalises the URL (and says what is wrong with it).
  const base = $('sign-url').value.trim();
  const extra = $('sign-params').value.split('\n').map((l) => l.trim()).filter(Boolean);
  return extra.length ? `${base}${base.includes('?') ? '&' : '?'}${extra.join('&')}` : base;
}

function showSignature(event) {
  event.preventDefault();
  const error = $('sign-error');
  error.hidden = true;
  try {
    const signed = sign({
      method: $('sign-method').value,
      url: signedUrl(),
      ...cleanedCredentials(),
      signatureMethod: $('sign-algorithm').value,
      placement: $('sign-placement').value,
      homeUrl: $('sign-home').value.trim() || undefined,
    });
    lastSigned = signed;
    const [method, encodedUrl] = signed.baseString.split('&');
    $('sign-part-method').textContent = method;
    $('sign-part-url').textContent = decodeURIComponent(encodedUrl);
    const explained = explainSignature({
      method: signed.method,
      url: signed.url,
      consumerSecret: cleanedCredentials().consumerSecret,
      authorization: signed.headers.Authorization,
      homeUrl: $('sign-home').value.trim() || undefined,
    });
    $('sign-part-params').replaceChildren(...explained.params.map(([name, value]) => {
      const row = element('tr');
      row.append(element('td', name), element('td', value));
      return row;
    }));
    $('sign-base').textContent = signed.baseString;
    $('sign-signature').textContent = signed.signature;
    const headers = Object.entries(signed.headers);
    $('sign-request').textContent = [`${signed.method} ${signed.url}`, ...headers.map(([k, v]) => `${k}: ${v}`)].join('\n');
    const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;
    // -g: curl reads [ and ] in a URL as a range pattern, and PHP-style names (meta[color]) have them.
    $('sign-curl').textContent = ['curl', '-g', signed.method === 'GET' ? '' : `-X ${signed.method}`, ...headers.map(([k, v]) => `-H ${quote(`${k}: ${v}`)}`), quote(signed.url)].filter(Boolean).join(' ');
    $('sign-fetch').textContent = `await fetch(${JSON.stringify(signed.url)}, ${JSON.stringify({ method: signed.method, headers: signed.headers }, null, 2)});`;
    $('sign-result').hidden = false;
    $('send-signed').disabled = false;
    $('send-result').textContent = '';
    $('send-answer').hidden = true;
  } catch (e) {
    $('sign-result').hidden = true;
    $('send-signed').disabled = true;
    error.textContent = `${e.code ?? 'Error'}: ${e.message}`;
    error.hidden = false;
  }
}

/** The store's answer as text: JSON indented, cut at ANSWER_LIMIT characters. */
const ANSWER_LIMIT = 3000;
function answerText(text, body) {
  const shown = body === undefined ? text : JSON.stringify(body, null, 2);
  return shown.length > ANSWER_LIMIT ? `${shown.slice(0, ANSWER_LIMIT)}\n… (${shown.length - ANSWER_LIMIT} more characters)` : shown;
}

async function sendSigned() {
  if (!lastSigned) return;
  const node = $('send-result');
  outcome(node, 'busy', 'Sending…');
  $('send-answer').hidden = true;
  try {
    const response = await fetch(lastSigned.url, { method: lastSigned.method, headers: lastSigned.headers, redirect: 'manual' });
    const text = await response.text();
    let detail = '';
    let body;
    try {
      body = JSON.parse(text);
      detail = body && typeof body === 'object' && 'code' in body ? ` ${body.code}: ${body.message}` : Array.isArray(body) ? ` (${body.length} items)` : '';
    } catch {
      body = undefined;
    }
    outcome(node, response.ok ? 'ok' : 'bad', `HTTP ${response.status}${response.ok ? ': accepted' : ''}.${detail}`);
    // Whatever the store answered is shown as text, never as HTML.
    $('send-body').textContent = answerText(text, body);
    $('send-answer').hidden = text === '';
  } catch {
    outcome(node, 'bad', 'No answer: the store is unreachable or does not allow this page (CORS).');
  }
}

function explain() {
  const node = $('explain-result');
  node.replaceChildren();
  try {
    const report = explainSignature({
      method: $('explain-method').value,
      url: $('explain-url').value.trim(),
      consumerSecret: cleanedCredentials().consumerSecret,
      // The Request block above prints 'Authorization: OAuth …', and people paste that line.
      authorization: $('explain-authorization').value.trim().replace(/^authorization\s*:\s*/i, '') || undefined,
      baseString: $('explain-base').value.trim() || undefined,
      homeUrl: $('sign-home').value.trim() || undefined,
    });
    node.dataset.state = report.matches ? 'ok' : 'bad';
    node.append(element('p', report.matches
      ? 'The signature matches: WooCommerce accepts it (if the key and the clock are right).'
      : `The signature does not match. WooCommerce expects ${report.expectedSignature}, the request carries ${report.providedSignature}.`, { class: 'verdict' }));
    if (report.difference) {
      const d = report.difference;
      node.append(element('p', `First difference at byte ${d.index}, in the ${d.part}${d.parameter ? ` (parameter ${d.parameter})` : ''}. ${d.hint}`, { 'data-part': d.part }));
      const offset = d.offset;
      for (const [label, text] of [['WooCommerce', d.ours], ['Theirs', d.theirs]]) {
        const line = element('p', '', { class: 'diff' });
        line.append(element('span', `${label}: `, { class: 'label' }), text.slice(0, offset), element('mark', text.slice(offset, offset + 1) || '∅'), text.slice(offset + 1));
        node.append(line);
      }
    }
    node.append(element('p', 'WooCommerce\'s base string:', { class: 'label' }), element('pre', report.baseString, { class: 'code' }));
  } catch (error) {
    node.dataset.state = 'bad';
    node.append(element('p', `${error.code}: ${error.message}`));
  }
}

// ---- Start ---------------------------------------------------------------------------------

function loadConfig() {
  // The demo server adds this tag to the page; static hosting has none (no callback receiver).
  const tag = document.querySelector('meta[name="wc-keys-demo-config"]');
  if (tag) {
    try {
      config = { ...config, ...JSON.parse(tag.content) };
    } catch {
      // A broken tag: stay in hosted mode.
    }
  }
  $('hosted-note').hidden = config.mode === 'local';
  if (config.storeUrl && !$('store-url').value) $('store-url').value = config.storeUrl;
  // The signing example's URL, on the local store rather than one that does not exist, so that
  // "Send to the store" has somewhere to go.
  const signUrl = $('sign-url');
  if (config.storeUrl && signUrl.value === signUrl.defaultValue) {
    signUrl.value = signUrl.defaultValue.replace('http://shop.example', config.storeUrl.replace(/\/+$/, ''));
  }
}

function restore() {
  const saved = sessionStorage.getItem(REMEMBER_KEY);
  if (!saved) return;
  try {
    const { consumerKey, consumerSecret } = JSON.parse(saved);
    $('consumer-key').value = consumerKey ?? '';
    $('consumer-secret').value = consumerSecret ?? '';
    $('remember').checked = true;
  } catch {
    sessionStorage.removeItem(REMEMBER_KEY);
  }
}

loadConfig();
restore();
showScope();
previewAuthorize();
showCredentials();
showCheckTarget();

for (const id of ['store-url', 'app-name', 'permalinks']) $(id).addEventListener('input', previewAuthorize);
$('store-url').addEventListener('input', showCheckTarget);
for (const input of document.querySelectorAll('input[name="scope"]')) {
  input.addEventListener('change', () => {
    showScope();
    previewAuthorize();
  });
}
$('connect').addEventListener('click', connect);
$('reveal-received').addEventListener('click', () => {
  if (!received) return;
  const reveal = $('reveal-received').getAttribute('aria-pressed') !== 'true';
  $('reveal-received').setAttribute('aria-pressed', String(reveal));
  $('reveal-received').textContent = reveal ? 'Hide' : 'Reveal';
  $('received-key').textContent = reveal ? received.consumerKey : `…${received.consumerKey.slice(-7)}`;
  $('received-secret').textContent = reveal ? received.consumerSecret : `…${received.consumerSecret.slice(-7)}`;
});
$('copy-received-key').addEventListener('click', (e) => received && copy(received.consumerKey, e.currentTarget));
$('copy-received-secret').addEventListener('click', (e) => received && copy(received.consumerSecret, e.currentTarget));
$('use-received').addEventListener('click', () => {
  if (!received) return;
  $('consumer-key').value = received.consumerKey;
  $('consumer-secret').value = received.consumerSecret;
  $('need').value = received.keyPermissions;
  showCredentials();
  $('check').focus();
});
$('open-add-key').addEventListener('click', () => {
  try {
    window.open(addKeyUrl($('store-url').value.trim()), '_blank', 'noopener');
  } catch (error) {
    $('store-url').focus();
    outcome($('credentials-verdict'), 'bad', `Enter the store address in part 1 first (${error.code}).`);
  }
});
$('consumer-key').addEventListener('input', showCredentials);
$('consumer-secret').addEventListener('input', showCredentials);
$('show-secret').addEventListener('change', () => {
  $('consumer-secret').type = $('show-secret').checked ? 'text' : 'password';
});
$('remember').addEventListener('change', () => {
  if ($('remember').checked) showCredentials();
  else sessionStorage.removeItem(REMEMBER_KEY);
});
$('check').addEventListener('click', runCheck);
$('sign-form').addEventListener('submit', showSignature);
$('send-signed').addEventListener('click', sendSigned);
$('copy-curl').addEventListener('click', (e) => copy($('sign-curl').textContent, e.currentTarget));
$('copy-fetch').addEventListener('click', (e) => copy($('sign-fetch').textContent, e.currentTarget));
$('explain').addEventListener('click', explain);
await handleReturn();
document.documentElement.dataset.ready = 'true';
