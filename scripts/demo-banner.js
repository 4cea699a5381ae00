// Waits for the demo store, proves the plugin answers, and prints what to open.
const base = process.env.DEMO_URL
const email = process.env.DEMO_ADMIN_EMAIL
const password = process.env.DEMO_ADMIN_PASSWORD

async function waitForHealth(deadline) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/health`)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`the store did not answer ${base}/health in time`)
}

async function main() {
  await waitForHealth(Date.now() + 120_000)
  const login = await fetch(`${base}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  const { token } = await login.json()
  const auth = { authorization: `Bearer ${token}` }
  const chains = await fetch(`${base}/admin/omnichannel/chains`, { headers: auth })
  const keys = await (await fetch(`${base}/admin/api-keys?type=publishable`, { headers: auth })).json()
  const key = keys.api_keys.find((k) => k.title === "Webshop") ?? keys.api_keys[0]
  console.log(`
  Omnichannel reference store is running.

    Shop:              ${base}/shop  (test cards: 4242424242424242; 3-D Secure 4000000000003220)
    Admin:             ${base}/app
    Log in with:       ${email} / ${password}
    Plugin route:      GET ${base}/admin/omnichannel/chains -> ${chains.status} ${JSON.stringify(await chains.json())}
    Publishable key:   ${key ? key.token : "(none)"}
    Metrics:           ${base}/omnichannel/metrics  (Prometheus text; Health in the admin's Omnichannel page)

  Stop with Ctrl-C.
`)
}

main().catch((err) => {
  console.error(`demo check failed: ${err.message}`)
  process.exit(1)
})
