// Every way an API call can fail, turned into one shape: ApiError with the RealWorld error map
// `{ field: [message, …] }`. A message with the field '' is a whole sentence of ours.

/** A failed call. `status` is 0 when no answer came (refused connection, timeout). */
export class ApiError extends Error {
  constructor(status, errors, options) {
    super(`API answered ${status}`, options);
    this.status = status;
    this.errors = errors;
  }
}

export const UNABLE_TO_CONNECT = 'Unable to connect to the server. Check your connection and try again.';
const TOO_SLOW = 'Unable to connect: the server took too long to answer. Try again in a moment.';
export const SESSION_ENDED = 'Your session has ended: sign in again to continue. What you typed is kept.';
const SERVER_PROBLEM = 'The server ran into a problem. Try again in a moment.';
const UNREADABLE = 'The server sent an answer the app cannot read. Try again in a moment.';

/** No answer at all: the network or the server is down. */
export function networkError(cause) {
  return new ApiError(0, { '': [UNABLE_TO_CONNECT] }, { cause });
}

/** A write refused for its token: the page offers to sign in again (`sessionEnded`). */
export function sessionEndedError(cause) {
  const error = new ApiError(401, { '': [SESSION_ENDED] }, { cause });
  error.sessionEnded = true;
  return error;
}

export function timeoutError() {
  return new ApiError(0, { '': [TOO_SLOW] });
}

/**
 * The parsed body of a 2xx answer (null for 204), or the ApiError a failed one stands for.
 * `text` is the raw body; a success whose body is not a JSON object cannot be trusted.
 */
export function readAnswer(status, text) {
  const payload = parseObject(text);
  if (status >= 200 && status < 300) {
    if (status === 204) return null;
    if (payload === null) throw new ApiError(status, { '': [UNREADABLE] });
    return payload;
  }
  throw new ApiError(status, isErrorMap(payload?.errors) ? payload.errors : { '': [describeStatus(status)] });
}

/** `{ email: ['has already been taken'] }` → ["email has already been taken"]. */
export function errorLines(errors) {
  return Object.entries(errors).flatMap(([field, messages]) =>
    [messages].flat().map((message) => line(field, String(message))),
  );
}

function line(field, message) {
  if (!field) return message;
  // The API's wording for a failed sign-in ("credentials invalid") names no field a user typed.
  if (field === 'credentials' && message === 'invalid') return 'email or password is invalid';
  // The API's word for a failure of its own names nothing a user can act on.
  if (field === 'server' && message === 'internal error') return SERVER_PROBLEM;
  return `${field} ${message}`;
}

function describeStatus(status) {
  if (status >= 500) return `The server ran into a problem (${status}). Try again in a moment.`;
  return `The server refused the request (${status}).`;
}

function parseObject(text) {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function isErrorMap(errors) {
  return errors !== null && typeof errors === 'object' && !Array.isArray(errors) && Object.keys(errors).length > 0;
}
