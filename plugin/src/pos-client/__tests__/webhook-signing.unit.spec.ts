import { storeWebhookHeaders, verifyStoreWebhook } from "../signing"

describe("store-to-POS notification signing", () => {
  const secret = "pos_sk_" + "ab".repeat(32)
  const body = JSON.stringify({ id: "odlv_1", type: "inventory.level_changed", data: { sku: "SHIRT-M", stocked_quantity: 3 } })
  const message = { terminal_id: "oterm_1", delivery_id: "odlv_1", event_type: "inventory.level_changed" }
  const now = Date.UTC(2026, 10, 23, 12, 0, 0)
  const headers = storeWebhookHeaders(secret, message, body, Math.floor(now / 1000))

  it("carries the terminal, the delivery id and the event next to the signature", () => {
    expect(headers).toMatchObject({ "x-omni-terminal": "oterm_1", "x-omni-delivery": "odlv_1", "x-omni-event": "inventory.level_changed" })
    expect(headers["x-omni-signature"]).toMatch(/^v1=[0-9a-f]{64}$/)
  })

  it("verifies with the terminal's secret over the exact body, within 300 s", () => {
    expect(verifyStoreWebhook(secret, headers, body, now)).toBe(true)
    expect(verifyStoreWebhook(secret, headers, Buffer.from(body), now + 299_000)).toBe(true)
  })

  it.each([
    ["another secret", "pos_sk_" + "cd".repeat(32), body, now],
    ["a changed body", secret, body.replace('"stocked_quantity":3', '"stocked_quantity":30'), now],
    ["a replay 301 s later", secret, body, now + 301_000],
  ])("refuses %s", (_, key, raw, at) => {
    expect(verifyStoreWebhook(key, headers, raw, at)).toBe(false)
  })

  it("refuses a missing or malformed timestamp or signature", () => {
    expect(verifyStoreWebhook(secret, { ...headers, "x-omni-timestamp": "soon" }, body, now)).toBe(false)
    expect(verifyStoreWebhook(secret, { ...headers, "x-omni-signature": undefined }, body, now)).toBe(false)
    expect(verifyStoreWebhook(secret, { ...headers, "x-omni-signature": "v1=00" }, body, now)).toBe(false)
  })
})
