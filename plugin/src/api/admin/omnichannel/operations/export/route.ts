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
/** Lines per write: about 60 kB. */
const WRITE_ROWS = 500

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
  // `to` is exclusive: the file is named after the last day it covers.
  const lastDay = new Date(Math.max(from.getTime(), to.getTime() - 1))
  res.status(200)
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="omnichannel-operations-${day(from)}-to-${day(lastDay)}.csv"`)
  res.setHeader("Cache-Control", "no-store")
  try {
    await send(csvLine([...EXPORT_COLUMNS]))
    for await (const page of ledger.operationExportPages({ from, to, channel, method, terminal_id, crm_token }, pageSize())) {
      if (gone) break
      const displayIds = await orderDisplayIdsOfChains(req.scope, [...new Set(page.map((row) => row.chain_id))])
      // Written a few hundred lines at a time: short strings die young (a page-sized one would
      // sit in V8's old space until a full collection), and the client's pace sets ours.
      for (let i = 0; i < page.length && !gone; i += WRITE_ROWS) {
        let chunk = ""
        for (const row of page.slice(i, i + WRITE_ROWS)) chunk += operationLine(row, displayIds.get(row.chain_id))
        await send(chunk)
      }
    }
    res.end()
  } catch (err) {
    // Headers are out: cut the response short so the client never takes half a file for a whole one.
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).error(`omnichannel: operations export failed: ${(err as Error).message}`)
    res.destroy(err as Error)
  }
}
