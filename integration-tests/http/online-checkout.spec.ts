import { onlineCheckoutSuite } from "../suites/online-checkout"

onlineCheckoutSuite("sandbox")
