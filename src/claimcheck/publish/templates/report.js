(function () {
  "use strict";
  var table = document.getElementById("claims");
  var form = document.getElementById("filters");
  if (!table || !form) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var kind = document.getElementById("kind-filter");
  var verdict = document.getElementById("verdict-filter");
  var text = document.getElementById("text-filter");
  var shown = document.getElementById("shown");
  var none = document.getElementById("no-match");
  function apply() {
    var k = kind.value, v = verdict.value, t = text.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (row) {
      var ok = (!k || row.dataset.kind === k) && (!v || row.dataset.verdict === v) &&
               (!t || row.textContent.toLowerCase().indexOf(t) !== -1);
      row.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = n + " of " + rows.length + " claims shown";
    none.hidden = n !== 0;
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  kind.addEventListener("change", apply);
  verdict.addEventListener("change", apply);
  text.addEventListener("input", apply);
  apply();
}());
