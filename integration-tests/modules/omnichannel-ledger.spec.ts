import { describeCard } from "../../plugin/src/cards/card-details"
import path from "path"
import fc from "fast-check"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import type { IOmnichannelModuleService } from "../../plugin/src/modules/omnichannel/service"
import type { Channel, OperationInput } from "../../plugin/src/modules/omnichannel/types"
import { computeOfflineToken } from "../../plugin/src/pos-client/offline-token"
import { isLuhnValid } from "../../plugin/src/cards/luhn"

jest.setTimeout(300 * 1000)

const MODULE_DIR = path.join(__dirname, "../../plugin/src/modules/omnichannel")
const TOKEN_KEY = "integration-test-token-key-0123456789abcdef"

type Outcome = { ok: true } | { ok: false; code: string }

async function outcome(p: Promise<unknown>): Promise<Outcome> {
  try {
    await p
    return { ok: true }
  } catch (e) {
    return { ok: false, code: (e as { code?: string }).code ?? String(e) }
  }
}

moduleIntegrationTestRunner<IOmnichannelModuleService>({
  moduleName: "omnichannel",
  resolve: MODULE_DIR,
  moduleOptions: { tokenKey: TOKEN_KEY },
  pathToMigrations: path.join(MODULE_DIR, "migrations"),
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = async (query: string) =>
      (await MikroOrmWrapper.getManager().getConnection().execute(query)) as Record<string, unknown>[]

    const openPaidChain = async (currency: string, amount: number, channel: Channel = "online") => {
      const chain = await service.openChain({ currency_code: currency, origin_channel: channel })
      await service.beginOperation(chain.id, {
        type: "payment",
        channel,
        amount,
        currency_code: currency,
        status: "succeeded",
        authorization_mode: "SALE",
      })
      return chain
    }

    describe("chains", () => {
      it("get unique 19-digit Luhn payment ids and one currency", async () => {
        const chains = await Promise.all(
          Array.from({ length: 20 }, () => service.openChain({ currency_code: "eur", origin_channel: "online" }))
        )
        const ids = new Set(chains.map((c) => c.payment_id))
        expect(ids.size).toBe(20)
        for (const c of chains) {
          expect(c.payment_id).toMatch(/^[1-9]\d{18}$/)
          expect(isLuhnValid(c.payment_id)).toBe(true)
          expect(c.currency_code).toBe("EUR")
        }
        const [{ count }] = await sql("select count(*)::int as count from omnichannel_chain")
        expect(count).toBe(20)
      })

      it("refuse an operation in another currency and write nothing", async () => {
        const chain = await openPaidChain("EUR", 1000)
        const res = await outcome(
          service.beginOperation(chain.id, { type: "payment", channel: "in_store", amount: 500, currency_code: "JPY", status: "succeeded" })
        )
        expect(res).toEqual({ ok: false, code: "CURRENCY_MISMATCH" })
        expect(await service.listOmnichannelOperations({ chain_id: chain.id })).toHaveLength(1)
      })

      it("look up by payment id, refusing a mistyped one", async () => {
        const chain = await openPaidChain("EUR", 1000)
        expect((await service.retrieveChainByPaymentId(chain.payment_id)).id).toBe(chain.id)
        const typo = chain.payment_id.slice(0, 18) + ((Number(chain.payment_id[18]) + 1) % 10)
        expect(await outcome(service.retrieveChainByPaymentId(typo))).toEqual({ ok: false, code: "INVALID_PAYMENT_ID" })
      })

      it("require an admin and a reason for a payout, which may exceed what was paid", async () => {
        const chain = await openPaidChain("EUR", 1000)
        const base = { type: "payout" as const, channel: "online" as const, amount: 5000, currency_code: "EUR", status: "succeeded" as const }
        expect(await outcome(service.beginOperation(chain.id, { ...base, actor_id: "user_1" }))).toEqual({
          ok: false,
          code: "PAYOUT_REASON_REQUIRED",
        })
        expect(await outcome(service.beginOperation(chain.id, { ...base, note: "goodwill" }))).toEqual({
          ok: false,
          code: "PAYOUT_REASON_REQUIRED",
        })
        await service.beginOperation(chain.id, { ...base, actor_id: "user_1", note: "goodwill" })
        expect(await service.getChainTotals(chain.id)).toMatchObject({ paid: 1000, paid_out: 5000, refundable: 1000 })
      })

      it("return the same operation for the same idempotency key (a retried refund refunds once)", async () => {
        const chain = await openPaidChain("EUR", 1000)
        const refund: OperationInput = { type: "refund", channel: "online", amount: 300, currency_code: "EUR", reference: "R1", idempotency_key: "k-1" }
        const first = await service.beginOperation(chain.id, refund)
        const again = await service.beginOperation(chain.id, refund)
        expect(again.id).toBe(first.id)
        expect(await outcome(service.beginOperation(chain.id, { ...refund, amount: 400 }))).toEqual({
          ok: false,
          code: "IDEMPOTENCY_KEY_REUSED",
        })
        await service.settleOperation(first.id, { status: "succeeded" })
        await service.settleOperation(first.id, { status: "succeeded" })
        expect(await service.getChainTotals(chain.id)).toMatchObject({ refunded: 300 })
      })
    })

    describe("invariants over random operation sequences (EUR, JPY, KWD)", () => {
      type Cmd =
        | { kind: "pay"; amount: number; channel: Channel }
        | { kind: "authorize"; amount: number }
        | { kind: "capture"; auth: number; amount: number }
        | { kind: "cancel"; auth: number }
        | { kind: "refund"; amount: number; ref: number; settle: "succeeded" | "failed" | "pending" }
        | { kind: "payout"; amount: number; reason: boolean }

      const channel = fc.constantFrom<Channel>("online", "in_store", "mobile_app", "kiosk")
      const amount = fc.integer({ min: 1, max: 20000 })
      const cmd: fc.Arbitrary<Cmd> = fc.oneof(
        fc.record({ kind: fc.constant("pay" as const), amount, channel }),
        fc.record({ kind: fc.constant("authorize" as const), amount }),
        fc.record({ kind: fc.constant("capture" as const), auth: fc.nat(5), amount }),
        fc.record({ kind: fc.constant("cancel" as const), auth: fc.nat(5) }),
        fc.record({
          kind: fc.constant("refund" as const),
          amount,
          ref: fc.nat(6),
          settle: fc.constantFrom("succeeded" as const, "failed" as const, "pending" as const),
        }),
        fc.record({ kind: fc.constant("payout" as const), amount, reason: fc.boolean() })
      )

      it("never refunds above what was paid and totals always add up", async () => {
        let runs = 0
        await fc.assert(
          fc.asyncProperty(fc.constantFrom("EUR", "JPY", "KWD"), fc.array(cmd, { minLength: 1, maxLength: 14 }), async (currency, cmds) => {
            runs++
            const chain = await service.openChain({ currency_code: currency, origin_channel: "online" })
            // The model: what the ledger must say after each step.
            const m = { paid: 0, refunded: 0, paid_out: 0, pendingRefund: null as string | null, refs: new Set<number>() }
            const byChannel: Record<string, { paid: number; refunded: number }> = {}
            const auths: { id: string; remaining: number }[] = []

            for (const c of cmds) {
              const base = { currency_code: currency }
              switch (c.kind) {
                case "pay": {
                  await service.beginOperation(chain.id, { ...base, type: "payment", channel: c.channel, amount: c.amount, status: "succeeded", authorization_mode: "SALE" })
                  m.paid += c.amount
                  ;(byChannel[c.channel] ??= { paid: 0, refunded: 0 }).paid += c.amount
                  break
                }
                case "authorize": {
                  const op = await service.beginOperation(chain.id, { ...base, type: "authorization", channel: "online", amount: c.amount, status: "succeeded", authorization_mode: "PRE_AUTHORIZATION" })
                  auths.push({ id: op.id, remaining: c.amount })
                  break
                }
                case "capture": {
                  const auth = auths[c.auth]
                  const res = await outcome(service.beginOperation(chain.id, { ...base, type: "capture", channel: "online", amount: c.amount, parent_operation_id: auth?.id ?? "none", status: "succeeded" }))
                  if (!auth || auth.remaining === 0) {
                    expect(res).toEqual({ ok: false, code: auth ? "CAPTURE_EXCEEDS_AUTHORIZED" : "OPERATION_NOT_ALLOWED" })
                  } else if (c.amount > auth.remaining) {
                    expect(res).toEqual({ ok: false, code: "CAPTURE_EXCEEDS_AUTHORIZED" })
                  } else {
                    expect(res).toEqual({ ok: true })
                    auth.remaining -= c.amount
                    m.paid += c.amount
                    ;(byChannel.online ??= { paid: 0, refunded: 0 }).paid += c.amount
                  }
                  break
                }
                case "cancel": {
                  const auth = auths[c.auth]
                  const res = await outcome(service.beginOperation(chain.id, { ...base, type: "cancel", channel: "online", amount: Math.max(auth?.remaining ?? 1, 1), parent_operation_id: auth?.id ?? "none", status: "succeeded" }))
                  if (!auth) {
                    expect(res).toEqual({ ok: false, code: "OPERATION_NOT_ALLOWED" })
                  } else if (auth.remaining === 0) {
                    expect(res.ok).toBe(false)
                  } else {
                    expect(res).toEqual({ ok: true })
                    auth.remaining = 0
                  }
                  break
                }
                case "refund": {
                  const res = service.beginOperation(chain.id, { ...base, type: "refund", channel: "in_store", amount: c.amount, reference: `ref-${c.ref}` })
                  const got = await outcome(res)
                  if (m.pendingRefund !== null || m.refs.has(c.ref)) {
                    expect(got).toEqual({ ok: false, code: "REFUND_ORDER_LOCKED" })
                    break
                  }
                  if (c.amount > m.paid - m.refunded) {
                    expect(got).toEqual({ ok: false, code: "REFUND_EXCEEDS_PAID" })
                    break
                  }
                  expect(got).toEqual({ ok: true })
                  const op = await res
                  if (c.settle === "pending") {
                    m.pendingRefund = op.id
                    m.refs.add(c.ref)
                  } else {
                    await service.settleOperation(op.id, { status: c.settle })
                    if (c.settle === "succeeded") {
                      m.refs.add(c.ref)
                      m.refunded += c.amount
                      ;(byChannel.in_store ??= { paid: 0, refunded: 0 }).refunded += c.amount
                    }
                  }
                  break
                }
                case "payout": {
                  const got = await outcome(service.beginOperation(chain.id, { ...base, type: "payout", channel: "online", amount: c.amount, status: "succeeded", actor_id: "user_admin", note: c.reason ? "goodwill" : "" }))
                  if (c.reason) {
                    expect(got).toEqual({ ok: true })
                    m.paid_out += c.amount
                  } else {
                    expect(got).toEqual({ ok: false, code: "PAYOUT_REASON_REQUIRED" })
                  }
                  break
                }
              }

              const totals = await service.getChainTotals(chain.id)
              expect(totals.paid).toBe(m.paid)
              expect(totals.refunded).toBe(m.refunded)
              expect(totals.paid_out).toBe(m.paid_out)
              expect(totals.refundable).toBe(m.paid - m.refunded)
              expect(totals.refunded).toBeLessThanOrEqual(totals.paid)
              expect(totals.authorized).toBe(auths.reduce((s, a) => s + a.remaining, 0))
              expect(totals.by_channel).toEqual(byChannel)
              const chByCh = Object.values(totals.by_channel)
              expect(chByCh.reduce((s, x) => s + x.paid, 0)).toBe(totals.paid)
              expect(chByCh.reduce((s, x) => s + x.refunded, 0)).toBe(totals.refunded)
            }
            // Ground truth straight from the table, not through the service.
            const [row] = await sql(
              `select coalesce(sum(amount) filter (where type in ('payment','capture') and status='succeeded'),0)::int as paid,
                      coalesce(sum(amount) filter (where type='refund' and status='succeeded'),0)::int as refunded
                 from omnichannel_operation where chain_id = '${chain.id}'`
            )
            expect(row).toEqual({ paid: m.paid, refunded: m.refunded })
          }),
          { numRuns: 40 }
        )
        expect(runs).toBe(40)
      })
    })

    describe("concurrent refunds on one chain", () => {
      it("50 at once: one goes in flight, every other one gets REFUND_ORDER_LOCKED", async () => {
        const chain = await openPaidChain("EUR", 10000)
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            outcome(service.beginOperation(chain.id, { type: "refund", channel: i % 2 ? "online" : "in_store", amount: 100, currency_code: "EUR", reference: `return-${i}` }))
          )
        )
        expect(results.filter((r) => r.ok)).toHaveLength(1)
        expect(results.filter((r) => !r.ok)).toEqual(Array(49).fill({ ok: false, code: "REFUND_ORDER_LOCKED" }))
        const rows = await sql(`select status from omnichannel_operation where chain_id='${chain.id}' and type='refund'`)
        expect(rows).toEqual([{ status: "pending" }])
      })

      it("50 full refunds of the same return at once: refunded once, 49 REFUND_ORDER_LOCKED", async () => {
        const chain = await openPaidChain("KWD", 9000)
        const refundOnce = async () => {
          const op = await service.beginOperation(chain.id, { type: "refund", channel: "in_store", amount: 9000, currency_code: "KWD", reference: "RET-42" })
          await service.settleOperation(op.id, { status: "succeeded" })
        }
        const results = await Promise.all(Array.from({ length: 50 }, () => outcome(refundOnce())))
        expect(results.filter((r) => r.ok)).toHaveLength(1)
        expect(results.filter((r) => !r.ok)).toEqual(Array(49).fill({ ok: false, code: "REFUND_ORDER_LOCKED" }))
        expect(await service.getChainTotals(chain.id)).toMatchObject({ paid: 9000, refunded: 9000, refundable: 0 })
      })

      it("50 different partial refunds racing through to the end never exceed what was paid", async () => {
        const chain = await openPaidChain("JPY", 1000)
        const refund = async (i: number) => {
          const op = await service.beginOperation(chain.id, { type: "refund", channel: "online", amount: 150, currency_code: "JPY", reference: `r-${i}` })
          await service.settleOperation(op.id, { status: "succeeded" })
        }
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => outcome(refund(i))))
        const totals = await service.getChainTotals(chain.id)
        expect(totals.refunded).toBeLessThanOrEqual(1000)
        expect(totals.refunded).toBe(results.filter((r) => r.ok).length * 150)
        for (const r of results.filter((r) => !r.ok)) {
          expect(["REFUND_ORDER_LOCKED", "REFUND_EXCEEDS_PAID"]).toContain((r as { code: string }).code)
        }
      })

      it("the database refuses a second in-flight refund even when the service check is bypassed", async () => {
        const chain = await openPaidChain("EUR", 1000)
        await service.createOmnichannelOperations({ chain_id: chain.id, type: "refund", channel: "online", amount: 100, currency_code: "EUR", status: "pending", reference: "a" })
        await expect(
          service.createOmnichannelOperations({ chain_id: chain.id, type: "refund", channel: "in_store", amount: 100, currency_code: "EUR", status: "pending", reference: "b" })
        ).rejects.toThrow()
      })
    })

    describe("card tokens", () => {
      const PAN = "4242424242424242"
      /** A card as the platform's hosted form describes it: its offline token as fingerprint, never the PAN. */
      const hosted = (pan: string, acquirer_token: string | null = null) => ({
        ...describeCard(pan),
        fingerprint: computeOfflineToken(TOKEN_KEY, pan),
        acquirer_token,
        generated_token: null,
      })
      const tokenizeOnline = (pan: string) => service.tokenizeHostedCard(hosted(pan), false)

      it("the same card gets the same CRM token online and at the till, and no PAN is stored", async () => {
        const online = await tokenizeOnline(PAN)
        const terminalToken = computeOfflineToken(TOKEN_KEY, PAN)
        const inStore = await service.tokenizeTerminalCard({ offline_token: terminalToken, brand: "visa", bin: "424242", last4: "4242" })
        expect(online.offline_token).toBe(terminalToken)
        expect(inStore.card_token?.id).toBe(online.card_token!.id)
        expect(inStore.card_token?.token).toBe(online.card_token!.token)
        expect(online.card_token!.token).toMatch(/^424242\d{6}4242$/)
        expect(isLuhnValid(online.card_token!.token)).toBe(false)

        const dump = JSON.stringify(await sql("select * from omnichannel_card_token"))
        expect(dump).not.toContain(PAN)
      })

      it("a till without offline tokens: the card is known by its PAR, or not at all", async () => {
        const card = { brand: "visa", bin: "424242", last4: "4242" }
        const byPar = await service.tokenizeTerminalCard({ ...card, par: "V0010013020001234567890123456" })
        const again = await service.tokenizeTerminalCard({ ...card, par: "v0010013020001234567890123456" })
        const otherPar = await service.tokenizeTerminalCard({ ...card, par: "V0010013020009999999999999999" })
        const byOffline = await service.tokenizeTerminalCard({ ...card, offline_token: computeOfflineToken(TOKEN_KEY, PAN) })
        expect(byPar.card_token?.token).toMatch(/^424242\d{6}4242$/)
        expect(again.card_token?.id).toBe(byPar.card_token?.id)
        expect(otherPar.card_token?.id).not.toBe(byPar.card_token?.id)
        expect(byOffline.card_token?.id).not.toBe(byPar.card_token?.id)
        expect(byPar.offline_token).toBeNull()
        expect(await service.tokenizeTerminalCard(card)).toEqual({ card_token: null, offline_token: null })
      })

      it("ten channels tokenizing one new card at once make one token", async () => {
        const pan = "5555555555554444"
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            i % 2
              ? tokenizeOnline(pan)
              : service.tokenizeTerminalCard({ offline_token: computeOfflineToken(TOKEN_KEY, pan), bin: "555555", last4: "4444" })
          )
        )
        expect(new Set(results.map((r) => r.card_token?.token)).size).toBe(1)
        expect(await service.listOmnichannelCardTokens({ last4: "4444" })).toHaveLength(1)
      })

      it("different cards get different tokens, never valid card numbers", async () => {
        const pans = ["4000000000000002", "4000000000009995", "4000000000000119", "378282246310005", "6011111111111117"]
        const tokens = await Promise.all(pans.map((p) => tokenizeOnline(p)))
        expect(new Set(tokens.map((t) => t.card_token!.token)).size).toBe(pans.length)
        tokens.forEach((t, i) => {
          expect(t.card_token!.token).toHaveLength(pans[i].length)
          expect(isLuhnValid(t.card_token!.token)).toBe(false)
        })
      })

      it("the platform's token is kept only with the customer's consent, and the platform's own CRM token is used when it gives one", async () => {
        const once = await service.tokenizeHostedCard(hosted(PAN, "platform-token-1"), false)
        expect(once.card_token!.acquirer_token).toBeNull()
        const kept = await service.tokenizeHostedCard(hosted(PAN, "platform-token-1"), true)
        expect(kept.card_token!.id).toBe(once.card_token!.id)
        expect(kept.card_token!.acquirer_token).toBe("platform-token-1")
        const platformMade = await service.tokenizeHostedCard({ ...hosted("5555555555554444"), generated_token: "555555K4J3534444" }, false)
        expect(platformMade.card_token!.token).toBe("555555K4J3534444")
        expect(await service.tokenizeHostedCard({ ...hosted("378282246310005"), fingerprint: null }, true)).toEqual({ card_token: null, offline_token: null })
      })

      it("refuses an invalid offline token, writing nothing", async () => {
        expect(await outcome(service.tokenizeTerminalCard({ offline_token: "xyz", bin: "424242", last4: "4242" }))).toEqual({ ok: false, code: "INVALID_CARD" })
        expect(await service.listOmnichannelCardTokens({})).toHaveLength(0)
      })
    })
  },
})
