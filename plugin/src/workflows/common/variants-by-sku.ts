import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

export type SkuVariant = {
  id: string
  sku: string
  title: string
  product_id: string
  product_title: string | null
  /** Empty when Medusa does not manage the variant's inventory. */
  inventory: { inventory_item_id: string; required_quantity: number }[]
}

/** Medusa's variants for the tills' SKUs, with the inventory items one unit takes. */
export async function variantsBySku(container: MedusaContainer, skus: string[]): Promise<Map<string, SkuVariant>> {
  if (!skus.length) return new Map()
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "product_variant",
    fields: [
      "id",
      "sku",
      "title",
      "manage_inventory",
      "product.id",
      "product.title",
      "inventory_items.inventory_item_id",
      "inventory_items.required_quantity",
    ],
    filters: { sku: [...new Set(skus)] },
  })
  return new Map(
    (data as any[]).map((v) => [
      v.sku,
      {
        id: v.id,
        sku: v.sku,
        title: v.title ?? v.sku,
        product_id: v.product?.id ?? "",
        product_title: v.product?.title ?? null,
        inventory: v.manage_inventory
          ? (v.inventory_items ?? []).map((i: any) => ({
              inventory_item_id: i.inventory_item_id,
              required_quantity: Number(i.required_quantity ?? 1),
            }))
          : [],
      },
    ])
  )
}
