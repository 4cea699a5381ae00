import { sandboxLedger } from "../../plugin/src/acquirers/sandbox"
import { WorldlineDirectServer } from "./worldline-direct-server"

export type TestAcquirerName = "sandbox" | "worldline-direct"

/** What a suite needs of the acquirer behind the store: what it charged, in order. */
export type TestAcquirer = {
  name: TestAcquirerName
  charges(): { kind: string; idempotency_key: string; reference: string; amount: number }[]
  server?: WorldlineDirectServer
}

/**
 * Call before `medusaIntegrationTestRunner`: its hooks then run first, so the app the
 * runner starts reads the environment that points it at this acquirer.
 */
export function useTestAcquirer(name: TestAcquirerName): TestAcquirer {
  if (name === "sandbox") {
    return { name, charges: () => sandboxLedger().charges }
  }
  const server = new WorldlineDirectServer()
  beforeAll(async () => {
    await server.start()
    // Enough retries to outlast a slow first call still holding its key (409 1409).
    Object.assign(process.env, server.env({ OMNI_ACQUIRER_RETRY_ATTEMPTS: "6", OMNI_ACQUIRER_RETRY_BACKOFF_MS: "100" }))
  })
  afterAll(() => server.stop())
  return { name, server, charges: () => server.charges }
}
