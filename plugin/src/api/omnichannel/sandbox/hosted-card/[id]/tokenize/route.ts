import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { AcquirerError } from "../../../../../../acquirers/types"
import { OmnichannelError } from "../../../../../../errors/omnichannel-error"
import { handle, parseInput } from "../../../../../utils/respond"
import { sandboxOf } from "../../../../../utils/sandbox-acquirer"

const CardForm = z.object({
  number: z.string().max(32),
  exp_month: z.number().int(),
  exp_year: z.number().int(),
  cvc: z.string().regex(/^\d{3,4}$/, "Expected 3 or 4 digits").optional(),
  holder_name: z.string().max(100).optional(),
})

/**
 * The hosted form's submit. The one place a card number is accepted, because here the
 * sandbox plays the platform: it answers a sealed token and keeps nothing, logs nothing.
 */
export const POST = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  const sandbox = sandboxOf(req)
  const card = parseInput(CardForm, req.body)
  try {
    res.setHeader("Cache-Control", "no-store")
    res.status(200).json({ hostedTokenizationId: sandbox.tokenizeCard(req.params.id, card) })
  } catch (err) {
    if (err instanceof AcquirerError) {
      const field = err.message.split(":")[0]
      throw new OmnichannelError(err.reason === "FORM_EXPIRED" ? "INVALID_DATA" : "INVALID_CARD", err.message, field)
    }
    throw err
  }
})
