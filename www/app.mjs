// The demo page. Every value from the user or a store is written with textContent, never as HTML.
import { validateConsumerKey, sign } from './pkg/index.mjs';

const $ = (id) => document.getElementById(id);

function showKeyVerdict() {
  const text = $('key-input').value;
  const list = $('key-problems');
  list.replaceChildren();
  if (text === '') {
    $('key-verdict').textContent = 'Waiting for a key.';
    $('key-verdict').dataset.state = 'idle';
    return;
  }
  const result = validateConsumerKey(text);
  $('key-verdict').textContent = result.ok ? 'This key has the right format.' : 'This key has a problem.';
  $('key-verdict').dataset.state = result.ok ? 'ok' : 'bad';
  for (const problem of result.problems) {
    const item = document.createElement('li');
    item.dataset.code = problem.code;
    item.textContent = problem.message;
    list.append(item);
  }
}

function showSignature(event) {
  event.preventDefault();
  const error = $('sign-error');
  error.hidden = true;
  try {
    const signed = sign({
      method: $('sign-method').value,
      url: $('sign-url').value,
      consumerKey: $('sign-key').value.trim(),
      consumerSecret: $('sign-secret').value.trim(),
      signatureMethod: $('sign-algorithm').value,
      placement: $('sign-placement').value,
    });
    $('sign-base').textContent = signed.baseString;
    $('sign-signature').textContent = signed.signature;
    const headers = Object.entries(signed.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
    $('sign-request').textContent = `${signed.method} ${signed.url}${headers ? `\n${headers}` : ''}`;
    $('sign-result').hidden = false;
  } catch (e) {
    $('sign-result').hidden = true;
    error.textContent = `${e.code ?? 'Error'}: ${e.message}`;
    error.hidden = false;
  }
}

$('key-input').addEventListener('input', showKeyVerdict);
$('sign-form').addEventListener('submit', showSignature);
document.documentElement.dataset.ready = 'true';
