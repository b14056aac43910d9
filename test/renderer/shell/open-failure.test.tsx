import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { CodedError } from '../../../domain/kernel/coded-error.ts'
import type { WorkspaceInfo } from '../../../main/ipc/contract.ts'
import { describeOpenFailure, describeReadOnly, plainWords } from '../../../renderer/shell/open-failure.ts'
import { OpenFailedScreen, OpeningScreen, ReadOnlyBanner } from '../../../renderer/shell/WorkspaceState.tsx'

/** What the Electron shell answers every call of a window whose workspace has a damaged line. */
const corrupt: CodedError = {
  code: 'LOG_CORRUPT',
  message: 'events.jsonl line 7 is damaged (crc mismatch). The workspace can be opened read-only up to line 6.',
  details: { line: 7, reason: 'crc mismatch', path: '/home/rep/acme', readOnly: false, actions: ['openReadOnly', 'chooseAnother'] },
}

const info = (over: Partial<WorkspaceInfo> = {}): WorkspaceInfo => ({
  name: 'acme', dir: '/home/rep/acme', readOnly: false, lastPosition: 6, settings: {}, report: { resumed: 0 }, ...over,
})

function text(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
}

describe('the cannot-open screen', () => {
  it('LOG_CORRUPT in the desktop app: the damaged line in words, its code, and where Read-Only and Open Workspace are', () => {
    const f = describeOpenFailure(corrupt, 'desktop')
    expect(f).toMatchObject({ code: 'LOG_CORRUPT', line: 7, path: '/home/rep/acme', title: 'The event log of this workspace is damaged' })
    expect(f.problem).toBe('Line 7 of events.jsonl is damaged (crc mismatch). Everything before it (lines 1–6) is intact.')
    expect(f.remedies.map((r) => r.id)).toEqual(['restoreBackup', 'openReadOnly', 'chooseAnother'])
    expect(f.remedies[1].how).toMatch(/^File ▸ Read-Only .*up to line 6/)
    expect(f.remedies[2].how).toMatch(/^File ▸ Open Workspace…/)
    const shown = text(renderToStaticMarkup(<OpenFailedScreen error={corrupt} mode="desktop" />))
    expect(shown).toContain('LOG_CORRUPT')
    expect(shown).toContain('line 7')
    expect(shown).toContain('Open read-only: File ▸ Read-Only')
  })

  it('in browser mode the same failure says how to restart npm run serve, read-only or with another folder', () => {
    const f = describeOpenFailure(corrupt, 'browser')
    expect(f.remedies.find((r) => r.id === 'openReadOnly')?.how).toContain('npm run serve -- --workspace /home/rep/acme --read-only')
    expect(f.remedies.find((r) => r.id === 'chooseAnother')?.how).toContain('npm run serve -- --workspace <other folder>')
    expect(JSON.stringify(f)).not.toContain('File ▸')
  })

  it('offers only what the error allows: an invalid workspace has no read-only; a lock says to close the other app', () => {
    const invalid = describeOpenFailure({ code: 'WORKSPACE_INVALID', message: 'settings.marketSeed: expected a number', details: { path: '/w', actions: ['chooseAnother'] } }, 'desktop')
    expect(invalid.remedies.map((r) => r.id)).toEqual(['chooseAnother'])
    expect(invalid.title).toBe('This folder is not a valid Stormbook workspace')
    const locked = describeOpenFailure({ code: 'WORKSPACE_LOCKED', message: 'locked', details: { path: '/w', actions: ['openReadOnly', 'chooseAnother'] } }, 'desktop')
    expect(locked.remedies.map((r) => r.id)).toEqual(['closeOther', 'openReadOnly', 'chooseAnother'])
    const unreadable = describeOpenFailure({ code: 'WORKSPACE_UNREADABLE', message: 'EACCES: permission denied', details: { path: '/w', actions: ['chooseAnother'] } }, 'browser')
    expect(unreadable.title).toBe('This workspace could not be read')
  })

  it('DISCONNECTED in browser mode: use the address npm run serve prints now, or restart it', () => {
    const f = describeOpenFailure({ code: 'DISCONNECTED', message: 'The connection to Stormbook was lost.' }, 'browser')
    expect(f.title).toBe('Stormbook is not reachable')
    expect(f.remedies.map((r) => r.id)).toEqual(['freshUrl', 'reload'])
  })

  it('never shows a stack trace: only the first line of a message, without its frames', () => {
    const stack = 'TypeError: Cannot read properties of undefined (reading \'x\')\n    at open (/app/main.cjs:10:5)\n    at run (/app/main.cjs:20:1)'
    expect(plainWords(stack)).toBe("Cannot read properties of undefined (reading 'x')")
    const shown = text(renderToStaticMarkup(<OpenFailedScreen error={{ code: 'INTERNAL', message: stack }} mode="desktop" />))
    expect(shown).not.toMatch(/\bat open\b|main\.cjs/)
    expect(shown).toContain('INTERNAL')
    expect(describeOpenFailure(undefined, 'desktop')).toMatchObject({ code: 'UNKNOWN', problem: 'No details were given.' })
  })
})

describe('opening and read-only', () => {
  // (App itself, which picks these screens from the store, is driven in a real browser: test/e2e/open-states.e2e.ts)
  it('the loading screen: an indeterminate bar, or the percentage when progress is known', () => {
    expect(renderToStaticMarkup(<OpeningScreen progress={null} />)).toContain('data-testid="opening-screen"')
    expect(renderToStaticMarkup(<OpeningScreen progress={null} />)).toMatch(/<progress[^>]*data-testid="opening-progress"/)
    expect(renderToStaticMarkup(<OpeningScreen progress={null} />)).not.toContain('value=')
    const known = text(renderToStaticMarkup(<OpeningScreen progress={{ done: 3 * 1024 * 1024, total: 12 * 1024 * 1024 }} />))
    expect(known).toContain('25% (3.0 of 12.0 MB)')
  })

  it('a read-only workspace shows a banner: commands disabled, and why (the damaged line, or opened read-only)', () => {
    const damaged = info({ readOnly: true, report: { resumed: 0, corrupt: { line: 7, reason: 'crc mismatch' } } })
    const banner = describeReadOnly(damaged, 'browser')!
    expect(banner.why).toContain('damaged at line 7 (crc mismatch)')
    expect(banner.why).toContain('Commands are disabled')
    expect(banner.what).toContain('npm run serve')
    expect(describeReadOnly(info({ readOnly: true }), 'desktop')!.what).toContain('File ▸ Read-Only')
    expect(describeReadOnly(info(), 'desktop')).toBeNull()
    expect(renderToStaticMarkup(<ReadOnlyBanner info={info()} mode="desktop" />)).toBe('')
    expect(text(renderToStaticMarkup(<ReadOnlyBanner info={damaged} mode="browser" />))).toContain('Read-only: the event log is damaged at line 7')
  })
})
