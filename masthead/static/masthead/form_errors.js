// A form sent back with errors: the keyboard's place goes to what needs doing, the error about the whole form or
// else the first field marked invalid (which names its error through aria-describedby), not the page's start.
(function () {
  "use strict";
  var target = document.querySelector("[data-form-errors], main [aria-invalid=true]");
  if (target) target.focus();
})();
