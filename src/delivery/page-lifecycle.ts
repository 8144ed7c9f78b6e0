import type { Intake } from './intake'
import type { Sender, TabMessage } from './sender-parts'

/**
 * Connects the sender to the page: hand-over when the page may be going away, resuming
 * when the network is back, and wake-ups from other tabs' writes. Returns the undo. Going
 * offline needs no listener: the sender checks `navigator.onLine` before each request.
 */
export function watchPage(sender: Sender, intake: Intake, channel: BroadcastChannel | null): () => void {
  const onHide = () => void sender._unload(intake._unconfirmed(), intake._settled())
  const onVisibility = () => document.hidden && onHide()
  const onMessage = (message: MessageEvent<TabMessage>) => sender._heard(message.data)
  addEventListener('pagehide', onHide)
  document.addEventListener('visibilitychange', onVisibility)
  addEventListener('online', sender._online)
  channel?.addEventListener('message', onMessage)
  return () => {
    removeEventListener('pagehide', onHide)
    document.removeEventListener('visibilitychange', onVisibility)
    removeEventListener('online', sender._online)
    sender.stop()
    channel?.close()
  }
}
