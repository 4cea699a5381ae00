import { RetryingAcquirer, type RetryPolicy } from "./retrying-acquirer"
import { SandboxAcquirer } from "./sandbox"
import type { Acquirer } from "./types"
import { WorldlineDirectAcquirer } from "./worldline-direct/worldline-direct-acquirer"
import type { WorldlineDirectOptions } from "./worldline-direct/options"

export type AcquirerOptions = {
  acquirer?: "sandbox" | "worldline-direct"
  worldline?: WorldlineDirectOptions
  /** Retries of a retryable answer (timeout, 5xx, 409 in progress), always with the same key. */
  acquirerRetry?: Partial<RetryPolicy>
}

export function createAcquirer(options: AcquirerOptions): Acquirer {
  const given = Object.entries(options.acquirerRetry ?? {}).filter(([, v]) => typeof v === "number" && v >= 0)
  const policy: RetryPolicy = { attempts: 3, backoffMs: 50, ...Object.fromEntries(given) }
  switch (options.acquirer ?? "sandbox") {
    case "sandbox":
      return new RetryingAcquirer(new SandboxAcquirer(), policy)
    case "worldline-direct":
      return new RetryingAcquirer(new WorldlineDirectAcquirer(options.worldline), policy)
    default:
      throw new Error(`medusa-plugin-omnichannel: option acquirer: unknown acquirer "${options.acquirer}" (sandbox or worldline-direct)`)
  }
}

export * from "./types"
