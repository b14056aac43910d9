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
  {
    // renderer/ reaches the engine only through its bridge: no main/ runtime code, no Node, no electron.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'renderer/ runs in the browser: no Node built-ins.' },
          { group: ['electron', 'electron/*'], message: 'renderer/ never imports electron; use the bridge.' },
          { regex: '(^|/)main/(?!ipc/contract(\\.ts)?$)', message: 'renderer/ imports only the IPC contract types from main/.' },
        ],
      }],
    },
  },
)
