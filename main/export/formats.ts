// The export formats and their files: a pure module the API's contract can import (no Node, no native code).

/** The formats a storm exports to. */
export const EXPORT_FORMATS = ['md', 'mermaid', 'svg', 'png', 'jsonl', 'flow'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** What an export is called and what it is: the file name's extension and the MIME type of each format. */
export const EXPORT_FILES: Record<ExportFormat, { extension: string; mime: string }> = {
  md: { extension: 'md', mime: 'text/markdown' },
  mermaid: { extension: 'mmd', mime: 'text/vnd.mermaid' },
  svg: { extension: 'svg', mime: 'image/svg+xml' },
  png: { extension: 'png', mime: 'image/png' },
  jsonl: { extension: 'jsonl', mime: 'application/x-ndjson' },
  flow: { extension: 'flow.json', mime: 'application/json' },
}
