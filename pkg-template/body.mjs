// Request bodies for the handlers (wc-auth callback, webhooks), read up to a limit that each
// handler also carries for toNodeListener. The limit is enforced while reading: a body that
// declares no Content-Length (chunked) is never held past it.

/**
 * The body of a Fetch-API `request` as bytes, or `null` when it is larger than `limit` bytes (the
 * rest is then cancelled, not read).
 */
export async function readLimited(request, limit) {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

/**
 * `handler` with its body limit as a read-only `maxBytes`, which toNodeListener uses when it is
 * given none: the adapter then reads as much as the handler accepts, and no more.
 */
export function withLimit(handler, maxBytes) {
  return Object.defineProperty(handler, 'maxBytes', { value: maxBytes, enumerable: true });
}

/** `chunks` joined into one array of `size` bytes. */
export function concat(chunks, size) {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
