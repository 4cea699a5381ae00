/** A row that a unique index refused: created at the same moment elsewhere, or a generated value that clashed. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; type?: string; message?: string; name?: string }
  return (
    e?.code === "23505" ||
    e?.name === "UniqueConstraintViolationException" ||
    e?.type === "duplicate_error" ||
    /already exists|duplicate key/i.test(e?.message ?? "")
  )
}

/** How often a create that meets a unique violation looks again or draws a new value. */
export const CREATE_ATTEMPTS = 5
