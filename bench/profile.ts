import { readFileSync, readdirSync } from "node:fs"
import path from "node:path"

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

export type Hotspot = { where: string; self_ms: number; share: number }
export type ProfileSummary = { total_ms: number; by_owner: Record<string, number>; top: Hotspot[]; ours_inclusive: Hotspot[] }

/** Whose code a frame is: ours, Medusa's, the database driver's, or the rest. */
function owner(url: string): string {
  if (/plugin\/(src|\.medusa)\//.test(url) || url.includes("medusa-plugin-omnichannel")) return "plugin (ours)"
  if (url.includes("@medusajs/")) return "medusa"
  if (url.includes("@mikro-orm/") || url.includes("/knex/")) return "orm (mikro-orm, knex)"
  if (url.includes("/pg") || url.includes("pg-protocol")) return "pg driver"
  if (url.startsWith("node:") || url === "") return "node / native / gc"
  return "other libraries"
}

const isOurs = (url: string) => owner(url) === "plugin (ours)"
const frameName = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame
  return `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^.*\/work\/[^/]+\//, "")}:${lineNumber + 1}`
}

/**
 * Self time per function from the V8 CPU profiles in `dir` (node --cpu-prof), and each
 * sample's time charged to the innermost plugin function on its stack: what our code
 * costs including the Medusa and ORM calls it makes.
 */
export function summarizeProfiles(dir: string, top = 15): ProfileSummary {
  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  const byOwner: Record<string, number> = {}
  let total = 0
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as CpuProfile
    const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(profile.samples.length, 1)
    const byId = new Map(profile.nodes.map((n) => [n.id, n]))
    const parent = new Map<number, number>()
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
    const oursOf = new Map<number, string | null>()
    const innermostOurs = (id: number): string | null => {
      if (oursOf.has(id)) return oursOf.get(id)!
      const node = byId.get(id)!
      const up = parent.get(id)
      const found = isOurs(node.callFrame.url) ? frameName(node) : up === undefined ? null : innermostOurs(up)
      oursOf.set(id, found)
      return found
    }
    for (const id of profile.samples) {
      const mine = innermostOurs(id)
      if (mine) inclusive.set(mine, (inclusive.get(mine) ?? 0) + interval)
    }
    for (const node of profile.nodes) {
      const ms = (node.hitCount ?? 0) * interval
      if (!ms) continue
      const { functionName, url } = node.callFrame
      if (functionName === "(idle)" || functionName === "(program)") continue
      const key = frameName(node)
      self.set(key, (self.get(key) ?? 0) + ms)
      byOwner[owner(url)] = (byOwner[owner(url)] ?? 0) + ms
      total += ms
    }
  }
  const round = (n: number) => Math.round(n)
  return {
    total_ms: round(total),
    by_owner: Object.fromEntries(Object.entries(byOwner).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v)])),
    top: [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, ms]) => ({ where, self_ms: round(ms), share: Math.round((ms / Math.max(total, 1)) * 1000) / 10 })),
    ours_inclusive: [...inclusive.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, ms]) => ({ where, self_ms: round(ms), share: Math.round((ms / Math.max(total, 1)) * 1000) / 10 })),
  }
}
