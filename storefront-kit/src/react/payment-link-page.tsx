import { useEffect, useRef, useState } from "react"
import { challengeReturn, forgetChallengeReturn } from "../challenge-return.js"
import type { MountedCardForm } from "../hosted-card.js"
import { formatAmount } from "../money.js"
import { PaymentLinkCheckout, type PaymentLink } from "../payment-link.js"
import { kitOptions, type OmnichannelOptions } from "./options.js"

export type PaymentLinkPageProps = Omit<OmnichannelOptions, "initiatePaymentSession" | "providerId"> & {
  /** The link's token, from the page's route (`/pay/[token]`). */
  token: string
  /** Where 3-D Secure comes back to; this page's address by default (it finishes the payment itself). */
  returnUrl?: string
  locale?: string
  className?: string
}

type Phase = "loading" | "open" | "paying" | "paid" | "closed" | "missing" | "unavailable"

/**
 * The page a payment link's email leads to: what is owed on the order, the platform's card
 * form, 3-D Secure and back, then "paid" or why the link can no longer be paid. No login and
 * no cart: the token is the customer's only key.
 */
export function PaymentLinkPage({ token, returnUrl, locale, className, ...options }: PaymentLinkPageProps) {
  const [phase, setPhase] = useState<Phase>("loading")
  const [link, setLink] = useState<PaymentLink | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  // A new form after a refusal: the platform's form takes one card per session.
  const [attempt, setAttempt] = useState(0)
  const checkout = useRef<PaymentLinkCheckout | null>(null)
  const form = useRef<MountedCardForm | null>(null)
  const element = useRef<HTMLDivElement>(null)
  const canPay = link?.status === "open" && phase !== "paid"

  useEffect(() => {
    const co = new PaymentLinkCheckout({ ...kitOptions(options as OmnichannelOptions), followRedirect: true })
    checkout.current = co
    let gone = false
    ;(async () => {
      const back = challengeReturn()
      if (back && "paymentLink" in back) {
        forgetChallengeReturn()
        const result = await co.complete(token)
        if (!gone && result.type === "error") setMessage(result.message)
      }
      const loaded = await co.load(token)
      if (gone) return
      setLink(loaded)
      setPhase(loaded.status === "open" ? "open" : loaded.status === "paid" ? "paid" : "closed")
    })().catch((err: { status?: number }) => !gone && setPhase(err?.status === 404 ? "missing" : "unavailable"))
    return () => {
      gone = true
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token])

  useEffect(() => {
    if (!canPay || !checkout.current || !element.current) return
    let gone = false
    checkout.current
      .mountCardForm(token, element.current)
      .then((mounted) => (gone ? mounted.destroy() : (form.current = mounted)))
      .catch((err: Error) => !gone && setMessage(err?.message || "The card form could not be shown."))
    return () => {
      gone = true
      form.current?.destroy()
      form.current = null
    }
  }, [canPay, attempt, token])

  async function pay() {
    if (!checkout.current || !form.current) return
    setMessage(null)
    setPhase("paying")
    const back = returnUrl ?? window.location.href.split("?")[0]
    const step = await checkout.current.payWithCardForm(token, form.current, { returnUrl: back })
    if (step.type === "redirect") return
    if (step.type === "paid") {
      setLink((l) => (l ? { ...l, ...step.payment_link } : l))
      return setPhase("paid")
    }
    setMessage(step.message)
    setPhase(step.status === 409 ? "closed" : "open")
    setAttempt((n) => n + 1)
  }

  const money = (minor: number) => formatAmount(minor, link!.currency_code, locale)
  return (
    <section className={className} data-omnichannel-payment-link={phase}>
      {phase === "loading" && <p>Loading…</p>}
      {phase === "missing" && <p role="alert">There is no payment link at this address.</p>}
      {phase === "unavailable" && <p role="alert">This payment link cannot be shown right now; please try again later.</p>}
      {link && (
        <>
          <h1>{link.order?.display_id ? `Order #${link.order.display_id}` : "Payment"}</h1>
          {link.merchant_note && <p>{link.merchant_note}</p>}
          {link.order && (
            <ul>
              {link.order.items.map((item, i) => (
                <li key={i}>
                  {item.quantity} × {item.title}: {money(item.total)}
                </li>
              ))}
              <li>Total {money(link.order.total)}, paid {money(link.order.paid)}</li>
            </ul>
          )}
          {/* Nothing is due once the link is paid (its amount stays what it asked for). */}
          {phase !== "paid" && <p data-omnichannel-amount="">Amount due: {money(link.amount)}</p>}
        </>
      )}
      {phase === "paid" && <p role="status">Paid. Thank you.</p>}
      {phase === "closed" && link && <p role="alert">This payment link can no longer be paid ({link.status}).</p>}
      {message && <p role="alert">{message}</p>}
      {canPay && (
        <>
          <div ref={element} />
          <button type="button" onClick={pay} disabled={phase === "paying"}>
            {phase === "paying" ? "Paying…" : `Pay ${money(link!.amount)}`}
          </button>
        </>
      )}
    </section>
  )
}
