import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import { tokenKey } from "./src/demo-token-key"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const DATABASE_URL =
  process.env.DATABASE_URL ?? "postgres://postgres@localhost:5432/omnichannel_store"

const REDIS_URL = process.env.REDIS_URL

// With Redis, events, locks and workflow runs are shared by every instance of the store
// (several servers and a worker); without it Medusa's in-process stand-ins serve one.
const redisModules = REDIS_URL
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl: REDIS_URL } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl: REDIS_URL } } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl: REDIS_URL } }],
        },
      },
    ]
  : []

// Emails (payment links, till receipts, refund confirmations) go through Medusa's
// Notification Module. notification-local only logs them; a store registers its own email
// provider (SendGrid, Resend...) on the "email" channel instead. OMNI_EMAIL_PROVIDER names
// such a provider module without editing this file (the notifications test gives one that
// refuses some addresses). One provider per channel: Medusa refuses two.
const emailProvider = process.env.OMNI_EMAIL_PROVIDER
const notificationModule = {
  resolve: "@medusajs/medusa/notification",
  options: {
    providers: [
      {
        resolve: "@medusajs/medusa/notification-local",
        id: "local",
        options: { name: "Local Notification Provider", channels: emailProvider ? ["feed"] : ["feed", "email"] },
      },
      ...(emailProvider ? [{ resolve: emailProvider, id: "email", options: { channels: ["email"] } }] : []),
    ],
  },
}

function optionalNumber(value: string | undefined): number | undefined {
  return value ? Number(value) : undefined
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: DATABASE_URL,
    redisUrl: REDIS_URL,
    // Medusa reads MEDUSA_WORKER_MODE itself: "server" answers HTTP, "worker" runs
    // subscribers and scheduled jobs, "shared" (the default) does both.
    // Medusa marks the admin session cookie Secure in production; the demo and the browser
    // suite serve the admin over plain http on localhost, where it would never be set.
    ...(process.env.ADMIN_OVER_HTTP === "true" ? { cookieOptions: { secure: false } } : {}),
    http: {
      storeCors: process.env.STORE_CORS ?? "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS ?? "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS ?? "http://localhost:9000,http://localhost:5173",
      jwtSecret: process.env.JWT_SECRET ?? "supersecret",
      cookieSecret: process.env.COOKIE_SECRET ?? "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLE === "true",
  },
  modules: [
    ...redisModules,
    notificationModule,
    {
      resolve: "@medusajs/medusa/payment",
      // The omnichannel provider works through the omnichannel module, reads a customer's
      // kept cards with Query and reads back the payment module's own captures and refunds:
      // Medusa puts what a module's dependencies name in its providers' container.
      dependencies: ["omnichannel", "query", "payment"],
      options: {
        providers: [
          {
            // Registered as pp_omnichannel_card.
            resolve: "medusa-plugin-omnichannel/providers/omnichannel",
            id: "card",
            options: { autoCapture: process.env.OMNI_AUTO_CAPTURE === "true" },
          },
        ],
      },
    },
  ],
  plugins: [
    // Medusa's gift cards and store credit: tills redeem them and refunds can be made to them.
    { resolve: "@medusajs/loyalty-plugin", options: {} },
    {
      resolve: "medusa-plugin-omnichannel",
      options: {
        tokenKey: tokenKey(),
        offlineTokens: process.env.OMNI_OFFLINE_TOKENS === "true",
        acquirer: process.env.OMNI_ACQUIRER ?? "sandbox",
        // Read only when OMNI_ACQUIRER=worldline-direct.
        worldline: {
          endpoint: process.env.OMNI_WORLDLINE_ENDPOINT,
          merchantId: process.env.OMNI_WORLDLINE_MERCHANT_ID,
          apiKeyId: process.env.OMNI_WORLDLINE_API_KEY_ID,
          secretApiKey: process.env.OMNI_WORLDLINE_SECRET_API_KEY,
          webhookKeyId: process.env.OMNI_WORLDLINE_WEBHOOK_KEY_ID,
          webhookSecret: process.env.OMNI_WORLDLINE_WEBHOOK_SECRET,
          timeoutMs: optionalNumber(process.env.OMNI_ACQUIRER_TIMEOUT_MS),
        },
        paymentLinks: {
          // The page a payment link opens; the reference store serves one at /shop/pay/:token.
          url: process.env.OMNI_PAYMENT_LINK_URL ?? "http://localhost:9000/shop/pay/{token}",
        },
        acquirerRetry: {
          attempts: optionalNumber(process.env.OMNI_ACQUIRER_RETRY_ATTEMPTS),
          backoffMs: optionalNumber(process.env.OMNI_ACQUIRER_RETRY_BACKOFF_MS),
        },
        // Recognise till shoppers by a card they kept online: "off" (default) or "by_card" (the demo's).
        recognizeCustomers: (process.env.OMNI_RECOGNIZE_CUSTOMERS || "off") as "off" | "by_card",
        // Prometheus metrics at GET /omnichannel/metrics, off unless OMNI_METRICS=true.
        metrics: {
          enabled: process.env.OMNI_METRICS === "true",
          token: process.env.OMNI_METRICS_TOKEN || undefined,
        },
        webhooks: {
          retryBaseMs: optionalNumber(process.env.OMNI_WEBHOOK_RETRY_BASE_MS),
          maxAttempts: optionalNumber(process.env.OMNI_WEBHOOK_MAX_ATTEMPTS),
          timeoutMs: optionalNumber(process.env.OMNI_WEBHOOK_TIMEOUT_MS),
        },
      },
    },
  ],
})
