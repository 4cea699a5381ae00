import { z } from "@medusajs/framework/zod"

export const ListChainsQuery = z.object({
  order_id: z.string().optional(),
  crm_token: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type ListChainsQuery = z.infer<typeof ListChainsQuery>
