/* Sortable tables: every `table[data-sortable]` (the coding index's table, rendered by
   macros/pages/coding_table.py). Each column heading becomes a button; the first press sorts
   ascending, the next descending, and the heading says so with aria-sort. Rows sort by their
   cells' data-sort-value: numbers as numbers (difficulty is 0/1/2, minutes are minutes), the
   rest as text; ties keep the default order. Without JavaScript the table keeps the order it
   was built in. Nothing is saved. */
(function () {
  "use strict";

  function value(row, col) {
    var cell = row.cells[col];
    return cell ? cell.getAttribute("data-sort-value") || "" : "";
  }

  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b);
  }

  function sort(table, col, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var c = compare(value(r1, col), value(r2, col));
      if (dir === "descending") c = -c;
      return c || Number(r1.getAttribute("data-order")) - Number(r2.getAttribute("data-order"));
    });
    rows.forEach(function (r) { body.appendChild(r); });
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) {
      if (i === col) heads[i].setAttribute("aria-sort", dir);
      else heads[i].removeAttribute("aria-sort");
    }
  }

  function wire(table) {
    if (table.hasAttribute("data-sort-ready") || !table.tHead || !table.tBodies[0]) return;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r, i) { r.setAttribute("data-order", i); });
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "table-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        sort(table, col, th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending");
      });
    });
    table.setAttribute("data-sort-ready", "");
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), wire);
  }

  if (window.guide) window.guide.onPage(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
