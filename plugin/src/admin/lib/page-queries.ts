import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { omnichannelApi, type HealthWindow } from "./api"
import { offlinePaymentsApi, type OfflinePaymentState } from "./offline-payments-api"

/*
 * The Omnichannel page's data, in the dashboard's react-query cache under ["omnichannel"]
 * (the order widget's data sits under the order's own key: see order-queries).
 */
export const omnichannelKeys = {
  terminals: ["omnichannel", "terminals"] as const,
  stockLocations: ["omnichannel", "stock-locations"] as const,
  pendingPayments: ["omnichannel", "pending-payments"] as const,
  ingestions: ["omnichannel", "pos-ingestions"] as const,
  discrepancies: ["omnichannel", "stock-discrepancies"] as const,
  reconciliations: ["omnichannel", "reconciliations"] as const,
  reconciliation: (id: string) => ["omnichannel", "reconciliations", "detail", id] as const,
  health: (window: HealthWindow) => ["omnichannel", "health", window] as const,
  channelReport: (days: number) => ["omnichannel", "reports", "channels", days] as const,
  offlinePayments: (state: OfflinePaymentState) => ["omnichannel", "offline-payments", state] as const,
}

// Tills, the acquirer and the daily jobs change these outside the page: fetch them again
// whenever a section mounts, not only after the dashboard's 90 s staleTime.
export const ALWAYS_REFETCH = { staleTime: 0 } as const

export function useTerminals() {
  return useQuery({ queryKey: omnichannelKeys.terminals, queryFn: () => omnichannelApi.terminals(), ...ALWAYS_REFETCH })
}

export function useStockLocations() {
  return useQuery({ queryKey: omnichannelKeys.stockLocations, queryFn: () => omnichannelApi.stockLocations() })
}

/** Create a till, change it (name, webhook, offline limits), rotate its secret, deactivate it: each answer refetches the list (also after a refusal). */
export function useTerminalMutations() {
  const queryClient = useQueryClient()
  const onSettled = () => queryClient.invalidateQueries({ queryKey: omnichannelKeys.terminals })
  return {
    create: useMutation({ mutationFn: omnichannelApi.createTerminal, onSettled }),
    update: useMutation({ mutationFn: omnichannelApi.updateTerminal, onSettled }),
    rotateSecret: useMutation({ mutationFn: omnichannelApi.rotateSecret, onSettled }),
    deactivate: useMutation({ mutationFn: omnichannelApi.deactivateTerminal, onSettled }),
  }
}

export function usePendingPayments() {
  return useQuery({ queryKey: omnichannelKeys.pendingPayments, queryFn: () => omnichannelApi.pendingPayments(), ...ALWAYS_REFETCH })
}

export function useIngestions() {
  return useQuery({ queryKey: omnichannelKeys.ingestions, queryFn: () => omnichannelApi.ingestions(), ...ALWAYS_REFETCH })
}

export function useDiscrepancies() {
  return useQuery({ queryKey: omnichannelKeys.discrepancies, queryFn: () => omnichannelApi.discrepancies(), ...ALWAYS_REFETCH })
}

export function useReconciliations() {
  return useQuery({ queryKey: omnichannelKeys.reconciliations, queryFn: () => omnichannelApi.reconciliations(), ...ALWAYS_REFETCH })
}

/** One run with its differences; nothing is fetched before there is a run to show. */
export function useReconciliation(id: string | undefined) {
  return useQuery({
    queryKey: omnichannelKeys.reconciliation(id ?? ""),
    queryFn: () => omnichannelApi.reconciliation(id!),
    enabled: !!id,
    // The run shown stays on screen until the one chosen arrives.
    placeholderData: keepPreviousData,
    ...ALWAYS_REFETCH,
  })
}

/** Runs one now: its answer is cached as that run's detail, and the list of runs is refetched. */
export function useRunReconciliation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => omnichannelApi.runReconciliation(),
    onSuccess: (answer) => queryClient.setQueryData(omnichannelKeys.reconciliation(answer.reconciliation.id), answer),
    onSettled: () => queryClient.invalidateQueries({ queryKey: omnichannelKeys.reconciliations, exact: true }),
  })
}

export function useHealth(window: HealthWindow) {
  return useQuery({
    queryKey: omnichannelKeys.health(window),
    queryFn: () => omnichannelApi.health(window),
    // The other window's figures stay on screen until this one's arrive.
    placeholderData: keepPreviousData,
    ...ALWAYS_REFETCH,
  })
}

export function useChannelReport(days: number) {
  return useQuery({ queryKey: omnichannelKeys.channelReport(days), queryFn: () => omnichannelApi.channelReport(days), ...ALWAYS_REFETCH })
}

/** Card payments the tills approved offline, by state (declined after the sale, awaiting the outcome). */
export function useOfflinePayments(state: OfflinePaymentState) {
  return useQuery({ queryKey: omnichannelKeys.offlinePayments(state), queryFn: () => offlinePaymentsApi.list(state), ...ALWAYS_REFETCH })
}

/** "Send link again": the declined list is refetched after it (how many emails went out, the link's state). */
export function useSendLinkAgain() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: offlinePaymentsApi.sendLinkAgain,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["omnichannel", "offline-payments"] }),
  })
}
