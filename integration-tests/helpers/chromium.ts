import { chromium, type Browser } from "playwright-core"

/**
 * Debian's Chromium, headless, for the browser suites. Without the background-networking flags
 * it keeps trying Google's hosts, which this machine's closed network refuses many at a time.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  })
}
