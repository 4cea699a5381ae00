import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { z } from "@medusajs/framework/zod"
import { withIdempotency } from "../../idempotency/with-idempotency"
import { handle, parseInput } from "./respond"

type IdempotentRoute<Req extends MedusaRequest, Body extends z.ZodTypeAny> = {
  /** Keys are unique within a scope: the same key under another scope is another request. */
  scope: (req: Req) => string
  /** The request's key: the `Idempotency-Key` header unless the route derives one itself. */
  key?: (req: Req) => string | undefined
  body: Body
  /** Runs the route's workflow; what it returns is the answer's body. */
  run: (req: Req, body: z.infer<Body>, key: string | undefined) => Promise<unknown>
  status?: number
}

/**
 * A POST that moves money or creates data: idempotency, then the body, then the workflow,
 * then the answer. The body is parsed inside the key's claim, not by a middleware before
 * it, so a refused body is the key's recorded answer like any other refusal (a retry with
 * the same key and another body is IDEMPOTENCY_KEY_REUSED, as for every other answer).
 */
export function idempotentRoute<Req extends MedusaRequest, Body extends z.ZodTypeAny>(route: IdempotentRoute<Req, Body>) {
  return handle(async (req: Req, res: MedusaResponse) => {
    const key = route.key ? route.key(req) : req.get("idempotency-key")
    await withIdempotency(req, res, route.scope(req), key, async () => {
      const body = parseInput(route.body, req.body)
      return { status: route.status ?? 201, body: await route.run(req, body, key) }
    })
  })
}
