import type { Intake } from './intake'
import type { Sender, TabMessage } from './sender'

/**
 * Connects the sender to the page: hand-over when the page may be going away, pause and
 * resume with the network, and wake-ups from other tabs' writes. Returns the undo.
 */
export function watchPage(sender: Sender, intake: Intake, channel: BroadcastChannel | null): () => void {
  const onHide = () => void sender.unload(intake.unconfirmed())
  const onVisibility = () => document.visibilityState === 'hidden' && onHide()
  const onOnline = () => sender.setOnline(true)
  const onOffline = () => sender.setOnline(false)
  const onMessage = (message: MessageEvent<TabMessage>) => sender.heard(message.data)
  addEventListener('pagehide', onHide)
  document.addEventListener('visibilitychange', onVisibility)
  addEventListener('online', onOnline)
  addEventListener('offline', onOffline)
  channel?.addEventListener('message', onMessage)
  if (navigator.onLine === false) sender.setOnline(false)
  return () => {
    removeEventListener('pagehide', onHide)
    document.removeEventListener('visibilitychange', onVisibility)
    removeEventListener('online', onOnline)
    removeEventListener('offline', onOffline)
    sender.stop()
    channel?.close()
  }
}
