import { adminChainOperationsSuite } from "../suites/admin-chain-operations"

adminChainOperationsSuite("sandbox")
