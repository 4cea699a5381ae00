import { execFileSync, spawn, type ChildProcess } from "node:child_process"
import { mkdirSync, openSync, readFileSync, readdirSync } from "node:fs"
import path from "node:path"
import Redis from "ioredis"
import { waitForStore } from "./running-store"

const ROOT = path.resolve(__dirname, "../..")
const SERVER_DIR = path.join(ROOT, ".medusa/server")
const MEDUSA_CLI = path.join(ROOT, "node_modules/@medusajs/cli/cli.js")

export type InstanceName = "server-a" | "server-b" | "worker"
type Instance = { port: number; mode: "server" | "worker" | "shared" }

export type ClusterOptions = {
  databaseUrl?: string
  /** null: no Redis (Medusa's in-process event bus, locking and workflow engine; one instance only). */
  redisUrl?: string | null
  instances?: Partial<Record<InstanceName, Instance>>
  /** Outside the project folder (medusa watches it); the reliability suite's card-number scan reads them. */
  logDir?: string
  /** Record every request line and body the instances receive, for the card-number scan. */
  recordRequestBodies?: boolean
}

const TWO_SERVERS_AND_A_WORKER: Partial<Record<InstanceName, Instance>> = {
  "server-a": { port: 9301, mode: "server" },
  "server-b": { port: 9302, mode: "server" },
  worker: { port: 9303, mode: "worker" },
}

/**
 * The reference store as real `medusa start` processes of the built store, on a fresh
 * database: by default two HTTP servers and a worker sharing PostgreSQL and Redis (event
 * bus, locking and workflow engine on Redis). Instances can be killed and started again.
 */
export class Cluster {
  readonly databaseUrl: string
  readonly redisUrl: string | null
  readonly logDir: string
  private readonly instances: Partial<Record<InstanceName, Instance>>
  private readonly processes = new Map<InstanceName, ChildProcess>()

  constructor(private readonly extraEnv: Record<string, string>, options: ClusterOptions = {}) {
    this.databaseUrl = options.databaseUrl ?? "postgres://postgres@localhost:5432/omnichannel_reliability"
    this.redisUrl = options.redisUrl === undefined ? "redis://127.0.0.1:6379/7" : options.redisUrl
    this.instances = options.instances ?? TWO_SERVERS_AND_A_WORKER
    this.logDir = options.logDir ?? "/tmp/omni-reliability"
    this.recordRequestBodies = !!options.recordRequestBodies
  }

  private readonly recordRequestBodies: boolean

  private instance(name: InstanceName): Instance {
    const instance = this.instances[name]
    if (!instance) throw new Error(`this cluster has no ${name}`)
    return instance
  }

  url(name: InstanceName) {
    return `http://localhost:${this.instance(name).port}`
  }

  private env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      MEDUSA_DISABLE_TELEMETRY: "true",
      MEDUSA_ADMIN_DISABLE: "true",
      DATABASE_URL: this.databaseUrl,
      ...(this.redisUrl ? { REDIS_URL: this.redisUrl } : {}),
      ...this.extraEnv,
      ...extra,
    }
  }

  private run(step: string, cmd: string, args: string[], cwd = ROOT) {
    const log = path.join(this.logDir, `${step}.log`)
    try {
      execFileSync(cmd, args, { cwd, env: this.env(), stdio: ["ignore", openSync(log, "w"), openSync(log, "a")] })
    } catch {
      throw new Error(`${step} failed:\n${readFileSync(log, "utf8").slice(-3000)}`)
    }
  }

  /** A fresh database and Redis, migrated and seeded, and the store built (without its admin). */
  async prepare() {
    mkdirSync(this.logDir, { recursive: true })
    for (const f of readdirSync(this.logDir)) if (f.endsWith(".log") || f.endsWith(".bodies")) openSync(path.join(this.logDir, f), "w")
    if (this.redisUrl) {
      const redis = new Redis(this.redisUrl)
      await redis.flushdb()
      redis.disconnect()
    }
    const dbName = this.databaseUrl.split("/").pop()!
    const adminDb = this.databaseUrl.replace(/\/[^/]*$/, "/postgres")
    execFileSync("psql", [adminDb, "-qc", `drop database if exists "${dbName}" with (force)`], { stdio: "ignore" })
    execFileSync("psql", [adminDb, "-qc", `create database "${dbName}"`], { stdio: "ignore" })
    this.run("migrate", "npx", ["medusa", "db:migrate"])
    this.run("seed", "npx", ["medusa", "exec", "./src/scripts/seed.ts"])
    this.run("build", "npx", ["medusa", "build"])
    execFileSync("ln", ["-sfn", "../../node_modules", path.join(SERVER_DIR, "node_modules")])
  }

  /** `nodeArgs` go to node itself (e.g. --cpu-prof, which NODE_OPTIONS does not accept). */
  async start(name: InstanceName, nodeArgs: string[] = []) {
    const { port, mode } = this.instance(name)
    const log = openSync(path.join(this.logDir, `${name}.log`), "a")
    // Its own process group, so a SIGKILL of the group reaches everything it started.
    const recorder = this.recordRequestBodies
      ? { args: ["--require", path.join(__dirname, "..", "reliability", "record-request-bodies.js")], env: { OMNI_RECORD_REQUEST_BODIES: path.join(this.logDir, `${name}.bodies`) } }
      : { args: [] as string[], env: {} as Record<string, string> }
    const child = spawn(process.execPath, [...recorder.args, ...nodeArgs, MEDUSA_CLI, "start"], {
      cwd: SERVER_DIR,
      env: this.env({ NODE_ENV: "production", PORT: String(port), MEDUSA_WORKER_MODE: mode, ...recorder.env }),
      stdio: ["ignore", log, log],
      detached: true,
    })
    this.processes.set(name, child)
    await waitForStore(this.url(name), Date.now() + 120_000, () => child.exitCode === null && child.signalCode === null)
  }

  /** The instance's process id: `medusa start` serves in the node process started here. */
  pid(name: InstanceName): number | undefined {
    return this.processes.get(name)?.pid
  }

  async startAll() {
    await Promise.all((Object.keys(this.instances) as InstanceName[]).map((n) => this.start(n)))
  }

  /** SIGKILL: no shutdown hooks, no finishing of requests in flight. */
  async kill(name: InstanceName) {
    const child = this.processes.get(name)
    if (!child || child.exitCode !== null) return
    const exited = new Promise((r) => child.once("exit", r))
    process.kill(-child.pid!, "SIGKILL")
    await exited
  }

  /** SIGTERM, and wait until it has exited (a CPU profile is written on exit). */
  async stop(name: InstanceName) {
    const child = this.processes.get(name)
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child.once("exit", r))
    process.kill(-child.pid!, "SIGTERM")
    await exited
    this.processes.delete(name)
  }

  async stopAll() {
    for (const [, child] of this.processes) {
      try {
        if (child.exitCode === null) process.kill(-child.pid!, "SIGTERM")
      } catch {}
    }
    this.processes.clear()
  }

  /** What each instance received, request line and body bytes (with `recordRequestBodies`). */
  requestBodyFiles(): string[] {
    return readdirSync(this.logDir).filter((f) => f.endsWith(".bodies")).map((f) => path.join(this.logDir, f))
  }

  logFiles(): string[] {
    return readdirSync(this.logDir).filter((f) => f.endsWith(".log")).map((f) => path.join(this.logDir, f))
  }
}
