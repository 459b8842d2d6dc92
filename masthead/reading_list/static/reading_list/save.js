// The save button without a page load: the same form, sent to the JSON API. Should that fail for any reason but a
// clear refusal, the form is sent the ordinary way, so the reader's press is never lost.
(function () {
  "use strict";
  document.querySelectorAll("form[data-save-form]").forEach(function (form) {
    if (form.dataset.bound) return;
    form.dataset.bound = "1";
    var button = form.querySelector("button");
    var wanted = form.querySelector("input[name=save]");
    var status = form.parentElement.querySelector("[data-save-status]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var saving = wanted.value === "1";
      button.disabled = true;
      fetch("/api/v1/articles/" + form.dataset.article + "/save", {
        method: saving ? "POST" : "DELETE",
        credentials: "same-origin",
        headers: {
          "X-CSRFToken": form.querySelector("input[name=csrfmiddlewaretoken]").value,
          "Accept-Language": document.documentElement.lang,
        },
      })
        .then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        })
        .then(function (answer) {
          button.disabled = false;
          if (!answer.ok) {
            status.textContent = (answer.data.error && answer.data.error.message) || "";
            return;
          }
          var saved = answer.data.saved;
          wanted.value = saved ? "0" : "1";
          button.textContent = saved ? button.dataset.unsaveText : button.dataset.saveText;
          status.textContent = saved ? status.dataset.savedText : status.dataset.removedText;
        })
        .catch(function () { form.submit(); });
    });
  });
})();
