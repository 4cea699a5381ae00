import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { normalizeCurrency } from "../../../money"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import { variantsBySku } from "../../common/variants-by-sku"
import { isOfflineCard } from "../../pos-sales/sale-payment-fields"
import { saleLine } from "../../pos-sales/steps/resolve-sale-lines"
import type { PosSaleInput } from "../../pos-sales/types"
import type { PlannedSale, RefusedSale } from "../types"

const IN_STORE_CHANNEL = "In-store"

/**
 * Checks a run of new in-store sales as the single-sale workflow would, in its order (SKUs,
 * the region of the currency, payments against the basket), with one query per kind for the
 * whole run: a sale refused here is refused alone, with the answer the single route gives,
 * and nothing of it is written. Also asks which offline card payments go beyond the
 * terminal's offline limits (flagged, never refused).
 */
export const planSalesRunStep = createStep(
  "omnichannel-plan-pos-sales-run",
  async ({ sales }: { sales: PosSaleInput[] }, { container }) => {
    const bySku = await variantsBySku(container, sales.flatMap((s) => s.items.map((i) => i.sku)))
    const currencies = [...new Set(sales.map((s) => normalizeCurrency(s.currency_code)))]
    const regions = await container.resolve(Modules.REGION).listRegions({ currency_code: { $in: currencies.map((c) => c.toLowerCase()) } }, { select: ["id", "currency_code"] })
    const regionOf = new Map<string, string>()
    for (const r of regions) if (!regionOf.has(r.currency_code.toUpperCase())) regionOf.set(r.currency_code.toUpperCase(), r.id)
    const [channel] = await container.resolve(Modules.SALES_CHANNEL).listSalesChannels({ name: IN_STORE_CHANNEL }, { select: ["id"] })

    const planned: PlannedSale[] = []
    const refused: RefusedSale[] = []
    for (const sale of sales) {
      const refuse = (code: string, message: string, field: string) => refused.push({ sale_id: sale.sale_id, code, message, field })
      const unknown = sale.items.findIndex((item) => !bySku.has(item.sku))
      if (unknown >= 0) {
        refuse("UNKNOWN_SKU", `items.${unknown}.sku: unknown SKU "${sale.items[unknown].sku}"`, `items.${unknown}.sku`)
        continue
      }
      if (!sale.items.length) {
        refuse("INVALID_DATA", "items: a new sale needs at least one item", "items")
        continue
      }
      const currency = normalizeCurrency(sale.currency_code)
      const region = regionOf.get(currency)
      if (!region) {
        refuse("CURRENCY_MISMATCH", `currency_code: no region of the store sells in ${currency}`, "currency_code")
        continue
      }
      const basket = sale.items.reduce((s, i) => s + i.quantity * i.unit_price, 0)
      const paying = sale.payments.reduce((s, p) => s + p.amount, 0)
      if (paying > basket) {
        refuse("PAYMENTS_EXCEED_TOTAL", `payments: ${paying} paid exceeds the ${basket} due; send cash as kept, with tendered and change`, "payments")
        continue
      }
      const lines = sale.items.map((item) => saleLine(item, bySku.get(item.sku)!))
      planned.push({ sale, lines, currency_code: currency, region_id: region, sales_channel_id: channel?.id ?? null, offline_flags: sale.payments.map(() => undefined) })
    }

    // The run's offline card payments in the order they happened: each is checked with the ones before it.
    const offline = planned.flatMap((p) => p.sale.payments.flatMap((payment, i) => (isOfflineCard(payment) ? [{ p, i, payment }] : [])))
    if (offline.length) {
      const flags = await container
        .resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
        .offlineLimitFlags(
          sales[0].terminal.id,
          offline.map(({ p, payment }) => ({ amount: payment.amount, currency_code: p.currency_code, occurred_at: p.sale.occurred_at }))
        )
      offline.forEach(({ p, i }, n) => (p.offline_flags[i] = flags[n]?.length ? [...flags[n]] : undefined))
    }
    return new StepResponse({ planned, refused })
  }
)
