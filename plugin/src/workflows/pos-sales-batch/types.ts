import type { CardTokenDTO } from "../../modules/omnichannel/service"
import type { PosSaleInput, SaleLine } from "../pos-sales/types"

/** A sale of a bulk run, checked and ready to write. */
export type PlannedSale = {
  sale: PosSaleInput
  lines: SaleLine[]
  currency_code: string
  region_id: string
  sales_channel_id: string | null
  /** Per payment, the terminal's offline limits it went beyond (offline cards only). */
  offline_flags: (string[] | undefined)[]
}

/** A sale of the run refused before anything was written: its answer, as the single route gives it. */
export type RefusedSale = { sale_id: string; code: string; message: string; field?: string }

export type SaleCard = NonNullable<Extract<PosSaleInput["payments"][number], { method: "card" }>["card"]>
export type SaleToken = CardTokenDTO | null
