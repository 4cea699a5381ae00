import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { customerActivityApi } from "./customer-activity-api"
import { ALWAYS_REFETCH } from "./page-queries"

/*
 * Under Medusa's customer detail key, ["customers", "detail", id] (the dashboard's
 * customersQueryKeys.detail): whatever refreshes Medusa's customer page refreshes the widget.
 */
export const customerActivityKey = (customerId: string, page: { limit: number; offset: number }) =>
  ["customers", "detail", customerId, "omnichannel", "activity", page] as const

/** The customer's activity across channels, one page of purchases at a time (the previous page shown while the next loads). */
export function useCustomerActivity(customerId: string, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: customerActivityKey(customerId, page),
    queryFn: () => customerActivityApi.activity(customerId, page),
    placeholderData: keepPreviousData,
    ...ALWAYS_REFETCH,
  })
}
