import { once } from "node:events"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OMNICHANNEL_MODULE } from "../../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../../modules/omnichannel/service"
import { EXPORT_PAGE_SIZE } from "../../../../../modules/omnichannel/services/operation-exports"
import { csvLine, EXPORT_COLUMNS, operationLine } from "./csv"
import { orderDisplayIdsOfChains } from "./order-display-ids"
import type { ExportOperationsQuery } from "./validators"

/** Rows read per page; OMNI_EXPORT_PAGE_SIZE lets a test walk many pages with few rows. */
const pageSize = () => Number(process.env.OMNI_EXPORT_PAGE_SIZE) || EXPORT_PAGE_SIZE

/**
 * The window's operations as CSV, streamed: one page of the module's keyset read at a time,
 * the next read only once the client has taken the last one (write() false -> wait for drain),
 * so memory stays flat whatever the window holds. Reads only.
 */
export async function GET(req: MedusaRequest<unknown, ExportOperationsQuery>, res: MedusaResponse) {
  const { from, to, channel, method, terminal_id, crm_token } = req.validatedQuery as unknown as ExportOperationsQuery
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  let gone = false
  res.on("close", () => (gone = !res.writableFinished))
  const send = async (chunk: string) => {
    if (!res.write(chunk) && !gone) await Promise.race([once(res, "drain"), once(res, "close")])
  }

  const day = (d: Date) => d.toISOString().slice(0, 10)
  res.status(200)
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="omnichannel-operations-${day(from)}-to-${day(to)}.csv"`)
  res.setHeader("Cache-Control", "no-store")
  try {
    await send(csvLine([...EXPORT_COLUMNS]))
    for await (const page of ledger.operationExportPages({ from, to, channel, method, terminal_id, crm_token }, pageSize())) {
      if (gone) break
      const displayIds = await orderDisplayIdsOfChains(req.scope, [...new Set(page.map((row) => row.chain_id))])
      await send(page.map((row) => operationLine(row, displayIds.get(row.chain_id))).join(""))
    }
    res.end()
  } catch (err) {
    // Headers are out: cut the response short so the client never takes half a file for a whole one.
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).error(`omnichannel: operations export failed: ${(err as Error).message}`)
    res.destroy(err as Error)
  }
}
