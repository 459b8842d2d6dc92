/* Counts one view of the article: a POST once the page is really shown to a reader.
 * A prerendered page waits until it is shown; a tab opened in the background waits until it is looked at;
 * a prefetch never runs this at all. The server drops robots, editors and repeats within its window. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-view-url");
  if (!url) return;
  var sent = false;

  function send() {
    if (sent || document.prerendering || document.visibilityState !== "visible") return;
    sent = true;
    // sendBeacon survives the reader leaving at once; fetch with keepalive is the fallback.
    if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
    if (window.fetch) {
      fetch(url, { method: "POST", keepalive: true, credentials: "same-origin" }).catch(function () {});
    }
  }

  document.addEventListener("prerenderingchange", send);
  document.addEventListener("visibilitychange", send);
  send();
})();
