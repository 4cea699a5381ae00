export * from "./hosted-card-page"
export * from "./challenge-page"
