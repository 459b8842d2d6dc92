// Says before sending when the chosen files are too many or too large, so that a long text is not sent only to be
// refused. The server checks the same; this only saves the reader the trip.
(function () {
  "use strict";
  var form = document.querySelector("form[data-tip-form]");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var problem = form.querySelector("[data-files-problem]");
  function check() {
    var files = Array.prototype.slice.call(input.files || []);
    var maxBytes = Number(form.dataset.maxBytes);
    if (files.length > Number(form.dataset.maxFiles)) return form.dataset.tooMany;
    var large = files.filter(function (file) { return file.size > maxBytes; });
    if (!large.length) return "";
    var names = large.map(function (f) { return f.name; }).join(", ");
    return (large.length > 1 ? form.dataset.tooLargeMany : form.dataset.tooLarge) + " " + names;
  }
  input.addEventListener("change", function () { problem.textContent = check(); });
  form.addEventListener("submit", function (event) {
    var found = check();
    problem.textContent = found;
    if (found) {
      event.preventDefault();
      input.focus();
    }
  });
})();
