/* Fills the Jet category datalist as the merchant types, and says beside the field why a category cannot
   take products. */
(function () {
  var script = document.currentScript;
  var url = script.getAttribute("data-search-url");
  var list = document.getElementById("jet-category-options");
  var results = {};
  var timer = null;
  function search(query) {
    fetch(url + "?q=" + encodeURIComponent(query), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        list.innerHTML = "";
        data.results.forEach(function (item) {
          results[item.label] = item;
          var option = document.createElement("option");
          option.value = item.label;
          option.textContent = item.problem ? "cannot take products: " + item.problem : item.path;
          list.appendChild(option);
        });
      });
  }
  function noteFor(input) {
    var note = input.parentNode.querySelector(".jet-picker-problem");
    if (!note) {
      note = document.createElement("span");
      note.className = "jet-picker-problem jet-warning";
      note.setAttribute("data-testid", "picker-problem");
      input.insertAdjacentElement("afterend", note);
    }
    return note;
  }
  document.querySelectorAll("input[list='jet-category-options']").forEach(function (input) {
    input.addEventListener("input", function () {
      var picked = results[input.value];
      noteFor(input).textContent = picked && picked.problem ? "cannot take products: " + picked.problem : "";
      clearTimeout(timer);
      if (input.value.trim().length >= 2) { timer = setTimeout(function () { search(input.value.trim()); }, 200); }
    });
  });
})();
