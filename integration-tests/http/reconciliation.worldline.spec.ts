import { storeTestRunner } from "../helpers/store-runner"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import type { Knex } from "knex"
import { seededStore } from "../helpers/admin"
import { paidOnlineOrder } from "../helpers/checkout"
import { useTestAcquirer } from "../helpers/test-acquirer"

jest.setTimeout(300 * 1000)

/**
 * Reconciliation with the store on Worldline Direct (the local server speaking its
 * contract): the acquirer's side comes from GET /payments/{id}/details. A difference at the
 * platform is listed; a platform that cannot be reached leaves the run completed, its chains
 * counted as unavailable.
 */
const acquirer = useTestAcquirer("worldline-direct")

storeTestRunner({
  testSuite: ({ api, getContainer }) => {
    const http = () => api as AxiosInstance
    const store = seededStore(api, getContainer)
    const { admin } = store
    const server = () => acquirer.server!


    describe("reconciliation against Worldline's records", () => {
      it("agrees with the platform's records, lists what the platform holds differently, and survives the platform not answering", async () => {
        const online = await paidOnlineOrder(http(), store.container, store.seed, store.headers, undefined, true, acquirer.platform)
        const refund = await admin("post", `/admin/omnichannel/chains/${online.payment_id}/refunds`, { amount: 700, currency_code: "EUR", reference: "R-WL-RECON" })
        expect(refund.status).toBe(201)
        const detailsCalls = () => server().received.filter((r) => r.method === "GET" && r.path.endsWith("/details")).length

        const before = detailsCalls()
        const clean = (await admin("post", "/admin/omnichannel/reconciliations", {})).data.reconciliation
        expect(clean).toEqual(expect.objectContaining({ status: "completed", chains_checked: 1, acquirer_checked: 1, acquirer_unavailable: 0, differences: [] }))
        expect(detailsCalls()).toBe(before + 1)

        // The platform shows a capture the store never asked for.
        const { rows } = await store.container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION).raw(
          `select o.acquirer_reference from omnichannel_operation o join omnichannel_chain c on c.id = o.chain_id
            where c.payment_id = ? and o.type in ('payment', 'authorization') and o.status = 'succeeded'`,
          [online.payment_id]
        )
        expect(rows).toHaveLength(1)
        const paid = (await admin("get", `/admin/omnichannel/chains/${online.payment_id}`)).data.chain.totals.paid
        server().alterPaymentRecord(rows[0].acquirer_reference, { captured: 250 })
        const found = (await admin("post", "/admin/omnichannel/reconciliations", { days: 1 })).data.reconciliation
        expect(found.differences.map((d: any) => [d.kind, d.payment_id, d.expected, d.actual])).toEqual([
          ["acquirer_captured_mismatch", online.payment_id, paid, paid + 250],
        ])
        expect(found.differences[0].message).toContain("worldline-direct")

        // The platform is unreachable: the run still completes, the chain counted as unavailable.
        const port = Number(new URL(server().url).port)
        await server().stop()
        const blind = await admin("post", "/admin/omnichannel/reconciliations", {}).finally(() => server().start(port))
        expect(blind.status).toBe(201)
        expect(blind.data.reconciliation).toEqual(expect.objectContaining({ status: "completed", acquirer_checked: 0, acquirer_unavailable: 1, differences: [] }))
      })
    })
  },
})
