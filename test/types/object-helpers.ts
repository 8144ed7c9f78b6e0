// Checked by `tsc --noEmit` in `npm test`: each line below must stay a compile error.
import type { Analytics } from '../../src/client/client'

export function wrongHelperArguments(client: Analytics): void {
  // @ts-expect-error relationship attributes go under `attributes`
  void client.relate('acme', { role: 'admin' })
  // @ts-expect-error the type id is a number or a numeric string
  void client.unrelate('acme', { objectTypeId: 'companies' })
  // @ts-expect-error devices are 'ios' or 'android'
  void client.addDevice('token', { type: 'web' })
  // @ts-expect-error deleteObject needs the object id
  void client.deleteObject()
}
