/**
 * @internal Checks a URL option of a service apkit/server calls (the install-key server, a JWKS, an authorization
 * server): absolute, and https, or plain http on loopback only (tests). Caller mistakes are TypeErrors.
 */
export function serviceUrl(value: unknown, option: string): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch (error) {
    throw new TypeError(`apkit/server: ${option} must be an absolute URL; got ${String(value)}.`, { cause: error });
  }
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new TypeError(`apkit/server: ${option} must be https (plain http only on loopback, for tests).`);
  }
  return url;
}
