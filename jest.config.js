const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

// Integration tests talk to the real PostgreSQL of the machine; the Medusa test
// runners create and drop one database per suite.
process.env.DB_HOST ??= "localhost"
process.env.DB_USERNAME ??= "postgres"
process.env.MEDUSA_DISABLE_TELEMETRY ??= "true"

const suites = {
  unit: ["<rootDir>/plugin/src/**/__tests__/**/*.unit.spec.ts", "<rootDir>/storefront-kit/src/**/__tests__/**/*.unit.spec.ts"],
  "integration:modules": ["<rootDir>/integration-tests/modules/**/*.spec.ts"],
  "integration:http": ["<rootDir>/integration-tests/http/**/*.spec.ts"],
}

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", decorators: true, tsx: true } } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/plugin/.medusa/"],
  setupFiles: ["<rootDir>/integration-tests/setup.js"],
  testMatch: suites[process.env.TEST_TYPE] ?? Object.values(suites).flat(),
}
