/**
 * channels4j.js: a small browser client for channels4j WebSockets. ES module, no dependencies.
 *
 *   import { connect } from "/static/channels4j.js";
 *   const socket = connect("/ws/chat/lobby/");
 *   socket.on("chat.message", (msg) => show(msg));     // messages whose "type" is chat.message
 *   socket.on("*", (msg) => console.log(msg));          // every message
 *   socket.onState((state) => badge.textContent = state);
 *   socket.send({ message: "hi" });
 *
 * States: "connecting" (first attempt), "live", "reconnecting" (after a drop), "closed" (for good).
 * Reconnects with exponential backoff and full jitter. It stops for good on close codes that mean
 * "do not retry" (1008 and 4000-4499, e.g. 4401 token expired, 4403 forbidden) and when the very first
 * handshake is refused; it keeps retrying after network loss and 1001/1006/1011/1012/1013, including
 * attempts that fail while a server restarts.
 * Messages sent while not live wait in a bounded queue (default 100) and are flushed in order on
 * (re)connect; when the queue is full, send() throws an Error instead of dropping anything silently.
 *
 * Resume: messages of a group that keeps history carry "offset" and "epoch". The socket remembers the last
 * position it saw and reconnects with ?since=N&epoch=E, so the server sends exactly what was missed; a message
 * at or before that position is never handed out twice. When the server cannot resume it sends
 * {"type": "history.reset", "epoch"} (handle it with on("history.reset", ...)) and then its latest history.
 * A close with 1012 (server restarting) reconnects after a short delay. When a reconnect attempt fails, the
 * optional options.onRefused() is asked (it may return a Promise) whether to go on: return false to stop,
 * e.g. after the app learned that its session has ended. onClosed(fn) learns why the socket stopped for good.
 */

const DEFAULTS = { initialDelay: 300, maxDelay: 10000, factor: 2, queueLimit: 100, protocols: undefined, resume: true, onRefused: undefined };
const SERVICE_RESTART = 1012;

function isFatal(code) {
  return code === 1008 || (code >= 4000 && code < 4500);
}

function resolveUrl(path) {
  if (/^wss?:\/\//.test(path)) return path;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return scheme + "//" + location.host + path;
}

/** A WebSocket that reconnects by itself and speaks JSON. */
export class ChannelsSocket {
  constructor(path, options = {}) {
    this.url = resolveUrl(path);
    this.options = { ...DEFAULTS, ...options };
    this.handlers = new Map();
    this.stateHandlers = new Set();
    this.queue = [];
    this.attempt = 0;
    this.everOpened = false;
    this.stopped = false;
    this.state = null;
    this.timer = null;
    this.ws = null;
    this.position = null; // { offset, epoch } of the last group message with a history position
    this.closedHandlers = new Set();
    this._open();
  }

  /** Calls fn(message) for messages of this type ("*" for all); returns a function that unsubscribes. */
  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type).add(fn);
    return () => this.handlers.get(type).delete(fn);
  }

  /** Calls fn(state) now and on every state change; returns a function that unsubscribes. */
  onState(fn) {
    this.stateHandlers.add(fn);
    if (this.state) fn(this.state);
    return () => this.stateHandlers.delete(fn);
  }

  /** Calls fn({code, reason}) when the socket stops for good (a fatal close code, refused, or close()). */
  onClosed(fn) {
    this.closedHandlers.add(fn);
    return () => this.closedHandlers.delete(fn);
  }

  /** Sends a value as JSON now, or queues it until the socket is live. Throws when the queue is full. */
  send(value) {
    if (this.stopped) throw new Error("channels4j: the socket to " + this.url + " is closed for good; open a new one");
    const text = JSON.stringify(value);
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(text);
      return;
    }
    if (this.queue.length >= this.options.queueLimit) {
      throw new Error("channels4j: not connected and " + this.queue.length + " messages already wait; try again when live");
    }
    this.queue.push(text);
  }

  /** Closes for good: no more reconnects; queued messages are dropped. */
  close(code = 1000, reason = "") {
    this.stopped = true;
    clearTimeout(this.timer);
    this.queue = [];
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close(code, reason);
    this._stop(code, reason);
  }

  _stop(code, reason) {
    this.stopped = true;
    this.queue = [];
    const first = this.state !== "closed";
    this._setState("closed");
    if (first) for (const fn of this.closedHandlers) fn({ code, reason });
  }

  // the URL of the next attempt: with the last position seen, so the server sends only what was missed
  _urlNow() {
    if (!this.options.resume || !this.position) return this.url;
    const url = new URL(this.url);
    url.searchParams.set("since", String(this.position.offset));
    url.searchParams.set("epoch", this.position.epoch);
    return url.toString();
  }

  // false for a message at or before the last position of its epoch: already handed out
  _track(message) {
    if (!message || typeof message !== "object") return true;
    if (message.type === "history.reset" && typeof message.epoch === "string") {
      this.position = { offset: 0, epoch: message.epoch };
      return true;
    }
    if (typeof message.offset !== "number" || typeof message.epoch !== "string") return true;
    if (this.position && this.position.epoch === message.epoch && message.offset <= this.position.offset) return false;
    this.position = { offset: message.offset, epoch: message.epoch };
    return true;
  }

  _setState(state) {
    if (state === this.state) return;
    this.state = state;
    for (const fn of this.stateHandlers) fn(state);
  }

  _open() {
    this._setState(this.everOpened || this.attempt > 0 ? "reconnecting" : "connecting");
    let opened = false;
    const url = this._urlNow();
    const ws = this.options.protocols ? new WebSocket(url, this.options.protocols) : new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      opened = true;
      this.everOpened = true;
      this.attempt = 0;
      this._setState("live");
      while (this.queue.length && ws.readyState === WebSocket.OPEN) ws.send(this.queue.shift());
    };
    ws.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return; // not JSON: nothing a typed handler could take
      }
      if (!this._track(message)) return;
      const type = message && typeof message === "object" ? message.type : undefined;
      for (const key of [type, "*"]) {
        const fns = key !== undefined && this.handlers.get(key);
        if (fns) for (const fn of fns) fn(message);
      }
    };
    ws.onclose = (event) => {
      if (this.stopped || ws !== this.ws) return;
      const refusedAtFirst = !opened && !this.everOpened && this.attempt === 0 && !this.options.retryRefused;
      if (isFatal(event.code) || refusedAtFirst) {
        this._stop(event.code, event.reason);
        return;
      }
      if (event.code === SERVICE_RESTART) this.attempt = 0; // the server said: come back soon
      if (!opened && this.everOpened && this.options.onRefused) {
        this._setState("reconnecting");
        Promise.resolve()
          .then(() => this.options.onRefused())
          .catch(() => true) // the app could not tell: keep trying
          .then((goOn) => {
            if (this.stopped) return;
            if (goOn === false) this._stop(event.code, "refused");
            else this._schedule();
          });
        return;
      }
      this._schedule();
    };
  }

  _schedule() {
    const { initialDelay, maxDelay, factor } = this.options;
    const ceiling = Math.min(maxDelay, initialDelay * Math.pow(factor, this.attempt));
    this.attempt += 1;
    this._setState("reconnecting");
    this.timer = setTimeout(() => this._open(), Math.random() * ceiling);
  }
}

/** Opens a reconnecting JSON socket to path (e.g. "/ws/chat/lobby/") or a ws(s):// URL. */
export function connect(path, options) {
  return new ChannelsSocket(path, options);
}
