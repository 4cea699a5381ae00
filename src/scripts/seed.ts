import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  createUserAccountWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateRegionsWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

/**
 * Seeds the reference store. Every section looks for what it would create first,
 * so running it twice (as `npm run demo` does on each start) changes nothing.
 */

export const DEMO_ADMIN = {
  email: process.env.DEMO_ADMIN_EMAIL ?? "admin@omnichannel.test",
  password: process.env.DEMO_ADMIN_PASSWORD ?? "omnichannel-demo",
}

export const OMNICHANNEL_PROVIDER_ID = "pp_omnichannel_card"
const PAYMENT_PROVIDERS = ["pp_system_default", OMNICHANNEL_PROVIDER_ID]

const EU_COUNTRIES = ["fr", "de", "es", "it", "nl", "be"]
const JP_COUNTRIES = ["jp"]

/** Catalogue: prices in Medusa's decimal major units (EUR 15 = 15.00, JPY has no decimals). */
const PRODUCTS = [
  {
    title: "Linen Shirt",
    handle: "linen-shirt",
    option: "Size",
    variants: [
      { value: "S", sku: "SHIRT-S", eur: 15, jpy: 2400 },
      { value: "M", sku: "SHIRT-M", eur: 15, jpy: 2400 },
      { value: "L", sku: "SHIRT-L", eur: 15, jpy: 2400 },
    ],
  },
  {
    title: "Canvas Sneakers",
    handle: "canvas-sneakers",
    option: "Size",
    variants: [
      { value: "40", sku: "SNEAKER-40", eur: 79.9, jpy: 12800 },
      { value: "42", sku: "SNEAKER-42", eur: 79.9, jpy: 12800 },
    ],
  },
  {
    title: "Tote Bag",
    handle: "tote-bag",
    option: "Colour",
    variants: [{ value: "Natural", sku: "TOTE-NATURAL", eur: 12.5, jpy: 1980 }],
  },
  {
    title: "Espresso Cup",
    handle: "espresso-cup",
    option: "Finish",
    variants: [{ value: "Glazed", sku: "CUP-GLAZED", eur: 9, jpy: 1500 }],
  },
]

const STOCK_PER_LOCATION: Record<string, number> = {
  "Web warehouse": 100,
  "Store Paris": 20,
}

export type SeedResult = {
  admin: typeof DEMO_ADMIN
  publishable_key: string
  region_ids: Record<"eur" | "jpy", string>
  sales_channel_ids: Record<"webshop" | "in_store", string>
  stock_location_ids: Record<"web_warehouse" | "store_paris", string>
}

async function ensureSalesChannels(container: MedusaContainer) {
  const service = container.resolve(Modules.SALES_CHANNEL)
  const wanted = [
    { name: "Webshop", description: "Online orders" },
    { name: "In-store", description: "Sales made at the tills" },
  ]
  const existing = await service.listSalesChannels({ name: wanted.map((w) => w.name) })
  const missing = wanted.filter((w) => !existing.some((e) => e.name === w.name))
  if (missing.length) {
    const { result } = await createSalesChannelsWorkflow(container).run({
      input: { salesChannelsData: missing },
    })
    existing.push(...result)
  }
  const byName = (n: string) => existing.find((e) => e.name === n)!
  return { webshop: byName("Webshop"), inStore: byName("In-store") }
}

async function ensureStore(container: MedusaContainer, defaultSalesChannelId: string) {
  const storeService = container.resolve(Modules.STORE)
  const [store] = await storeService.listStores({}, { relations: ["supported_currencies"] })
  const codes = (store.supported_currencies ?? []).map((c) => c.currency_code).sort()
  if (codes.join() !== "eur,jpy" || store.default_sales_channel_id !== defaultSalesChannelId) {
    await updateStoresWorkflow(container).run({
      input: {
        selector: { id: store.id },
        update: {
          name: "Omnichannel reference store",
          default_sales_channel_id: defaultSalesChannelId,
          supported_currencies: [
            { currency_code: "eur", is_default: true },
            { currency_code: "jpy" },
          ],
        },
      },
    })
  }
  return store
}

async function ensureRegions(container: MedusaContainer) {
  const regionService = container.resolve(Modules.REGION)
  const wanted = [
    { name: "Europe", currency_code: "eur", countries: EU_COUNTRIES },
    { name: "Japan", currency_code: "jpy", countries: JP_COUNTRIES },
  ]
  const existing = await regionService.listRegions({ name: { $in: wanted.map((w) => w.name) } })
  const missing = wanted.filter((w) => !existing.some((e) => e.name === w.name))
  if (missing.length) {
    const { result } = await createRegionsWorkflow(container).run({
      input: {
        regions: missing.map((r) => ({ ...r, payment_providers: PAYMENT_PROVIDERS })),
      },
    })
    existing.push(...result)
    await createTaxRegionsWorkflow(container).run({
      input: missing.flatMap((r) =>
        r.countries.map((country_code) => ({ country_code, provider_id: "tp_system" }))
      ),
    })
  }
  // Stores seeded before the omnichannel provider existed get it added.
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: withProviders } = await query.graph({
    entity: "region",
    fields: ["id", "payment_providers.id"],
    filters: { id: existing.map((r) => r.id) },
  })
  for (const region of withProviders) {
    const ids = (region.payment_providers ?? []).map((p) => p?.id)
    if (!PAYMENT_PROVIDERS.every((p) => ids.includes(p))) {
      await updateRegionsWorkflow(container).run({
        input: { selector: { id: region.id }, update: { payment_providers: PAYMENT_PROVIDERS } },
      })
    }
  }
  return {
    eur: existing.find((r) => r.name === "Europe")!,
    jpy: existing.find((r) => r.name === "Japan")!,
  }
}

async function ensureShippingProfile(container: MedusaContainer) {
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const [profile] = await fulfillment.listShippingProfiles({ type: "default" })
  if (profile) {
    return profile
  }
  const { result } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
  })
  return result[0]
}

type LocationSpec = {
  name: string
  address: { city: string; country_code: string; address_1: string }
  fulfillment: { type: "shipping" | "pickup"; zone: string; countries: string[] }
  option: { name: string; code: string; label: string; description: string; eur: number; jpy: number }
}

const LOCATIONS: LocationSpec[] = [
  {
    name: "Web warehouse",
    address: { city: "Lyon", country_code: "FR", address_1: "12 rue des Entrepôts" },
    fulfillment: { type: "shipping", zone: "Europe and Japan", countries: [...EU_COUNTRIES, ...JP_COUNTRIES] },
    option: { name: "Standard shipping", code: "standard", label: "Standard", description: "Delivered in 2-4 days.", eur: 5, jpy: 800 },
  },
  {
    name: "Store Paris",
    address: { city: "Paris", country_code: "FR", address_1: "3 rue de Rivoli" },
    fulfillment: { type: "pickup", zone: "Paris pick-up", countries: ["fr"] },
    option: { name: "Pick up at Store Paris", code: "pickup-paris", label: "Click & collect", description: "Collect at the till in Paris.", eur: 0, jpy: 0 },
  },
]

async function ensureLocation(
  container: MedusaContainer,
  spec: LocationSpec,
  shippingProfileId: string,
  regionIds: string[]
) {
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const stockLocations = container.resolve(Modules.STOCK_LOCATION)
  const fulfillment = container.resolve(Modules.FULFILLMENT)

  const [found] = await stockLocations.listStockLocations({ name: spec.name })
  if (found) {
    return found
  }
  const { result } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: spec.name, address: spec.address }] },
  })
  const location = result[0]
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: `${spec.name} ${spec.fulfillment.type}`,
    type: spec.fulfillment.type,
    service_zones: [
      {
        name: spec.fulfillment.zone,
        geo_zones: spec.fulfillment.countries.map((country_code) => ({
          country_code,
          type: "country" as const,
        })),
      },
    ],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })
  await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: spec.option.name,
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: shippingProfileId,
        type: { label: spec.option.label, description: spec.option.description, code: spec.option.code },
        prices: [
          { currency_code: "eur", amount: spec.option.eur },
          { currency_code: "jpy", amount: spec.option.jpy },
          ...regionIds.map((region_id, i) => ({
            region_id,
            amount: i === 0 ? spec.option.eur : spec.option.jpy,
          })),
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })
  return location
}

async function ensureProducts(
  container: MedusaContainer,
  shippingProfileId: string,
  salesChannelIds: string[]
) {
  const productService = container.resolve(Modules.PRODUCT)
  const existing = await productService.listProducts({ handle: PRODUCTS.map((p) => p.handle) })
  const missing = PRODUCTS.filter((p) => !existing.some((e) => e.handle === p.handle))
  if (!missing.length) {
    return
  }
  await createProductsWorkflow(container).run({
    input: {
      products: missing.map((p) => ({
        title: p.title,
        handle: p.handle,
        status: ProductStatus.PUBLISHED,
        shipping_profile_id: shippingProfileId,
        options: [{ title: p.option, values: p.variants.map((v) => v.value) }],
        variants: p.variants.map((v) => ({
          title: `${p.title} ${v.value}`,
          sku: v.sku,
          manage_inventory: true,
          options: { [p.option]: v.value },
          prices: [
            { currency_code: "eur", amount: v.eur },
            { currency_code: "jpy", amount: v.jpy },
          ],
        })),
        sales_channels: salesChannelIds.map((id) => ({ id })),
      })),
    },
  })
}

async function ensureInventoryLevels(container: MedusaContainer, locations: { id: string; name: string }[]) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: items } = await query.graph({
    entity: "inventory_item",
    fields: ["id", "sku", "location_levels.location_id"],
  })
  const levels = items.flatMap((item) =>
    locations
      .filter((loc) => !(item.location_levels ?? []).some((l) => l?.location_id === loc.id))
      .map((loc) => ({
        inventory_item_id: item.id,
        location_id: loc.id,
        stocked_quantity: STOCK_PER_LOCATION[loc.name] ?? 0,
      }))
  )
  if (levels.length) {
    await createInventoryLevelsWorkflow(container).run({ input: { inventory_levels: levels } })
  }
}

async function ensurePublishableKey(container: MedusaContainer, salesChannelId: string) {
  const apiKeys = container.resolve(Modules.API_KEY)
  let [key] = await apiKeys.listApiKeys({ type: "publishable", title: "Webshop" })
  if (!key) {
    const { result } = await createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title: "Webshop", type: "publishable", created_by: "seed" }] },
    })
    key = result[0]
    await linkSalesChannelsToApiKeyWorkflow(container).run({
      input: { id: key.id, add: [salesChannelId] },
    })
  }
  return key
}

async function ensureAdminUser(container: MedusaContainer) {
  const users = container.resolve(Modules.USER)
  const auth = container.resolve(Modules.AUTH)
  const [user] = await users.listUsers({ email: DEMO_ADMIN.email })
  if (user) {
    return user
  }
  const { authIdentity, error } = await auth.register("emailpass", {
    body: { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password },
  })
  if (error || !authIdentity) {
    throw new Error(`Could not create the demo admin: ${error}`)
  }
  const { result } = await createUserAccountWorkflow(container).run({
    input: { authIdentityId: authIdentity.id, userData: { email: DEMO_ADMIN.email, first_name: "Demo", last_name: "Admin" } },
  })
  return result
}

export async function seedReferenceStore(container: MedusaContainer): Promise<SeedResult> {
  const channels = await ensureSalesChannels(container)
  await ensureStore(container, channels.webshop.id)
  const regions = await ensureRegions(container)
  const profile = await ensureShippingProfile(container)
  const regionIds = [regions.eur.id, regions.jpy.id]
  const warehouse = await ensureLocation(container, LOCATIONS[0], profile.id, regionIds)
  const paris = await ensureLocation(container, LOCATIONS[1], profile.id, regionIds)

  // The web shop ships from the warehouse and offers click & collect in Paris;
  // the tills sell from the Paris shelves only.
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: warehouse.id, add: [channels.webshop.id] },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: paris.id, add: [channels.webshop.id, channels.inStore.id] },
  })

  await ensureProducts(container, profile.id, [channels.webshop.id, channels.inStore.id])
  await ensureInventoryLevels(container, [warehouse, paris])
  const key = await ensurePublishableKey(container, channels.webshop.id)
  await ensureAdminUser(container)

  return {
    admin: DEMO_ADMIN,
    publishable_key: key.token,
    region_ids: { eur: regions.eur.id, jpy: regions.jpy.id },
    sales_channel_ids: { webshop: channels.webshop.id, in_store: channels.inStore.id },
    stock_location_ids: { web_warehouse: warehouse.id, store_paris: paris.id },
  }
}

export default async function seed({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  logger.info("Seeding the omnichannel reference store...")
  const result = await seedReferenceStore(container)
  const giftCard = await ensureDemoGiftCard(container)
  logger.info(`Seeded. Publishable API key: ${result.publishable_key}`)
  if (giftCard) logger.info(`Demo gift card for the tills: ${giftCard} (50.00 EUR when new)`)
}

export const DEMO_GIFT_CARD = "DEMO-GIFT-5000"

/** A gift card to pay with at the till in the demo, if the store has Medusa's loyalty plugin. */
async function ensureDemoGiftCard(container: MedusaContainer) {
  if (!container.hasRegistration("loyalty")) return null
  const [existing] = await container.resolve<any>("loyalty").listGiftCards({ code: DEMO_GIFT_CARD })
  if (!existing) {
    // Not a static import: stores without the loyalty plugin (the packaging test's) run this seed too.
    const loyaltyWorkflows: string = "@medusajs/loyalty-plugin/workflows"
    const { createGiftCardsWorkflow } = await import(loyaltyWorkflows)
    await createGiftCardsWorkflow(container).run({ input: [{ code: DEMO_GIFT_CARD, value: 50, currency_code: "eur" }] as never })
  }
  return DEMO_GIFT_CARD
}
