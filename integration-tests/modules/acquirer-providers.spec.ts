import path from "path"
import { createMedusaContainer } from "@medusajs/framework/utils"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import registerAcquirers from "../../plugin/src/modules/omnichannel/loaders/register-acquirers"
import type { IOmnichannelModuleService } from "../../plugin/src/modules/omnichannel/service-interface"
import { WorldlineDirectAcquirer } from "../../plugin/src/acquirers/worldline-direct/worldline-direct-acquirer"
import { RecordingAcquirer, recordedAcquirerCalls } from "../helpers/recording-acquirer"

jest.setTimeout(300 * 1000)

const MODULE_DIR = path.join(__dirname, "../../plugin/src/modules/omnichannel")

// A merchant's own acquirer, registered by module path the way a store's medusa-config does.
moduleIntegrationTestRunner<IOmnichannelModuleService>({
  moduleName: "omnichannel",
  resolve: MODULE_DIR,
  moduleOptions: {
    acquirer: "myacq",
    acquirerRetry: { backoffMs: 1 },
    acquirerProviders: [{ resolve: path.join(__dirname, "../helpers/recording-acquirer"), id: "myacq", options: { label: "shop-1" } }],
  },
  pathToMigrations: path.join(MODULE_DIR, "migrations"),
  testSuite: ({ service }) => {
    describe("a merchant's own acquirer provider", () => {
      it("is the module's acquirer when option acquirer names it, with retries and timing around it", async () => {
        expect(service.acquirer.name).toBe("recording")
        expect(service.sandbox).toBeNull()
        expect(service.platformPaymentIds).toBe(false)
        const before = recordedAcquirerCalls().length

        const result = await service.acquirer.capture({ reference: "REC-0", amount: 500, currency_code: "EUR", idempotency_key: "cap-1", operation_id: "op_1" })

        expect(result.status).toBe("captured")
        // Its first capture answered "retryable": the module sent it again with the same key.
        expect(recordedAcquirerCalls().slice(before)).toEqual([
          { call: "capture", idempotency_key: "cap-1", label: "shop-1" },
          { call: "capture", idempotency_key: "cap-1", label: "shop-1" },
        ])
        // Each attempt was timed and kept for the Health section.
        const timed = await service.listOmnichannelAcquirerCalls({ operation_id: "op_1" })
        expect(timed.map((c) => [c.acquirer, c.call, c.outcome]).sort()).toEqual([
          ["recording", "capture", "ok"],
          ["recording", "capture", "retryable"],
        ])
      })
    })
  },
})

describe("the acquirer option", () => {
  const load = (options: Record<string, unknown>) => registerAcquirers({ container: createMedusaContainer(), options } as never)

  it("refuses an acquirer id nothing registered, naming the option and the ones there are", async () => {
    await expect(load({ acquirer: "nope" })).rejects.toThrow(
      'medusa-plugin-omnichannel: option acquirer: unknown acquirer "nope" (registered: sandbox, worldline-direct; add your own with option acquirerProviders)'
    )
    await expect(load({ acquirer: "nope", acquirerProviders: [{ resolve: RecordingAcquirer, id: "myacq", options: { label: "x" } }] })).rejects.toThrow(
      "(registered: sandbox, worldline-direct, myacq;"
    )
  })

  it("registers each provider as acq_<id>, a class given directly included, and builds only the chosen one", async () => {
    const container = createMedusaContainer()
    await registerAcquirers({
      container,
      options: { acquirer: "recording", acquirerProviders: [{ resolve: RecordingAcquirer, options: { label: "direct" } }] },
    } as never)
    expect(container.resolve("omnichannelAcquirerProvider")).toBeInstanceOf(RecordingAcquirer)
    expect(container.hasRegistration("acq_sandbox")).toBe(true)
    // Worldline is registered but, not chosen, never built: its missing options do not matter.
    expect(container.hasRegistration("acq_worldline-direct")).toBe(true)
  })

  it("stops the start-up when the chosen provider's options are wrong", async () => {
    await expect(load({ acquirer: "worldline-direct", worldline: { endpoint: "not a url" } })).rejects.toThrow("option worldline.endpoint")
    await expect(load({ acquirer: "myacq", acquirerProviders: [{ resolve: RecordingAcquirer, id: "myacq", options: {} }] })).rejects.toThrow(
      "recording acquirer: option label is required"
    )
    expect(WorldlineDirectAcquirer.identifier).toBe("worldline-direct")
  })
})
