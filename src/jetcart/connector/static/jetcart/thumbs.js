// Product thumbnails come from the storefront; one that cannot be loaded shows the "No image" placeholder.
(function () {
  "use strict";
  function placeholder(img) {
    var span = document.createElement("span");
    span.className = "jet-no-image";
    span.textContent = "No image";
    span.title = "The storefront did not serve " + img.getAttribute("src");
    img.replaceWith(span);
  }
  function watch(img) {
    if (img.complete && img.naturalWidth === 0) {
      placeholder(img);
    } else {
      img.addEventListener("error", function () { placeholder(img); }, { once: true });
    }
  }
  function start() { document.querySelectorAll("img.jet-thumb").forEach(watch); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
