// Errors thrown by the package's JavaScript, shaped like those from WebAssembly:
// `name === 'WcKeysError'` and a stable `code`.
export function wcKeysError(code, message) {
  const error = new Error(message);
  error.name = 'WcKeysError';
  error.code = code;
  return error;
}

/** `value` when it is an options object (or `{}` for undefined); a typed error otherwise. */
export function optionsObject(value, what) {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw wcKeysError('ERR_INPUT_INVALID', `Invalid argument: ${what} takes an options object.`);
  }
  return value;
}

/** `ERR_INPUT_INVALID`, worded as Rust's `Error::InputInvalid`. */
export function invalid(detail) {
  return wcKeysError('ERR_INPUT_INVALID', `Invalid argument: ${detail}.`);
}

/**
 * Rust's `Error::unknown_option` message, for option names checked in JavaScript. A name that may
 * be a key or a secret (an object built with one as a name) is described, not quoted, as Rust's
 * `shown_name` does.
 */
export function unknownOption(name, known) {
  const lower = name.toLowerCase();
  const shown = new TextEncoder().encode(name).length > 32 || lower.includes('ck_') || lower.includes('cs_')
    ? '(a name not shown: it may hold a key or a secret)'
    : `'${name}'`;
  return invalid(`unknown option ${shown}; the options are ${known.join(', ')}`);
}
