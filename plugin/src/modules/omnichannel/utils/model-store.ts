import type { Context } from "@medusajs/framework/types"

type InternalModelService = {
  list(filters: object, config: object, context: Context): Promise<unknown[]>
  retrieve(id: string, config: object, context: Context): Promise<unknown>
  create(data: unknown, context: Context): Promise<unknown>
  update(data: unknown, context: Context): Promise<unknown>
  delete(ids: string[], context: Context): Promise<unknown>
  softDelete(ids: string[], context: Context): Promise<unknown>
}
type Serializer = { serialize<T>(data: unknown): Promise<T> }

/**
 * One model's queries for an internal service, answered as plain objects: what the module
 * service's generated methods (listOmnichannelChains, ...) do, over the same per-model service
 * Medusa registers in the module's container, so a caller's transaction is shared the same way.
 */
export class ModelStore<DTO> {
  constructor(private readonly service: InternalModelService, private readonly serializer: Serializer) {}

  async list(filters: Record<string, unknown> = {}, config: Record<string, unknown> = {}, context: Context = {}): Promise<DTO[]> {
    return await this.serializer.serialize<DTO[]>(await this.service.list(filters, config, context))
  }

  async retrieve(id: string, config: Record<string, unknown> = {}, context: Context = {}): Promise<DTO> {
    return await this.serializer.serialize<DTO>(await this.service.retrieve(id, config, context))
  }

  async create(data: Record<string, unknown>, context?: Context): Promise<DTO>
  async create(data: Record<string, unknown>[], context?: Context): Promise<DTO[]>
  async create(data: Record<string, unknown> | Record<string, unknown>[], context: Context = {}) {
    return await this.serializer.serialize(await this.service.create(data, context))
  }

  async update(data: Record<string, unknown>, context?: Context): Promise<DTO>
  async update(data: Record<string, unknown>[], context?: Context): Promise<DTO[]>
  async update(data: Record<string, unknown> | Record<string, unknown>[], context: Context = {}) {
    return await this.serializer.serialize(await this.service.update(data, context))
  }

  async delete(ids: string | string[], context: Context = {}) {
    await this.service.delete(Array.isArray(ids) ? ids : [ids], context)
  }

  async softDelete(ids: string | string[], context: Context = {}) {
    await this.service.softDelete(Array.isArray(ids) ? ids : [ids], context)
  }
}

/** The per-model service Medusa registers for `modelKey` (e.g. "OmnichannelChain" -> omnichannelChainService). */
export function modelStore<DTO>(cradle: Record<string, any>, modelKey: string): ModelStore<DTO> {
  const name = `${modelKey.charAt(0).toLowerCase()}${modelKey.slice(1)}Service`
  return new ModelStore<DTO>(cradle[name], cradle.baseRepository)
}
