/**
 * The sandbox's 3-D Secure challenge, standing in for the issuer's page: the customer
 * authenticates or not, and is sent back to the storefront's return URL.
 */
export function challengePage(reference: string, amountText: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>3-D Secure (sandbox)</title>
<style>body{font:15px system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:8px 14px;margin-right:8px}</style>
</head><body>
<h1>Confirm this payment</h1>
<p>Sandbox issuer: a 3-D Secure challenge for <strong>${amountText}</strong>.</p>
<p><button id="pass" data-testid="challenge-authenticate">Authenticate</button>
<button id="fail" data-testid="challenge-fail">Fail authentication</button></p>
<p id="done" role="status"></p>
<script>
(function () {
  function answer(authenticated) {
    fetch(${JSON.stringify(`./${encodeURIComponent(reference)}`)}, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ authenticated: authenticated }) })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        if (j.return_url) { window.location.href = j.return_url; }
        else { document.getElementById("done").textContent = j.passed ? "Authenticated." : "Authentication failed."; }
      });
  }
  document.getElementById("pass").onclick = function () { answer(true); };
  document.getElementById("fail").onclick = function () { answer(false); };
})();
</script></body></html>`
}
