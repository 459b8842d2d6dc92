// "Copy link" beside the share links (and "Copy the key" on a tip's thanks page): shown only where the browser can
// write to the clipboard, and it says so when the text is copied. The links themselves need no script.
(function () {
  "use strict";
  var box = document.querySelector("[data-copy-link]");
  if (!box || !navigator.clipboard || !window.isSecureContext) return;
  var button = box.querySelector("[data-copy-address]");
  var status = box.querySelector("[data-copied-text]");
  box.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.dataset.copyAddress).then(
      function () { status.textContent = status.dataset.copiedText; },
      function () { status.textContent = ""; }
    );
  });
})();
