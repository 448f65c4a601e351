// Sort the procedures table by a column and filter it as one types (no other script needed).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.eaf-sortable").forEach(function (table) {
    table.querySelectorAll("th").forEach(function (th, index) {
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var ascending = th.dataset.order !== "asc";
        rows.sort(function (a, b) {
          var x = a.cells[index].textContent.trim(), y = b.cells[index].textContent.trim();
          return ascending ? x.localeCompare(y, "vi", {numeric: true}) : y.localeCompare(x, "vi", {numeric: true});
        });
        rows.forEach(function (row) { body.appendChild(row); });
        th.dataset.order = ascending ? "asc" : "desc";
      });
    });
  });
  var fold = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase(); };
  document.querySelectorAll("input.eaf-filter").forEach(function (input) {
    input.addEventListener("input", function () {
      var q = fold(input.value);
      document.querySelectorAll("table.eaf-sortable tbody tr").forEach(function (row) {
        row.style.display = fold(row.textContent).indexOf(q) >= 0 ? "" : "none";
      });
    });
  });
});

// From a folder (file://) the theme's search cannot start its worker: show the search box
// anyway and search the names of the elements (with or without diacritics) in our own list.
document.addEventListener("DOMContentLoaded", function () {
  if (location.protocol !== "file:" || !window.EAF_INDEX) { return; }
  var search = document.querySelector(".md-search");
  var input = document.querySelector("input.md-search__input");
  var config = document.getElementById("__config");
  var base = config ? JSON.parse(config.textContent).base : ".";
  if (!search || !input) { return; }
  search.removeAttribute("hidden");
  var toggle = document.getElementById("__search");
  var list = document.createElement("ul");
  list.className = "eaf-search-results";
  input.form.parentNode.appendChild(list);
  var fold = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase(); };
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== input) {
      if (toggle) { toggle.checked = true; }
      input.focus();
      event.preventDefault();
    }
  });
  input.addEventListener("input", function (event) {
    event.stopImmediatePropagation();
    var q = fold(input.value.trim());
    list.textContent = "";
    if (q.length < 2) { return; }
    window.EAF_INDEX.filter(function (row) { return row.f.indexOf(q) >= 0; }).slice(0, 20).forEach(function (row) {
      var item = document.createElement("li");
      item.className = "eaf-search-result";
      var link = document.createElement("a");
      link.href = base + "/" + row.u;
      link.textContent = row.t;  // text, never HTML
      item.appendChild(link);
      list.appendChild(item);
    });
  }, true);
});
