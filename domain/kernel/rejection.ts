/** A rule that refused a command: a value with a stable UPPER_SNAKE code, never a thrown string. */
export interface Rejection {
  readonly kind: 'rejection'
  readonly code: string
  readonly message: string
  readonly details?: Record<string, unknown>
}

/** Builds a rejection; deciders return it instead of events. */
export function reject(code: string, message: string, details?: Record<string, unknown>): Rejection {
  return details === undefined ? { kind: 'rejection', code, message } : { kind: 'rejection', code, message, details }
}

/** Tells a rejection from a list of events. */
export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'rejection'
}
