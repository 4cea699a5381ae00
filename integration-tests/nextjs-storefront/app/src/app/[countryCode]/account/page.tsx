"use client"
import { login } from "@lib/data/customer"
import { useParams, useSearchParams } from "next/navigation"
import { useActionState } from "react"

/** The starter's login form, reduced: its server action keeps the customer's token in the httpOnly `_medusa_jwt` cookie. */
export default function Account() {
  const { countryCode } = useParams<{ countryCode: string }>()
  const signedIn = useSearchParams().get("signed-in") === "1"
  const [message, formAction] = useActionState(login, null)
  if (signedIn) return <p data-testid="signed-in">Signed in.</p>
  return (
    <form action={formAction}>
      <input type="hidden" name="countryCode" value={countryCode} />
      <input name="email" type="email" placeholder="Email" data-testid="login-email" required />
      <input name="password" type="password" placeholder="Password" data-testid="login-password" required />
      <button type="submit" data-testid="login">Sign in</button>
      {message && <p role="alert">{message}</p>}
    </form>
  )
}
