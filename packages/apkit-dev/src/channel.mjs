// The host page's channel to the dev host: one WebSocket (RFC 6455, text frames of JSON) instead of one HTTP request
// per product call. A fetch costs a Chromium page several milliseconds on a busy machine, a WebSocket message about a
// third of that, and the product answers every AP.request / requestJira of every frame through it.
//
// page -> host   { id, op, body }             op: a name of `ops`
// host -> page   { id, ok: true, value } | { id, ok: false, error: { code, message } }
//
// Only what a browser sends is handled: masked frames, text and close, ping answered with pong; fragments are joined.
import { createHash } from "node:crypto";
import { DevHostError } from "./errors.mjs";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"; // RFC 6455, section 1.3
const MAX_MESSAGE = 8 * 1024 * 1024;

/** One server-to-client frame (unmasked, FIN set). */
export function encodeFrame(opcode, payload) {
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126) {
    head[0] = 0x80 | opcode;
    if (length < 65536) {
      head[1] = 126;
      head.writeUInt16BE(length, 2);
    } else {
      head[1] = 127;
      head.writeBigUInt64BE(BigInt(length), 2);
    }
  }
  return Buffer.concat([head, payload]);
}

/**
 * Reads client frames from a growing buffer: calls `onFrame(opcode, fin, payload)` for each whole frame and returns
 * what is left (an incomplete frame). Throws a DevHostError for an unmasked or oversized frame.
 */
export function decodeFrames(buffer, onFrame) {
  let rest = buffer;
  while (rest.length >= 2) {
    const fin = (rest[0] & 0x80) !== 0;
    const opcode = rest[0] & 0x0f;
    if ((rest[1] & 0x80) === 0) throw new DevHostError("ERR_DEV_BAD_REQUEST", "the channel got an unmasked frame");
    let length = rest[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (rest.length < 4) break;
      length = rest.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (rest.length < 10) break;
      length = Number(rest.readBigUInt64BE(2));
      offset = 10;
    }
    if (length > MAX_MESSAGE) throw new DevHostError("ERR_DEV_BODY_TOO_LARGE", `a channel frame of ${length} bytes`);
    if (rest.length < offset + 4 + length) break;
    const mask = rest.subarray(offset, offset + 4);
    const payload = Buffer.from(rest.subarray(offset + 4, offset + 4 + length));
    for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
    rest = rest.subarray(offset + 4 + length);
    onFrame(opcode, fin, payload);
  }
  return rest;
}

/**
 * Accepts a WebSocket upgrade on `socket` and answers its messages with `ops[op](body)` (sync or async).
 * `allowed(req)` decides who may connect (the host page only).
 */
export function acceptChannel(req, socket, { ops, allowed }) {
  const key = req.headers["sec-websocket-key"];
  if (!allowed(req) || typeof key !== "string" || req.headers.upgrade?.toLowerCase() !== "websocket") {
    socket.end("HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n");
    return;
  }
  const accept = createHash("sha1").update(key + GUID).digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  socket.setNoDelay(true);
  const send = (value) => {
    if (!socket.destroyed) socket.write(encodeFrame(0x1, Buffer.from(JSON.stringify(value))));
  };
  const answer = async (text) => {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return send({ id: null, ok: false, error: { code: "ERR_DEV_BAD_REQUEST", message: "a channel message that is not JSON" } });
    }
    const op = Object.prototype.hasOwnProperty.call(ops, message.op) ? ops[message.op] : undefined;
    try {
      if (!op) throw new DevHostError("ERR_DEV_BAD_REQUEST", `no channel operation ${message.op}`);
      send({ id: message.id, ok: true, value: await op(message.body ?? {}) });
    } catch (error) {
      send({ id: message.id, ok: false, error: { code: error?.code ?? "ERR_DEV_INTERNAL", message: String(error?.message ?? error) } });
    }
  };
  let buffer = Buffer.alloc(0);
  let fragments = [];
  socket.on("data", (chunk) => {
    try {
      buffer = decodeFrames(Buffer.concat([buffer, chunk]), (opcode, fin, payload) => {
        if (opcode === 0x8) return socket.end(encodeFrame(0x8, Buffer.alloc(0)));
        if (opcode === 0x9) return socket.write(encodeFrame(0xa, payload));
        if (opcode !== 0x1 && opcode !== 0x0) return; // binary and pong: not used by the page
        fragments.push(payload);
        if (!fin) return;
        const text = Buffer.concat(fragments).toString("utf8");
        fragments = [];
        answer(text);
      });
    } catch {
      socket.destroy();
    }
  });
  socket.on("error", () => socket.destroy());
}
