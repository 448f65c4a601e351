// eaf's tables: sort by a column (its heading is a button; again to reverse) and filter the
// rows as one types, with or without diacritics. No words here: the page says what to do.
document.addEventListener("DOMContentLoaded", function () {
  var fold = function (s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  };
  var blank = function (s) { return s === "" || s === "—"; };
  document.querySelectorAll(".eaf-table").forEach(function (box) {
    var table = box.querySelector("table");
    if (!table || !table.tBodies.length) { return; }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var count = document.createElement("span");
    count.className = "eaf-count";
    count.setAttribute("aria-live", "polite");
    var show = function (n) { count.textContent = n + " / " + rows.length; };
    show(rows.length);
    table.querySelectorAll("thead th").forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "eaf-sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.slice().sort(function (a, b) {
          var x = a.cells[index].textContent.trim(), y = b.cells[index].textContent.trim();
          if (blank(x) || blank(y)) { return blank(x) - blank(y); }
          var order = x.localeCompare(y, "vi", {numeric: true, sensitivity: "base"});
          return ascending ? order : -order;
        }).forEach(function (row) { body.appendChild(row); });
      });
    });
    var input = box.querySelector("input.eaf-filter");
    if (!input) { return; }
    input.parentNode.appendChild(count);
    var text = rows.map(function (row) { return fold(row.textContent); });
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var hit = words.every(function (w) { return text[i].indexOf(w) >= 0; });
        row.hidden = !hit;
        shown += hit ? 1 : 0;
      });
      show(shown);
    });
  });
});
