// The browser's timers, for modules that take theirs as an argument (api/client.js,
// session-machine.js). Wrapped: window.setTimeout refuses to run as a method of another object.
export const browserTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (id) => clearTimeout(id),
};
