import { sandboxLedger } from "../../plugin/src/acquirers/sandbox"
import { WorldlineDirectServer } from "./worldline-direct-server"
import type { HostedPlatform } from "./checkout"
import { tokenKey } from "../../src/demo-token-key"

export type TestAcquirerName = "sandbox" | "worldline-direct"

/** What a suite needs of the acquirer behind the store: what it charged, in order. */
export type TestAcquirer = {
  name: TestAcquirerName
  charges(): { kind: string; idempotency_key: string; reference: string; amount: number }[]
  server?: WorldlineDirectServer
  /** The browser's side of the platform's hosted form and 3-D Secure page (Worldline only; the sandbox's are the store's own routes). */
  platform?: HostedPlatform
}

/**
 * Call before `storeTestRunner`: its hooks then run first, so the app the runner starts
 * reads the environment that points it at this acquirer. `merchantTokenKey`: the store's
 * OMNI_TOKEN_KEY when the suite sets its own.
 */
export function useTestAcquirer(name: TestAcquirerName, merchantTokenKey = tokenKey()): TestAcquirer {
  if (name === "sandbox") {
    return { name, charges: () => sandboxLedger().charges }
  }
  // The platform holds the merchant's token key too: it computes the offline token a till would.
  const server = new WorldlineDirectServer({ tokenKey: merchantTokenKey })
  beforeAll(async () => {
    await server.start()
    // Enough retries to outlast a slow first call still holding its key (409 1409).
    Object.assign(process.env, server.env({ OMNI_ACQUIRER_RETRY_ATTEMPTS: "6", OMNI_ACQUIRER_RETRY_BACKOFF_MS: "100" }))
  })
  afterAll(() => server.stop())
  return { name, server, platform: server.browser, charges: () => server.charges }
}
