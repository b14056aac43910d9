import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'zlib', 'url', 'util', 'events', 'stream', 'net', 'http', 'worker_threads']

export default tseslint.config(
  { ignores: ['.bench-work/**', 'node_modules/**', 'dist/**', 'out/**', 'release/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['bin/**/*.mjs', '*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // domain/ is pure: no Node, no Electron, no React, nothing from main/ or renderer/.
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'domain/ is pure TypeScript: no Node built-ins (DESIGN.md import rules).' },
          { group: ['electron', 'electron/*'], message: 'domain/ never imports electron.' },
          { group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*'], message: 'domain/ never imports UI libraries.' },
          { group: ['**/main/**', '**/renderer/**'], message: 'domain/ never imports main/ or renderer/.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'domain/ is pure.' }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Time comes from the clock port (context.now), never Date.now().' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time comes from the clock port (context.now), never new Date().' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Deciders are deterministic: no Math.random().' },
      ],
    },
  },
  {
    // main/ never imports renderer/; electron only inside main/electron/.
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'electron is imported only in main/electron/.' },
          { group: ['**/renderer/**'], message: 'main/ never imports renderer/.' },
        ],
      }],
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports renderer/.' }] }],
    },
  },
  ...rendererLayers(),
)

/**
 * renderer/ in layers (docs/architecture-renderer.md): the shell (App, sidebar, palette, help) imports the
 * features to register them; a feature (pipeline/, trading/, timeline/, flows/, settings/) imports only the
 * lower layer (workspace/) and domain/, never another feature nor the shell; workspace/ imports no feature;
 * only workspace/ imports bridge.ts, and only bridge.ts reaches the host (window.stormbook, the WebSocket,
 * main/ipc/client.ts). Everywhere: no Node built-ins, no electron, from main/ only the IPC contract's types.
 */
function rendererLayers() {
  const features = ['pipeline', 'trading', 'timeline', 'flows', 'settings', 'sync']
  const base = (mainAllowed = 'contract') => [
    { group: nodeBuiltins, message: 'renderer/ runs in the browser: no Node built-ins.' },
    { group: ['electron', 'electron/*'], message: 'renderer/ never imports electron; use the bridge.' },
    { regex: `(^|/)main/(?!ipc/(${mainAllowed})(\\.ts)?$)`, message: 'renderer/ imports only the IPC contract types from main/ (and bridge.ts the IPC client).' },
  ]
  const noBridge = { regex: '^(\\.\\./)+bridge(\\.ts)?$', message: 'Only renderer/workspace/ imports bridge.ts: go through the command path, the query path or workspace/host.ts.' }
  const none = (names, message) => ({ regex: `^(\\.\\./)+(${names.join('|')})(/|$)`, message })
  const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })
  const noHost = ['error',
    { selector: "MemberExpression[object.name='window'][property.name='stormbook']", message: 'Only renderer/bridge.ts reaches the host (window.stormbook).' },
    { selector: "NewExpression[callee.name='WebSocket']", message: 'Only renderer/bridge.ts reaches the host (the WebSocket).' },
  ]
  return [
    { files: ['renderer/**/*.ts', 'renderer/**/*.tsx'], rules: { ...restrict([...base(), noBridge]), 'no-restricted-syntax': noHost } },
    { files: ['renderer/bridge.ts'], rules: { ...restrict(base('contract|client')), 'no-restricted-syntax': 'off' } },
    { files: ['renderer/workspace/**'], rules: restrict([...base(), none([...features, 'shell'], 'renderer/workspace/ is the lower layer: it imports no feature and not the shell (features register themselves).')]) },
    ...features.map((feature) => ({
      files: [`renderer/${feature}/**`],
      rules: restrict([...base(), noBridge, none([...features.filter((f) => f !== feature), 'shell'], `renderer/${feature}/ imports only renderer/workspace/ and domain/: never another feature, nor the shell.`)]),
    })),
  ]
}
