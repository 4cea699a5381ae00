/**
 * The sandbox's hosted card form, standing in for the platform's (Worldline's Hosted
 * Tokenization Page): a real form, served by the store only when the sandbox is the
 * acquirer. In an iframe it answers the storefront by postMessage: the parent posts
 * `{ type: "omnichannel:submit" }`, the page answers `omnichannel:tokenized` with the
 * `hostedTokenizationId`, or `omnichannel:error` with the words to show.
 */
export function hostedCardPage(formId: string, parentOrigin: string | null): string {
  const tokenizeUrl = `./${encodeURIComponent(formId)}/tokenize`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Card (sandbox)</title>
<style>
body{font:15px system-ui,sans-serif;margin:0;padding:12px;color:#111}
label{display:block;margin:0 0 10px}
input{display:block;width:100%;box-sizing:border-box;padding:8px;font:inherit;border:1px solid #bbb;border-radius:6px}
.row{display:flex;gap:10px}.row label{flex:1}
.note{color:#555;font-size:12px}#error{color:#b00020;min-height:1.2em}
</style></head><body>
<form id="card" autocomplete="on" novalidate>
  <p class="note">Sandbox card form: plays the payment platform's hosted page. The store receives a token, never the card.</p>
  <label>Card number<input id="number" name="cardnumber" inputmode="numeric" autocomplete="cc-number" data-testid="card-number"></label>
  <div class="row">
    <label>Expiry (MM/YY)<input id="expiry" name="exp" placeholder="12/30" autocomplete="cc-exp" data-testid="card-expiry"></label>
    <label>CVC<input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" data-testid="card-cvc"></label>
  </div>
  <label>Name on card<input id="holder" name="ccname" autocomplete="cc-name" data-testid="card-holder"></label>
  <p id="error" role="alert"></p>
  <button type="submit" id="use" data-testid="card-submit">Use this card</button>
</form>
<script>
(function () {
  var parentOrigin = ${JSON.stringify(parentOrigin ?? "*")};
  var embedded = window.parent !== window;
  if (embedded) document.getElementById("use").style.display = "none";
  function tell(message) { if (embedded) window.parent.postMessage(message, parentOrigin); }
  function submit() {
    var expiry = document.getElementById("expiry").value.split("/");
    var body = {
      number: document.getElementById("number").value,
      exp_month: Number(expiry[0]), exp_year: Number(expiry[1]),
      cvc: document.getElementById("cvc").value,
      holder_name: document.getElementById("holder").value
    };
    document.getElementById("error").textContent = "";
    return fetch(${JSON.stringify(tokenizeUrl)}, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (answer) {
        if (answer.ok) {
          tell({ type: "omnichannel:tokenized", hostedTokenizationId: answer.body.hostedTokenizationId });
          if (!embedded) document.getElementById("error").textContent = "Card accepted.";
        } else {
          document.getElementById("error").textContent = answer.body.message;
          tell({ type: "omnichannel:error", message: answer.body.message });
        }
      });
  }
  document.getElementById("card").addEventListener("submit", function (e) { e.preventDefault(); submit(); });
  window.addEventListener("message", function (e) {
    if (parentOrigin !== "*" && e.origin !== parentOrigin) return;
    if (e.data && e.data.type === "omnichannel:submit") submit();
  });
  tell({ type: "omnichannel:ready" });
})();
</script></body></html>`
}
