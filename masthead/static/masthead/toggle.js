// A two-state form (save a story, follow a topic) without a page load: the same form, sent to the JSON API named
// by `data-toggle-api`, POST to turn on and DELETE to turn off, as its `data-toggle-state` field says. The answer's
// field named by `data-toggle-answer` is the new state. Should the request fail for any reason but a clear refusal,
// the form is sent the ordinary way, so the reader's press is never lost.
(function () {
  "use strict";
  document.querySelectorAll("form[data-toggle-api]").forEach(function (form) {
    if (form.dataset.bound) return;
    form.dataset.bound = "1";
    var button = form.querySelector("button");
    var wanted = form.querySelector("[data-toggle-state]");
    var status = form.parentElement.querySelector("[data-toggle-status]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      // Busy, not disabled: a disabled button loses the keyboard focus, and the reader their place on the page.
      if (form.dataset.busy) return;
      form.dataset.busy = "1";
      button.setAttribute("aria-disabled", "true");
      fetch(form.dataset.toggleApi, {
        method: wanted.value === "1" ? "POST" : "DELETE",
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
          delete form.dataset.busy;
          button.removeAttribute("aria-disabled");
          if (!answer.ok) {
            status.textContent = (answer.data.error && answer.data.error.message) || "";
            return;
          }
          var on = answer.data[form.dataset.toggleAnswer];
          wanted.value = on ? "0" : "1";
          button.textContent = on ? button.dataset.onText : button.dataset.offText;
          status.textContent = on ? status.dataset.onStatus : status.dataset.offStatus;
        })
        .catch(function () { form.submit(); });
    });
  });
})();
