/**
 * The packaging test: the plugin as a merchant gets it. `npm pack` of plugin/, a throw-away
 * Medusa 2.21 store in a temp folder outside this repository, then the README's section
 * "Install the plugin into an existing Medusa store" followed literally (its shell lines run,
 * its medusa-config.ts written as it stands), the store built and started, and through its
 * HTTP API one online checkout with pp_omnichannel_card and one signed POS sale merged into
 * the same order by the package's own pos-client.
 */
import assert from "node:assert/strict"
import { execFileSync, spawn, type ChildProcess } from "node:child_process"
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import axios from "axios"
import { checkout, TEST_CARDS } from "../helpers/checkout"
import { adminClient, seedOf, waitForStore } from "../helpers/running-store"
import { cardSaleOnChain } from "../helpers/till-sale"
import { reportChecks, runChecks, type Check, type CheckResult } from "../helpers/checks"
import { readInstallSection, type InstallStep } from "./readme-install-steps"

const ROOT = path.resolve(__dirname, "../..")
const PORT = Number(process.env.PACKAGING_PORT ?? 9500)
const BASE = `http://localhost:${PORT}`
const DATABASE_URL = process.env.PACKAGING_DATABASE_URL ?? "postgres://postgres@localhost:5432/omnichannel_packaging"
const LOG_DIR = process.env.PACKAGING_LOG_DIR ?? path.join(os.tmpdir(), "omni-packaging-logs")
const MEDUSA_VERSION = "2.21.2"

const results: CheckResult[] = []

/** What `create-medusa-app` leaves, minus the starter's modules: the store before the plugin. */
function writeExistingStore(dir: string) {
  const pkg = {
    name: "throwaway-medusa-store",
    version: "0.0.1",
    private: true,
    scripts: { build: "medusa build", start: "medusa start", dev: "medusa develop" },
    dependencies: {
      "@medusajs/admin-sdk": MEDUSA_VERSION,
      "@medusajs/cli": MEDUSA_VERSION,
      "@medusajs/framework": MEDUSA_VERSION,
      "@medusajs/medusa": MEDUSA_VERSION,
    },
    devDependencies: {
      "@swc/core": "1.16.18",
      "@types/node": "^20.12.11",
      "ts-node": "^10.9.2",
      typescript: "^5.6.2",
      vite: "^7.3.6",
    },
    engines: { node: ">=20" },
  }
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2))
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
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
        },
        "ts-node": { swc: true },
        include: ["**/*", ".medusa/types/*"],
        exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
      },
      null,
      2
    )
  )
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
  writeFileSync(
    path.join(dir, ".env"),
    [
      `DATABASE_URL=${DATABASE_URL}`,
      "STORE_CORS=http://localhost:8000",
      `ADMIN_CORS=http://localhost:${PORT}`,
      `AUTH_CORS=http://localhost:${PORT}`,
      "JWT_SECRET=throwaway",
      "COOKIE_SECRET=throwaway",
      "",
    ].join("\n")
  )
  // The merchant's catalogue: the reference store's seed is store code, not the plugin's.
  mkdirSync(path.join(dir, "src/scripts"), { recursive: true })
  cpSync(path.join(ROOT, "src/scripts/seed.ts"), path.join(dir, "src/scripts/seed.ts"))
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true", npm_config_prefer_offline: "true", ...extra }
  // Nothing of this repository's own run may leak into the merchant's store.
  for (const key of Object.keys(env)) {
    if (/^(OMNI_|DATABASE_URL$|REDIS_URL$|MEDUSA_ADMIN_DISABLE$|ADMIN_OVER_HTTP$|npm_package_|npm_lifecycle_|INIT_CWD$)/.test(key)) delete env[key]
  }
  return env
}

function sh(step: string, command: string, cwd: string) {
  const log = path.join(LOG_DIR, `${step}.log`)
  const started = Date.now()
  try {
    execFileSync("bash", ["-c", command], { cwd, env: childEnv(), stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 })
    console.log(`  ${step}: ${command} (${Math.round((Date.now() - started) / 1000)} s)`)
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer }
    writeFileSync(log, `${e.stdout ?? ""}\n${e.stderr ?? ""}`)
    throw new Error(`${step} failed: ${command}\n${readFileSync(log, "utf8").slice(-3000)}`)
  }
}

/** The README's steps as shell lines and files; the package name is swapped for the tarball. */
function applyInstallSteps(steps: InstallStep[], storeDir: string, tarball: string) {
  const kinds = steps.map((s) => (s.kind === "file" ? `file ${s.path}` : s.command.split(" ").slice(0, 3).join(" ")))
  for (const expected of ["npm install medusa-plugin-omnichannel", "file medusa-config.ts", "npx medusa db:migrate", "npx medusa build"]) {
    assert.ok(kinds.some((k) => k.startsWith(expected)), `the README's install section no longer says: ${expected} (it says: ${kinds.join("; ")})`)
  }
  steps.forEach((step, i) => {
    if (step.kind === "file") {
      writeFileSync(path.join(storeDir, step.path), step.content)
      console.log(`  readme-${i + 1}: wrote ${step.path}`)
      return
    }
    const command = step.command.replace(/^npm install medusa-plugin-omnichannel\b/, `npm install ${tarball}`)
    sh(`readme-${i + 1}`, command, storeDir)
  })
}

function startStore(storeDir: string): ChildProcess {
  const serverDir = path.join(storeDir, ".medusa/server")
  // Medusa's guide installs the built store's dependencies again in .medusa/server; they are
  // the same packages, so the store's own node_modules stands in for that second install.
  if (!existsSync(path.join(serverDir, "node_modules"))) symlinkSync("../../node_modules", path.join(serverDir, "node_modules"))
  writeFileSync(path.join(serverDir, ".env"), readFileSync(path.join(storeDir, ".env")))
  const log = path.join(LOG_DIR, "server.log")
  return spawn(process.execPath, [path.join(storeDir, "node_modules/@medusajs/cli/cli.js"), "start"], {
    cwd: serverDir,
    env: childEnv({ NODE_ENV: "production", PORT: String(PORT) }),
    stdio: ["ignore", openSync(log, "w"), openSync(log, "a")],
    detached: true,
  })
}

function recreateDatabase() {
  const name = DATABASE_URL.split("/").pop()!
  const adminDb = DATABASE_URL.replace(/\/[^/]*$/, "/postgres")
  execFileSync("psql", [adminDb, "-qc", `drop database if exists "${name}" with (force)`], { stdio: "ignore" })
  execFileSync("psql", [adminDb, "-qc", `create database "${name}"`], { stdio: "ignore" })
}

/** The directory holds no package.json up to / : npm cannot treat it as a workspace of ours. */
function assertOutsideRepository(dir: string) {
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    assert.ok(!existsSync(path.join(d, "package.json")), `${d} has a package.json: the throw-away store would not stand alone`)
  }
  assert.ok(!dir.startsWith(ROOT), "the throw-away store is inside the repository")
}

async function main() {
  const started = Date.now()
  rmSync(LOG_DIR, { recursive: true, force: true })
  mkdirSync(LOG_DIR, { recursive: true })
  const work = mkdtempSync(path.join(os.tmpdir(), "omni-packaging-"))
  const storeDir = path.join(work, "store")
  mkdirSync(storeDir)
  assertOutsideRepository(storeDir)
  let server: ChildProcess | undefined
  const stop = () => {
    try {
      if (server?.pid) process.kill(-server.pid, "SIGTERM")
    } catch {}
  }
  process.on("exit", stop)

  try {
    console.log(`packaging: throw-away store in ${storeDir}`)
    sh("pack", `npm pack --silent --pack-destination ${work}`, path.join(ROOT, "plugin"))
    const tarball = path.join(work, readdirSync(work).find((f) => f.endsWith(".tgz"))!)
    writeExistingStore(storeDir)
    recreateDatabase()
    sh("store-install", "npm install --no-audit --no-fund", storeDir)
    applyInstallSteps(readInstallSection(readFileSync(path.join(ROOT, "README.md"), "utf8")), storeDir, tarball)
    sh("seed", "npx medusa exec ./src/scripts/seed.ts", storeDir)

    server = startStore(storeDir)
    await waitForStore(BASE, Date.now() + 180_000, () => server!.exitCode === null)
    const adminApi = await adminClient(BASE)
    const seed = await seedOf(adminApi)
    const tokenKey = /^OMNI_TOKEN_KEY=(.+)$/m.exec(readFileSync(path.join(storeDir, ".env"), "utf8"))?.[1]
    // Resolved as the store's own code would, through the package's `exports`.
    const posClient = require(require.resolve("medusa-plugin-omnichannel/pos-client", { paths: [storeDir] }))
    let orderId = ""
    let paymentId = ""
    let till: InstanceType<typeof posClient.PosClient> | undefined
    let onlinePaid = 0

    const checks: Check[] = [
      {
        name: "the package holds what a store loads: module, provider, routes, admin extensions, pos-client, storefront kit, OpenAPI",
        run: async () => {
          const installed = path.join(storeDir, "node_modules/medusa-plugin-omnichannel")
          for (const f of ["package.json", "openapi/pos.openapi.json", ".medusa/server/src/modules/omnichannel/index.js", ".medusa/server/src/providers/omnichannel/index.js", ".medusa/server/src/admin/index.js"]) {
            assert.ok(existsSync(path.join(installed, f)), `the package lacks ${f}`)
          }
          assert.ok(!existsSync(path.join(installed, "src")), "the package ships its TypeScript sources")
          // The storefront kit resolves by its export name from the installed store, with its types.
          const kit = require.resolve("medusa-plugin-omnichannel/storefront", { paths: [storeDir] })
          assert.ok(kit.startsWith(installed), `medusa-plugin-omnichannel/storefront resolved to ${kit}`)
          assert.match(readFileSync(kit, "utf8"), /CardCheckout/, "the storefront kit does not export CardCheckout")
          assert.ok(existsSync(path.join(installed, ".medusa/server/src/storefront/index.d.ts")), "the storefront kit ships without its types")
          const assets = path.join(storeDir, ".medusa/server/public/admin/assets")
          const bundled = readdirSync(assets).some((f) => f.endsWith(".js") && readFileSync(path.join(assets, f), "utf8").includes("omni-order-widget"))
          assert.ok(bundled, "the store's admin build does not contain the plugin's order widget")
          assert.match(tokenKey ?? "", /^[0-9a-f]{64}$/, "the README's token key step did not leave OMNI_TOKEN_KEY in .env")
        },
      },
      {
        name: "an online checkout with pp_omnichannel_card makes an order on a 19-digit payment chain",
        run: async () => {
          const placed = await checkout(axios.create({ baseURL: BASE }), seed, { card: TEST_CARDS.approved, sku: "SHIRT-M", quantity: 1 })
          assert.ok(placed.order, `checkout did not make an order: ${JSON.stringify(placed.completed?.data ?? placed.session?.data)}`)
          orderId = placed.order.id
          for (let i = 0; i < 40 && !paymentId; i++) {
            const { data } = await adminApi.get(`/admin/omnichannel/chains?order_id=${orderId}`)
            paymentId = data.chains?.[0]?.payment_id ?? ""
            if (!paymentId) await new Promise((r) => setTimeout(r, 250))
          }
          assert.match(paymentId, /^\d{19}$/, "the order was never linked to a chain")
          const { data } = await adminApi.get(`/admin/omnichannel/chains/${paymentId}`)
          onlinePaid = data.chain.totals.authorized
          assert.ok(onlinePaid > 0, `nothing authorized on the chain: ${JSON.stringify(data.chain.totals)}`)
        },
      },
      {
        name: "a till signs a sale with the package's pos-client and it lands on the same chain and order",
        run: async () => {
          const created = await adminApi.post("/admin/omnichannel/terminals", { name: "Packaging till", stock_location_id: seed.stock_location_ids.store_paris })
          assert.equal(created.status, 201, JSON.stringify(created.data))
          const pos = new posClient.PosClient({ baseUrl: BASE, terminalId: created.data.terminal.id, secret: created.data.secret })
          const sale = await pos.sales(
            cardSaleOnChain({
              sale_id: `PACK-${Date.now()}`,
              payment_id: paymentId,
              sku: "TOTE-NATURAL",
              quantity: 1,
              unit_price: 1250,
              acquirer_reference: "PACK-T1",
              offline_token: posClient.computeOfflineToken(tokenKey, TEST_CARDS.approved),
            })
          )
          assert.equal(sale.status, 201, `POS sale refused: ${JSON.stringify(sale.data)}`)
          assert.equal(sale.data.order_id, orderId, "the till sale went to another order")
          assert.equal(sale.data.payment_id, paymentId, "the till sale opened another chain")
          const { data } = await adminApi.get(`/admin/omnichannel/chains/${paymentId}`)
          assert.equal(data.chain.totals.by_channel.in_store?.paid, 1250, JSON.stringify(data.chain.totals))
          till = pos
        },
      },
      {
        name: "without Medusa's loyalty plugin, a cash sale lands and a gift card is refused with TENDER_NOT_AVAILABLE",
        run: async () => {
          assert.ok(till, "no till from the previous check")
          const base = { occurred_at: new Date().toISOString(), currency_code: "EUR", items: [{ sku: "CUP-GLAZED", quantity: 1, unit_price: 900 }] }
          const cash = await till.sales({ ...base, sale_id: `PACK-CASH-${Date.now()}`, payments: [{ method: "cash", amount: 900, tendered: 1000, change: 100 }] })
          assert.equal(cash.status, 201, `cash sale refused: ${JSON.stringify(cash.data)}`)
          const gift = await till.sales({ ...base, sale_id: `PACK-GIFT-${Date.now()}`, payments: [{ method: "gift_card", amount: 900, code: "NO-LOYALTY" }] })
          assert.equal(gift.status, 422, JSON.stringify(gift.data))
          assert.equal(gift.data.code, "TENDER_NOT_AVAILABLE")
        },
      },
    ]

    await runChecks(checks, results)
  } catch (err) {
    results.push({ name: "install the packed plugin into a throw-away store", ok: false, error: (err as Error).message })
  } finally {
    stop()
  }

  const kept = results.every((r) => r.ok) ? "" : `(the throw-away store is kept in ${work}; logs in ${LOG_DIR})`
  if (!kept) rmSync(work, { recursive: true, force: true })
  const failed = reportChecks("packaging", results, `${kept} ${Math.round((Date.now() - started) / 1000)} s`.trim())
  process.exit(failed ? 1 : 0)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
