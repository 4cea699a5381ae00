// Preloaded (node --require) into the store's instances by the reliability suite: every
// request's line and body bytes, exactly as the server received them, appended to the file
// named by OMNI_RECORD_REQUEST_BODIES, so the card-number scan can read them. It taps the
// bytes the HTTP parser pushes into each request stream, so parsing and flow are unchanged.
const fs = require("node:fs")
const http = require("node:http")

const file = process.env.OMNI_RECORD_REQUEST_BODIES
if (file) {
  const emit = http.Server.prototype.emit
  http.Server.prototype.emit = function (event, req) {
    if (event === "request") {
      fs.appendFileSync(file, `\n${req.method} ${req.url}\n`)
      const push = req.push
      req.push = function (chunk, encoding) {
        if (chunk) fs.appendFileSync(file, chunk)
        return push.call(this, chunk, encoding)
      }
    }
    return emit.apply(this, arguments)
  }
}
