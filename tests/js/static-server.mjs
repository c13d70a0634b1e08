// A static server on 127.0.0.1 for browser tests: maps URL prefixes to folders.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
};

/**
 * @param {Record<string, string>} mounts  URL prefix (ending in /) → folder
 * @param {{ types?: Record<string, string> }} [options]  Content-Type by extension, over TYPES
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveStatic(mounts, { types = {} } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const prefix = prefixes.find((p) => path.startsWith(p));
    const relative = prefix === undefined ? null : normalize(path.slice(prefix.length));
    if (relative === null || relative.startsWith('..') || relative.includes(`${sep}..`)) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      const body = await readFile(join(mounts[prefix], relative || 'index.html'));
      const type = types[extname(relative)] ?? TYPES[extname(relative)] ?? 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
