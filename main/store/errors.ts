import { isCodedError } from '../../domain/kernel/index.ts'

/**
 * Deprecated: throw `codedError(...)` from domain/kernel instead. Kept until every caller has moved over;
 * `instanceof StormbookError` also holds for a thrown `codedError(...)`, so code not yet moved still
 * recognises the new errors.
 */
export class StormbookError extends Error {
  readonly code: string
  readonly details: Record<string, unknown>

  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.name = 'StormbookError'
    this.code = code
    this.details = details
  }

  /** A thrown coded error of either kind. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && isCodedError(value)
  }

  /** The `{code, message, details}` value that crosses IPC and the CLI's JSON output. */
  toJSON(): { code: string; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details }
  }
}
