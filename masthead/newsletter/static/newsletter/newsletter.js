// The sidebar's subscribe form without a page load: it posts to the JSON API and answers in place.
// Without JavaScript the same form posts normally and the site answers with a page.
(function () {
  "use strict";
  var block = document.querySelector("[data-newsletter]");
  var form = block && block.querySelector("form");
  if (!form || !window.fetch) return;
  var status = block.querySelector("[data-newsletter-status]");

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("newsletter__status--error", !!isError);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    var checked = form.querySelector("input[name=frequency]:checked");
    // Busy, not disabled: a disabled button drops the keyboard focus to the page's start.
    if (form.dataset.busy) return;
    form.dataset.busy = "1";
    button.setAttribute("aria-disabled", "true");
    fetch(form.dataset.api, {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({
        email: form.elements.email.value,
        frequency: checked ? checked.value : "daily",
        language: document.documentElement.lang || ""
      })
    })
      .then(function (response) { return response.json().then(function (data) { return [response.ok, data]; }); })
      .then(function (result) {
        delete form.dataset.busy;
        button.removeAttribute("aria-disabled");
        var email = form.elements.email;
        if (result[0]) {
          form.hidden = true;
          say(result[1].message, false);
          status.setAttribute("tabindex", "-1");
          status.focus();
          return;
        }
        say(result[1].error ? result[1].error.message : String(result[1]), true);
        // The field says it is wrong and why (the status line), read out as the focus comes back to it.
        if (!status.id) status.id = "newsletter-status";
        email.setAttribute("aria-invalid", "true");
        email.setAttribute("aria-describedby", status.id);
        email.focus();
      })
      .catch(function () { form.submit(); });  // the network failed: fall back to the plain form post
  });
})();
