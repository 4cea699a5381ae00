/** The Next.js suite's own setup in the store: a publishable key its cached build can keep. */
import assert from "node:assert/strict"
import { execFileSync } from "node:child_process"

/**
 * next build inlines NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY into the browser's code; each run seeds a
 * fresh database with a random key. The seeded key is given this fixed token, so a cached
 * build works against any run's store.
 */
export const PUBLISHABLE_KEY = "pk_omnichannel_nextjs_e2e_fixed_key"

export function fixPublishableKey(databaseUrl: string) {
  const out = execFileSync("psql", [databaseUrl, "-qtAc", `update api_key set token = '${PUBLISHABLE_KEY}' where type = 'publishable' and title = 'Webshop' returning id`]).toString()
  assert.match(out, /apk_/, "no Webshop publishable key to fix")
}
