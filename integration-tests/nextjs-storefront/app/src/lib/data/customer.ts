"use server"

import { sdk } from "@lib/config"
import { redirect } from "next/navigation"
import { setAuthToken } from "./cookies"

/** The starter's login (src/lib/data/customer.ts): the customer's token goes into the httpOnly `_medusa_jwt` cookie. */
export async function login(_state: unknown, formData: FormData) {
  try {
    const token = await sdk.auth.login("customer", "emailpass", { email: String(formData.get("email")), password: String(formData.get("password")) })
    if (typeof token !== "string") return "This login needs another step."
    await setAuthToken(token)
  } catch (e) {
    return (e as Error).message
  }
  redirect(`/${formData.get("countryCode")}/account?signed-in=1`)
}
