/*
 * Rolodex site behaviour: sortable, filterable tables and the print button.
 * No library, no network: the pages work without it, and better with it.
 *
 * A table becomes interactive when a `.rolodex-table-tools` block precedes it.
 * Cells sort by their `data-sort` value (or that of an element inside them), else by their
 * text (numbers as numbers); empty cells sort last. The filter box matches any
 * text in a row; the selects match a row's `data-stage` and `data-tags` ("|"
 * separated). `?filter=`, `?stage=` and `?tag=` in the address hold the filters (not `?q=`,
 * which Material's search takes for itself). A table of more than 200 rows shows the first
 * 200 that match, in the current order, and a Show all button.
 */
(function () {
  "use strict";

  function cellKey(cell) {
    var marked = cell.hasAttribute("data-sort") ? cell : cell.querySelector("[data-sort]");
    var text = marked ? marked.getAttribute("data-sort") : cell.textContent;
    return (text || "").trim();
  }

  // One collator for every comparison: `localeCompare` with options builds one per call,
  // which made a sort of 1,000 rows take most of a second.
  var collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

  function compare(a, b) {
    if (a === "" || b === "") return a === b ? 0 : a === "" ? 1 : -1;
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return collator.compare(a, b);
  }

  function nextTable(tools) {
    for (var el = tools.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.tagName === "TABLE") return el;
      var inner = el.querySelector("table");
      if (inner) return inner;
    }
    return null;
  }

  var LIMIT = 200;

  function setupTable(tools) {
    var table = nextTable(tools);
    if (!table || !table.tBodies.length || table.dataset.rolodexReady) return;
    table.dataset.rolodexReady = "1";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var headers = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
    var filter = tools.querySelector(".rolodex-filter");
    var stage = tools.querySelector(".rolodex-stage");
    var tag = tools.querySelector(".rolodex-tag");
    var count = tools.querySelector(".rolodex-count");
    var empty = tools.querySelector(".rolodex-empty");
    var order = rows.map(function (row, index) { return index; });  // rows as shown, by index
    var match = null;  // per row: passes the filters (null: every row does)

    // A long table shows its first LIMIT matching rows, the rest on demand: every sort and
    // filter lays out what is shown, and 1,000 rows took the browser most of a second.
    var all = rows.length <= LIMIT;
    var more = null, line = null;
    if (!all) {
      more = document.createElement("button");
      more.type = "button";
      more.className = "rolodex-action";
      more.addEventListener("click", function () { all = true; show(); });
      line = document.createElement("p");
      line.className = "rolodex-more";
      line.appendChild(more);
      table.insertAdjacentElement("afterend", line);
    }

    function show() {
      var shown = 0, matching = 0;
      order.forEach(function (index) {
        var ok = !match || match[index];
        if (ok) matching += 1;
        var visible = ok && (all || shown < LIMIT);
        if (visible) shown += 1;
        if (rows[index].hidden === visible) rows[index].hidden = !visible;  // the others are not touched
      });
      var of = shown < matching ? matching : rows.length;
      if (count) count.textContent = shown === rows.length ? rows.length + " shown" : shown + " of " + of + " shown";
      if (empty) empty.hidden = matching !== 0;
      if (more) {
        line.hidden = all || matching <= shown;  // (the paragraph: a button's own style would show it)
        more.textContent = "Show all " + matching;
      }
    }

    var keys = [];  // per column, each row's sort key: read from the cells once
    headers.forEach(function (th, column) {
      th.tabIndex = 0;
      th.classList.add("rolodex-sortable");
      th.setAttribute("aria-sort", "none");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        if (!keys[column]) keys[column] = rows.map(function (row) { return cellKey(row.cells[column]); });
        var key = keys[column];
        order = rows.map(function (row, index) { return index; });
        order.sort(function (a, b) {
          var c = compare(key[a], key[b]);
          if (key[a] === "" || key[b] === "") return c || a - b;  // empties stay last
          return (ascending ? c : -c) || a - b;
        });
        // One move of every row, out of the page and back: the table is laid out once.
        var moved = document.createDocumentFragment();
        order.forEach(function (index) { moved.appendChild(rows[index]); });
        body.appendChild(moved);
        show();
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });

    // Each row's text folded (case and accents ignored, apostrophes dropped: "O'Brien" -> "obrien"),
    // its stage and its tags: read once, at the first filtering, not while the page opens.
    var folded = null, stages = null, tagLists = null;

    function attribute(row, name) {
      var el = row.querySelector("[" + name + "]");
      return el ? el.getAttribute(name) : null;
    }

    function apply(remember) {
      if (!folded) {
        folded = rows.map(function (row) { return fold(row.textContent); });
        stages = rows.map(function (row) { return attribute(row, "data-stage"); });
        tagLists = rows.map(function (row) {
          var tags = attribute(row, "data-tags");
          return tags === null ? null : tags.split("|");
        });
      }
      var words = filter ? fold(filter.value).split(/\s+/).filter(Boolean) : [];
      var wantStage = stage ? stage.value : "";
      var wantTag = tag ? tag.value : "";
      match = folded.map(function (text, index) {
        var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
        if (ok && wantStage) ok = stages[index] === wantStage;
        if (ok && wantTag) ok = !!tagLists[index] && tagLists[index].indexOf(wantTag) !== -1;
        return ok;
      });
      show();
      if (remember) {
        // The filters live in the address: a reload or a shared link shows the same rows.
        var params = new URLSearchParams(location.search);
        [["filter", filter], ["stage", stage], ["tag", tag]].forEach(function (pair) {
          if (pair[1] && pair[1].value) params.set(pair[0], pair[1].value); else params.delete(pair[0]);
        });
        var query = params.toString();
        history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    var params = new URLSearchParams(location.search);
    if (filter && params.get("filter")) filter.value = params.get("filter");
    if (stage && params.get("stage")) stage.value = params.get("stage");
    if (tag && params.get("tag")) tag.value = params.get("tag");
    [filter, stage, tag].forEach(function (el) {
      if (el) el.addEventListener(el.tagName === "SELECT" ? "change" : "input", function () { apply(true); });
    });
    var reset = empty ? empty.querySelector("[data-rolodex-reset]") : null;
    if (reset) {
      reset.addEventListener("click", function () {
        [filter, stage, tag].forEach(function (el) { if (el) el.value = ""; });
        apply(true);
        if (filter) filter.focus();
      });
    }
    if (params.get("filter") || params.get("stage") || params.get("tag")) apply(false);
    else show();

    // A sticky header sits below Material's header and the sticky filter row.
    function stick() {
      var header = document.querySelector(".md-header");
      var top = (header ? header.offsetHeight : 0) + (tools.classList.contains("rolodex-sticky-tools") ? tools.offsetHeight : 0);
      table.style.setProperty("--rolodex-sticky-top", top + "px");
      tools.style.setProperty("top", (header ? header.offsetHeight : 0) + "px");
    }
    window.requestAnimationFrame(stick);  // after the first paint: it measures the laid-out page
    window.addEventListener("resize", stick);
  }

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/['\u2018\u2019`]/g, "");
  }

  // --- item buttons: Done, Snooze…, Copy id ------------------------------------------------
  // Under `rolodex serve` the page carries a per-run token: the buttons write through the
  // server (same code as `rolodex done`). Anywhere else they copy the command to run.

  function serving() {
    var meta = document.querySelector('meta[name="rolodex-serve"]');
    return meta ? { token: meta.getAttribute("content"), base: meta.getAttribute("data-endpoint") } : null;
  }

  var statusBox = null;
  function say(text, bad) {
    if (!statusBox || !document.body.contains(statusBox)) {
      statusBox = document.createElement("div");
      statusBox.className = "rolodex-status";
      statusBox.setAttribute("role", "status");
      statusBox.setAttribute("aria-live", "polite");
      document.body.appendChild(statusBox);
    }
    statusBox.classList.toggle("rolodex-status--bad", !!bad);
    statusBox.textContent = text;
    statusBox.hidden = false;
  }

  function copy(text) {
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); } catch (e) { /* the message shows the text anyway */ }
      document.body.removeChild(area);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).catch(fallback);
    } else {
      fallback();
    }
  }

  function shellQuote(text) {
    return /^[A-Za-z0-9._:@\/-]+$/.test(text) ? text : "'" + text.replace(/'/g, "'\\''") + "'";
  }

  function post(action, data) {
    var serve = serving();
    return fetch(serve.base + action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Rolodex-Token": serve.token },
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().catch(function () { return { message: response.statusText }; }).then(function (body) {
        if (!response.ok) throw new Error(body.message || response.statusText);
        return body;
      });
    });
  }

  // What a Done or Snooze wrote is said again after the reload that the rebuild brings
  // (it may come before the message is read: a rebuild can take a fraction of a second).
  var KEPT = "rolodex-status";

  function finished(item, what, body) {
    item.classList.add("rolodex-item--done");
    Array.prototype.forEach.call(item.querySelectorAll("button"), function (b) { b.disabled = true; });
    var text = what + ": " + body.message + ".";
    say(text + " The page updates after the rebuild.");
    try { sessionStorage.setItem(KEPT, JSON.stringify({ text: text, at: Date.now() })); } catch (e) { /* not kept */ }
  }

  function sayKept() {
    var kept = null;
    try {
      kept = JSON.parse(sessionStorage.getItem(KEPT) || "null");
      sessionStorage.removeItem(KEPT);
    } catch (e) { return; }
    if (kept && typeof kept.text === "string" && Date.now() - kept.at < 60000) say(kept.text);
  }

  function done(button) {
    var item = button.closest("[data-id]");
    var id = item.getAttribute("data-id");
    if (!serving()) {
      var command = "rolodex done " + shellQuote(id);
      copy(command);
      say("Copied \u201c" + command + "\u201d: run it in a terminal in your knowledge base.");
      return;
    }
    button.disabled = true;
    post("done", { id: id }).then(function (body) { finished(item, "Done", body); }, function (error) {
      button.disabled = false;
      say("Not done: " + error.message, true);
    });
  }

  function isoDay(date) {
    return date.getFullYear() + "-" + String(date.getMonth() + 1).padStart(2, "0") + "-" + String(date.getDate()).padStart(2, "0");
  }

  function snoozeForm(button) {
    var item = button.closest("[data-id]");
    var open = item.querySelector(".rolodex-snooze");
    if (open) { open.querySelector("input").focus(); return; }
    var slug = button.getAttribute("data-rolodex-snooze");
    var holder = button.closest("[data-today]");
    var today = holder ? new Date(holder.getAttribute("data-today") + "T12:00:00") : new Date();
    var later = new Date(today.getTime() + 7 * 86400000);
    var tomorrow = new Date(today.getTime() + 86400000);
    var form = document.createElement("form");
    form.className = "rolodex-snooze";
    var label = document.createElement("label");
    label.textContent = "No follow-ups for this person until ";
    var input = document.createElement("input");
    input.type = "date";
    input.required = true;
    input.value = isoDay(later);
    input.min = isoDay(tomorrow);
    label.appendChild(input);
    var ok = document.createElement("button");
    ok.type = "submit";
    ok.className = "rolodex-action";
    ok.textContent = "Snooze";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "rolodex-action";
    cancel.textContent = "Cancel";
    cancel.addEventListener("click", function () { form.remove(); button.focus(); });
    form.appendChild(label);
    form.appendChild(ok);
    form.appendChild(cancel);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var until = input.value;
      if (!serving()) {
        var command = "rolodex snooze " + shellQuote(slug) + " --until " + until;
        copy(command);
        say("Copied \u201c" + command + "\u201d: run it in a terminal in your knowledge base.");
        form.remove();
        button.focus();
        return;
      }
      ok.disabled = true;
      post("snooze", { contact: slug, until: until }).then(function (body) {
        form.remove();
        finished(item, "Snoozed", body);
      }, function (error) {
        ok.disabled = false;
        say("Not snoozed: " + error.message, true);
      });
    });
    item.appendChild(form);
    input.focus();
  }

  function onClick(event) {
    var target = event.target.closest ? event.target.closest("button") : null;
    if (!target) return;
    if (target.hasAttribute("data-rolodex-done")) {
      done(target);
    } else if (target.hasAttribute("data-rolodex-snooze")) {
      snoozeForm(target);
    } else if (target.hasAttribute("data-rolodex-copy")) {
      var text = target.getAttribute("data-rolodex-copy");
      copy(text);
      say("Copied the id " + text + ".");
    }
  }
  document.addEventListener("click", onClick);

  // A find box over a list (the Network page of a large network): same folding as the table filter.
  function setupFind(input) {
    if (input.dataset.rolodexReady) return;
    input.dataset.rolodexReady = "1";
    var list = document.querySelector("[data-rolodex-find-list]");
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    var names = items.map(function (li) { return fold(li.firstElementChild ? li.firstElementChild.textContent : li.textContent); });
    var count = input.parentNode.querySelector(".rolodex-count");
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (li, i) {
        var ok = words.every(function (w) { return names[i].indexOf(w) !== -1; });
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown === items.length ? items.length + " people" : shown + " of " + items.length + " people";
    });
  }

  var printed = false;

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".rolodex-table-tools"), setupTable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-rolodex-find]"), setupFind);
    Array.prototype.forEach.call(document.querySelectorAll("[data-rolodex-print]"), function (button) {
      if (button.dataset.rolodexReady) return;
      button.dataset.rolodexReady = "1";
      button.addEventListener("click", function () { window.print(); });
    });
    // Home's "Print" opens a meeting page with ?print=1: print its brief at once.
    if (!printed && document.querySelector("[data-rolodex-print]") && new URLSearchParams(location.search).get("print") === "1") {
      printed = true;
      window.setTimeout(function () { window.print(); }, 100);
    }
  }

  // At once: this script comes after the page's content, so a long table is ready without
  // waiting for the rest of the page's scripts (each control is set up only once).
  init();
  if (serving()) sayKept();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  // Material's instant navigation swaps pages in place
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
