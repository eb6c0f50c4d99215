
(function () {
  "use strict";
  var bar = document.getElementById("searchbar");
  var input = document.getElementById("q");
  var count = document.getElementById("qcount");
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.reg"));
  bar.hidden = false;
  function norm(text) {
    return (text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  }
  tables.forEach(function (table) {
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) {
      row.dataset.order = String(i);
      row.dataset.text = norm(row.textContent);
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortTable(table, col, dir);
        saveState(table.id.replace(/^t-/, "") + "." + th.dataset.key + "." +
          (dir === "ascending" ? "asc" : "desc"));
      });
    });
  });
  function cellKey(cell, numeric) {
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    if (numeric) {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return norm(raw);
  }
  function sortTable(table, col, dir) {
    var th = table.tHead.rows[0].cells[col];
    var numeric = th.dataset.type === "num";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = dir === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var x = cellKey(a.cells[col], numeric), y = cellKey(b.cells[col], numeric);
      if (x < y) { return -sign; }
      if (x > y) { return sign; }
      return Number(a.dataset.order) - Number(b.dataset.order);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", dir);
  }
  function filter(query) {
    var q = norm(query), shown = 0, total = 0;
    tables.forEach(function (table) {
      var visible = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var hit = !q || row.dataset.text.indexOf(q) !== -1;
        row.hidden = !hit;
        if (hit) { visible += 1; }
      });
      var n = document.getElementById("n-" + table.id.replace(/^t-/, ""));
      if (n) { n.textContent = q ? "(" + visible + " of " + table.tBodies[0].rows.length + ")"
        : "(" + table.tBodies[0].rows.length + ")"; }
      shown += visible;
      total += table.tBodies[0].rows.length;
    });
    count.textContent = q ? shown + " of " + total + " entries match" : "";
  }
  var state = { q: "", sort: "" };
  function saveState(sort) {
    if (sort !== undefined) { state.sort = sort; }
    var parts = [];
    if (state.q) { parts.push("q=" + encodeURIComponent(state.q)); }
    if (state.sort) { parts.push("sort=" + encodeURIComponent(state.sort)); }
    if (window.history && history.replaceState) {
      history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname);
    }
  }
  function applyHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var sort = params.get("sort");
    if (sort) {
      var bits = sort.split(".");
      var table = document.getElementById("t-" + bits[0]);
      if (table) {
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
          if (th.dataset.key === bits[1]) {
            sortTable(table, col, bits[2] === "desc" ? "descending" : "ascending");
            state.sort = sort;
          }
        });
      }
    }
    state.q = params.get("q") || "";
    input.value = state.q;
    filter(state.q);
  }
  input.addEventListener("input", function () {
    state.q = input.value;
    filter(state.q);
    saveState();
  });
  window.addEventListener("hashchange", applyHash);
  applyHash();
  document.documentElement.setAttribute("data-ready", "1");
})();
