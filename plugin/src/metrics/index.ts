export * from "./instruments"
export * from "./prometheus"
