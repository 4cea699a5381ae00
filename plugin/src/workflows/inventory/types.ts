import type { PublicTerminal } from "../../modules/omnichannel/service"
import type { PosStockEvent } from "../../pos-client/client"

/** A validated stock event and the terminal (so the stock location) that sent it. */
export type StockEventInput = PosStockEvent & { terminal: PublicTerminal }
