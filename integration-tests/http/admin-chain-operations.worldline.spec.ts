import { adminChainOperationsSuite } from "../suites/admin-chain-operations"

// The same suite with the store talking to Worldline Direct (a local server speaking its contract).
adminChainOperationsSuite("worldline-direct")
