import { closeSync, fsyncSync, openSync } from 'node:fs'

/**
 * Makes the names in a folder durable (a rename into it, a file removed from it): fsyncs the folder
 * itself, which POSIX requires before a created, renamed or unlinked entry survives a power cut.
 */
export function fsyncDirectory(path: string): void {
  const dir = openSync(path, 'r')
  try {
    fsyncSync(dir)
  } finally {
    closeSync(dir)
  }
}
