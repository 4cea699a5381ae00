import { logger } from "@medusajs/framework/logger"
import { Client } from "pg"
import type { AxiosInstance } from "axios"
import { storeTestRunner } from "../helpers/store-runner"
import { seedAndLogin } from "../helpers/admin"
import { eventually, WebhookReceiver } from "../helpers/webhook-receiver"

jest.setTimeout(180 * 1000)

const JOBS = /omnichannel-deliver-terminal-notifications|omnichannel-apply-pending-stock-movements|Transaction query already complete/

/**
 * Medusa's test runner recreates the database before every test, and a database restart or
 * failover does the same to a running store: the connections of the store die under its
 * scheduled jobs. Before the fix the delivery job then logged errors, among them knex's
 * "Transaction query already complete" (a BEGIN that failed on a dead connection, after which
 * knex still runs the transaction's body). Here the store's connections are cut again and
 * again while notifications are being delivered.
 */
storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: "lost-connection-suite-token-key-0123456789",
    OMNI_WEBHOOK_RETRY_BASE_MS: "100",
    OMNI_WEBHOOK_TIMEOUT_MS: "2000",
  },
  testSuite: ({ api, getContainer }) => {
    const receiver = new WebhookReceiver()
    const logged: string[] = []
    const originalError = logger.error.bind(logger)

    beforeAll(async () => {
      await receiver.start()
      ;(logger as any).error = (...args: any[]) => {
        logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a?.message ?? a))).join(" "))
        return (originalError as any)(...args)
      }
    })
    afterAll(async () => {
      ;(logger as any).error = originalError
      await receiver.stop()
    })

    describe("the terminal notification delivery job", () => {
      it("connections cut under the delivery job: no job error is logged, and every notification still reaches the till", async () => {
        const container = getContainer()
        const { seed, headers } = await seedAndLogin(container, api)
        const created = await (api as AxiosInstance).post(
          "/admin/omnichannel/terminals",
          { name: "Till behind a flaky database", stock_location_id: seed.stock_location_ids.store_paris, webhook_url: receiver.url },
          { headers }
        )
        receiver.secrets.set(created.data.terminal.id, created.data.secret)
        const ledger = container.resolve<any>("omnichannel")
        const queued: { id: string }[] = []
        for (let i = 0; i < 40; i++) queued.push(...(await ledger.enqueueTerminalNotifications("order.placed", { order_id: `order_${i}` })))

        const { rows } = await container.resolve<any>("__pg_connection__").raw("select current_database() as db")
        const db: string = rows[0].db
        const killer = new Client({ host: process.env.DB_HOST ?? "localhost", user: process.env.DB_USERNAME ?? "postgres", database: "postgres" })
        await killer.connect()
        // Rounds in which the store had connections to cut: how many depends on the machine's
        // speed (the pool reconnects lazily), so the test asks for repeated cuts, not a number of them.
        let roundsWithCuts = 0
        try {
          // At least 6 s of cuts, and on until 10 rounds have cut something (a slow machine gets there later).
          const atLeast = Date.now() + 6_000
          const atMost = Date.now() + 45_000
          for (let k = 0; Date.now() < atLeast || (roundsWithCuts < 10 && Date.now() < atMost); k++) {
            await new Promise((r) => setTimeout(r, 10 + (k % 7) * 11))
            const { rowCount } = await killer.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [db])
            if (rowCount) roundsWithCuts++
          }
        } finally {
          await killer.end()
        }
        expect(roundsWithCuts).toBeGreaterThanOrEqual(10)

        await eventually(async () => {
          const pending = await ledger.listOmnichannelOutboxMessages({ status: "pending" })
          return pending.length === 0
        }, 60_000)
        expect(new Set(receiver.deliveries().map((d) => d.delivery_id))).toEqual(new Set(queued.map((q) => q.id)))
        expect(receiver.deliveries().every((d) => d.signature_valid)).toBe(true)
        expect(logged.filter((line) => JOBS.test(line))).toEqual([])
      })
    })
  },
})
