import { describe, expect, it } from 'vitest'
import { checkTeamSync } from '../../../renderer/settings/team-sync-fields.ts'

const good = { url: 'postgresql://maria@db.example.com/stormbook?sslmode=require', team: 'north', everySeconds: '30' }

describe('the Team sync form, checked at each field', () => {
  it('accepts a PostgreSQL URL with sslmode, a team and an interval', () => {
    expect(checkTeamSync(good)).toEqual({ ok: true, settings: { url: good.url, team: 'north', everySeconds: 30 } })
    expect(checkTeamSync({ ...good, everySeconds: '0' })).toMatchObject({ ok: true, settings: { everySeconds: 0 } })
  })

  it('asks for the URL at its field when it is empty', () => {
    expect(checkTeamSync({ ...good, url: '  ' })).toMatchObject({ ok: false, problems: { url: expect.stringMatching(/postgresql:\/\//) } })
  })

  it('refuses an empty team name and a negative or fractional interval, each at its field', () => {
    const checked = checkTeamSync({ url: good.url, team: '', everySeconds: '-5' })
    expect(checked).toMatchObject({ ok: false, problems: { team: expect.any(String), everySeconds: expect.any(String) } })
    expect(checkTeamSync({ ...good, team: '' })).toMatchObject({ ok: false, problems: { team: expect.stringMatching(/team/) } })
    expect(checkTeamSync({ ...good, everySeconds: '1.5' })).toMatchObject({ ok: false, problems: { everySeconds: expect.any(String) } })
  })
})
