import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { performance } from "perf_hooks"
import { observePosRequest } from "../../metrics"
import type { PosRequest } from "./verify-pos-signature"

/**
 * Times each till request and notes its refusal code, from before the signature check (so
 * forged and stale requests are counted too) to the last byte of the answer. The terminal
 * label is the verified terminal only: a forged header must not mint new label values.
 */
export function measurePosRequest(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const started = performance.now()
  let code: string | null = null
  const json = res.json.bind(res)
  res.json = (body: unknown) => {
    if (body && typeof body === "object" && typeof (body as { code?: unknown }).code === "string") code = (body as { code: string }).code
    return json(body)
  }
  res.on("finish", () => {
    observePosRequest(
      {
        route: posRoute((req.originalUrl ?? req.url).split("?")[0]),
        terminal: (req as PosRequest).terminal?.id ?? "unverified",
        status: res.statusCode,
        code,
      },
      (performance.now() - started) / 1000
    )
  })
  next()
}

const POS_ROUTES = ["sales", "sales/batch", "card-outcomes", "terminal", "refunds", "events", "payment-links", "click-collect/verify"]

function posRoute(path: string): string {
  const rest = path.replace(/^.*?\/pos\//, "").replace(/\/$/, "")
  return POS_ROUTES.includes(rest) ? rest : "other"
}
