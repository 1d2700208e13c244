// Reading a body that comes from elsewhere (a key server, a JWKS host, a site, a lifecycle request) with a byte
// budget: a Content-Length over it is refused before anything is read, and a body without one is read chunk by chunk
// and cancelled the moment it passes the budget, so a 160 MB answer costs at most the budget plus one chunk.

/**
 * @internal The body as UTF-8 text, or `undefined` when it is larger than `maxBytes` (the rest is never read: the
 * stream is cancelled).
 */
export async function readText(message: Request | Response, maxBytes: number): Promise<string | undefined> {
  const body = message.body;
  if (Number(message.headers.get("content-length")) > maxBytes) {
    await body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** @internal How long an answer may be cached, in ms: Cache-Control's max-age within [min, max]; `fallback` without one. */
export function maxAgeOf(cacheControl: string | null, { min, max, fallback }: { min: number; max: number; fallback: number }): number {
  if (!cacheControl) return fallback;
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return min;
  const match = /(?:^|,)\s*(?:s-)?max-age\s*=\s*"?(\d+)/i.exec(cacheControl);
  if (!match) return fallback;
  return Math.min(max, Math.max(min, Number(match[1]) * 1000));
}
