import { createCipheriv, createDecipheriv, createHash, randomBytes } from "crypto"

/**
 * Terminal secrets at rest: AES-256-GCM under a key derived from the merchant's
 * tokenKey (with its own label, so the stored ciphertext says nothing about the tokens).
 */
function keyFrom(masterKey: string): Buffer {
  return createHash("sha256").update(`omnichannel/terminal-secrets/v1\0${masterKey}`).digest()
}

export function newTerminalSecret(): string {
  return `pos_sk_${randomBytes(32).toString("hex")}`
}

export function sealSecret(masterKey: string, secret: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv("aes-256-gcm", keyFrom(masterKey), iv)
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()])
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":")
}

export function openSecret(masterKey: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split(":")
  if (version !== "v1") throw new Error("unknown terminal secret format")
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(masterKey), Buffer.from(iv, "base64"))
  decipher.setAuthTag(Buffer.from(tag, "base64"))
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8")
}
