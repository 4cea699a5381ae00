import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import type { PosSaleInput, SaleLine } from "../types"

/** The till's SKUs as Medusa variants. An unknown SKU refuses the whole sale. */
export const resolveSaleLinesStep = createStep(
  "omnichannel-resolve-sale-lines",
  async ({ items }: { items: PosSaleInput["items"] }, { container }) => {
    if (!items.length) return new StepResponse<SaleLine[]>([])
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "product_variant",
      fields: ["id", "sku", "title", "product.id", "product.title"],
      filters: { sku: [...new Set(items.map((i) => i.sku))] },
    })
    const bySku = new Map(data.map((v) => [v.sku, v]))
    const lines = items.map((item, i) => {
      const v = bySku.get(item.sku)
      if (!v) {
        throw new OmnichannelError("UNKNOWN_SKU", `items.${i}.sku: unknown SKU "${item.sku}"`, `items.${i}.sku`)
      }
      return {
        sku: item.sku,
        variant_id: v.id,
        product_id: v.product?.id ?? "",
        title: v.product?.title ? `${v.product.title} ${v.title ?? ""}`.trim() : (v.title ?? item.sku),
        quantity: item.quantity,
        unit_price: item.unit_price,
        fulfilled: item.fulfilled,
      }
    })
    return new StepResponse(lines)
  }
)
