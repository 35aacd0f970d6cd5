// Stand-ins for what the UI's modules take from the browser: timers that run only when a test
// says so, and a fetch that answers from a script and records what it was asked.

/** Timers that fire only on `runNext()`; `pending` lists { ms } of those still waiting. */
export function fakeTimers() {
  let nextId = 1;
  const waiting = new Map();
  return {
    setTimeout(run, ms) {
      const id = nextId++;
      waiting.set(id, { run, ms });
      return id;
    },
    clearTimeout(id) {
      waiting.delete(id);
    },
    get pending() {
      return [...waiting.values()].map(({ ms }) => ({ ms }));
    },
    /** Fires the earliest-scheduled timer still waiting; returns what its callback returned. */
    runNext() {
      const [id, timer] = waiting.entries().next().value ?? [];
      if (id === undefined) throw new Error('no timer is waiting');
      waiting.delete(id);
      return timer.run();
    },
  };
}

/**
 * A fetch whose answers are `script`, one per call, each a Response, an Error to reject with,
 * or 'hang' (never answers until aborted). `calls` records { url, method, headers, body }.
 */
export function scriptedFetch(...script) {
  const calls = [];
  async function fetch(url, init) {
    calls.push({ url, method: init.method, headers: init.headers, body: init.body });
    const next = script.shift();
    if (next === undefined) throw new Error(`unexpected request ${init.method} ${url}`);
    if (next === 'hang') {
      return new Promise((_, reject) => {
        init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    if (next instanceof Error) throw next;
    return next;
  }
  fetch.calls = calls;
  return fetch;
}

/** A JSON answer; `json(200, { user })`. */
export function json(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** An answer whose body is `text` as it is (HTML error pages, empty or truncated bodies). */
export function raw(status, text) {
  return new Response(status === 204 ? null : text, { status });
}

/** Settles pending promise callbacks, so that what an awaited answer started has happened. */
export async function settle() {
  for (let round = 0; round < 10; round += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** A Web Storage over a Map; `refusing: true` throws on every call, as a blocked storage does. */
export function memoryStorage({ refusing = false } = {}) {
  const items = new Map();
  const refuse = () => {
    if (refusing) throw new DOMException('storage is blocked', 'SecurityError');
  };
  return {
    items,
    getItem: (key) => (refuse(), items.has(key) ? items.get(key) : null),
    setItem: (key, value) => (refuse(), items.set(key, String(value))),
    removeItem: (key) => (refuse(), items.delete(key)),
  };
}
