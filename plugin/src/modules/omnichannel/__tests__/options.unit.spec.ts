import { validateOptions } from "../options"

describe("plugin options: recognizeCustomers", () => {
  it.each([undefined, "off", "by_card"])("starts with %p", (value) => {
    expect(() => validateOptions({ recognizeCustomers: value as never })).not.toThrow()
  })

  it.each(["on", "BY_CARD", "by_email", true, 1, ""])("refuses to start with %p, naming the option and its values", (value) => {
    expect(() => validateOptions({ recognizeCustomers: value as never })).toThrow(
      'medusa-plugin-omnichannel: option recognizeCustomers must be one of "off", "by_card"'
    )
  })
})
