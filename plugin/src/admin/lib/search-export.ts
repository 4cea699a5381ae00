import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { sdk } from "./sdk"

/** A chain as GET /admin/omnichannel/chains lists it. */
export type ChainSummary = {
  id: string
  payment_id: string
  order_id: string | null
  currency_code: string
  origin_channel: string
  crm_token: string | null
  created_at: string
}

/** The filters an export takes; empty ones are left out of the URL. */
export type ExportFilters = { from: string; to: string; channel: string; method: string; terminal_id: string }

const searchChains = (q: string) =>
  sdk.client.fetch<{ chains: ChainSummary[]; count: number }>("/admin/omnichannel/chains", { method: "GET", query: { q, limit: 20 } })

/** Chains matching a payment id, CRM token or BIN + last 4; nothing is asked before there is something to look for. */
export function useChainSearch(q: string) {
  return useQuery({
    queryKey: ["omnichannel", "chain-search", q] as const,
    queryFn: () => searchChains(q),
    enabled: q.trim().length > 0,
    retry: false,
    placeholderData: keepPreviousData,
  })
}

/**
 * The export's address with the filters chosen: the browser downloads it itself (the admin's
 * session cookie goes with it), so a year of operations streams to disk, not into the page.
 */
export function exportUrl(filters: ExportFilters): string {
  const base = (import.meta.env.VITE_BACKEND_URL || "").replace(/\/$/, "")
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value)
  const query = params.toString()
  return `${base}/admin/omnichannel/operations/export${query ? `?${query}` : ""}`
}
