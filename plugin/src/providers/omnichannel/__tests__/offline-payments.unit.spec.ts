import type { OperationDTO } from "../../../modules/omnichannel/dto"
import { offlineCancel, offlineCapture } from "../offline-payments"
import type { OmnichannelPaymentData } from "../payment-data"

const data = { payment_id: "1234567890123456789", chain_id: "och_1", operation_id: "oop_1", status: "authorized", amount: 3000, currency_code: "EUR" } as OmnichannelPaymentData
const op = (status: string, metadata: Record<string, unknown> | null = { offline: true }) => ({ id: "oop_1", type: "payment", status, metadata }) as unknown as OperationDTO

describe("the provider's capture and cancel of a card a till approved offline", () => {
  it("capture: captured once the till reported it approved; refused while it waits or after a decline; never the acquirer's business", () => {
    expect(offlineCapture(op("succeeded"), data)).toEqual({ data: { ...data, status: "captured" } })
    expect(() => offlineCapture(op("pending"), data)).toThrow(/still waiting for the till's outcome/)
    expect(() => offlineCapture(op("failed"), data)).toThrow(/declined/)
  })

  it("cancel: canceled once the till reported it declined; refused while it waits or once approved", () => {
    expect(offlineCancel(op("failed"), data)).toEqual({ data: { ...data, status: "canceled" } })
    expect(() => offlineCancel(op("pending"), data)).toThrow(/waits for the till's outcome/)
    expect(() => offlineCancel(op("succeeded"), data)).toThrow(/refund it instead/)
  })

  it("any other payment is not theirs (null): the provider's usual path", () => {
    expect(offlineCapture(op("succeeded", null), data)).toBeNull()
    expect(offlineCancel(op("succeeded", {}), data)).toBeNull()
    expect(offlineCapture(undefined, data)).toBeNull()
  })
})
