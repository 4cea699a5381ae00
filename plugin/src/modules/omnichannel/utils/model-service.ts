import type { InferEntityType, ModulesSdkTypes } from "@medusajs/framework/types"

/**
 * The per-model service Medusa registers in the module's container for each model
 * (OmnichannelChain -> omnichannelChainService): the internal services query through it
 * and hand back `baseRepository.serialize`d plain objects, as Medusa's own modules do.
 */
export type ModelService<Model> = ModulesSdkTypes.IMedusaInternalService<InferEntityType<Model> & object>
