// The printed results report (templates/surveys/admin/results_print.html): its Print button.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
