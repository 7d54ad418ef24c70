// claimcheck workbench: the one script (served from this server; the CSP allows no other).
"use strict";
(function () {
  document.documentElement.classList.add("js");

  // the upload form: choosing a file checks it at once (one click fewer)
  const file = document.getElementById("file");
  if (file) {
    file.addEventListener("change", function () {
      if (file.files && file.files.length) {
        document.getElementById("text").value = "";
        document.getElementById("check-form").submit();
      }
    });
  }

  // the result page: a marked claim shows its findings in the panel
  const panel = document.getElementById("panel");
  const hint = document.getElementById("panel-hint");
  function show(mark) {
    document.querySelectorAll("mark.claim.selected").forEach(function (m) {
      m.classList.remove("selected");
    });
    mark.classList.add("selected");
    const ids = (mark.dataset.findings || "").split(" ");
    panel.querySelectorAll(".finding").forEach(function (card) {
      card.classList.toggle("shown", ids.indexOf(card.dataset.finding) >= 0);
    });
    if (hint) { hint.hidden = true; }
    const first = panel.querySelector(".finding.shown");
    if (first) { first.scrollIntoView({block: "nearest"}); }
  }
  document.querySelectorAll("mark.claim").forEach(function (mark) {
    mark.addEventListener("click", function () { show(mark); });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); show(mark); }
    });
  });

  // copy the safer draft
  const copy = document.getElementById("copy-safer");
  const safer = document.getElementById("safer");
  const status = document.getElementById("copy-status");
  function copied(ok) {
    status.textContent = ok ? "Copied: paste it into your editor." :
      "Could not copy: select the text below and copy it.";
    if (!ok) { document.getElementById("safer-box").open = true; safer.select(); }
  }
  if (copy && safer) {
    copy.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(safer.value).then(function () { copied(true); },
          function () { copied(fallback()); });
      } else {
        copied(fallback());
      }
    });
  }
  function fallback() {
    document.getElementById("safer-box").open = true;
    safer.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
})();
