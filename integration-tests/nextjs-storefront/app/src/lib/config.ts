import Medusa from "@medusajs/js-sdk"

// As in Medusa's starter (src/lib/config.ts): one js-sdk client for server and browser code.
export const sdk = new Medusa({
  baseUrl: process.env.NEXT_PUBLIC_MEDUSA_BACKEND_URL ?? "http://localhost:9000",
  publishableKey: process.env.NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY,
})
