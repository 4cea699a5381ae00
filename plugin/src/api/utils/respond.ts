import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { z } from "@medusajs/framework/zod"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { countRefusal } from "../../metrics"

/** Answers the plugin's own refusals with the status and `{ code, type, message }` of the contract. */
export function sendError(res: MedusaResponse, err: OmnichannelError) {
  countRefusal(surfaceOf(res.req?.originalUrl ?? res.req?.url ?? ""), err.code as string)
  res.status(err.status).json({ code: err.code, type: err.type, message: err.message })
}

export function handle<Req extends MedusaRequest>(fn: (req: Req, res: MedusaResponse) => Promise<void>) {
  return async (req: Req, res: MedusaResponse) => {
    try {
      await fn(req, res)
    } catch (err) {
      if (OmnichannelError.is(err)) {
        // A workflow may hand back a copy of the step's error: rebuild it from its code.
        const e = err as { code: string; message: string }
        return sendError(res, err instanceof OmnichannelError ? err : new OmnichannelError(e.code as never, e.message))
      }
      throw err
    }
  }
}

/** zod parse whose failure names the first offending field, e.g. "amount: Expected number". */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {})
  if (!result.success) {
    const issue = result.error.issues[0]
    const field = issue.path.join(".") || "body"
    throw new OmnichannelError("INVALID_DATA", `${field}: ${issue.message}`, field)
  }
  return result.data
}

/** admin, store, pos, hooks or other: the first segment of the path, never an id. */
function surfaceOf(url: string): string {
  const first = url.split("?")[0].split("/")[1] ?? ""
  return ["admin", "store", "pos", "hooks"].includes(first) ? first : "other"
}
