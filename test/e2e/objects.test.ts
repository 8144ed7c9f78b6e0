import { describe, expect, it } from 'vitest'
import { eventually, openPage, useBrowserAndCollector } from './harness'

const shared = useBrowserAndCollector()

/** The five use cases of Customer.io's custom-objects guide, played through the public API. */
const useCases = async () => {
  const analytics = (window as any).analytics
  // SaaS: one person, two companies, a different role in each; later leaves one.
  await analytics.identify('ada', { email: 'ada@example.com' })
  await analytics.relate('acme-x', { objectTypeId: 1, attributes: { user_role: 'admin' }, objectAttributes: { name: 'Acme X' } })
  await analytics.relate('acme-y', { objectTypeId: 1, attributes: { user_role: 'contributor' }, objectAttributes: { name: 'Acme Y' } })
  await analytics.unrelate('acme-y', { objectTypeId: 1 })
  // Fintech: a VIP account with its own attributes, and its account holder.
  await analytics.group('account-a', { objectTypeId: 2, account_type: 'business', portfolio_amount: 25_000, relationshipAttributes: { role: 'holder' } })
  // Healthcare: an appointment; the patient cancels it.
  await analytics.relate('appt-17', { objectTypeId: '3', attributes: { user_role: 'patient' }, objectAttributes: { appointment_type: 'therapy', appointment_status: 'scheduled' } })
  await analytics.deleteObject('appt-17', { objectTypeId: 3 })
  // Marketplace: an invitation to a city tour.
  await analytics.relate('madison-tour', { objectTypeId: 4, attributes: { invited: true }, objectAttributes: { city: 'Madison, WI' } })
  // Education: enrolment sent inline with identify.
  await analytics.identify('ada', { objectId: 'math101-2024', objectTypeId: 5, relationshipAttributes: { dues_paid: true, grade: 'A-' } })
  await analytics.flush()
}

describe('objects and relationships in Chromium', () => {
  it('sends the five custom-object use cases as the calls Customer.io expects', async () => {
    const context = await shared.browser.newContext()
    const page = await openPage(context, shared.collector, 'core.html')
    await page.evaluate(useCases)
    await eventually(() => expect(shared.collector.events()).toHaveLength(9))
    const calls = shared.collector.events().map((event: any) => [event.type, event.event ?? event.groupId ?? event.userId])
    expect(calls).toEqual([
      ['identify', 'ada'],
      ['group', 'acme-x'],
      ['group', 'acme-y'],
      ['track', 'Relationship Deleted'],
      ['group', 'account-a'],
      ['group', 'appt-17'],
      ['track', 'Object Deleted'],
      ['group', 'madison-tour'],
      ['identify', 'ada'],
    ])
    const [, acmeX, , left, account, appointment, deleted, , enrolment] = shared.collector.events()
    expect(acmeX).toMatchObject({ userId: 'ada', traits: { name: 'Acme X', object_type_id: '1', relationshipAttributes: { user_role: 'admin' } } })
    expect(left).toMatchObject({ userId: 'ada', properties: { objectId: 'acme-y', objectTypeId: 1 } })
    expect(account).toMatchObject({ traits: { object_type_id: '2', portfolio_amount: 25_000, relationshipAttributes: { role: 'holder' } } })
    expect(appointment.traits).toMatchObject({ object_type_id: '3', appointment_status: 'scheduled' })
    expect(deleted).toMatchObject({ properties: { objectId: 'appt-17', objectTypeId: 3 } })
    expect(enrolment.traits).toMatchObject({ email: 'ada@example.com', objectId: 'math101-2024', objectTypeId: '5', relationshipAttributes: { grade: 'A-' } })
    expect(shared.collector.requests.every((request: any) => request.status === 200)).toBe(true)
    await context.close()
  })

  it('refuses a relationship for an anonymous visitor in the page, and sends the rest', async () => {
    shared.collector.reset()
    const context = await shared.browser.newContext()
    const page = await openPage(context, shared.collector, 'core.html')
    const message = await page.evaluate(async () => {
      const analytics = (window as any).analytics
      const refused = await analytics.relate('acme').catch((error: Error) => error.message)
      await analytics.track('After')
      await analytics.flush()
      return refused
    })
    expect(message).toMatch(/relate\(\) needs an identified person/)
    await eventually(() => expect(shared.collector.events().map((event: any) => event.event)).toEqual(['After']))
    await context.close()
  })
})
