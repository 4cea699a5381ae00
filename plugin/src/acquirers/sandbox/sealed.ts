import { createCipheriv, createDecipheriv, createHash, randomBytes } from "crypto"

/**
 * The sandbox plays the platform without keeping anything: its hosted form ids and card
 * tokens are sealed (AES-256-GCM) blobs that only the store can open, so any instance of
 * a cluster can read them and nothing needs storing. The key is derived from the
 * merchant's token key; without one, a fixed sandbox key (the sandbox moves no money).
 */
export class Sealer {
  private readonly key: Buffer

  constructor(secret: string | undefined) {
    this.key = createHash("sha256").update(`omnichannel-sandbox:${secret ?? "no-token-key"}`).digest()
  }

  seal(prefix: string, payload: object): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv("aes-256-gcm", this.key, iv)
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), "utf8"), cipher.final()])
    return `${prefix}_${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`
  }

  /** The payload, or null when the value was not sealed here (or was changed). */
  open<T>(prefix: string, value: unknown): T | null {
    if (typeof value !== "string" || !value.startsWith(`${prefix}_`)) return null
    try {
      const raw = Buffer.from(value.slice(prefix.length + 1), "base64url")
      const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12))
      decipher.setAuthTag(raw.subarray(12, 28))
      return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8")) as T
    } catch {
      return null
    }
  }
}
