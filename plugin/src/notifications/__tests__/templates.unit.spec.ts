import { receiptPayments } from "../receipt"
import {
  offlineDeclineTemplate,
  paymentReceivedTemplate,
  paymentRequestTemplate,
  refundConfirmationTemplate,
  renderEmail,
  tillReceiptTemplate,
} from "../templates"

const HOSTILE = `<script>alert("x")</script> & 'friends'`

describe("email templates", () => {
  it("payment request: the amount with the currency's exponent, the link, its expiry and the merchant's note", () => {
    const { content, data } = renderEmail(paymentRequestTemplate, {
      amount: 150000,
      currency_code: "jpy",
      url: "https://shop.example.com/shop/pay/abc_DEF-123",
      expires_at: "2026-11-28T14:05:59.000Z",
      note: "Balance for the sofa\nThank you",
      order_display_id: 42,
      store_name: "Maison",
    })
    expect(data.currency_code).toBe("JPY")
    expect(content.subject).toBe("Maison: payment request of 150000 JPY")
    expect(content.text).toContain("You are asked to pay 150000 JPY for order #42.")
    expect(content.text).toContain("Pay here: https://shop.example.com/shop/pay/abc_DEF-123")
    expect(content.text).toContain("until 2026-11-28 14:05 UTC")
    expect(content.text).toContain("Message from the shop: Balance for the sofa")
    expect(content.html).toContain(`href="https://shop.example.com/shop/pay/abc_DEF-123"`)
    expect(content.html).toContain("Balance for the sofa<br>Thank you")
  })

  it("three-decimal currencies (KWD) and two-decimal ones (EUR) show their minor units", () => {
    const kwd = renderEmail(paymentReceivedTemplate, { amount: 1234, currency_code: "KWD", paid_at: new Date("2026-01-02T03:04:05Z"), payment_id: "1234567890123456789" })
    expect(kwd.content.subject).toBe("payment of 1.234 KWD received")
    expect(kwd.content.text).toContain("Paid: 2026-01-02 03:04 UTC")
    expect(kwd.content.text).toContain("Payment id: 1234567890123456789")
    const eur = renderEmail(refundConfirmationTemplate, { amount: 505, currency_code: "EUR", method: "cash", channel: "in_store", payment_id: "1", order_display_id: 7 })
    expect(eur.content.text).toContain("We refunded 5.05 EUR in cash for order #7 (refund made in the shop).")
  })

  it("escapes everything it shows in HTML, and keeps line breaks out of the subject", () => {
    const request = renderEmail(paymentRequestTemplate, {
      amount: 100,
      currency_code: "EUR",
      url: `https://shop.example.com/pay/x"><script>`,
      expires_at: "2026-11-28T14:05:00Z",
      note: HOSTILE,
      store_name: `Evil\r\nBcc: victim@example.com <b>`,
    })
    expect(request.content.html).not.toContain("<script>")
    expect(request.content.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;")
    expect(request.content.html).toContain(`href="https://shop.example.com/pay/x&quot;&gt;&lt;script&gt;"`)
    expect(request.content.subject).not.toMatch(/[\r\n]/)
    // Plain text stays as written: it is not HTML.
    expect(request.content.text).toContain(HOSTILE)

    const receipt = renderEmail(tillReceiptTemplate, {
      sale_id: "<S-1>",
      occurred_at: "2026-11-28T10:00:00Z",
      currency_code: "EUR",
      lines: [{ title: HOSTILE, quantity: 1, unit_price: 100 }],
      payments: [{ method: "external", amount: 100, label: "<img src=x onerror=alert(1)>" }],
      payment_id: "1",
    })
    expect(receipt.content.html).not.toMatch(/<script>|<img/)
    expect(receipt.content.html).toContain("&lt;img src=x onerror=alert(1)&gt;")
  })

  it("refuses links that are not http(s) and currencies it cannot show", () => {
    const base = { amount: 100, currency_code: "EUR", url: "https://x.example/pay/t", expires_at: "2026-11-28T14:05:00Z" }
    expect(() => renderEmail(paymentRequestTemplate, { ...base, url: "javascript:alert(1)" })).toThrow()
    expect(() => renderEmail(paymentRequestTemplate, { ...base, currency_code: "XYZ" })).toThrow()
    expect(() => renderEmail(paymentRequestTemplate, { ...base, expires_at: "not a date" })).toThrow()
  })

  it("till receipt: lines, each tender (a card by brand and last 4 only), total, what is left to pay, the payment id", () => {
    const payments = receiptPayments([
      {
        method: "card",
        amount: 2000,
        acquirer_reference: "T1-1",
        card: { brand: "visa", bin: "424242", last4: "4242", offline_token: "f".repeat(64), par: "PAR123" },
      },
      { method: "cash", amount: 500, tendered: 1000, change: 500 },
      { method: "gift_card", amount: 300, code: "GIFT-ABCD-1234" },
      { method: "external", amount: 100, label: "Meal voucher" },
    ])
    const { data, content } = renderEmail(tillReceiptTemplate, {
      sale_id: "S-1001",
      occurred_at: "2026-11-28T10:00:00Z",
      currency_code: "EUR",
      lines: [
        { title: "Shirt M", quantity: 2, unit_price: 1500 },
        { title: "Socks", quantity: 1, unit_price: 450 },
      ],
      payments,
      payment_id: "1234567890123456789",
      order_display_id: 12,
    })
    // Nothing of the card but its brand and last 4 reaches the notification.
    const stored = JSON.stringify(data)
    expect(stored).not.toMatch(/424242|offline_token|PAR123|fff/)
    expect(stored).not.toContain("GIFT-ABCD")
    expect(data.payments[0]).toEqual({ method: "card", amount: 2000, card: { brand: "visa", last4: "4242" } })

    expect(content.subject).toBe("your receipt, 34.50 EUR")
    expect(content.text).toContain("2 x Shirt M  30.00 EUR")
    expect(content.text).toContain("1 x Socks  4.50 EUR")
    expect(content.text).toContain("Total: 34.50 EUR")
    expect(content.text).toContain("Paid: 29.00 EUR")
    expect(content.text).toContain("Still to pay: 5.50 EUR")
    expect(content.text).toContain("Card Visa ending 4242  20.00 EUR")
    expect(content.text).toContain("Cash (given 10.00 EUR, change 5.00 EUR)  5.00 EUR")
    expect(content.text).toContain("Gift card ****1234  3.00 EUR")
    expect(content.text).toContain("Meal voucher  1.00 EUR")
    expect(content.text).toContain("Payment id: 1234567890123456789")
    expect(content.text).toContain("Order: #12")
    expect(content.html).toContain("Card Visa ending 4242")
  })

  it("refund confirmation names the amount, how it went back and the payment id", () => {
    const { content } = renderEmail(refundConfirmationTemplate, { amount: 1500, currency_code: "EUR", method: "card", channel: "online", payment_id: "1234567890123456789" })
    expect(content.subject).toBe("refund of 15.00 EUR")
    expect(content.text).toContain("We refunded 15.00 EUR to the card you paid with for your purchase (refund made online).")
    expect(content.text).toContain("Payment id: 1234567890123456789")
    const credit = renderEmail(refundConfirmationTemplate, { amount: 1500, currency_code: "EUR", method: "store_credit", channel: "in_store", payment_id: "1" })
    expect(credit.content.text).toContain("as store credit on your account")
  })
  it("offline decline: the amount, the card, when it was paid and the link, never the issuer's reason or the card number", () => {
    const { content, data } = renderEmail(offlineDeclineTemplate, {
      amount: 3000,
      currency_code: "eur",
      url: "https://shop.example.com/shop/pay/tok_123",
      expires_at: "2026-12-10T09:00:00Z",
      occurred_at: "2026-12-03T17:45:00Z",
      card: { brand: "visa", last4: "4242", bin: "424242" } as never,
      order_display_id: 9,
      store_name: "Maison",
      reason: "insufficient funds",
    } as never)
    expect(content.subject).toBe("Maison: your payment of 30.00 EUR did not go through")
    expect(content.text).toContain("On 2026-12-03 17:45 UTC you paid 30.00 EUR in our shop for order #9")
    expect(content.text).toContain("the payment with your card Visa ending 4242 was declined by its bank afterwards")
    expect(content.text).toContain("You can pay the 30.00 EUR here: https://shop.example.com/shop/pay/tok_123")
    expect(content.text).toContain("until 2026-12-10 09:00 UTC")
    expect(content.html).toContain(`href="https://shop.example.com/shop/pay/tok_123"`)
    const stored = JSON.stringify(data)
    expect(stored).not.toMatch(/424242|insufficient/)
    expect(content.text).not.toMatch(/insufficient/)

    const noCard = renderEmail(offlineDeclineTemplate, {
      amount: 1500, currency_code: "JPY", url: "https://shop.example.com/pay/x", expires_at: "2026-12-10T09:00:00Z", occurred_at: "2026-12-03T17:45:00Z",
      store_name: `<b>Evil</b>`,
    })
    expect(noCard.content.text).toContain("the payment with your card was declined")
    expect(noCard.content.text).toContain("for your purchase")
    expect(noCard.content.html).not.toContain("<b>Evil</b>")
    expect(() => renderEmail(offlineDeclineTemplate, { amount: 1500, currency_code: "EUR", url: "javascript:alert(1)", expires_at: "2026-12-10T09:00:00Z", occurred_at: "2026-12-03T17:45:00Z" })).toThrow()
  })
})
