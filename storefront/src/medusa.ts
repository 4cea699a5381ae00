import Medusa from "@medusajs/js-sdk"
import { CardCheckout, PaymentLinkCheckout } from "medusa-plugin-omnichannel-storefront"

export type ShopConfig = { publishable_key: string; region_id: string; currency_code: string }

export type Shop = { sdk: Medusa; checkout: CardCheckout; paymentLinks: PaymentLinkCheckout; config: ShopConfig }

/** The store serving this page is the backend (same origin, so no CORS). */
export async function connect(): Promise<Shop> {
  const config = (await (await fetch("/shop/config")).json()) as ShopConfig
  const sdk = new Medusa({
    baseUrl: window.location.origin,
    publishableKey: config.publishable_key,
    auth: { type: "jwt", jwtTokenStorageMethod: "local" },
  })
  return { sdk, checkout: new CardCheckout({ sdk }), paymentLinks: new PaymentLinkCheckout({ sdk }), config }
}
