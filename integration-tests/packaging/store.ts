/**
 * A throw-away Medusa store outside this repository, as `create-medusa-app` leaves it minus the
 * starter's modules, on a given Medusa release; and the shell steps the packaging test runs in it.
 */
import assert from "node:assert/strict"
import { execFileSync, spawn, type ChildProcess } from "node:child_process"
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import type { InstallStep } from "./readme-install-steps"

export const ROOT = path.resolve(__dirname, "../..")
export const PORT = Number(process.env.PACKAGING_PORT ?? 9500)
export const BASE = `http://localhost:${PORT}`
export const DATABASE_URL = process.env.PACKAGING_DATABASE_URL ?? "postgres://postgres@localhost:5432/omnichannel_packaging"
export const LOG_DIR = process.env.PACKAGING_LOG_DIR ?? path.join(os.tmpdir(), "omni-packaging-logs")

/** Children still running (a store's install in the background, a server): ended on exit. */
const running = new Set<ChildProcess>()
export function stopAll() {
  for (const child of running) {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM")
    } catch {}
  }
}

export function writeExistingStore(dir: string, medusaVersion: string, databaseUrl: string) {
  const pkg = {
    name: "throwaway-medusa-store",
    version: "0.0.1",
    private: true,
    scripts: { build: "medusa build", start: "medusa start", dev: "medusa develop" },
    dependencies: {
      "@medusajs/admin-sdk": medusaVersion,
      "@medusajs/cli": medusaVersion,
      "@medusajs/framework": medusaVersion,
      "@medusajs/medusa": medusaVersion,
    },
    devDependencies: { "@swc/core": "1.16.18", "@types/node": "^20.12.11", "ts-node": "^10.9.2", typescript: "^5.6.2", vite: "^7.3.6" },
    engines: { node: ">=20" },
  }
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2))
  const compilerOptions = {
    target: "ES2021",
    module: "Node16",
    moduleResolution: "Node16",
    esModuleInterop: true,
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    declaration: false,
    inlineSourceMap: true,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    resolveJsonModule: true,
    strictNullChecks: true,
  }
  const tsconfig = {
    compilerOptions,
    "ts-node": { swc: true },
    include: ["**/*", ".medusa/types/*"],
    exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
  }
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2))
  writeFileSync(
    path.join(dir, "medusa-config.ts"),
    `import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
})
`
  )
  const env = [`DATABASE_URL=${databaseUrl}`, "STORE_CORS=http://localhost:8000", `ADMIN_CORS=${BASE}`, `AUTH_CORS=${BASE}`]
  writeFileSync(path.join(dir, ".env"), [...env, "JWT_SECRET=throwaway", "COOKIE_SECRET=throwaway", ""].join("\n"))
  // The merchant's catalogue: the reference store's seed is store code, not the plugin's.
  mkdirSync(path.join(dir, "src/scripts"), { recursive: true })
  cpSync(path.join(ROOT, "src/scripts/seed.ts"), path.join(dir, "src/scripts/seed.ts"))
}

export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true", npm_config_prefer_offline: "true", ...extra }
  // Nothing of this repository's own run may leak into the merchant's store.
  for (const key of Object.keys(env)) {
    if (/^(OMNI_|DATABASE_URL$|REDIS_URL$|MEDUSA_ADMIN_DISABLE$|ADMIN_OVER_HTTP$|npm_package_|npm_lifecycle_|INIT_CWD$)/.test(key)) delete env[key]
  }
  return env
}

/** Runs a shell line (asynchronously, so a second store can install meanwhile); resolves with its output, kept in LOG_DIR/<step>.log. */
export function sh(step: string, command: string, cwd: string): Promise<string> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", command], { cwd, env: childEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true })
    running.add(child)
    let out = ""
    child.stdout.on("data", (d) => (out += d))
    child.stderr.on("data", (d) => (out += d))
    child.on("close", (code) => {
      running.delete(child)
      writeFileSync(path.join(LOG_DIR, `${step}.log`), out)
      if (code !== 0) return reject(new Error(`${step} failed (exit ${code}): ${command}\n${out.slice(-3000)}`))
      console.log(`  ${step}: ${command} (${Math.round((Date.now() - started) / 1000)} s)`)
      resolve(out)
    })
  })
}

/**
 * The README's steps as shell lines and files, the package name swapped for the tarball; `when`
 * picks those before the first `npx medusa db:migrate` (no database needed) or from it on.
 * Returns the output of the package's own `npm install` line.
 */
export async function applyInstallSteps(steps: InstallStep[], storeDir: string, tarball: string, label: string, when: "before-db" | "from-db") {
  const kinds = steps.map((s) => (s.kind === "file" ? `file ${s.path}` : s.command.split(" ").slice(0, 3).join(" ")))
  for (const expected of ["npm install medusa-plugin-omnichannel", "file medusa-config.ts", "npx medusa db:migrate", "npx medusa build"]) {
    assert.ok(kinds.some((k) => k.startsWith(expected)), `the README's install section no longer says: ${expected} (it says: ${kinds.join("; ")})`)
  }
  const dbStep = kinds.findIndex((k) => k.startsWith("npx medusa db:migrate"))
  let installOutput = ""
  for (const [i, step] of steps.entries()) {
    if ((i < dbStep) !== (when === "before-db")) continue
    if (step.kind === "file") {
      writeFileSync(path.join(storeDir, step.path), step.content)
      console.log(`  ${label}-readme-${i + 1}: wrote ${step.path}`)
      continue
    }
    const ours = /^npm install medusa-plugin-omnichannel\b/.test(step.command)
    const out = await sh(`${label}-readme-${i + 1}`, step.command.replace(/^npm install medusa-plugin-omnichannel\b/, `npm install ${tarball}`), storeDir)
    if (ours) installOutput = out
  }
  return installOutput
}

export function startStore(storeDir: string, label: string): ChildProcess {
  const serverDir = path.join(storeDir, ".medusa/server")
  // Medusa's guide installs the built store's dependencies again in .medusa/server; they are
  // the same packages, so the store's own node_modules stands in for that second install.
  if (!existsSync(path.join(serverDir, "node_modules"))) symlinkSync("../../node_modules", path.join(serverDir, "node_modules"))
  writeFileSync(path.join(serverDir, ".env"), readFileSync(path.join(storeDir, ".env")))
  const log = path.join(LOG_DIR, `${label}-server.log`)
  const server = spawn(process.execPath, [path.join(storeDir, "node_modules/@medusajs/cli/cli.js"), "start"], {
    cwd: serverDir,
    env: childEnv({ NODE_ENV: "production", PORT: String(PORT) }),
    stdio: ["ignore", openSync(log, "w"), openSync(log, "a")],
    detached: true,
  })
  running.add(server)
  server.on("exit", () => running.delete(server))
  return server
}

/** Stops a store and waits for its port to be free for the next one. */
export async function stopStore(server: ChildProcess) {
  if (server.exitCode !== null || server.signalCode !== null || !server.pid) return
  const exited = new Promise((r) => server.once("exit", r))
  process.kill(-server.pid, "SIGTERM")
  const timer = setTimeout(() => server.pid && process.kill(-server.pid, "SIGKILL"), 15_000)
  await exited
  clearTimeout(timer)
}

export function recreateDatabase(databaseUrl: string) {
  const name = databaseUrl.split("/").pop()!
  const adminDb = databaseUrl.replace(/\/[^/]*$/, "/postgres")
  execFileSync("psql", [adminDb, "-qc", `drop database if exists "${name}" with (force)`], { stdio: "ignore" })
  execFileSync("psql", [adminDb, "-qc", `create database "${name}"`], { stdio: "ignore" })
}

/** The directory holds no package.json up to / : npm cannot treat it as a workspace of ours. */
export function assertOutsideRepository(dir: string) {
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    assert.ok(!existsSync(path.join(d, "package.json")), `${d} has a package.json: the throw-away store would not stand alone`)
  }
  assert.ok(!dir.startsWith(ROOT), "the throw-away store is inside the repository")
}
