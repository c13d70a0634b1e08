// A small assertion library that runs unchanged in Node and in the browser.

function show(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function ok(value, message = 'expected a truthy value') {
  if (!value) throw new Error(message);
}

export function equal(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    throw new Error(`${message}\n  expected: ${show(expected)}\n  actual:   ${show(actual)}`);
  }
}

export function deepEqual(actual, expected, message = '') {
  if (show(actual) !== show(expected)) {
    throw new Error(`${message}\n  expected: ${show(expected)}\n  actual:   ${show(actual)}`);
  }
}

/** Calls `fn`, expects it to throw an Error with `code`; returns the error. */
export function throwsCode(fn, code, message = '') {
  let caught;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  if (!caught) throw new Error(`${message}: expected an error with code ${code}, nothing was thrown`);
  if (!(caught instanceof Error)) throw new Error(`${message}: expected an Error, got ${show(caught)}`);
  if (caught.code !== code) {
    throw new Error(`${message}: expected code ${code}, got ${caught.code} (${caught.name}: ${caught.message})`);
  }
  return caught;
}

/** What a call gave: `{ value }`, or its error's `{ name, code, message }` (a WebAssembly trap is rethrown). */
export function outcome(call) {
  try {
    return { value: call() };
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) throw error;
    return { name: error?.name, code: error?.code, message: error?.message };
  }
}
