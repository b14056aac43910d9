/** An error at a boundary (store, engine, CLI): a stable code, words for a person, and what it is about. */
export class StormbookError extends Error {
  readonly code: string
  readonly details: Record<string, unknown>

  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.name = 'StormbookError'
    this.code = code
    this.details = details
  }

  /** The `{code, message, details}` value that crosses IPC and the CLI's JSON output. */
  toJSON(): { code: string; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details }
  }
}
