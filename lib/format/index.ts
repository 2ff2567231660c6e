// lib/format: the one home for how values read to people — times (always in a named time
// zone: the viewer's on screen, the recipient's in emails), durations and money.
export { formatDuration, formatTimeUntil, type DurationOptions } from "./duration";
export { formatMoney } from "./money";
export { formatVisitTime, safeTimeZone, type VisitTimeText } from "./visit-time";
export { dayKey, formatWhen, zoneLabel } from "./when";
export { paymentDisplay, plural, type PaymentDisplayStatus, type PaymentStatus } from "./words";
