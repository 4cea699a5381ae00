import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { StoreLevelChanged } from "../../../pos-client/client"
import { inventoryUnits } from "../../common/inventory-units"

/** Medusa's inventory levels as the tills are told them, by SKU. */
export const describeLevelsForTerminalsStep = createStep(
  "omnichannel-describe-levels-for-terminals",
  async ({ level_ids }: { level_ids: string[] }, { container }) => {
    if (!level_ids.length) return new StepResponse<StoreLevelChanged[]>([])
    const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "inventory_level",
      fields: ["id", "location_id", "inventory_item_id", "stocked_quantity", "reserved_quantity", "inventory_item.sku", "inventory_item.variants.id"],
      filters: { id: level_ids },
    })
    return new StepResponse<StoreLevelChanged[]>(
      (data as any[]).map((level) => {
        const stocked = inventoryUnits(level.stocked_quantity)
        const reserved = inventoryUnits(level.reserved_quantity)
        return {
          stock_location_id: level.location_id,
          inventory_item_id: level.inventory_item_id,
          sku: level.inventory_item?.sku ?? null,
          variant_id: level.inventory_item?.variants?.[0]?.id ?? null,
          stocked_quantity: stocked,
          reserved_quantity: reserved,
          available_quantity: stocked - reserved,
        }
      })
    )
  }
)
