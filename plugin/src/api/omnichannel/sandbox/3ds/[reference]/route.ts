import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { challengePage } from "../../../../../acquirers/sandbox/pages"
import { AcquirerError } from "../../../../../acquirers/types"
import { OmnichannelError } from "../../../../../errors/omnichannel-error"
import { handle, parseInput } from "../../../../utils/respond"
import { sandboxOf } from "../../../../utils/sandbox-acquirer"

/** The sandbox issuer's 3-D Secure challenge page. */
export const GET = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  const sandbox = sandboxOf(req)
  const waiting = sandbox.challengeOf(req.params.reference)
  if (!waiting) {
    throw new OmnichannelError("NOT_FOUND", `reference: no 3-D Secure challenge ${req.params.reference} waits here`, "reference")
  }
  res.setHeader("Cache-Control", "no-store")
  res.setHeader("Content-Type", "text/html; charset=utf-8")
  res.status(200).send(challengePage(req.params.reference, waiting.amount_text))
})

const ChallengeAnswer = z.object({ authenticated: z.boolean() })

/** The customer's answer: `{ return_url, passed }`; the page then goes back to the storefront. */
export const POST = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  const sandbox = sandboxOf(req)
  const { authenticated } = parseInput(ChallengeAnswer, req.body)
  try {
    res.status(200).json(sandbox.completeChallenge(req.params.reference, authenticated))
  } catch (err) {
    if (err instanceof AcquirerError) throw new OmnichannelError("NOT_FOUND", err.message, "reference")
    throw err
  }
})
