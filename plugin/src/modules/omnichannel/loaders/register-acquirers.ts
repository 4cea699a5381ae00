import type { LoaderOptions } from "@medusajs/framework/types"
import { asFunction, asValue, Lifetime } from "@medusajs/framework/awilix"
import { moduleProviderLoader } from "@medusajs/framework/modules-sdk"
import {
  BUILT_IN_ACQUIRERS,
  retryPolicyOf,
  wrapAcquirer,
  type Acquirer,
  type AcquirerCallReport,
  type AcquirerProviderClass,
  type AcquirerProviderRegistration,
} from "../../../acquirers"
import { observeAcquirerCall } from "../../../metrics"
import { ACQUIRER_KEY, ACQUIRER_PROVIDER_KEY, type OmnichannelModuleOptions } from "../options"
import type { Health } from "../services/health"

type Container = LoaderOptions["container"]

const PREFIX = "acq_"

/** Registers one provider class as `acq_<id>`, built on first use with its options and the module's container. */
function registerProvider(container: Container, provider: AcquirerProviderClass, id: string | undefined, options: unknown) {
  const name = id ?? provider.identifier
  if (!name) {
    throw new Error("medusa-plugin-omnichannel: option acquirerProviders: a provider needs an id or a static identifier")
  }
  if (container.hasRegistration(`${PREFIX}${name}`)) {
    throw new Error(`medusa-plugin-omnichannel: option acquirerProviders: acquirer "${name}" is registered twice`)
  }
  container.register(`${PREFIX}${name}`, asFunction((cradle) => new provider(options, cradle), { lifetime: Lifetime.SINGLETON }))
}

/** A merchant's entry as Medusa's provider loader takes it: a class given directly becomes `{ services: [it] }`. */
function asProviderEntry(entry: AcquirerProviderRegistration) {
  const resolve = typeof entry.resolve === "function" ? { services: [entry.resolve] } : entry.resolve
  return { ...entry, resolve } as { resolve: string | { services: AcquirerProviderClass[] }; id?: string; options?: Record<string, unknown> }
}

/**
 * Acquirers are providers of this module, the way payment providers are of Medusa's payment
 * module: each is registered as `acq_<id>` (the built-ins, then option `acquirerProviders`),
 * and option `acquirer` names the one the module uses. It is built here, so wrong options
 * stop the store at start-up, then wrapped in retries and timing as `omnichannelAcquirer`.
 */
export default async function registerAcquirers({ container, options = {} }: LoaderOptions<OmnichannelModuleOptions>) {
  for (const { provider, options: optionsOf } of BUILT_IN_ACQUIRERS) {
    registerProvider(container, provider, undefined, optionsOf(options))
  }
  await moduleProviderLoader({
    container,
    providers: (options.acquirerProviders ?? []).map(asProviderEntry) as never,
    registerServiceFn: async (klass, providerContainer, { id, options: providerOptions }) =>
      registerProvider(providerContainer as Container, klass as unknown as AcquirerProviderClass, id, providerOptions),
  })

  const chosen = options.acquirer ?? "sandbox"
  if (typeof chosen !== "string" || !container.hasRegistration(`${PREFIX}${chosen}`)) {
    const known = Object.keys(container.registrations)
      .filter((key) => key.startsWith(PREFIX))
      .map((key) => key.slice(PREFIX.length))
      .join(", ")
    throw new Error(`medusa-plugin-omnichannel: option acquirer: unknown acquirer "${chosen}" (registered: ${known}; add your own with option acquirerProviders)`)
  }
  const provider = container.resolve<Acquirer>(`${PREFIX}${chosen}`)
  const policy = retryPolicyOf(options)
  container.register(ACQUIRER_PROVIDER_KEY, asValue(provider))
  container.register(
    ACQUIRER_KEY,
    asFunction(
      (cradle: { health: Health; logger?: { warn(message: string): void } }) =>
        wrapAcquirer(provider, policy, async (call: AcquirerCallReport) => {
          observeAcquirerCall(call, call.duration_ms / 1000)
          await cradle.health
            .recordAcquirerCall(call)
            .catch((err: Error) => cradle.logger?.warn(`omnichannel: could not keep an acquirer call's timing: ${err.message}`))
        }),
      { lifetime: Lifetime.SINGLETON }
    )
  )
}
