import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fake, FakeBrowserWindow, FakeEvent, session, shell } from './fake-electron.ts'
import { settle } from './helpers.ts'
import {
  appPaths, CONTENT_SECURITY_POLICY, createWorkspaceWindow, isRendererUrl, rendererUrl, safeExternalUrl, secureSession, windowOptions,
} from '../../../main/electron/window.ts'

vi.mock('electron', () => import('./fake-electron.ts'))

const paths = appPaths('/opt/stormbook')

beforeEach(() => fake.reset())

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]))
}

describe('a workspace window', () => {
  it('is isolated and sandboxed, with no Node, web security on and only the preload bundle', () => {
    const prefs = windowOptions(paths, 'Demo — Stormbook').webPreferences!
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    })
    expect(prefs.preload).toBe('/opt/stormbook/out/main/preload.cjs')
  })

  it('is made with those options, and shown only once its page has painted', () => {
    const window = createWorkspaceWindow(paths, 'Demo — Stormbook') as unknown as FakeBrowserWindow
    expect(window.options.webPreferences).toEqual(windowOptions(paths, 'Demo — Stormbook').webPreferences)
    expect(window.shown).toBe(false)
    window.emit('ready-to-show')
    expect(window.shown).toBe(true)
  })

  it('refuses every navigation; only a checked http(s) link goes to the system browser, once confirmed', async () => {
    fake.messageBoxAnswers = ['Open in Browser', 'Open in Browser']
    const window = createWorkspaceWindow(paths, 'Demo') as unknown as FakeBrowserWindow
    const urls = ['https://example.com/docs', 'file:///etc/passwd', 'javascript:alert(1)', 'http://localhost:5173/', 'data:text/html,<script>x</script>']
    for (const url of urls) {
      const event = new FakeEvent(url)
      window.webContents.emit('will-navigate', event)
      expect(event.defaultPrevented, url).toBe(true)
    }
    await settle()
    expect(fake.messageBoxes.map((box) => box.detail)).toEqual(['https://example.com/docs', 'http://localhost:5173/'])
    expect(shell.openExternal.mock.calls.map(([url]) => url)).toEqual(['https://example.com/docs', 'http://localhost:5173/'])
  })

  it('opens nothing when the user cancels the confirmation', async () => {
    fake.messageBoxAnswers = ['Cancel']
    const window = createWorkspaceWindow(paths, 'Demo') as unknown as FakeBrowserWindow
    window.webContents.emit('will-navigate', new FakeEvent('https://example.com/phish'))
    await settle()
    expect(fake.messageBoxes).toHaveLength(1)
    expect(fake.messageBoxes[0].message).toMatch(/Open this link/)
    expect(shell.openExternal).not.toHaveBeenCalled()
  })

  it('denies window.open, opening external http(s) links only after the URL check and a confirmation', async () => {
    fake.messageBoxAnswers = ['Open in Browser']
    const window = createWorkspaceWindow(paths, 'Demo') as unknown as FakeBrowserWindow
    const handler = window.webContents.windowOpenHandler!
    expect(handler).toBeTypeOf('function')
    for (const url of ['https://example.com/a?b=1', 'javascript:alert(document.cookie)', 'file:///home/me/.ssh/id_rsa', 'stormbook://x', 'https://user:secret@example.com/']) {
      expect(handler({ url })).toEqual({ action: 'deny' })
    }
    await settle()
    expect(shell.openExternal).toHaveBeenCalledTimes(1)
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/a?b=1')
  })

  it('never lets a <webview> attach', () => {
    const window = createWorkspaceWindow(paths, 'Demo') as unknown as FakeBrowserWindow
    const event = new FakeEvent()
    window.webContents.emit('will-attach-webview', event)
    expect(event.defaultPrevented).toBe(true)
  })
})

describe('the URL checks', () => {
  it('lets through only http(s) URLs with a host and no credentials', () => {
    expect(safeExternalUrl('https://example.com')).toBe('https://example.com/')
    expect(safeExternalUrl('HTTP://Example.com/x')).toBe('http://example.com/x')
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'vbscript:x', 'ftp://example.com', 'https://a:b@example.com', 'not a url', '', 42, null, `https://example.com/${'a'.repeat(3000)}`]) {
      expect(safeExternalUrl(bad), String(bad)).toBeNull()
    }
  })

  it('recognises the renderer page, with any query or hash, and nothing else', () => {
    const url = rendererUrl(paths)
    expect(url).toBe('file:///opt/stormbook/out/renderer/index.html')
    expect(isRendererUrl(url, paths)).toBe(true)
    expect(isRendererUrl(`${url}?error=x#/pipeline`, paths)).toBe(true)
    expect(isRendererUrl('file:///opt/stormbook/out/renderer/other.html', paths)).toBe(false)
    expect(isRendererUrl('file:///tmp/evil/out/renderer/index.html', paths)).toBe(false)
    expect(isRendererUrl('https://opt/stormbook/out/renderer/index.html', paths)).toBe(false)
    expect(isRendererUrl('about:blank', paths)).toBe(false)
    expect(isRendererUrl('', paths)).toBe(false)
  })
})

describe('the content security policy', () => {
  it('allows only the app itself: no inline or evaluated script, no foreign connections, no frames or plugins', () => {
    const policy = directives(CONTENT_SECURITY_POLICY)
    expect(policy.get('default-src')).toEqual(["'self'"])
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(policy.get('connect-src')).toEqual(["'self'"])
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('frame-src')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|\*|https?:/)
  })

  it('is set on every response by the session, replacing any policy the response had', () => {
    secureSession(session.defaultSession as never)
    const listener = session.defaultSession.webRequest.onHeadersReceived.mock.calls[0][0] as (details: unknown, callback: (r: unknown) => void) => void
    const callback = vi.fn()
    listener({ url: 'file:///opt/stormbook/out/renderer/index.html', responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-eval'"], 'X-Other': ['1'] } }, callback)
    const headers = callback.mock.calls[0][0].responseHeaders as Record<string, string[]>
    const csp = Object.entries(headers).filter(([name]) => name.toLowerCase() === 'content-security-policy')
    expect(csp).toEqual([['Content-Security-Policy', [CONTENT_SECURITY_POLICY]]])
    expect(headers['X-Other']).toEqual(['1'])
  })

  it('refuses every permission but notifications', () => {
    secureSession(session.defaultSession as never)
    const request = session.defaultSession.setPermissionRequestHandler.mock.calls[0][0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void
    const answers: Record<string, boolean> = {}
    for (const permission of ['media', 'geolocation', 'openExternal', 'clipboard-read', 'notifications']) request(null, permission, (ok) => (answers[permission] = ok))
    expect(answers).toEqual({ media: false, geolocation: false, openExternal: false, 'clipboard-read': false, notifications: true })
    const check = session.defaultSession.setPermissionCheckHandler.mock.calls[0][0] as (c: unknown, p: string) => boolean
    expect(check(null, 'media')).toBe(false)
  })
})
