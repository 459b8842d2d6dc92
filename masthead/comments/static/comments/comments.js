// Comments without a page reload: posts and likes go to the JSON API, then the thread is refreshed in place (a like
// only changes its button), and comments that others post while the page is open are offered. Without JavaScript
// the same forms post normally and a reload shows new comments; this file only makes that quicker.
(function () {
  "use strict";
  var section = document.querySelector("[data-comments]");
  if (!section || !window.fetch) return;

  // One live region for the whole discussion, outside the part a refresh replaces: a region put on the page
  // together with its words is seldom read out by screen readers, one that was there before them is.
  var spoken = document.createElement("p");
  spoken.className = "visually-hidden";
  spoken.setAttribute("role", "status");
  section.after(spoken);

  function say(text) {
    spoken.textContent = "";
    window.setTimeout(function () { spoken.textContent = text; }, 100);
  }

  // What a form that reloads the page did (delete, edit, report, ignore) comes with the page, and so goes unread.
  var arrived = section.querySelector(".comment-messages");
  if (arrived) say(arrived.textContent.trim());

  function announce(text, isError) {
    var box = section.querySelector(":scope > .comment-messages");  // not a notice inside one comment
    if (!box) {
      box = document.createElement("div");
      box.className = "comment-messages";
      section.insertBefore(box, section.querySelector(".comment-form, .comment-form__login, .comment-list"));
    }
    box.innerHTML = "";
    var line = document.createElement("p");
    line.className = "comment-message" + (isError ? " comment-message--error" : "");
    line.textContent = text;
    box.appendChild(line);
    say(text);
  }

  // A refusal is shown under the text it is about, tied to the box, and the box takes the focus: the reader hears
  // why and can change the words at once.
  function refuse(form, text) {
    var box = form.elements.text;
    var note = form.querySelector("[data-form-error]");
    if (!note) {
      note = document.createElement("p");
      note.className = "comment-message comment-message--error";
      note.setAttribute("data-form-error", "");
      note.id = box.id + "-error";
      form.insertBefore(note, form.querySelector("button[type=submit]"));
    }
    note.textContent = text;
    box.setAttribute("aria-invalid", "true");
    box.setAttribute("aria-describedby", note.id);
    box.focus();
  }

  // Busy, not disabled, while a request is out: a disabled button drops the keyboard focus to the page's start.
  function busy(form, button) {
    if (form.dataset.busy) return true;
    form.dataset.busy = "1";
    button.setAttribute("aria-disabled", "true");
    return false;
  }

  function done(form, button) {
    delete form.dataset.busy;
    button.removeAttribute("aria-disabled");
  }

  function refreshThread(focusId, message) {
    return fetch(window.location.pathname + window.location.search, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-comments]");
        if (fresh) { section.replaceWith(fresh); section = fresh; bind(); }
        if (message) announce(message, false);
        var target = focusId && document.getElementById("comment-" + focusId);
        if (target) { target.setAttribute("tabindex", "-1"); target.focus(); }
      });
  }

  // The API answers in the language a request asks for: the page's own, whatever the browser's preference.
  var pageLanguage = document.documentElement.lang || "en";

  function submit(event) {
    var form = event.target;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (busy(form, button)) return;
    var body = {
      text: form.elements.text.value,
      parent: form.elements.parent && form.elements.parent.value ? Number(form.elements.parent.value) : null,
      submission_key: form.elements.submission_key ? form.elements.submission_key.value : "",
      reconsidered: Boolean(form.elements.reconsidered && form.elements.reconsidered.value === "1")
    };
    fetch("/api/v1/articles/" + section.dataset.article + "/comments", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
        "Accept-Language": pageLanguage
      },
      body: JSON.stringify(body)
    })
      .then(function (response) { return response.json().then(function (data) { return [response.ok, data]; }); })
      .then(function (result) {
        if (result[0]) return refreshThread(result[1].comment.id, result[1].message);
        done(form, button);
        if (result[1].error && result[1].error.code === "reconsider" && form.elements.reconsidered) {
          // Asked to think again: the words stay, and the next press sends them as they are.
          form.elements.reconsidered.value = "1";
          button.textContent = button.dataset.sendAnyway;
        }
        refuse(form, result[1].error ? result[1].error.message : String(result[1]));
      })
      .catch(function () { form.submit(); });  // the network failed: fall back to the plain form post
  }

  // A like changes the button in place: pressed or not, and the count the server answered with.
  function like(event) {
    var form = event.target;
    event.preventDefault();
    var button = form.querySelector("button");
    var liking = form.elements.like.value !== "0";
    if (busy(form, button)) return;
    fetch("/api/v1/comments/" + form.dataset.comment + "/like", {
      method: liking ? "POST" : "DELETE",
      credentials: "same-origin",
      headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value, "Accept-Language": pageLanguage }
    })
      .then(function (response) { return response.json().then(function (data) { return [response.ok, data]; }); })
      .then(function (result) {
        done(form, button);
        if (!result[0]) {
          announce(result[1].error ? result[1].error.message : String(result[1]), true);
          return;
        }
        button.setAttribute("aria-pressed", result[1].liked ? "true" : "false");
        form.elements.like.value = result[1].liked ? "0" : "1";
        button.querySelector("[data-like-count]").textContent = result[1].likes ? String(result[1].likes) : "";
      })
      .catch(function () { form.submit(); });  // the network failed: fall back to the plain form post
  }

  function bind() {
    section.querySelectorAll("form[data-comment-form]").forEach(function (form) {
      form.addEventListener("submit", submit);
    });
    section.querySelectorAll("form[data-like-form]").forEach(function (form) {
      form.addEventListener("submit", like);
    });
  }
  bind();

  // New comments while the page is open: every `data-watch` seconds, and only while the page is visible, ask for
  // the count (answered from the page cache, so a crowd of open pages costs the database nothing between changes),
  // and offer to show them. Nothing is inserted unasked: a reader in the middle of a reply loses no place.
  function checkForNew() {
    if (document.visibilityState !== "visible") return;
    fetch("/api/v1/articles/" + section.dataset.article + "/comments/count", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        var fresh = data ? data.count - Number(section.dataset.count) : 0;
        var notice = section.querySelector("[data-new-comments]");
        if (fresh <= 0 || !notice) return;
        var button = notice.querySelector("[data-new-comments-show]");
        var text = fresh === 1 ? button.dataset.one : button.dataset.many.replace("{count}", String(fresh));
        var shown = notice.querySelector("[data-new-comments-text]");
        if (!notice.hidden && shown.textContent === text) return;  // said once is enough
        shown.textContent = text;
        notice.hidden = false;
        say(text);
      })
      .catch(function () {});  // offline for a moment: the next check will tell
  }

  // A step that cannot be undone (deleting one's comment) is asked about first; without JavaScript the form acts.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  }, true);

  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("[data-new-comments-show]")) return;
    // The reader asked for the fresh thread; whatever they were writing (the main form, open replies) comes along.
    var drafts = [];
    section.querySelectorAll("textarea[id]").forEach(function (box) {
      if (box.value) drafts.push([box.id, box.value]);
    });
    refreshThread(null, "").then(function () {
      // The button is gone with the old thread: the focus goes to the discussion's heading, the count in it.
      var heading = section.querySelector("#comments-heading");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      drafts.forEach(function (draft) {
        var again = document.getElementById(draft[0]);
        if (!again) return;
        again.value = draft[1];
        var details = again.closest("details");
        if (details) details.open = true;
      });
    });
  });
  var every = Number(section.getAttribute("data-watch"));
  if (every > 0) window.setInterval(checkForNew, every * 1000);
})();
