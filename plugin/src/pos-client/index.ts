export * from "./client"
export * from "./offline-token"
export * from "./signing"
