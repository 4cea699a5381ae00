import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

// PostgreSQL's "admin shutdown", "crash shutdown", "cannot connect now" and the connection-exception class.
const LOST_CONNECTION_CODES = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"])
// How pg, knex and the OS word it. knex says "Transaction query already complete" when the
// BEGIN failed on a dead pooled connection: it still runs the transaction's body, and the
// body's first statement reports that instead of the lost connection.
const LOST_CONNECTION_MESSAGES =
  /terminating connection|Connection terminated|not queryable|Transaction query already complete|server closed the connection|ECONNRESET|ECONNREFUSED|EPIPE/i

export function isLostDatabaseConnection(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown } | undefined
  if (!e) return false
  if (e.code && LOST_CONNECTION_CODES.has(e.code)) return true
  if (LOST_CONNECTION_MESSAGES.test(e.message ?? "")) return true
  return e.cause !== undefined && e.cause !== err && isLostDatabaseConnection(e.cause)
}

/**
 * One pass of a scheduled job. When the database connection goes away under it (a restart,
 * a failover; Medusa's test runner recreating the database), the pass runs once more on a
 * fresh connection from the pool; if that fails the same way, one warning says so and the
 * job's next pass picks the work up (claimed rows are leased, so nothing is lost or doubled).
 * Any other error is the job's own and is thrown as before.
 */
export async function runJobPass(container: MedusaContainer, jobName: string, pass: () => Promise<unknown>) {
  try {
    await pass()
  } catch (first) {
    if (!isLostDatabaseConnection(first)) throw first
    try {
      await pass()
    } catch (second) {
      if (!isLostDatabaseConnection(second)) throw second
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`${jobName}: the database connection was lost (${(second as Error).message.split("\n")[0].slice(0, 200)}); the next run takes over`)
    }
  }
}
