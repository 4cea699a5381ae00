/**
 * Builds the Next.js storefront in ./app the way a merchant would install it: `npm ci` of its
 * own lockfile, then the storefront kit from its packed tarball with a plain `npm install`
 * (no --legacy-peer-deps, no --force: npm refuses a package whose peers do not fit React 19),
 * then `next build` (which type-checks the app against the kit's .d.ts). The result lives in a
 * cache folder outside the repository, keyed by the app's sources, its lockfile, the kit's
 * packed files and the NEXT_PUBLIC_ values next build inlines; the same key skips all of it.
 */
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"

const REPO = path.join(__dirname, "..", "..")
const APP = path.join(__dirname, "app")
const KIT = path.join(REPO, "storefront-kit")
const KEEP = 3
const SKIP = new Set(["node_modules", ".next", ".gitignore"])

export type Phase = { name: string; seconds: number }
export type BuiltApp = { dir: string; key: string; hit: boolean; phases: Phase[] }

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !SKIP.has(e.name) && !e.name.endsWith(".tgz") && !e.name.endsWith(".tsbuildinfo"))
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]))
    .sort()
}

function hashFiles(hash: ReturnType<typeof createHash>, root: string) {
  for (const f of filesUnder(root)) hash.update(`${f}\0`).update(readFileSync(path.join(root, f))).update("\0")
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 }).toString()
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer }
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? ""}`)
  }
}

function timed<T>(phases: Phase[], name: string, work: () => T): T {
  const start = Date.now()
  try {
    return work()
  } finally {
    phases.push({ name, seconds: (Date.now() - start) / 1000 })
  }
}

/** The kit's dist, rebuilt when a source file is newer than it. */
function kitBuilt(): boolean {
  const built = path.join(KIT, "dist", "react", "index.js")
  if (!existsSync(built)) return false
  const at = statSync(built).mtimeMs
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? e.name !== "__tests__" && newer(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs > at
    )
  return !newer(path.join(KIT, "src"))
}

export function cacheRoot(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "omnichannel-nextjs")
}

/**
 * Builds the kit when its dist is missing or older than its sources. Before the store starts:
 * the store's start builds the demo storefront, which bundles the kit's dist.
 */
export function ensureKitBuilt(): Phase[] {
  const phases: Phase[] = []
  if (!kitBuilt()) timed(phases, "kit build", () => run("npm", ["run", "build", "-w", "medusa-plugin-omnichannel-storefront"], REPO))
  return phases
}

export function buildApp(publicEnv: Record<string, string>): BuiltApp {
  const phases: Phase[] = []
  const packDir = mkdtempSync(path.join(os.tmpdir(), "omni-kit-pack-"))
  const tgz = timed(phases, "kit pack", () => {
    const name = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", packDir], KIT))[0].filename as string
    return path.join(packDir, name)
  })
  const unpacked = path.join(packDir, "unpacked")
  mkdirSync(unpacked)
  run("tar", ["-xzf", tgz, "-C", unpacked], packDir)

  const hash = createHash("sha256")
  hashFiles(hash, APP)
  hash.update("\0kit\0")
  hashFiles(hash, unpacked)
  hash.update(`\0env\0${JSON.stringify(Object.entries(publicEnv).sort())}\0node ${process.version}`)
  const key = hash.digest("hex").slice(0, 16)
  const dir = path.join(cacheRoot(), key)
  const done = path.join(dir, ".omni-built")
  const hit = existsSync(done)

  if (!hit) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    for (const f of filesUnder(APP)) cpSync(path.join(APP, f), path.join(dir, f))
    cpSync(tgz, path.join(dir, path.basename(tgz)))
    const npmEnv = { ...process.env, npm_config_audit: "false", npm_config_fund: "false" }
    timed(phases, "npm ci", () => run("npm", ["ci"], dir, npmEnv))
    timed(phases, "npm install kit", () => run("npm", ["install", "--no-save", `./${path.basename(tgz)}`], dir, npmEnv))
    timed(phases, "next build", () => run("npx", ["next", "build"], dir, { ...process.env, ...publicEnv, NEXT_TELEMETRY_DISABLED: "1" }))
    writeFileSync(done, new Date().toISOString())
  }
  rmSync(packDir, { recursive: true, force: true })
  // Newest first by last use; older builds go.
  const now = new Date()
  utimesSync(dir, now, now)
  const builds = readdirSync(cacheRoot())
    .map((name) => ({ name, at: statSync(path.join(cacheRoot(), name)).mtimeMs }))
    .sort((a, b) => b.at - a.at)
  for (const old of builds.slice(KEEP)) rmSync(path.join(cacheRoot(), old.name), { recursive: true, force: true })
  return { dir, key, hit, phases }
}
