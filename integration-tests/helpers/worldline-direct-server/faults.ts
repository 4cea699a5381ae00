import { error, type Answer } from "./answers"
import { inProgress } from "./idempotency"

export type Fault =
  | { kind: "error"; status: number; errorCode: string; id: string; retriable?: boolean }
  | { kind: "slow"; ms: number }
  | { kind: "in_progress" }
  | { kind: "lose_answer" }

/** Faults the tests queue for the next money calls, met in order, as from a load balancer in front of the platform. */
export class Faults {
  private queue: Fault[] = []

  inject(fault: Fault, count = 1) {
    for (let i = 0; i < count; i++) this.queue.push(fault)
  }

  clear() {
    this.queue = []
  }

  /** The fault the next call meets: only money calls (reads and hosted tokenization never are). */
  next(money: boolean): Fault | undefined {
    return money ? this.queue.shift() : undefined
  }
}

/** The answer a fault gives instead of the platform's, or null when the call still goes through (slow, answer lost). */
export function faultAnswer(fault: Fault | undefined): Answer | null {
  if (fault?.kind === "error") return error(fault.status, fault.errorCode, fault.id, `injected ${fault.id}`, undefined, fault.retriable)
  if (fault?.kind === "in_progress") return inProgress()
  return null
}
