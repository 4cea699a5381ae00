import { execFileSync, spawn, type ChildProcess } from "node:child_process"
import { mkdirSync, openSync, readFileSync, readdirSync } from "node:fs"
import path from "node:path"
import Redis from "ioredis"
import { waitForStore } from "../helpers/running-store"

const ROOT = path.resolve(__dirname, "../..")
const SERVER_DIR = path.join(ROOT, ".medusa/server")
/** Logs stay outside the project folder, and are what the card-number scan reads. */
export const LOG_DIR = process.env.RELIABILITY_LOG_DIR ?? "/tmp/omni-reliability"

export type InstanceName = "server-a" | "server-b" | "worker"
const INSTANCES: Record<InstanceName, { port: number; mode: "server" | "worker" }> = {
  "server-a": { port: 9301, mode: "server" },
  "server-b": { port: 9302, mode: "server" },
  worker: { port: 9303, mode: "worker" },
}

/**
 * The reference store as several processes sharing one PostgreSQL database and one Redis
 * (event bus, locking and workflow engine on Redis): two HTTP servers and a worker, each a
 * real `medusa start` of the built store, which can be killed and started again.
 */
export class Cluster {
  readonly databaseUrl = process.env.RELIABILITY_DATABASE_URL ?? "postgres://postgres@localhost:5432/omnichannel_reliability"
  readonly redisUrl = process.env.RELIABILITY_REDIS_URL ?? "redis://127.0.0.1:6379/7"
  private readonly processes = new Map<InstanceName, ChildProcess>()

  constructor(private readonly extraEnv: Record<string, string>) {}

  url(name: InstanceName) {
    return `http://localhost:${INSTANCES[name].port}`
  }

  private env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      MEDUSA_DISABLE_TELEMETRY: "true",
      MEDUSA_ADMIN_DISABLE: "true",
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      ...this.extraEnv,
      ...extra,
    }
  }

  private run(step: string, cmd: string, args: string[], cwd = ROOT) {
    const log = path.join(LOG_DIR, `${step}.log`)
    try {
      execFileSync(cmd, args, { cwd, env: this.env(), stdio: ["ignore", openSync(log, "w"), openSync(log, "a")] })
    } catch {
      throw new Error(`${step} failed:\n${readFileSync(log, "utf8").slice(-3000)}`)
    }
  }

  /** A fresh database and Redis, migrated and seeded, and the store built (without its admin). */
  async prepare() {
    mkdirSync(LOG_DIR, { recursive: true })
    for (const f of readdirSync(LOG_DIR)) if (f.endsWith(".log")) openSync(path.join(LOG_DIR, f), "w")
    const redis = new Redis(this.redisUrl)
    await redis.flushdb()
    redis.disconnect()
    const dbName = this.databaseUrl.split("/").pop()!
    const adminDb = this.databaseUrl.replace(/\/[^/]*$/, "/postgres")
    execFileSync("psql", [adminDb, "-qc", `drop database if exists "${dbName}" with (force)`], { stdio: "ignore" })
    execFileSync("psql", [adminDb, "-qc", `create database "${dbName}"`], { stdio: "ignore" })
    this.run("migrate", "npx", ["medusa", "db:migrate"])
    this.run("seed", "npx", ["medusa", "exec", "./src/scripts/seed.ts"])
    this.run("build", "npx", ["medusa", "build"])
    execFileSync("ln", ["-sfn", "../../node_modules", path.join(SERVER_DIR, "node_modules")])
  }

  async start(name: InstanceName) {
    const { port, mode } = INSTANCES[name]
    const log = openSync(path.join(LOG_DIR, `${name}.log`), "a")
    // Its own process group, so SIGKILL reaches medusa itself and not only npx.
    const child = spawn("npx", ["medusa", "start"], {
      cwd: SERVER_DIR,
      env: this.env({ NODE_ENV: "production", PORT: String(port), MEDUSA_WORKER_MODE: mode }),
      stdio: ["ignore", log, log],
      detached: true,
    })
    this.processes.set(name, child)
    await waitForStore(this.url(name), Date.now() + 120_000, () => child.exitCode === null && child.signalCode === null)
  }

  async startAll() {
    await Promise.all((Object.keys(INSTANCES) as InstanceName[]).map((n) => this.start(n)))
  }

  /** SIGKILL: no shutdown hooks, no finishing of requests in flight. */
  async kill(name: InstanceName) {
    const child = this.processes.get(name)
    if (!child || child.exitCode !== null) return
    const exited = new Promise((r) => child.once("exit", r))
    process.kill(-child.pid!, "SIGKILL")
    await exited
  }

  async stopAll() {
    for (const [, child] of this.processes) {
      try {
        if (child.exitCode === null) process.kill(-child.pid!, "SIGTERM")
      } catch {}
    }
    this.processes.clear()
  }

  logFiles(): string[] {
    return readdirSync(LOG_DIR).filter((f) => f.endsWith(".log")).map((f) => path.join(LOG_DIR, f))
  }
}
