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
