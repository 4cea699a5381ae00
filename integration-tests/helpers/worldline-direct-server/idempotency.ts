import { error, type Answer } from "./answers"

/**
 * X-GCS-Idempotence-Key as the platform keeps it: the same key gets the first answer again
 * (a refusal of the card as well as a success; not a 5xx), and 409 `1409` while the first
 * call with it still runs.
 */
export class IdempotenceKeys {
  private readonly answers = new Map<string, Answer>()
  private readonly running = new Set<string>()

  /** What a call with this key gets without running: a bad key refused, the first answer again, or 409 while that one runs. */
  answerWithoutRunning(key: string | undefined): { answer: Answer; headers?: Record<string, string> } | null {
    if (!key) return null
    if (key.length > 40) {
      return { answer: error(400, "1099", "INVALID_IDEMPOTENCE_KEY", "X-GCS-Idempotence-Key: at most 40 characters", "X-GCS-Idempotence-Key") }
    }
    const stored = this.answers.get(key)
    if (stored) return { answer: stored, headers: { "X-GCS-Idempotence-Request-Timestamp": String(Date.now()) } }
    if (this.running.has(key)) return { answer: inProgress() }
    return null
  }

  /** Runs the call under its key (if any) and keeps its answer for the key. */
  async run(key: string | undefined, call: () => Promise<Answer>): Promise<Answer> {
    if (!key) return call()
    this.running.add(key)
    try {
      const answer = await call()
      if (answer.status < 500) this.answers.set(key, answer)
      return answer
    } finally {
      this.running.delete(key)
    }
  }
}

export function inProgress(): Answer {
  return error(409, "1409", "DUPLICATE_REQUEST_IN_PROGRESS", "a request with this idempotence key is in progress")
}
