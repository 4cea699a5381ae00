import Medusa from "@medusajs/js-sdk"

/** The admin's own session: the extensions call the plugin's admin routes as the logged-in user. */
export const sdk = new Medusa({
  baseUrl: import.meta.env.VITE_BACKEND_URL || "/",
  auth: { type: "session" },
})
