import { MeasuredAcquirer, type AcquirerCallReport } from "./measured-acquirer"
import { RetryingAcquirer, type RetryPolicy } from "./retrying-acquirer"
import { SandboxAcquirer } from "./sandbox"
import type { Acquirer } from "./types"
import { WorldlineDirectAcquirer } from "./worldline-direct/worldline-direct-acquirer"
import type { WorldlineDirectOptions } from "./worldline-direct/options"

export type AcquirerOptions = {
  /** The merchant's token key: the sandbox, playing the platform, computes offline tokens with it. */
  tokenKey?: string
  acquirer?: "sandbox" | "worldline-direct"
  worldline?: WorldlineDirectOptions
  /** Retries of a retryable answer (timeout, 5xx, 409 in progress), always with the same key. */
  acquirerRetry?: Partial<RetryPolicy>
}

/**
 * The configured acquirer, retrying retryable answers, each attempt timed and reported to
 * `report`; `sandbox` is set when it is the sandbox (its pages need it).
 */
export function createAcquirer(
  options: AcquirerOptions,
  report: (call: AcquirerCallReport) => Promise<void> | void = () => {}
): { acquirer: Acquirer; sandbox: SandboxAcquirer | null } {
  const given = Object.entries(options.acquirerRetry ?? {}).filter(([, v]) => typeof v === "number" && v >= 0)
  const policy: RetryPolicy = { attempts: 3, backoffMs: 50, ...Object.fromEntries(given) }
  switch (options.acquirer ?? "sandbox") {
    case "sandbox": {
      const sandbox = new SandboxAcquirer(options.tokenKey)
      return { acquirer: new RetryingAcquirer(new MeasuredAcquirer(sandbox, report), policy), sandbox }
    }
    case "worldline-direct":
      return { acquirer: new RetryingAcquirer(new MeasuredAcquirer(new WorldlineDirectAcquirer(options.worldline), report), policy), sandbox: null }
    default:
      throw new Error(`medusa-plugin-omnichannel: option acquirer: unknown acquirer "${options.acquirer}" (sandbox or worldline-direct)`)
  }
}

export type { AcquirerCallReport } from "./measured-acquirer"
export * from "./types"
