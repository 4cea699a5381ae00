import { z } from "@medusajs/framework/zod"

/** At most this many outcomes in one request (DESIGN 7.2). */
export const MAX_CARD_OUTCOMES = 500

const CardOutcome = z
  .object({
    acquirer_reference: z.string().trim().min(1, "Required").max(100),
    outcome: z.enum(["approved", "declined"], { error: "Expected approved or declined" }),
    /** The issuer's words for a decline: kept on the failed payment, never sent to the customer. */
    reason: z.string().max(500).optional(),
  })
  .strict()

export const PosCardOutcomesBody = z
  .object({
    outcomes: z
      .array(CardOutcome, { error: "Expected an array of outcomes" })
      .max(MAX_CARD_OUTCOMES, `At most ${MAX_CARD_OUTCOMES} outcomes in one request`),
  })
  .strict()
export type PosCardOutcomesBody = z.infer<typeof PosCardOutcomesBody>
