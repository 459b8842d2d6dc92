// Voting in the article without leaving it. The stored page carries neither a CSRF token nor anyone's vote, so the
// script first asks for the poll's state (with a token), then votes, then shows the results in place. If anything
// but a clear refusal goes wrong, the form goes to the poll's own page, where voting works without a script.
(function () {
  "use strict";

  function render(box, poll) {
    var results = box.querySelector("[data-poll-results]");
    var list = document.createElement("ul");
    list.className = "poll-results";
    poll.answers.forEach(function (answer) {
      var item = document.createElement("li");
      item.className = "poll-results__option";
      var text = document.createElement("span");
      text.className = "poll-results__text";
      text.textContent = answer.text + (answer.id === poll.voted_for ? " (" + results.dataset.mineText + ")" : "");
      var bar = document.createElement("meter");
      bar.className = "poll-results__bar";
      bar.min = 0;
      bar.max = 100;
      bar.value = answer.percent;
      bar.setAttribute("aria-hidden", "true");
      var figure = document.createElement("span");
      figure.className = "poll-results__figure";
      figure.textContent = results.dataset.figureText
        .replace("{share}", answer.percent + "%")
        .replace("{votes}", answer.votes);
      item.append(text, bar, figure);
      list.append(item);
    });
    var total = document.createElement("p");
    total.className = "poll-results__total";
    total.textContent = results.dataset.totalText.replace("{total}", poll.total);
    results.replaceChildren(list, total);
    results.hidden = false;
    // The question stays; the answers to choose from and the buttons give way to the results, which take the
    // keyboard focus the hidden button had (else it falls to the page's start).
    var hadFocus = box.contains(document.activeElement);
    box.querySelectorAll(".poll__option, .poll__actions").forEach(function (element) { element.hidden = true; });
    if (hadFocus) {
      results.setAttribute("tabindex", "-1");
      results.focus();
    }
  }

  function bind(box) {
    if (box.dataset.bound) return;
    box.dataset.bound = "1";
    var form = box.querySelector("[data-poll-form]");
    var status = box.querySelector("[data-poll-status]");
    var address = "/api/v1/polls/" + box.dataset.poll;
    var headers = { "Accept-Language": document.documentElement.lang };
    form.addEventListener("submit", function (event) {
      var chosen = form.querySelector("input[name=choice]:checked");
      if (!chosen) return;
      event.preventDefault();
      fetch(address, { credentials: "same-origin", headers: headers })
        .then(function (response) {
          if (!response.ok) throw new Error("state " + response.status);
          return response.json();
        })
        .then(function (poll) {
          if (poll.voted_for !== null || !poll.open) return { ok: true, data: poll };
          return fetch(address + "/vote", {
            method: "POST",
            credentials: "same-origin",
            headers: Object.assign({ "Content-Type": "application/json", "X-CSRFToken": poll.token }, headers),
            body: JSON.stringify({ answer: Number(chosen.value) }),
          }).then(function (response) {
            return response.json().then(function (data) { return { ok: response.ok, data: data, fresh: true }; });
          });
        })
        .then(function (answer) {
          if (!answer.ok) {
            status.textContent = answer.data.error ? answer.data.error.message : "";
            return;
          }
          render(box, answer.data);
          if (answer.fresh) status.textContent = box.querySelector("[data-poll-results]").dataset.thanksText;
        })
        .catch(function () { form.submit(); });
    });
  }

  document.querySelectorAll("[data-poll]").forEach(bind);
})();
