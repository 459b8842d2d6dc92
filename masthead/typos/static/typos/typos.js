// Typo reports: select text in the article and press Ctrl+Enter (Cmd+Enter on macOS), or tap the button shown
// on a touch screen. The dialog and its texts come from the page, in its language.
// Offsets count textContent with whitespace runs as one space, as the server does.
(() => {
  "use strict";
  const dialog = document.querySelector("[data-typo-dialog]");
  if (!dialog || !dialog.showModal || !window.fetch) return;
  const T = JSON.parse(document.getElementById("typo-texts").textContent);
  const $ = (name) => dialog.querySelector("[data-typo-" + name + "]");
  const form = dialog.querySelector("form"), fields = $("fields"), quote = $("quote");
  const alertBox = $("error"), statusBox = $("status"), sendButton = $("send"), cancelButton = $("cancel");
  const touchButton = document.querySelector("[data-typo-touch]");
  const WS = /[ \t\n\r\f]+/g, CONTEXT = 60;
  const touch = navigator.maxTouchPoints > 0 || matchMedia("(pointer: coarse)").matches;
  document.documentElement.classList.add("typos-ready"); // shows the hints (site.css)
  let report = null, lastGood = null, lastScope = null, returnFocus = null, timer = 0;

  const squash = (text) => text.replace(WS, " ");
  const elementOf = (node) => (node.nodeType === 1 ? node : node.parentElement);
  const textBefore = (element, [node, offset]) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    range.setEnd(node, offset);
    return squash(range.toString());
  };

  // The selection's first and last non-whitespace characters, as [node, offset].
  function trimmedEnds(range) {
    const root = range.commonAncestorContainer, nodes = [];
    if (root.nodeType === 3) nodes.push(root);
    else {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) if (range.intersectsNode(walker.currentNode)) nodes.push(walker.currentNode);
    }
    let first = null, last = null;
    for (const node of nodes) {
      const start = node === range.startContainer ? range.startOffset : 0;
      const part = node.data.slice(start, node === range.endContainer ? range.endOffset : undefined);
      const lead = part.search(/[^ \t\n\r\f]/);
      if (lead < 0) continue;
      first = first || [node, start + lead];
      last = [node, start + part.replace(/[ \t\n\r\f]+$/, "").length];
    }
    return first && [first, last];
  }

  // What the reader selected, where, and the text around it; or {error}.
  function measure() {
    const selection = window.getSelection();
    const ends = selection?.rangeCount && trimmedEnds(selection.getRangeAt(0));
    if (!ends) return { error: T.empty };
    const [first, last] = ends, range = document.createRange();
    range.setStart(...first);
    range.setEnd(...last);
    const text = squash(range.toString());
    const scope = elementOf(first[0]).closest("[data-typo-scope]");
    if (!scope || !scope.contains(last[0])) return { error: T.outside };
    lastScope = scope;
    if (text.length > T.max) return { error: T.too_long };
    let block = elementOf(first[0]).closest("[data-block-id]");
    if (block && !block.contains(last[0])) block = null;
    const whole = squash(scope.textContent), at = textBefore(scope, first).length, end = at + text.length;
    let before = whole.slice(Math.max(0, at - CONTEXT), at), after = whole.slice(end, end + CONTEXT);
    // Whole words only where the context was cut.
    if (at > CONTEXT) before = before.replace(/^[^ ]* /, "");
    if (end + CONTEXT < whole.length) after = after.replace(/ [^ ]*$/, "");
    return {
      selection: text,
      context_before: before,
      context_after: after,
      scope: scope.dataset.typoScope,
      block_id: block ? block.dataset.blockId : "",
      offset: textBefore(block || scope, first).length,
      cut: [at > before.length, end + after.length < whole.length],
    };
  }

  function show(box, text) {
    box.textContent = text || "";
    box.hidden = !text;
  }

  // A refused report may be sent again; anything else leaves only Close.
  function finish(message, isError) {
    const retry = isError && report;
    show(isError ? alertBox : statusBox, message);
    fields.hidden = sendButton.hidden = !retry;
    if (!retry) {
      report = null;
      cancelButton.textContent = T.close;
      cancelButton.focus();
    }
  }

  function open(measured) {
    if (dialog.open) return;
    report = measured.error ? null : measured;
    returnFocus = document.activeElement;
    // From the touch button (it hides): focus the text, so that closing returns there.
    if ((returnFocus === touchButton || returnFocus === document.body) && lastScope) {
      lastScope.tabIndex = -1;
      returnFocus = lastScope;
      lastScope.focus({ preventScroll: true });
    }
    form.reset();
    [alertBox, statusBox].forEach((box) => show(box));
    cancelButton.textContent = T.cancel;
    fields.hidden = sendButton.hidden = false;
    touchButton.hidden = true;
    dialog.showModal();
    if (!report) return finish(measured.error, true);
    const mark = document.createElement("mark");
    mark.textContent = report.selection;
    quote.replaceChildren((report.cut[0] ? "…" : "") + report.context_before, mark,
      report.context_after + (report.cut[1] ? "…" : ""));
    $("suggestion").focus();
  }

  function send(event) {
    event.preventDefault();
    if (!report || sendButton.disabled) return;
    sendButton.disabled = true;
    show(alertBox, "");
    show(statusBox, T.sending);
    const headers = { "Accept-Language": document.documentElement.lang };
    const body = Object.assign({}, report);
    for (const name of ["suggestion", "comment", "email"]) body[name] = form.elements[name]?.value || "";
    // A fresh token: a cached page may not have set the CSRF cookie.
    fetch(dialog.dataset.token, { credentials: "same-origin", headers })
      .then((response) => response.json())
      .then((token) => fetch(dialog.dataset.endpoint, {
        method: "POST",
        credentials: "same-origin",
        headers: Object.assign({ "Content-Type": "application/json", "X-CSRFToken": token.token }, headers),
        body: JSON.stringify(body),
      }))
      .then((response) => response.json().then((data) => [response.ok, data]))
      .then(([ok, data]) => {
        show(statusBox, "");
        if (ok) finish(data.message || T.thanks, false);
        else finish(data.error?.message || T.failed, true);
      })
      .catch(() => finish(T.failed, true))
      .finally(() => { sendButton.disabled = false; });
  }

  form.addEventListener("submit", send);
  cancelButton.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => returnFocus?.focus?.());
  // Tab cycles inside the dialog.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const items = [...dialog.querySelectorAll("input, textarea, button")].filter((item) => item.offsetParent);
    const [first, last] = event.shiftKey ? [items.at(-1), items[0]] : [items[0], items.at(-1)];
    if (document.activeElement !== last) return;
    event.preventDefault();
    first.focus();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || dialog.open) return;
    if (event.target.closest?.("input, textarea, select, [contenteditable]")) return;
    // Nothing selected: Ctrl+Enter on a link opens a new tab.
    if (window.getSelection().isCollapsed && event.target.closest?.("a[href], button, summary")) return;
    event.preventDefault();
    open(measure());
  });

  // Touch screens: a button at the screen's foot while article text is selected, measured when the selection
  // settles (tapping the button may clear it).
  function placeTouchButton() {
    const measured = measure();
    touchButton.hidden = Boolean(measured.error);
    if (!measured.error) lastGood = measured;
  }
  document.addEventListener("selectionchange", () => {
    if (dialog.open || !touch) return;
    clearTimeout(timer);
    timer = setTimeout(placeTouchButton, 250);
  });
  touchButton.addEventListener("click", () => open(lastGood || measure()));
})();
