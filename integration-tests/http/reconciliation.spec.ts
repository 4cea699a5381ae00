import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import type { Knex } from "knex"
import { sandboxLedger } from "../../plugin/src/acquirers/sandbox"
import reconcilePaymentsJob from "../../plugin/src/jobs/reconcile-payments"
import { toMajor } from "../../plugin/src/money"
import type { PosClient } from "../../plugin/src/pos-client"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { paidOnlineOrder } from "../helpers/checkout"
import { newTill } from "../helpers/till-sale"

jest.setTimeout(300 * 1000)

/**
 * Reconciliation as the admin sees it: a store whose records agree lists nothing; a
 * difference planted in Medusa's order records or in the acquirer's ledger is listed, exactly,
 * with the run; the daily job runs the same comparison; bad input changes nothing.
 */
storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: "reconciliation-suite-token-key-0123456789abcdef",
  },
  testSuite: ({ api, getContainer }) => {
    let pos: PosClient
    let online: { order_id: string; payment_id: string }

    const http = () => api as AxiosInstance
    const store = seededStore(api, getContainer)
    const { admin } = store
    const db = () => store.container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
    const reconcile = async (body: unknown = {}) => {
      const res = await admin("post", "/admin/omnichannel/reconciliations", body)
      expect(res.status).toBe(201)
      return res.data.reconciliation
    }
    /** The online chain's first card payment: its acquirer reference and amount. */
    const onlinePayment = async () => {
      const { rows } = await db().raw(
        `select o.acquirer_reference, o.amount from omnichannel_operation o join omnichannel_chain c on c.id = o.chain_id
          where c.payment_id = ? and o.type in ('payment', 'authorization') and o.status = 'succeeded' order by o.created_at limit 1`,
        [online.payment_id]
      )
      return rows[0] as { acquirer_reference: string; amount: number }
    }
    const chainTotals = async (paymentId: string) => (await admin("get", `/admin/omnichannel/chains/${paymentId}`)).data.chain.totals

    beforeEach(async () => {
      ;({ pos } = await newTill(http(), store.headers, { name: "Till", stock_location_id: store.seed.stock_location_ids.store_paris }))
      // An online card order, captured with Medusa's button, partly refunded through the plugin;
      // a till sale by card (the terminal took it) and one in cash.
      online = await paidOnlineOrder(http(), store.container, store.seed, store.headers)
      const refund = await admin("post", `/admin/omnichannel/chains/${online.payment_id}/refunds`, { amount: 500, currency_code: "EUR", reference: "R-RECON-1" })
      expect(refund.status).toBe(201)
      for (const payment of [
        { method: "card" as const, amount: 3000, acquirer_reference: "T1-RECON", card: { brand: "visa", bin: "424242", last4: "4242" } },
        { method: "cash" as const, amount: 3000 },
      ]) {
        const sale = await pos.sales({
          sale_id: `S-RECON-${payment.method}`,
          occurred_at: new Date().toISOString(),
          currency_code: "EUR",
          items: [{ sku: "SHIRT-M", quantity: 2, unit_price: 1500, fulfilled: true }],
          payments: [payment],
        })
        expect(sale.status).toBe(201)
      }
    })

    describe("POST /admin/omnichannel/reconciliations", () => {
      it("a store whose records agree: every chain checked, the online one at the acquirer too, no difference", async () => {
        const run = await reconcile()
        expect(run).toEqual(
          expect.objectContaining({ trigger: "admin", status: "completed", differences_count: 0, acquirer_unavailable: 0, differences: [] })
        )
        expect(run.chains_checked).toBe(3)
        // The till's card sale and the cash sale never went through the acquirer.
        expect(run.acquirer_checked).toBe(1)
        expect(run.finished_at).toBeTruthy()
        expect(Date.now() - new Date(run.since).getTime()).toBeGreaterThanOrEqual(7 * 24 * 3600_000 - 60_000)

        const list = await admin("get", "/admin/omnichannel/reconciliations")
        expect(list.status).toBe(200)
        expect(list.data.count).toBe(1)
        expect(list.data.reconciliations[0]).toEqual(expect.objectContaining({ id: run.id, differences_count: 0 }))
      })

      it("Medusa's order lost part of what was paid: exactly that difference is listed, and GET /:id gives it back", async () => {
        const totals = await chainTotals(online.payment_id)
        expect(totals.paid).toBeGreaterThan(1000)
        const medusaPaid = totals.paid - 1000
        // Medusa's order summary (what its admin shows as paid) now says 10.00 EUR less.
        const planted = await db().raw(
          `update order_summary
              set totals = jsonb_set(jsonb_set(totals, '{paid_total}', to_jsonb(?::numeric)), '{raw_paid_total}', jsonb_build_object('value', ?::text, 'precision', 20))
            where order_id = ? and deleted_at is null and version = (select version from "order" where id = ?)`,
          [toMajor(medusaPaid, "EUR"), String(toMajor(medusaPaid, "EUR")), online.order_id, online.order_id]
        )
        expect(planted.rowCount).toBe(1)

        const run = await reconcile({ days: 2 })
        expect(run.differences_count).toBe(1)
        expect(run.differences).toEqual([
          expect.objectContaining({
            kind: "order_paid_mismatch",
            payment_id: online.payment_id,
            order_id: online.order_id,
            currency_code: "EUR",
            expected: totals.paid,
            actual: medusaPaid,
          }),
        ])
        expect(run.differences[0].message).toContain(`${(totals.paid / 100).toFixed(2)} EUR`)
        expect(run.differences[0].message).toContain(`${(medusaPaid / 100).toFixed(2)} EUR`)

        const again = await admin("get", `/admin/omnichannel/reconciliations/${run.id}`)
        expect(again.status).toBe(200)
        expect(again.data.reconciliation).toEqual(expect.objectContaining({ id: run.id, differences_count: 1, status: "completed" }))
        expect(again.data.reconciliation.differences.map((d: any) => [d.kind, d.payment_id, d.expected, d.actual])).toEqual([
          ["order_paid_mismatch", online.payment_id, totals.paid, medusaPaid],
        ])
        const missing = await admin("get", "/admin/omnichannel/reconciliations/orec_nope")
        expect([missing.status, missing.data.code]).toEqual([404, "NOT_FOUND"])
      })

      it("the acquirer shows a refund the store never recorded: acquirer_refunded_mismatch; an acquirer that lost its records is unavailable, not a difference", async () => {
        const payment = await onlinePayment()
        const totals = await chainTotals(online.payment_id)
        expect(totals.refunded).toBe(500)
        const ledger = sandboxLedger()
        ledger.charges.push({ idempotency_key: `planted-${Date.now()}`, kind: "refund", amount: 300, currency_code: "EUR", reference: "SBX-planted", payment_reference: payment.acquirer_reference })

        const run = await reconcile()
        expect(run.differences).toEqual([
          expect.objectContaining({ kind: "acquirer_refunded_mismatch", payment_id: online.payment_id, expected: 500, actual: 800, currency_code: "EUR" }),
        ])
        expect(run.differences[0].message).toMatch(/5\.00 EUR refunded to the card.*8\.00 EUR refunded/)
        expect([run.acquirer_checked, run.acquirer_unavailable]).toEqual([1, 0])

        // The sandbox "restarted": it no longer knows the payment, so it cannot say.
        const kept = ledger.charges.filter((c) => c.reference !== payment.acquirer_reference && c.payment_reference !== payment.acquirer_reference)
        ledger.charges.splice(0, ledger.charges.length, ...kept)
        const blind = await reconcile()
        expect(blind.differences).toEqual([])
        expect([blind.acquirer_checked, blind.acquirer_unavailable]).toEqual([0, 1])
      })

      it("a payment stuck pending and money taken without an order are listed", async () => {
        // A second online checkout whose order link is lost and whose chain is two hours old.
        const lost = await paidOnlineOrder(http(), store.container, store.seed, store.headers)
        await db().raw(`delete from order_order_omnichannel_omnichannel_chain where order_id = ?`, [lost.order_id])
        await db().raw(`update omnichannel_chain set created_at = now() - interval '2 hours' where payment_id = ?`, [lost.payment_id])
        // And a refund on the first chain that never got its answer, 20 minutes ago.
        const { rows } = await db().raw(
          `update omnichannel_operation set status = 'pending', created_at = now() - interval '20 minutes'
            where id = (select o.id from omnichannel_operation o join omnichannel_chain c on c.id = o.chain_id where c.payment_id = ? and o.type = 'refund')
            returning id, amount`,
          [online.payment_id]
        )
        const lostPaid = (await chainTotals(lost.payment_id)).paid

        const run = await reconcile()
        const found = run.differences.map((d: any) => [d.kind, d.payment_id, d.operation_id, d.expected]).sort()
        expect(found).toEqual(
          [
            ["chain_without_order", lost.payment_id, null, lostPaid],
            ["operation_stuck", online.payment_id, rows[0].id, 500],
          ].sort()
        )
      })

      it("bad input is refused (400 INVALID_DATA naming the field) and records no run", async () => {
        for (const body of [{ days: 0 }, { days: "x" }, { days: 1000 }, { days: 1.5 }, { days: 7, extra: true }]) {
          const res = await admin("post", "/admin/omnichannel/reconciliations", body)
          expect([res.status, res.data.code]).toEqual([400, "INVALID_DATA"])
          expect(res.data.message).toMatch(/^(days|body)\b/)
        }
        const badQuery = await admin("get", "/admin/omnichannel/reconciliations?limit=0")
        expect(badQuery.status).toBe(400)
        const { rows } = await db().raw(`select count(*)::int as n from omnichannel_reconciliation`)
        expect(rows[0].n).toBe(0)
      })

    })

    describe("the daily reconciliation job", () => {
      it("the daily job runs the same reconciliation (trigger schedule) and prunes acquirer calls past 35 days", async () => {
        const payment = await onlinePayment()
        sandboxLedger().charges.push({ idempotency_key: `planted-${Date.now()}`, kind: "capture", amount: 200, currency_code: "EUR", reference: "SBX-planted-capture", payment_reference: payment.acquirer_reference })
        const paid = (await chainTotals(online.payment_id)).paid
        await db().raw(
          `insert into omnichannel_acquirer_call (id, acquirer, call, outcome, duration_ms, created_at, updated_at)
           values ('oacq_old', 'sandbox', 'authorize', 'ok', 12, now() - interval '40 days', now()),
                  ('oacq_recent', 'sandbox', 'authorize', 'ok', 12, now() - interval '30 days', now())`
        )

        await reconcilePaymentsJob(store.container)

        const list = await admin("get", "/admin/omnichannel/reconciliations?limit=5")
        expect(list.data.count).toBe(1)
        const run = (await admin("get", `/admin/omnichannel/reconciliations/${list.data.reconciliations[0].id}`)).data.reconciliation
        expect(run).toEqual(expect.objectContaining({ trigger: "schedule", status: "completed", actor_id: null, chains_checked: 3 }))
        expect(run.differences).toEqual([
          expect.objectContaining({ kind: "acquirer_captured_mismatch", payment_id: online.payment_id, expected: paid, actual: paid + 200 }),
        ])
        const { rows } = await db().raw(`select id from omnichannel_acquirer_call where id in ('oacq_old', 'oacq_recent')`)
        expect(rows.map((r: { id: string }) => r.id)).toEqual(["oacq_recent"])
      })
    })
  },
})
