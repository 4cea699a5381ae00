import { MeasuredAcquirer, type AcquirerCallReport } from "./measured-acquirer"
import type { AcquirerProviderClass } from "./provider"
import { RetryingAcquirer, type RetryPolicy } from "./retrying-acquirer"
import { SandboxAcquirer } from "./sandbox"
import type { Acquirer } from "./types"
import { WorldlineDirectAcquirer } from "./worldline-direct/worldline-direct-acquirer"
import type { WorldlineDirectOptions } from "./worldline-direct/options"

/** A merchant's own acquirer provider, registered as `acq_<id>` (Medusa's provider entry shape). */
export type AcquirerProviderRegistration = {
  /** A module path whose default export is `ModuleProvider("omnichannel", { services: [YourAcquirer] })`, or the class itself. */
  resolve: string | AcquirerProviderClass | { services: AcquirerProviderClass[] }
  /** Chosen with option `acquirer: "<id>"`; the class's `identifier` when not given. */
  id?: string
  options?: Record<string, unknown>
}

export type AcquirerOptions = {
  /** The merchant's token key: the sandbox, playing the platform, computes offline tokens with it. */
  tokenKey?: string
  /** Which registered acquirer provider moves the money: "sandbox" (default), "worldline-direct" or the id of one in `acquirerProviders`. */
  acquirer?: "sandbox" | "worldline-direct" | (string & {})
  worldline?: WorldlineDirectOptions
  /** Retries of a retryable answer (timeout, 5xx, 409 in progress), always with the same key. */
  acquirerRetry?: Partial<RetryPolicy>
  /** A merchant's own acquirer providers (see the README, "Write your own acquirer"). */
  acquirerProviders?: AcquirerProviderRegistration[]
}

/** The providers the plugin ships, each with the part of the module's options it is built with. */
export const BUILT_IN_ACQUIRERS: { provider: AcquirerProviderClass; options: (o: AcquirerOptions) => unknown }[] = [
  { provider: SandboxAcquirer, options: (o) => ({ tokenKey: o.tokenKey }) },
  { provider: WorldlineDirectAcquirer, options: (o) => o.worldline },
]

/** The retry policy of option `acquirerRetry`, over the defaults (3 attempts, 50 ms doubling). */
export function retryPolicyOf(options: AcquirerOptions): RetryPolicy {
  const given = Object.entries(options.acquirerRetry ?? {}).filter(([, v]) => typeof v === "number" && v >= 0)
  return { attempts: 3, backoffMs: 50, ...Object.fromEntries(given) }
}

/**
 * A provider as the module uses it: retryable answers retried with the same key, every
 * attempt timed and reported to `report`.
 */
export function wrapAcquirer(provider: Acquirer, policy: RetryPolicy, report: (call: AcquirerCallReport) => Promise<void> | void): Acquirer {
  return new RetryingAcquirer(new MeasuredAcquirer(provider, report), policy)
}

export type { AcquirerCallReport } from "./measured-acquirer"
export * from "./provider"
export * from "./types"
