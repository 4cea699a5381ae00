import type http from "http"
import type { PaymentBook } from "./payments"
import type { TokenVault } from "./tokens"

/**
 * The pages the customer's browser sees (not the merchant's signed API): the hosted card
 * form and its submit, and the issuer's challenge page and its answer.
 */
export function browserPages(
  platform: { tokens: TokenVault; payments: PaymentBook },
  request: { method: string; path: string; raw: string },
  res: http.ServerResponse
) {
  const { method, path, raw } = request
  const reply = (status: number, body: string, type = "application/json", headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": type, ...headers })
    res.end(body)
  }
  const form = /^\/hostedtokenization\/([^/]+)(\/submit)?$/.exec(path)
  if (form && method === "GET" && !form[2] && platform.tokens.hasSession(form[1])) return reply(200, hostedFormPage(form[1]), "text/html")
  if (form && method === "POST" && form[2]) {
    try {
      const card = JSON.parse(raw || "{}")
      const id = platform.tokens.tokenize(form[1], String(card.cardNumber ?? ""), card)
      return reply(200, JSON.stringify({ hostedTokenizationId: id }))
    } catch (err) {
      return reply(400, JSON.stringify({ message: (err as Error).message }))
    }
  }
  const challenge = /^\/3ds\/(\d+)$/.exec(path)
  const payment = challenge ? platform.payments.waitingForChallenge(challenge[1]) : undefined
  if (payment && method === "GET") return reply(200, challengePage(payment.id), "text/html")
  if (payment && method === "POST") {
    const passed = new URLSearchParams(raw).get("result") === "pass"
    return reply(302, "", "text/plain", { location: platform.payments.completeChallenge(payment.id, passed) })
  }
  reply(404, JSON.stringify({ message: `no such page ${path}` }))
}

/** A bare stand-in for the Hosted Tokenization Page: the parent page gets the id by postMessage. */
function hostedFormPage(id: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Card</title>
<form id="f"><input name="cardNumber" autocomplete="cc-number"><input name="expiryDate" placeholder="MMYY">
<input name="cvv"><input name="cardholderName"><button>Pay</button></form>
<script>
document.getElementById("f").onsubmit = async (e) => {
  e.preventDefault()
  const res = await fetch("/hostedtokenization/${id}/submit", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(Object.fromEntries(new FormData(e.target))) })
  window.parent.postMessage(await res.json(), "*")
}
</script>`
}

/** The issuer's challenge: two buttons, each posting the customer's answer. */
function challengePage(paymentId: string): string {
  return `<!doctype html><meta charset="utf-8"><title>3-D Secure</title>
<form method="post" action="/3ds/${paymentId}"><button name="result" value="pass">Authenticate</button>
<button name="result" value="fail">Fail authentication</button></form>`
}
