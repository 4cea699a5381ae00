import { AcquirerError, type Acquirer, type AcquirerResult } from "../../../../acquirers/types"
import { OmnichannelError } from "../../../../errors/omnichannel-error"
import type { OperationDTO } from "../../dto"
import type { OperationSettlement } from "../../types"
import { runOnChain, type MoneyDeps, type MoneyLedger } from "../run-on-chain"
import { settle } from "../settle"

/** One chain's operations in memory, settled as the chain ledger would (settled ones never change). */
function fakeLedger(ops: OperationDTO[]) {
  const find = (id: string) => ops.find((o) => o.id === id)!
  const ledger = {
    retrieveOmnichannelOperation: async (id: string) => ({ ...find(id) }),
    settleOperation: async (id: string, s: OperationSettlement) => {
      const op = find(id)
      if (op.status !== "pending") return { ...op }
      Object.assign(op, { status: s.status, error_code: s.error_code ?? null, error_message: s.error_message ?? null })
      if (s.acquirer_reference) op.acquirer_reference = s.acquirer_reference
      return { ...op }
    },
    awaitCustomer: async (id: string, reference: string) => Object.assign(find(id), { acquirer_reference: reference }),
    beginOperation: async (chainId: string, input: Partial<OperationDTO>) => {
      const earlier = ops.find((o) => o.idempotency_key === input.idempotency_key)
      if (earlier) return { ...earlier }
      const op = operation({ id: `oop_${ops.length + 1}`, chain_id: chainId, ...input, acquirer_reference: null })
      ops.push(op)
      return { ...op }
    },
  }
  return ledger as unknown as MoneyLedger
}

function operation(fields: Partial<OperationDTO>): OperationDTO {
  return { id: "oop_1", chain_id: "och_1", type: "payment", status: "pending", amount: 1000, currency_code: "EUR", acquirer_reference: "ACQ-1", created_at: new Date("2026-01-01T10:00:00Z"), ...fields } as OperationDTO
}

/** An acquirer whose getPayment and cancel answer as told, counting the calls. */
function fakeAcquirer(answers: { getPayment?: () => AcquirerResult; cancel?: () => AcquirerResult; authorize?: () => AcquirerResult }) {
  const calls: string[] = []
  const acquirer = {
    name: "fake",
    getPayment: async () => (calls.push("getPayment"), answers.getPayment!()),
    cancel: async (req: { idempotency_key: string }) => (calls.push(`cancel ${req.idempotency_key}`), answers.cancel!()),
    authorize: async () => (calls.push("authorize"), answers.authorize!()),
  }
  return { acquirer: acquirer as unknown as Acquirer, calls }
}

const waiting = (): AcquirerResult => ({ reference: "ACQ-1", status: "requires_action" })
const unanswered = (): never => {
  throw new AcquirerError("retryable", "TIMEOUT", "no answer")
}
const refused = (): never => {
  throw new AcquirerError("invalid", "INVALID_DATA", "cannot cancel this payment")
}

function setup(op: OperationDTO, answers: Parameters<typeof fakeAcquirer>[0]) {
  const ops = [op]
  const { acquirer, calls } = fakeAcquirer(answers)
  const deps: MoneyDeps = { ledger: fakeLedger(ops), acquirer: () => acquirer, warn: () => undefined }
  return { deps, calls, stored: () => ops[0] }
}

describe("settle: the acquirer's word on a pending operation", () => {
  it("succeeded, failed, or still pending as the acquirer says", async () => {
    const authorized = setup(operation({}), { getPayment: () => ({ reference: "ACQ-1", status: "authorized" }) })
    expect((await settle(authorized.deps, "oop_1")).status).toBe("succeeded")

    const cancelled = setup(operation({}), { getPayment: () => ({ reference: "ACQ-1", status: "cancelled" }) })
    expect(await settle(cancelled.deps, "oop_1")).toMatchObject({ status: "failed", error_code: "PAYMENT_DECLINED" })

    const declined = setup(operation({}), {
      getPayment: () => {
        throw new AcquirerError("declined", "DECLINED", "3-D Secure failed")
      },
    })
    expect(await settle(declined.deps, "oop_1")).toMatchObject({ status: "failed", error_code: "PAYMENT_DECLINED", error_message: "3-D Secure failed" })

    const inChallenge = setup(operation({}), { getPayment: waiting })
    expect((await settle(inChallenge.deps, "oop_1")).status).toBe("pending")
  })

  it("an acquirer that cannot answer leaves it pending without an error", async () => {
    const { deps, stored } = setup(operation({}), { getPayment: unanswered })
    expect((await settle(deps, "oop_1")).status).toBe("pending")
    expect(stored().status).toBe("pending")
  })

  it("a settled operation is returned as it is, the acquirer not asked", async () => {
    const { deps, calls } = setup(operation({ status: "succeeded" }), { getPayment: waiting })
    expect((await settle(deps, "oop_1")).status).toBe("succeeded")
    expect(calls).toEqual([])
  })

  it("an outcome a webhook reported is recorded without asking the acquirer", async () => {
    const ok = setup(operation({ acquirer_reference: null }), {})
    expect(await settle(ok.deps, "oop_1", { reported: { status: "succeeded", acquirer_reference: "ACQ-9" } })).toMatchObject({ status: "succeeded", acquirer_reference: "ACQ-9" })
    const no = setup(operation({}), {})
    expect(await settle(no.deps, "oop_1", { reported: { status: "failed", error_message: "REJECTED" } })).toMatchObject({ status: "failed", error_message: "REJECTED" })
    expect([...ok.calls, ...no.calls]).toEqual([])
  })

  it("given up: cancelled at the acquirer under one key per operation, then failed with the reason", async () => {
    const { deps, calls } = setup(operation({}), { getPayment: waiting, cancel: () => ({ reference: "ACQ-1", status: "cancelled" }) })
    expect(await settle(deps, "oop_1", { give_up: "the session was replaced" })).toMatchObject({ status: "failed", error_message: "the session was replaced" })
    expect(calls).toEqual(["getPayment", "cancel cancel:oop_1"])
  })

  it("abandoned only when made before abandon_before, even when the acquirer cannot say how it ended", async () => {
    const young = setup(operation({}), { getPayment: unanswered, cancel: () => ({ reference: "ACQ-1", status: "cancelled" }) })
    expect((await settle(young.deps, "oop_1", { abandon_before: "2026-01-01T09:00:00Z" })).status).toBe("pending")
    const old = setup(operation({}), { getPayment: unanswered, cancel: () => ({ reference: "ACQ-1", status: "cancelled" }) })
    expect((await settle(old.deps, "oop_1", { abandon_before: "2026-01-01T11:00:00Z" })).status).toBe("failed")
  })

  it("a payment that went through before it was given up is recorded as succeeded, never cancelled", async () => {
    const { deps, calls } = setup(operation({}), { getPayment: () => ({ reference: "ACQ-1", status: "captured" }), cancel: refused })
    expect((await settle(deps, "oop_1", { give_up: "replaced" })).status).toBe("succeeded")
    expect(calls).toEqual(["getPayment"])
  })

  it("a failed cancel, unanswered or refused, is thrown and leaves the operation pending for the settle job", async () => {
    const silent = setup(operation({}), { getPayment: waiting, cancel: unanswered })
    await expect(settle(silent.deps, "oop_1", { give_up: "replaced" })).rejects.toMatchObject({ code: "ACQUIRER_UNAVAILABLE" })
    expect(silent.stored().status).toBe("pending")

    const refusal = setup(operation({}), { getPayment: waiting, cancel: refused })
    await expect(settle(refusal.deps, "oop_1", { abandon_before: "2026-01-02T00:00:00Z" })).rejects.toMatchObject({ code: "INVALID_DATA" })
    expect(refusal.stored().status).toBe("pending")
  })

  it("nothing to cancel without the acquirer's reference: it stays pending", async () => {
    const { deps, calls } = setup(operation({ acquirer_reference: null }), { cancel: unanswered })
    expect((await settle(deps, "oop_1", { give_up: "replaced" })).status).toBe("pending")
    expect(calls).toEqual([])
  })
})

describe("runOnChain: record, ask the acquirer, record its answer", () => {
  const input = { type: "payment" as const, channel: "online" as const, amount: 1000, currency_code: "EUR", idempotency_key: "k-1" }

  it("a refusal is recorded as failed and thrown in the contract's words; a retry with the same key does not ask again", async () => {
    const { deps, calls } = setup(operation({ id: "oop_0", status: "succeeded", idempotency_key: "other" }), {
      authorize: () => {
        throw new AcquirerError("declined", "DECLINED", "do not honour")
      },
    })
    const call = () => runOnChain(deps.ledger, "och_1", input, () => deps.acquirer().authorize({} as never))
    await expect(call()).rejects.toMatchObject({ code: "PAYMENT_DECLINED" })
    await expect(call()).rejects.toBeInstanceOf(OmnichannelError)
    expect(calls).toEqual(["authorize"])
    expect(await deps.ledger.retrieveOmnichannelOperation("oop_2")).toMatchObject({ status: "failed", error_code: "PAYMENT_DECLINED" })
  })

  it("no answer leaves the operation pending, and the same key resumes it at the acquirer", async () => {
    let answer: () => AcquirerResult = unanswered
    const { deps, calls } = setup(operation({ id: "oop_0", status: "succeeded", idempotency_key: "other" }), { authorize: () => answer() })
    const call = () => runOnChain(deps.ledger, "och_1", input, () => deps.acquirer().authorize({} as never))
    await expect(call()).rejects.toMatchObject({ code: "ACQUIRER_UNAVAILABLE" })
    expect((await deps.ledger.retrieveOmnichannelOperation("oop_2")).status).toBe("pending")
    answer = () => ({ reference: "ACQ-2", status: "authorized" })
    expect(await call()).toMatchObject({ id: "oop_2", status: "succeeded", acquirer_reference: "ACQ-2" })
    expect(await call()).toMatchObject({ id: "oop_2", status: "succeeded" })
    expect(calls).toEqual(["authorize", "authorize"])
  })
})

describe("settle: a card a till approved offline", () => {
  it("is left to the till's outcome: the acquirer is never asked, nothing given up, no webhook's word taken", async () => {
    const offline = () => operation({ metadata: { offline: true, pos_sale_id: "S-1" }, acquirer_reference: "TERM-REF-1", channel: "in_store" } as Partial<OperationDTO>)
    for (const options of [{}, { give_up: "replaced" }, { abandon_before: new Date("2030-01-01") }, { reported: { status: "failed" as const, error_message: "x" } }]) {
      const { deps, calls, stored } = setup(offline(), { getPayment: () => ({ reference: "TERM-REF-1", status: "cancelled" }), cancel: () => ({ reference: "TERM-REF-1", status: "cancelled" }) })
      expect((await settle(deps, "oop_1", options)).status).toBe("pending")
      expect(calls).toEqual([])
      expect(stored().status).toBe("pending")
    }
  })
})
