import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** The collection metadata key naming the chain operation a Medusa payment collection records. */
export const OPERATION_KEY = "omnichannel_operation_id"

/** How far an earlier run got in recording an operation on the order: the records it made. */
export type FoundPayment = { collection_id?: string; session_id?: string; payment_id?: string }

type Session = { id: string; data?: Record<string, unknown> | null; payment?: { id: string } | null }
type Collection = { id: string; metadata?: Record<string, unknown> | null; payment_sessions?: (Session | null)[] | null }

/**
 * The Medusa records an earlier run made for this operation, found through the order's
 * payment collections: the collection naming it in its metadata, or holding a session
 * that names it (before the provider described it, as `recorded_operation_id`; after, as
 * `operation_id`; collections of older runs have only the session).
 */
export async function findRecordedPayment(container: MedusaContainer, order_id: string, operation_id: string): Promise<FoundPayment> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: [
      "payment_collections.id",
      "payment_collections.metadata",
      "payment_collections.payment_sessions.id",
      "payment_collections.payment_sessions.data",
      "payment_collections.payment_sessions.payment.id",
    ],
    filters: { id: order_id },
  })
  const collections = ((data[0] as { payment_collections?: (Collection | null)[] } | undefined)?.payment_collections ?? []).filter(
    (c): c is Collection => !!c
  )
  for (const collection of collections) {
    const session = collection.payment_sessions?.find(
      (s) => s?.data?.recorded_operation_id === operation_id || s?.data?.operation_id === operation_id
    )
    if (session) return { collection_id: collection.id, session_id: session.id, payment_id: session.payment?.id }
    if (collection.metadata?.[OPERATION_KEY] === operation_id) return { collection_id: collection.id }
  }
  return {}
}
