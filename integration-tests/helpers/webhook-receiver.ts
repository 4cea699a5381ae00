import http from "http"
import type { AddressInfo } from "net"
import { verifyStoreWebhook, WEBHOOK_HEADERS } from "../../plugin/src/pos-client"

export type ReceivedWebhook = {
  terminal_id: string
  delivery_id: string
  signature_valid: boolean
  headers: http.IncomingHttpHeaders
  raw: Buffer
  body: { id: string; type: string; sequence: number; data: any }
}

/**
 * A POS backend on a real local port: it checks every notification's signature with the
 * secret of the terminal it is addressed to, and can be taken down and brought back on
 * the same port.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = []
  readonly secrets = new Map<string, string>()
  private server?: http.Server
  port = 0

  get url() {
    return `http://127.0.0.1:${this.port}/omni-webhook`
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on("data", (c) => chunks.push(c))
      req.on("end", () => {
        const raw = Buffer.concat(chunks)
        const terminalId = String(req.headers["x-omni-terminal"] ?? "")
        const secret = this.secrets.get(terminalId) ?? ""
        this.received.push({
          terminal_id: terminalId,
          delivery_id: String(req.headers[WEBHOOK_HEADERS.delivery] ?? ""),
          signature_valid: !!secret && verifyStoreWebhook(secret, req.headers, raw),
          headers: req.headers,
          raw,
          body: JSON.parse(raw.toString("utf8")),
        })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** Distinct deliveries, as a POS deduping on the delivery id keeps them. */
  deliveries(): ReceivedWebhook[] {
    const seen = new Map<string, ReceivedWebhook>()
    for (const r of this.received) if (!seen.has(r.delivery_id)) seen.set(r.delivery_id, r)
    return [...seen.values()]
  }
}

/** Polls until `check` returns a truthy value, or fails with what it last saw. */
export async function eventually<T>(check: () => Promise<T | false | null | undefined>, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
