/*
 * Rolodex site behaviour: sortable, filterable tables and the print button.
 * No library, no network: the pages work without it, and better with it.
 *
 * A table becomes interactive when a `.rolodex-table-tools` block precedes it.
 * Cells sort by the `data-sort` value of an element inside them, else by their
 * text (numbers as numbers); empty cells sort last. The filter box matches any
 * text in a row; the selects match a row's `data-stage` and `data-tags` ("|"
 * separated). `?q=`, `?stage=` and `?tag=` in the address preset the filters.
 */
(function () {
  "use strict";

  function cellKey(cell) {
    var marked = cell.querySelector("[data-sort]");
    var text = marked ? marked.getAttribute("data-sort") : cell.textContent;
    return (text || "").trim();
  }

  function compare(a, b) {
    if (a === "" || b === "") return a === b ? 0 : a === "" ? 1 : -1;
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
  }

  function nextTable(tools) {
    for (var el = tools.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.tagName === "TABLE") return el;
      var inner = el.querySelector("table");
      if (inner) return inner;
    }
    return null;
  }

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

    headers.forEach(function (th, column) {
      th.tabIndex = 0;
      th.classList.add("rolodex-sortable");
      th.setAttribute("aria-sort", "none");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyed = rows.map(function (row, index) {
          return { row: row, key: cellKey(row.cells[column]), index: index };
        });
        keyed.sort(function (a, b) {
          var c = compare(a.key, b.key);
          if (a.key === "" || b.key === "") return c || a.index - b.index;  // empties stay last
          return (ascending ? c : -c) || a.index - b.index;
        });
        keyed.forEach(function (k) { body.appendChild(k.row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });

    function apply() {
      var words = filter ? filter.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
      var wantStage = stage ? stage.value : "";
      var wantTag = tag ? tag.value : "";
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
        if (ok && wantStage) {
          var s = row.querySelector("[data-stage]");
          ok = !!s && s.getAttribute("data-stage") === wantStage;
        }
        if (ok && wantTag) {
          var t = row.querySelector("[data-tags]");
          ok = !!t && t.getAttribute("data-tags").split("|").indexOf(wantTag) !== -1;
        }
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown === rows.length ? rows.length + " shown" : shown + " of " + rows.length + " shown";
    }

    var params = new URLSearchParams(location.search);
    if (filter && params.get("q")) filter.value = params.get("q");
    if (stage && params.get("stage")) stage.value = params.get("stage");
    if (tag && params.get("tag")) tag.value = params.get("tag");
    [filter, stage, tag].forEach(function (el) {
      if (el) el.addEventListener(el.tagName === "SELECT" ? "change" : "input", apply);
    });
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".rolodex-table-tools"), setupTable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-rolodex-print]"), function (button) {
      if (button.dataset.rolodexReady) return;
      button.dataset.rolodexReady = "1";
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  // Material's instant navigation swaps pages in place
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
