// Errors thrown by the package's JavaScript, shaped like those from WebAssembly:
// `name === 'WcKeysError'` and a stable `code`.
export function wcKeysError(code, message) {
  const error = new Error(message);
  error.name = 'WcKeysError';
  error.code = code;
  return error;
}
