import { paymentLinksSuite } from "../suites/payment-links"

paymentLinksSuite("sandbox")
