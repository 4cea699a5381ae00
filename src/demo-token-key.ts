// The reference store's demo token key, so `npm run demo` and the POS simulator work out of
// the box. A real store sets OMNI_TOKEN_KEY (>= 32 bytes) and shares it with its terminals.
export const DEMO_TOKEN_KEY = "demo-token-key-change-me-0123456789abcdef"

export const tokenKey = () => process.env.OMNI_TOKEN_KEY ?? DEMO_TOKEN_KEY
