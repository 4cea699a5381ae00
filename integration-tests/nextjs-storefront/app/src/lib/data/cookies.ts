import { cookies } from "next/headers"

// The starter's cookies (src/lib/data/cookies.ts): httpOnly, SameSite=Strict.
const options = { maxAge: 60 * 60 * 24 * 7, httpOnly: true, sameSite: "strict" as const, secure: process.env.NODE_ENV === "production" }

export async function getAuthHeaders(): Promise<{ authorization: string } | Record<string, never>> {
  const token = (await cookies()).get("_medusa_jwt")?.value
  return token ? { authorization: `Bearer ${token}` } : {}
}

export async function setAuthToken(token: string) {
  ;(await cookies()).set("_medusa_jwt", token, options)
}

export async function getCartId() {
  return (await cookies()).get("_medusa_cart_id")?.value
}

export async function removeCartId() {
  ;(await cookies()).set("_medusa_cart_id", "", { maxAge: -1 })
}
