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
  return medusaIntegrationTestRunner({ inApp: true, ...options, env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) })
}

function setEnv(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name]
  else process.env[name] = value
}
