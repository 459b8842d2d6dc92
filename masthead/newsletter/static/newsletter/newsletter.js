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
    button.disabled = true;
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
        button.disabled = false;
        if (result[0]) {
          form.hidden = true;
          say(result[1].message, false);
          status.setAttribute("tabindex", "-1");
          status.focus();
          return;
        }
        say(result[1].error ? result[1].error.message : String(result[1]), true);
        form.elements.email.focus();
      })
      .catch(function () { form.submit(); });  // the network failed: fall back to the plain form post
  });
})();
