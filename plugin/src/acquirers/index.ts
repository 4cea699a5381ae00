import { RetryingAcquirer } from "./retrying-acquirer"
import { SandboxAcquirer } from "./sandbox"
import type { Acquirer } from "./types"

export type AcquirerOptions = { acquirer?: "sandbox" | "worldline-direct" }

export function createAcquirer(options: AcquirerOptions): Acquirer {
  switch (options.acquirer ?? "sandbox") {
    case "sandbox":
      return new RetryingAcquirer(new SandboxAcquirer())
    default:
      throw new Error(`medusa-plugin-omnichannel: acquirer "${options.acquirer}" is not available yet`)
  }
}

export * from "./types"
