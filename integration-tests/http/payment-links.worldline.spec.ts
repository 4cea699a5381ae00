import { paymentLinksSuite } from "../suites/payment-links"

// The same suite with the store talking to Worldline Direct (a local server speaking its contract).
paymentLinksSuite("worldline-direct")
