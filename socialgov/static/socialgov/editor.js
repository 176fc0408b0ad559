/* The draft editor's live character count, one line per chosen account against its
   platform's limit (SocialAccount.character_limit, carried on each checkbox as data-limit).
   The page works without this: the limits are printed beside each account and the
   server checks the length when the draft is saved. No inline script, no network. */
(function () {
  "use strict";

  var body = document.getElementById("id_body");
  var out = document.getElementById("body-counts");
  // Announced only when the text crosses a limit, not on every keystroke.
  var announce = document.getElementById("body-alert");
  var wasOver = [];
  if (!body || !out) {
    return;
  }
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox][data-limit]"));

  // Count as the server does: Unicode code points, with line breaks as one character each; graphemes (what a
  // reader sees as one character) for a platform that counts them (data-count="graphemes": Bluesky).
  function length(text) {
    return Array.from(text.replace(/\r\n?/g, "\n")).length;
  }

  function lengthFor(box, text) {
    if (box.getAttribute("data-count") === "graphemes" && window.Intl && Intl.Segmenter) {
      return Array.from(new Intl.Segmenter(undefined, { granularity: "grapheme" })
        .segment(text.replace(/\r\n?/g, "\n"))).length;
    }
    return length(text);
  }

  function line(text, over) {
    var item = document.createElement("li");
    item.textContent = text;
    item.className = over ? "count count--over" : "count";
    return item;
  }

  function render() {
    var n = length(body.value);
    var list = document.createElement("ul");
    list.className = "counts__list";
    var chosen = boxes.filter(function (box) { return box.checked; });
    if (chosen.length === 0) {
      list.appendChild(line(n + " characters. Choose an account to see its limit.", false));
    }
    chosen.forEach(function (box) {
      var limit = parseInt(box.getAttribute("data-limit"), 10);
      var name = box.getAttribute("data-account");
      var n = lengthFor(box, body.value);
      var tooLong = n > limit;
      var rest = tooLong ? (n - limit) + " over the limit" : (limit - n) + " left";
      list.appendChild(line(name + ": " + n + " of " + limit + " characters (" + rest + ")", tooLong));
    });
    out.replaceChildren(list);
    var over = chosen.filter(function (box) {
      return lengthFor(box, body.value) > parseInt(box.getAttribute("data-limit"), 10);
    }).map(function (box) { return box.getAttribute("data-account"); });
    body.setAttribute("aria-invalid", over.length ? "true" : "false");
    if (announce && over.join("|") !== wasOver.join("|")) {
      announce.textContent = over.length ? "Too long for " + over.join(", ") + "." : "Within every chosen limit.";
    }
    wasOver = over;
  }

  body.addEventListener("input", render);
  boxes.forEach(function (box) { box.addEventListener("change", render); });
  render();
}());

/* The live screening under the body (htmx posts the text to screening's preview and swaps in its findings).
   The endpoint answers a problem it can name (text over 64 KB, signed out, no longer authorized) with a
   partial that says so under an error status; show that partial instead of nothing. When the check cannot
   be made at all, say so rather than leave findings that may no longer be true. */
(function () {
  "use strict";

  var results = document.getElementById("screening-results");
  var summary = document.getElementById("screening-summary");
  if (!results) {
    return;
  }
  results.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 400 || status === 401 || status === 403) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function unavailable() {
    if (summary) {
      summary.textContent = "The text could not be checked just now. It is checked again when you submit it.";
    }
  }

  results.addEventListener("htmx:sendError", unavailable);
  results.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status !== 400 && status !== 401 && status !== 403) {
      unavailable();
    }
  });
}());
