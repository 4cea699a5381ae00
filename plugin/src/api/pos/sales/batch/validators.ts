import { z } from "@medusajs/framework/zod"

/** At most this many sales in one batch (DESIGN 7.2). */
export const MAX_BATCH_SALES = 200

/** The batch itself; each sale is checked as `POST /pos/sales` checks its body, and refused alone. */
export const PosSalesBatchBody = z
  .object({
    sales: z
      .array(z.unknown(), { error: "Expected an array of sales" })
      .min(1, "Expected at least one sale")
      .max(MAX_BATCH_SALES, `At most ${MAX_BATCH_SALES} sales in one batch`),
  })
  .strict()
