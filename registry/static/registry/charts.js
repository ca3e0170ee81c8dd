// Progressive enhancement: a bar chart above each statistics table, drawn from the
// table's own numbers (the table stays, for screen readers and without JavaScript).
(function () {
  "use strict";
  if (!window.Chart) { return; }
  var rtl = document.documentElement.dir === "rtl";
  document.querySelectorAll("table[data-chart]").forEach(function (table) {
    var labels = [], values = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var head = row.querySelector("th"), cell = row.querySelector("td");
      if (head && cell) { labels.push(head.textContent.trim()); values.push(Number(cell.textContent)); }
    });
    if (!labels.length) { return; }
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", table.closest("section").querySelector("h2").textContent);
    table.parentNode.insertBefore(canvas, table);
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ data: values, backgroundColor: "#8a2c0d" }] },
      options: {
        plugins: { legend: { display: false } },
        scales: { x: { reverse: rtl }, y: { beginAtZero: true, ticks: { precision: 0 } } },
        animation: false
      }
    });
  });
})();
