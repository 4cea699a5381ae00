/** Named checks run in order against a running store, stopping at the first that fails (later ones build on it). */
export type Check = { name: string; run: () => Promise<void> }
export type CheckResult = { name: string; ok: boolean; error?: string }

export async function runChecks(checks: Check[], results: CheckResult[], onFailure?: () => Promise<void>) {
  for (const check of checks) {
    try {
      await check.run()
      results.push({ name: check.name, ok: true })
    } catch (err) {
      results.push({ name: check.name, ok: false, error: (err as Error).message })
      await onFailure?.().catch(() => {})
      return
    }
  }
}

/** Prints each result and a closing "<suite>: N passed, N failed" line; returns the number failed (at least 1 if nothing ran). */
export function reportChecks(suite: string, results: CheckResult[], note = ""): number {
  for (const r of results) console.log(`${r.ok ? "✓" : "✕"} ${r.name}${r.error ? `\n    ${r.error.replace(/\n/g, "\n    ")}` : ""}`)
  const passed = results.filter((r) => r.ok).length
  const failed = results.length - passed
  console.log(`${suite}: ${passed} passed, ${failed} failed${note ? ` ${note}` : ""}`)
  return failed || (results.length ? 0 : 1)
}
