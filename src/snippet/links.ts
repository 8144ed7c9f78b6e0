import { quiet } from './replay'

/** An element, a list of them (NodeList, array, jQuery object), or nothing. */
export type Elements = Element | ArrayLike<Element> | null | undefined
/** A value, or a function of the element that was clicked or submitted. */
export type PerElement<T> = T | ((element: Element) => T)

type Track = (element: Element) => Promise<unknown>

export const valueFor = <T>(value: PerElement<T>, element: Element): T =>
  typeof value == 'function' ? (value as (element: Element) => T)(element) : value

/**
 * Tracks each `type` event on the elements. When `after` gives what the browser would have
 * done (follow the link, submit the form), that waits until the event is in the durable
 * queue, or 300 ms at most, so navigation is barely delayed.
 */
function trackEach(target: Elements, type: string, track: Track, after: (element: Element, event: Event) => false | '' | (() => void)): void {
  const elements = !target || typeof Element == 'undefined' ? [] : target instanceof Element ? [target] : Array.from(target)
  for (const element of elements) {
    element.addEventListener(type, (event) => {
      const pending = quiet(track(element))
      const then = !event.defaultPrevented && after(element, event)
      if (!then) return
      event.preventDefault()
      void Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 300))]).then(then)
    })
  }
}

/** `trackLink`: tracks clicks; a link opening in this tab navigates once the event is queued. */
export const trackClicks = (target: Elements, track: Track): void =>
  trackEach(target, 'click', track, (element, event) => {
    const { href, target } = element as HTMLAnchorElement
    const click = event as MouseEvent
    const elsewhere = target == '_blank' || click.metaKey || click.ctrlKey || click.shiftKey || click.button > 0
    return !elsewhere && href && (() => location.assign(href))
  })

/** `trackForm`: tracks submits; the form is submitted once the event is queued. */
export const trackSubmits = (target: Elements, track: Track): void =>
  trackEach(target, 'submit', track, (element) => () => (element as HTMLFormElement).submit())
