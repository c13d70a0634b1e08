// Checks of the options that JavaScript reads itself (the client's fetch, hooks and timeouts, the
// handlers' limits): those WebAssembly reads are checked there. Every refusal is ERR_INPUT_INVALID
// naming the option and what it must be; a value is described by its type, never quoted, since
// it may be a secret.
import { invalid, optionsObject, unknownOption } from './errors.mjs';

/** What `value` is, for a message: its type, or the number itself (never a string's text). */
function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return { string: 'a string', boolean: 'a boolean', object: 'an object', function: 'a function' }[typeof value] ?? `a ${typeof value}`;
}

/**
 * `value` as an options object whose names are all in `known`. `unknownOption` quotes an unknown
 * name only when it cannot be a key or secret passed by mistake as a name.
 */
export function knownOptions(value, what, known) {
  const options = optionsObject(value, what);
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) throw unknownOption(name, known);
  }
  return options;
}

/** `value` if it is a function, `undefined` or `null`; `ERR_INPUT_INVALID` otherwise. */
export function optionalFunction(value, name, what, role) {
  if (value === undefined || value === null || typeof value === 'function') return value ?? undefined;
  throw invalid(`the ${name} option of ${what} must be a function (${role}), or left out; got ${describe(value)}`);
}

/** `value` if it is a fetch function, else the platform's fetch; `ERR_INPUT_INVALID` if neither. */
export function fetchOption(value, what) {
  const own = optionalFunction(value, 'fetch', what, 'with the signature of the platform\'s fetch');
  if (own) return own;
  if (typeof globalThis.fetch !== 'function') throw invalid(`this runtime has no fetch; pass one as the fetch option of ${what}`);
  return globalThis.fetch.bind(globalThis);
}

/** A whole number from `min` to `max`, or `fallback` when `value` is undefined. */
export function wholeNumber(value, name, what, { min, max, fallback, meaning }) {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw invalid(`the ${name} option of ${what} must be a whole number from ${min} to ${max} (${meaning}); got ${describe(value)}`);
}

/** setTimeout's largest delay: a longer one fires at once. */
export const MAX_TIMEOUT = 2 ** 31 - 1;

/** The largest body limit taken: a gibibyte, far above any wc-auth callback or webhook. */
export const MAX_BYTES = 2 ** 30;

/** An AbortSignal (anything with `aborted` and the listener methods, from any realm), or undefined. */
export function abortSignal(value, what) {
  if (value === undefined || value === null) return undefined;
  const looksLikeSignal = typeof value === 'object'
    && typeof value.aborted === 'boolean'
    && typeof value.addEventListener === 'function'
    && typeof value.removeEventListener === 'function';
  if (looksLikeSignal) return value;
  throw invalid(`the signal option of ${what} must be an AbortSignal (controller.signal, AbortSignal.timeout(ms)), or left out; got ${describe(value)}`);
}

/**
 * A TCP port from 1 to 65535, given as a number or a string of digits (the official client's
 * `port` is a string), or `undefined` when left out or empty.
 */
export function portNumber(value, what) {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number) && number >= 1 && number <= 65535) return number;
  throw invalid(`the port option of ${what} must be a port number from 1 to 65535 (a number or a string of digits), or left out; got ${describe(value)}`);
}
