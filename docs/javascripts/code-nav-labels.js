// The theme adds a <nav class="md-code__nav"> (copy button) to every code block when the
// page loads. Unnamed, they are identical landmarks to a screen reader; name each one.
(function () {
  function label() {
    document.querySelectorAll(".md-code__nav:not([aria-label])").forEach(function (nav, i) {
      var block = nav.parentElement && nav.parentElement.id;
      nav.setAttribute("aria-label", "Tools for code block " + (block ? block.replace("__code_", "") : i));
    });
  }
  new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
  label();
})();
