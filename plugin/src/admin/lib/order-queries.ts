import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { omnichannelApi, type Chain, type RefundAnswer } from "./api"
import { ALWAYS_REFETCH, useTerminals } from "./page-queries"
import { paymentLinksApi } from "./payment-links-api"

/*
 * The widget's data lives in the dashboard's own react-query cache (@tanstack/react-query is
 * external to the plugin's admin build, so the widget's useQueryClient is the dashboard's
 * client). Keys sit under Medusa's order detail key, ["orders", "detail", id] (the dashboard's
 * ordersQueryKeys.detail): Medusa invalidates that key, or ["orders", "detail"], after its own
 * capture, refund, cancel and order edits, and so refreshes the widget as well.
 */
const orderDetailKey = (orderId: string) => ["orders", "detail", orderId] as const

export const omnichannelOrderKeys = {
  chains: (orderId: string) => [...orderDetailKey(orderId), "omnichannel", "chains"] as const,
  paymentLinks: (orderId: string) => [...orderDetailKey(orderId), "omnichannel", "payment-links"] as const,
}

/** Every chain of the order, each in full (operations and totals). */
export function useOrderChains(orderId: string) {
  return useQuery({
    queryKey: omnichannelOrderKeys.chains(orderId),
    queryFn: async (): Promise<Chain[]> => {
      const { chains } = await omnichannelApi.chainsOfOrder(orderId)
      return Promise.all(chains.map((c) => omnichannelApi.chain(c.payment_id).then((r) => r.chain)))
    },
    ...ALWAYS_REFETCH,
  })
}

export function useOrderPaymentLinks(orderId: string) {
  return useQuery({
    queryKey: omnichannelOrderKeys.paymentLinks(orderId),
    queryFn: () => paymentLinksApi.ofOrder(orderId),
    ...ALWAYS_REFETCH,
  })
}

/** A till's name by its id (the id itself while the list loads or for a till since removed). */
export function useTerminalName() {
  const { data } = useTerminals()
  return (terminalId: string) => data?.terminals.find((t) => t.id === terminalId)?.name ?? terminalId
}

/**
 * After any money moved from the widget: what Medusa's order page shows (the order with its
 * payment collections and summary, its preview and changes) and the widget itself are refetched,
 * with the same keys the dashboard invalidates after its own payment actions.
 */
export function useRefreshOrder(orderId: string) {
  const queryClient = useQueryClient()
  return async () => {
    await Promise.all([
      // Medusa's order (any fields) and, nested under it, the widget's chains and links.
      queryClient.invalidateQueries({ queryKey: orderDetailKey(orderId) }),
      queryClient.invalidateQueries({ queryKey: [orderDetailKey(orderId), "preview"] }),
      queryClient.invalidateQueries({ queryKey: [orderDetailKey(orderId), "changes"] }),
      queryClient.invalidateQueries({ queryKey: ["payment-collection"] }),
      queryClient.invalidateQueries({ queryKey: ["payment"] }),
      // The orders list shows each order's payment status.
      queryClient.invalidateQueries({ queryKey: ["orders", "list"] }),
    ])
  }
}

/** What the widget's action form sends: one of the chain's money movements. */
export type ChainAction =
  | { action: "refund"; body: Parameters<typeof omnichannelApi.refund>[1] }
  | { action: "payout"; body: Parameters<typeof omnichannelApi.payout>[1] }
  | { action: "subsequent payment"; body: Parameters<typeof omnichannelApi.subsequentPayment>[1] }

/** A refund, payout or subsequent payment on a chain of the order; the order is refetched whatever the answer. */
export function useChainAction(paymentId: string, orderId: string) {
  const refreshOrder = useRefreshOrder(orderId)
  return useMutation({
    mutationFn: async (request: ChainAction): Promise<RefundAnswer> => {
      if (request.action === "refund") return omnichannelApi.refund(paymentId, request.body)
      if (request.action === "payout") await omnichannelApi.payout(paymentId, request.body)
      else await omnichannelApi.subsequentPayment(paymentId, request.body)
      return {}
    },
    // Even a refusal may have written to the chain (a declined card is a failed operation).
    onSettled: refreshOrder,
  })
}

/** Ask for a payment by link, or cancel one: the order and its links are refetched whatever the answer. */
export function usePaymentLinkMutations(orderId: string) {
  const refreshOrder = useRefreshOrder(orderId)
  return {
    create: useMutation({
      mutationFn: ({ key, body }: { key: string; body: Parameters<typeof paymentLinksApi.create>[2] }) => paymentLinksApi.create(orderId, key, body),
      onSettled: refreshOrder,
    }),
    cancel: useMutation({ mutationFn: paymentLinksApi.cancel, onSettled: refreshOrder }),
  }
}
