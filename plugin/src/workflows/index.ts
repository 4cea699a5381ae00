export * from "./checkout/link-order-chains"
