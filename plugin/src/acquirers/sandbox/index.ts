export * from "./ledger"
export * from "./sandbox-acquirer"
