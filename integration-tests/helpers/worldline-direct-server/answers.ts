import type http from "http"

/** An answer of the platform's API. `loseOnce`: the platform commits the call, then the answer is lost on its way (first time only). */
export type Answer = { status: number; body: unknown; loseOnce?: boolean }

/** Worldline's error body: `errorId` and one error with its code, id and the field at fault. */
export function error(status: number, errorCode: string, id: string, message: string, propertyName?: string, retriable = false): Answer {
  return {
    status,
    body: { errorId: `err-${Date.now()}`, errors: [{ errorCode, id, httpStatusCode: status, message, propertyName, retriable }] },
  }
}

/** An `amountOfMoney` the platform takes: a positive integer of minor units and an ISO 4217 code. */
export function checkMoney(money: any, field: string): Answer | null {
  if (!Number.isInteger(money?.amount) || money.amount <= 0) {
    return error(400, "21000050", "INVALID_AMOUNT", `${field}.amount must be a positive integer`, `${field}.amount`)
  }
  if (!/^[A-Z]{3}$/.test(money?.currencyCode ?? "")) {
    return error(400, "21000060", "INVALID_CURRENCY", `${field}.currencyCode must be ISO 4217`, `${field}.currencyCode`)
  }
  return null
}

export function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}
