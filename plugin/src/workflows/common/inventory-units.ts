/** Medusa keeps inventory quantities as BigNumber; the plugin counts whole units. */
export const inventoryUnits = (value: unknown): number => Number((value as { numeric?: unknown })?.numeric ?? value ?? 0)
