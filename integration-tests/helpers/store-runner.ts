import { Client } from "@medusajs/framework/pg"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"

type RunnerOptions = Parameters<typeof medusaIntegrationTestRunner>[0]
/** Values the store's medusa-config.ts reads; `undefined` removes one. */
export type StoreEnv = Record<string, string | undefined>

/**
 * Medusa's integration test runner on the reference store, in-app, with the suite's `env`.
 *
 * The runner applies its `env` option only after it has loaded medusa-config.ts
 * (@medusajs/test-utils 2.21.2: `configLoaderOverride` runs before `applyEnvVarsToProcess`),
 * and the config reads process.env once, when it is loaded: a value there would reach the
 * app too late. So the same values are also set in a hook that runs before the runner's
 * own, and put back when the suite ends.
 *
 * When npm test has made a migrated, empty database (OMNI_DB_TEMPLATE, see
 * make-db-template.sh), the suite's database is a copy of it, made before the runner's own
 * hooks: the runner then finds every migration applied rather than running them all again
 * (15-40 s a suite on two loaded cores). Without it, the runner migrates as usual.
 */
export function storeTestRunner({ env = {}, ...options }: Omit<RunnerOptions, "env"> & { env?: StoreEnv }) {
  const before = new Map<string, string | undefined>()
  beforeAll(() => {
    for (const [name, value] of Object.entries(env)) {
      before.set(name, process.env[name])
      setEnv(name, value)
    }
  })
  afterAll(() => {
    for (const [name, value] of before) setEnv(name, value)
  })
  const template = process.env.OMNI_DB_TEMPLATE
  const dbName = template ? `omni-jest-${process.pid}-${Date.now().toString(36)}` : undefined
  if (template && dbName) beforeAll(() => copyDatabase(template, dbName))
  return medusaIntegrationTestRunner({
    inApp: true,
    ...(dbName ? { dbName } : {}),
    ...options,
    env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)),
  })
}

/** The same server and credentials as Medusa's runner (its DB_* variables). */
async function copyDatabase(template: string, name: string) {
  const client = new Client({
    host: process.env.DB_HOST ?? "localhost",
    user: process.env.DB_USERNAME ?? "postgres",
    password: process.env.DB_PASSWORD || undefined,
    port: Number(process.env.DB_PORT ?? 5432),
    database: "postgres",
  })
  await client.connect()
  try {
    await client.query(`create database "${name}" template "${template}"`)
  } finally {
    await client.end()
  }
}

function setEnv(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name]
  else process.env[name] = value
}
