/*
 * Progressive enhancement for the public site. Everything works without this file;
 * it only reveals `.js-only` controls, makes the copy-link button work and narrows the
 * profile form's municipality list to the chosen prefecture, and counts the characters of a
 * comment as it is typed.
 * Loaded with `defer`, so the DOM is ready when it runs. No inline handlers (CSP).
 */
(function () {
  "use strict";

  function announce(message) {
    var region = document.getElementById("live-region");
    if (!region) return;
    // Clear first so the same message is announced again on a second click.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("Clipboard API unavailable"));
  }

  function setUpCopyButtons() {
    document.querySelectorAll("[data-copy-url]").forEach(function (button) {
      button.addEventListener("click", function () {
        copyText(button.getAttribute("data-copy-url")).then(
          function () { announce(button.getAttribute("data-copied-message")); },
          function () { announce(button.getAttribute("data-failed-message")); }
        );
      });
    });
  }

  function revealJsOnly() {
    var canCopy = Boolean(navigator.clipboard && window.isSecureContext);
    document.querySelectorAll(".js-only").forEach(function (element) {
      // A copy button that cannot copy would only disappoint: keep it hidden.
      if (!canCopy && element.querySelector("[data-copy-url]")) return;
      element.hidden = false;
    });
  }

  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  }

  // Profile form: the municipality list shows only the chosen prefecture's regions. Without
  // JavaScript every region is listed, grouped by prefecture, and the server checks the match.
  function setUpRegionFilter() {
    document.querySelectorAll("select[data-region-for]").forEach(function (select) {
      var form = select.form;
      var prefecture = form && form.elements.namedItem(select.getAttribute("data-region-for"));
      if (!prefecture) return;
      var groups = Array.prototype.slice.call(select.querySelectorAll("optgroup"));
      function groupPrefecture(group) {
        var option = group.querySelector("option[data-prefecture]");
        return option ? option.getAttribute("data-prefecture") : "";
      }
      function update() {
        var code = prefecture.value;
        var chosen = select.value;
        groups.forEach(function (group) {
          if (group.parentNode) group.parentNode.removeChild(group);
        });
        groups.forEach(function (group) {
          if (!code || groupPrefecture(group) === code) select.appendChild(group);
        });
        select.value = chosen;
        if (select.value !== chosen) select.value = "";
      }
      prefecture.addEventListener("change", update);
      update();
    });
  }

  // Comment forms: "n / 5,000" under the text, announced politely. The limit is not enforced
  // here (no maxlength, which would silently cut a pasted text): the server explains it.
  function setUpCounters() {
    document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
      var field = document.getElementById(counter.getAttribute("data-counter-for"));
      if (!field) return;
      var limit = Number(field.getAttribute("data-max-length"));
      var format = new Intl.NumberFormat();
      var template = counter.getAttribute("data-template") || "{count} / {limit}";
      function update() {
        var count = Array.from(field.value).length;
        counter.textContent = template
          .replace("{count}", format.format(count))
          .replace("{limit}", format.format(limit));
        counter.classList.toggle("comment-form__counter--over", count > limit);
      }
      field.addEventListener("input", update);
      update();
    });
  }

  document.documentElement.classList.add("js");
  revealJsOnly();
  setUpCopyButtons();
  setUpRegionFilter();
  setUpCounters();
  focusErrorSummary();
})();
