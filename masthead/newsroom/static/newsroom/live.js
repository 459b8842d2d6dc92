// New updates of a live story while its page is open.
//
// Every `data-poll` seconds, and only while the page is visible, the page asks for itself again. The page cache and
// the proxy answer that with a 304 until an editor publishes something, so a crowd of open pages costs the app almost
// nothing. Updates not on the page yet are offered ("New updates: 2 — Show them"), never inserted unasked: the text
// a reader is in the middle of does not move. When the coverage ends, the page says so and stops asking.
(function () {
  "use strict";
  var section = document.querySelector("[data-live][data-poll]");
  if (!section || !window.fetch || !window.DOMParser) return;
  var list = section.querySelector("[data-live-updates]");
  var notice = section.querySelector("[data-live-new]");
  var button = section.querySelector("[data-live-show]");
  var said = section.querySelector("[data-live-said]");
  var waiting = [];
  var waitingKeyEvents = null;
  var timer = null;

  function known() {
    var ids = {};
    list.querySelectorAll(".live-update").forEach(function (update) { ids[update.id] = true; });
    return ids;
  }

  function offer(fresh) {
    var ids = known();
    waiting = Array.prototype.filter.call(fresh.querySelectorAll(".live-update"), function (update) {
      return !ids[update.id];
    });
    if (!waiting.length) return;
    waitingKeyEvents = fresh.querySelector("[data-key-events]");
    var text = waiting.length === 1 ? button.dataset.one : button.dataset.many.replace("{count}", String(waiting.length));
    var shown = notice.querySelector("[data-live-new-text]");
    if (!notice.hidden && shown.textContent === text) return;  // said once is enough
    shown.textContent = text;
    notice.hidden = false;
    if (said) said.textContent = text;
  }

  // Updates corrected since the page was loaded are replaced where they stand, and updates taken out are removed:
  // no notice, as nothing new arrived, and focus stays on an update that had it.
  function corrected(fresh) {
    var now = {};
    var unknown = 0;
    var ids = known();
    fresh.querySelectorAll(".live-update").forEach(function (update) {
      now[update.id] = update;
      if (!ids[update.id]) unknown += 1;
    });
    list.querySelectorAll(".live-update").forEach(function (shown) {
      var current = now[shown.id];
      var focused = shown === document.activeElement;
      if (!current) {
        shown.remove();
      } else if (current.dataset.fingerprint !== shown.dataset.fingerprint) {
        var replacement = document.importNode(current, true);
        shown.replaceWith(replacement);
        if (focused) replacement.focus({ preventScroll: true });
      }
    });
    // The key events as the page now has them, unless they name updates not shown yet ("Show them" brings both).
    if (!unknown) syncKeyEvents(fresh.querySelector("[data-key-events]"));
  }

  function syncKeyEvents(freshKeyEvents) {
    var current = section.querySelector("[data-key-events]");
    if (!freshKeyEvents) {
      if (current) current.remove();
      return;
    }
    var copy = document.importNode(freshKeyEvents, true);
    if (current) current.replaceWith(copy);
    else notice.before(copy);
  }

  function ended(fresh) {
    var note = fresh.querySelector("[data-live-ended]");
    if (!note || section.querySelector("[data-live-ended]")) return;
    section.querySelector(".live__heading").after(document.importNode(note, true));
    // The badge over the headline said "Live": it goes with the coverage.
    document.querySelectorAll(".live-badge").forEach(function (badge) { badge.remove(); });
    if (said) said.textContent = note.textContent.trim();
    window.clearInterval(timer);
  }

  function check() {
    if (document.visibilityState !== "visible") return;
    // no-cache: revalidated (If-None-Match), so an unchanged page comes back as a 304 with no body to send. The
    // header tells the proxy's view log that this is the same reader still reading, not another view.
    fetch(window.location.pathname + window.location.search, {
      cache: "no-cache",
      credentials: "same-origin",
      headers: { "X-Live-Refresh": "1" },
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live]");
        if (!fresh) return;
        corrected(fresh);
        offer(fresh);
        ended(fresh);
      })
      .catch(function () {});  // offline for a moment: the next check will tell
  }

  button.addEventListener("click", function () {
    if (!waiting.length) return;
    var empty = list.querySelector(".empty-state");
    if (empty) empty.remove();
    // Newest first, as the page lists them; focus goes to the newest so a screen reader starts there.
    var added = waiting.map(function (update) { return document.importNode(update, true); });
    list.prepend.apply(list, added);
    // The list of key events as the newer page has it, so it names the updates just shown.
    syncKeyEvents(waitingKeyEvents);
    waitingKeyEvents = null;
    waiting = [];
    notice.hidden = true;
    added[0].focus();
  });

  timer = window.setInterval(check, Number(section.dataset.poll) * 1000);
  document.addEventListener("visibilitychange", check);
})();
