import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { sendError } from "./respond"

const MAX_BODY_BYTES = 1024 * 1024

/**
 * The plugin's own JSON body parser for its POST routes: keeps the raw bytes (tills sign
 * them) and refuses a body that is not a JSON object with the contract's
 * `{ code, type, message }`, where Medusa's parser would answer without a `code`.
 */
export async function jsonBody(req: MedusaRequest & { rawBody?: Buffer }, res: MedusaResponse, next: MedusaNextFunction) {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > MAX_BODY_BYTES) throw new OmnichannelError("INVALID_DATA", `body: larger than ${MAX_BODY_BYTES} bytes`, "body")
      chunks.push(chunk)
    }
    req.rawBody = Buffer.concat(chunks)
    req.body = parseObject(req.rawBody)
  } catch (err) {
    if (OmnichannelError.is(err)) return sendError(res, err as OmnichannelError)
    return next(err)
  }
  next()
}

function parseObject(raw: Buffer): Record<string, unknown> {
  if (!raw.length) return {}
  let value: unknown
  try {
    value = JSON.parse(raw.toString("utf8"))
  } catch {
    throw new OmnichannelError("INVALID_DATA", "body: not valid JSON", "body")
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new OmnichannelError("INVALID_DATA", "body: expected a JSON object", "body")
  }
  return value as Record<string, unknown>
}
