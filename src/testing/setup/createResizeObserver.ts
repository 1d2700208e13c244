/**
 * @internal A `ResizeObserver` for DOMs without layout (jsdom has none, so no `ResizeObserver` either). It calls back
 * once an element is observed, as browsers do, and again whenever the element or anything inside it changes: jsdom
 * measures every box as 0, so a change of content is what stands in for a change of size. A test that gives an
 * element a size (`getBoundingClientRect` stubbed) sees it in the next callback, and so does apkit's `autoResize`.
 *
 * Built from the window it is for: its `MutationObserver`, its microtask queue.
 */
export function createResizeObserver(window: Pick<typeof globalThis, "MutationObserver" | "queueMicrotask">) {
  return class StandInResizeObserver {
    readonly #callback: ResizeObserverCallback;
    readonly #observed = new Set<Element>();
    readonly #changes: MutationObserver;

    constructor(callback: ResizeObserverCallback) {
      if (typeof callback !== "function") throw new TypeError("ResizeObserver: the callback must be a function");
      this.#callback = callback;
      this.#changes = new window.MutationObserver(() => this.#notify([...this.#observed]));
    }

    observe(target: Element): void {
      if (this.#observed.has(target)) return;
      this.#observed.add(target);
      this.#changes.observe(target, { subtree: true, childList: true, characterData: true, attributes: true });
      // Browsers report every newly observed element once, after the next layout.
      window.queueMicrotask(() => {
        if (this.#observed.has(target)) this.#notify([target]);
      });
    }

    unobserve(target: Element): void {
      if (!this.#observed.delete(target)) return;
      // A MutationObserver cannot stop watching one node: start again with the others.
      this.#changes.disconnect();
      for (const element of this.#observed) this.#changes.observe(element, { subtree: true, childList: true, characterData: true, attributes: true });
    }

    disconnect(): void {
      this.#observed.clear();
      this.#changes.disconnect();
    }

    #notify(targets: Element[]): void {
      if (!targets.length) return;
      const entries = targets.map((target) => {
        const rect = target.getBoundingClientRect();
        const box = [{ inlineSize: rect.width, blockSize: rect.height }];
        return { target, contentRect: rect, borderBoxSize: box, contentBoxSize: box, devicePixelContentBoxSize: box } as unknown as ResizeObserverEntry;
      });
      this.#callback(entries, this as unknown as ResizeObserver);
    }
  };
}
