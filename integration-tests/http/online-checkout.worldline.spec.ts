import { onlineCheckoutSuite } from "../suites/online-checkout"

// The same suite with the store talking to Worldline Direct (a local server speaking its contract).
onlineCheckoutSuite("worldline-direct")
