const longDate = new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', year: 'numeric' });

/** "January 20, 2026", the way Conduit front ends print article and comment dates. */
export function formatDate(isoTimestamp) {
  const date = new Date(isoTimestamp);
  return Number.isNaN(date.getTime()) ? '' : longDate.format(date);
}
