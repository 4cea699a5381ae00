// omnichannel-glue:start omnichannel.ts
import { sdk } from "@lib/config"
import { initiatePaymentSession } from "@lib/data/cart"

export const omnichannel = { sdk, backendUrl: process.env.NEXT_PUBLIC_MEDUSA_BACKEND_URL!, initiatePaymentSession }
// omnichannel-glue:end
