import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite'
import type { ChunkingContext, OutputChunk } from 'rolldown'

/**
 * The page's entry is small and loads the app (`shell/mount.tsx`) with a dynamic import once it has asked
 * its first queries. This lists the app's chunk, the chunks it imports and its CSS in index.html as
 * preloads, so the browser fetches them beside the entry (and the host serves them before it answers the
 * queries) instead of after the entry has run.
 */
function preloadApp(facade = 'shell/mount.tsx'): Plugin {
  return {
    name: 'stormbook:preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return []
        const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk')
        const app = chunks.find((c) => c.moduleIds.some((id) => id.endsWith(facade)))
        if (!app) throw new Error(`preloadApp: no chunk for ${facade}`)
        const js = new Set<string>()
        const css = new Set<string>()
        const visit = (chunk: OutputChunk) => {
          if (js.has(chunk.fileName)) return
          js.add(chunk.fileName)
          for (const file of chunk.viteMetadata?.importedCss ?? []) css.add(file)
          for (const name of chunk.imports) {
            const imported = bundle[name]
            if (imported?.type === 'chunk' && !imported.isEntry) visit(imported)
          }
        }
        visit(app)
        // What the entry preloads already is not listed twice.
        const listed = (file: string) => html.includes(`/${file}"`)
        const tags: HtmlTagDescriptor[] = [...js].filter((file) => !listed(file)).map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' }))
        return [...tags, ...[...css].filter((file) => !listed(file)).map((file): HtmlTagDescriptor => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${file}` }, injectTo: 'head' }))]
      },
    },
  }
}

/** Every module `from` reaches through static imports (itself included). */
function staticClosure(from: string, ctx: ChunkingContext): Set<string> {
  const seen = new Set<string>()
  const stack = [from]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    stack.push(...(ctx.getModuleInfo(id)?.importedIds ?? []))
  }
  return seen
}

/**
 * Two chunks for the first open: `boot` (what the entry runs before the app: the store, the bridge, the
 * first queries) and `app` (what `shell/mount.tsx` needs beyond it). Without them the bundler splits out
 * every module a lazy screen shares with the app (dates, money, icons…) into its own small file, and the
 * first open waits for a dozen requests to a host that is answering the first queries at the same time.
 */
function firstChunks(entry: string, app: string): (id: string, ctx: ChunkingContext) => string | null {
  let boot: Set<string> | undefined
  let rest: Set<string> | undefined
  return (id, ctx) => {
    if (!boot || !rest) {
      const first = staticClosure(entry, ctx)
      boot = first
      rest = new Set([...staticClosure(app, ctx)].filter((module) => !first.has(module)))
    }
    return boot.has(id) ? 'boot' : rest.has(id) ? 'app' : null
  }
}

const source = (path: string) => fileURLToPath(new URL(`./renderer/${path}`, import.meta.url))

// The renderer, built once for both hosts: Electron loads out/renderer/index.html, browser mode serves it.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), preloadApp()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Both groups are closed under static imports (`boot` is the entry's closure, `app` the rest of the app's),
    // so capturing without each module's dependencies makes no chunk circle: `app` imports only `boot`.
    rolldownOptions: { output: { codeSplitting: { includeDependenciesRecursively: false, groups: [{ debugName: 'first open', name: firstChunks(source('main.tsx'), source('shell/mount.tsx')) }] } } },
  },
})
