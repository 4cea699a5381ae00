import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { variantsBySku } from "../../common/variants-by-sku"
import type { SkuVariant } from "../../common/variants-by-sku"
import type { PosSaleInput, SaleLine } from "../types"

/** The till's SKUs as Medusa variants. An unknown SKU refuses the whole sale. */
export const resolveSaleLinesStep = createStep(
  "omnichannel-resolve-sale-lines",
  async ({ items }: { items: PosSaleInput["items"] }, { container }) => {
    const bySku = await variantsBySku(container, items.map((i) => i.sku))
    const lines = items.map((item, i): SaleLine => {
      const v = bySku.get(item.sku)
      if (!v) {
        throw new OmnichannelError("UNKNOWN_SKU", `items.${i}.sku: unknown SKU "${item.sku}"`, `items.${i}.sku`)
      }
      return saleLine(item, v)
    })
    return new StepResponse(lines)
  }
)

/** A till's line as the order's line: the variant the SKU names, the till's price and quantity. */
export function saleLine(item: PosSaleInput["items"][number], v: SkuVariant): SaleLine {
  return {
    sku: item.sku,
    variant_id: v.id,
    product_id: v.product_id,
    title: v.product_title ? `${v.product_title} ${v.title}`.trim() : v.title,
    quantity: item.quantity,
    unit_price: item.unit_price,
    fulfilled: item.fulfilled,
    inventory: v.inventory,
  }
}
