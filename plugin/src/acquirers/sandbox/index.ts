export * from "./sandbox-acquirer"
