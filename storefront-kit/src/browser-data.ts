import type { BrowserData } from "./types.js"

/** What 3-D Secure asks of the browser, read from navigator and screen (nothing about the card). */
export function browserData(): BrowserData {
  return {
    user_agent: navigator.userAgent,
    locale: navigator.language,
    timezone_offset_minutes: new Date().getTimezoneOffset(),
    color_depth: screen.colorDepth,
    screen_height: screen.height,
    screen_width: screen.width,
    java_enabled: false,
  }
}
