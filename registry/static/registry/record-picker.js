// The photograph form's record picker: type a few letters of a record's name,
// pick it from the list, and its number fills "record number".
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const kind = document.getElementById("id_content_type");
  const search = document.getElementById("id_record_search");
  const number = document.getElementById("id_object_id");
  if (!kind || !search || !number) return;
  const list = document.createElement("datalist");
  list.id = "record-choices";
  search.after(list);
  const found = new Map();
  let timer = null;
  const lookup = () => {
    if (!kind.value) return;
    const url = new URL(number.dataset.lookup, window.location.href);
    url.searchParams.set("type", kind.value);
    url.searchParams.set("q", search.value);
    fetch(url, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((data) => {
        list.replaceChildren();
        found.clear();
        for (const row of data.results) {
          const option = document.createElement("option");
          option.value = row.label;
          list.append(option);
          found.set(row.label, row.id);
        }
        choose();
      });
  };
  const choose = () => {
    if (found.has(search.value)) number.value = found.get(search.value);
  };
  search.addEventListener("input", () => {
    choose();
    clearTimeout(timer);
    timer = setTimeout(lookup, 200);
  });
  search.addEventListener("change", choose);
  kind.addEventListener("change", () => {
    search.value = "";
    number.value = "";
    lookup();
  });
});
