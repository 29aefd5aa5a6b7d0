// The page of a newly issued API key (templates/api/admin/api_keys/issued.html): its Copy
// button, shown only where the browser can copy. It says in its status line whether it worked;
// when it did not, the key is selected so that staff can copy it by hand.
(function () {
  var button = document.querySelector("[data-copy-from]");
  if (!button || !navigator.clipboard || !window.isSecureContext) return;
  var field = document.getElementById(button.getAttribute("data-copy-from"));
  var status = document.querySelector(".api-key-copy-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(
      function () { status.textContent = button.getAttribute("data-copied-message"); },
      function () {
        field.select();
        status.textContent = button.getAttribute("data-failed-message");
      }
    );
  });
})();
