import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The renderer, built once for both hosts: Electron loads out/renderer/index.html, browser mode serves it.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../out/renderer', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
})
