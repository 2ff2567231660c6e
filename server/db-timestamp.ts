// How the app's SQL pool reads `timestamp` (without time zone) columns, which hold UTC as Prisma
// writes them (server/db.ts). Every row of a read carries several (a week of consultations: 180),
// and node-postgres parses each on the hot path.
//
// The Date constructor here is the one the process started with: the production server
// (scripts/serve.ts) imports this module before Next, whose server replaces the global `Date`
// with a wrapper that watches for clock reads during prerenders (a `new Date()` without
// arguments, `Date.now()`) and otherwise builds the same Date through Reflect.construct, at
// 3–4× the cost of the constructor itself. A Date built from a number is the same object
// either way (same prototype, same time); the wrapper has nothing to watch for here. Loaded
// after Next (Next's own bundle, tests), this is simply the global Date.
const NativeDate: DateConstructor = globalThis.Date;

/**
 * The Date of PostgreSQL's text for a `timestamp` (DateStyle ISO, `YYYY-MM-DD HH:MM:SS[.f…]`),
 * read as UTC: the same Date as `new Date(text.replace(" ", "T") + "Z")` (fractions beyond
 * milliseconds cut, not rounded, as that parse does) at about a third of the CPU, without the
 * date-string parser. Any other shape (years before 100 or after 9999, BC, infinity) goes
 * through that parse.
 */
export function parseUtcTimestamp(text: string): Date {
  const length = text.length;
  if (
    (length === 19 || (length >= 21 && length <= 26 && text.charCodeAt(19) === 46)) &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 32 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58
  ) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 7);
    const day = digits(text, 8, 10);
    const hours = digits(text, 11, 13);
    const minutes = digits(text, 14, 16);
    const seconds = digits(text, 17, 19);
    let ms = 0;
    if (length > 19) {
      const shown = Math.min(3, length - 20);
      ms = digits(text, 20, 20 + shown) * (shown === 1 ? 100 : shown === 2 ? 10 : 1);
      if (ms < 0 || digits(text, 20, length) < 0) ms = -1;
    }
    // Date.UTC reads a year below 100 as 19xx: those take the string parse.
    if (year >= 100 && month >= 1 && day >= 1 && hours >= 0 && minutes >= 0 && seconds >= 0 && ms >= 0)
      return new NativeDate(NativeDate.UTC(year, month - 1, day, hours, minutes, seconds, ms));
  }
  return new NativeDate(`${text.replace(" ", "T")}Z`);
}

/** The decimal number written in text[from, to), or -1 when a character there is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
