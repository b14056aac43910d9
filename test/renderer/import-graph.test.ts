import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../renderer')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

/** Each renderer file's imports of other renderer files (static, side-effect and lazy `import()`). */
function importGraph(files: string[], read: (file: string) => string): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const text = read(file)
    const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)'(\.[^']+)'/gm)].map((m) => m[1])
    graph.set(file, specifiers.map((s) => resolve(dirname(file), s)).filter((target) => files.includes(target)))
  }
  return graph
}

/** The import circles of a graph, each as the files around it (empty when there is none). */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (file: string) => {
    state.set(file, 'open')
    path.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)))
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return found
}

describe('the renderer import graph', () => {
  it('finds a circle when there is one (the check can fail)', () => {
    const graph = importGraph(['/r/a.ts', '/r/b.ts', '/r/c.ts'], (file) => ({ '/r/a.ts': "import { b } from './b.ts'", '/r/b.ts': "export { c } from './c.ts'", '/r/c.ts': "const a = () => import('./a.ts')" })[file]!)
    expect(circles(graph)).toEqual([['/r/a.ts', '/r/b.ts', '/r/c.ts']])
  })

  it('has no import circle', () => {
    const files = sources(ROOT)
    const found = circles(importGraph(files, (file) => readFileSync(file, 'utf8')))
    expect(found.map((circle) => circle.map((file) => relative(ROOT, file)).join(' → '))).toEqual([])
  })

  it('keeps every file around 300 lines at most', () => {
    const long = sources(ROOT).filter((file) => readFileSync(file, 'utf8').split('\n').length > 320).map((file) => relative(ROOT, file))
    expect(long).toEqual([])
  })
})
