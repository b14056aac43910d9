/**
 * The one coded-error type of Stormbook: a stable UPPER_SNAKE `code`, words for a person, and what it is
 * about. It is what every boundary answers (dispatch, the API over IPC and WebSocket, the CLI's JSON), and
 * what is thrown inside main/ where a bug is not the cause (`throw codedError(...)`).
 */
export interface CodedError {
  code: string
  message: string
  details?: Record<string, unknown>
}

/** A throwable CodedError: an Error whose JSON is the `{code, message, details}` value. */
export type ThrownCodedError = Error & CodedError & { toJSON(): CodedError }

/** Builds a throwable coded error (`throw codedError('LOG_CORRUPT', 'Line 3 …', {line: 3})`). */
export function codedError(code: string, message: string, details: Record<string, unknown> = {}): ThrownCodedError {
  const error = new Error(message) as ThrownCodedError
  error.name = 'CodedError'
  error.code = code
  error.details = details
  error.toJSON = () => ({ code, message, details })
  return error
}

/**
 * Tells a coded error (thrown by `codedError`, or a plain `{code, message}` value) from anything else. A
 * system error (ENOENT, EISDIR…) is an Error with a code too, but not one of ours: it is not a coded error.
 */
export function isCodedError(value: unknown): value is CodedError {
  if (typeof value !== 'object' || value === null) return false
  if (value instanceof Error && value.name !== 'CodedError') return false
  return typeof (value as { code?: unknown }).code === 'string' && typeof (value as { message?: unknown }).message === 'string'
}

/** Any caught value as a plain `{code, message, details}`: a coded error keeps its code, a bug is INTERNAL. */
export function toCodedError(error: unknown): CodedError {
  if (isCodedError(error)) return { code: error.code, message: error.message, details: error.details ?? {} }
  return { code: 'INTERNAL', message: `Unexpected error: ${(error as Error)?.message ?? String(error)}`, details: {} }
}
