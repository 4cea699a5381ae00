import type { HttpTypes } from "@medusajs/framework/types"
import { h, money } from "../dom"
import type { Shop } from "../medusa"

/** Products with a variant picker; `onAdd` gets the chosen variant. */
export async function catalogView(shop: Shop, onAdd: (variantId: string) => Promise<void>): Promise<HTMLElement> {
  const { products } = await shop.sdk.store.product.list({
    region_id: shop.config.region_id,
    fields: "id,title,handle,*variants,*variants.calculated_price",
    limit: 50,
  })
  return h("section", { class: "catalog", testid: "catalog" }, h("h2", {}, "Products"), h("div", { class: "grid" }, ...products.map((p) => productCard(shop, p, onAdd))))
}

function productCard(shop: Shop, product: HttpTypes.StoreProduct, onAdd: (variantId: string) => Promise<void>) {
  const variants = product.variants ?? []
  const price = (v: HttpTypes.StoreProductVariant) => money(v.calculated_price?.calculated_amount, shop.config.currency_code)
  const select = h("select", { "aria-label": `${product.title} option`, testid: `variant-${product.handle}` }, ...variants.map((v) => h("option", { value: v.id }, `${v.title} · ${price(v)}`)))
  const button = h("button", { testid: `add-${product.handle}` }, "Add to cart")
  button.addEventListener("click", async () => {
    button.disabled = true
    await onAdd(select.value).finally(() => (button.disabled = false))
  })
  return h("article", { class: "product", testid: "product" }, h("h3", {}, product.title), variants.length > 1 ? select : h("p", {}, variants[0] ? price(variants[0]) : ""), variants.length > 1 ? null : hiddenValue(select), button)
}

/** A single-variant product still carries its variant in the (hidden) select. */
function hiddenValue(select: HTMLSelectElement) {
  select.hidden = true
  return select
}
