/*
 * Progressive enhancement for the public site. Everything works without this file;
 * it only reveals `.js-only` controls, makes the copy-link button work and narrows the
 * profile form's municipality list to the chosen prefecture, and counts the characters of a
 * comment as it is typed, counts down a wait before the next comment, and shows a survey's questions one at a time on a phone when the
 * survey asks for it; and leaves furigana's readings out of a copy. On pages that load htmx (pages with comments), it also enhances
 * what htmx swaps in and falls back to an ordinary page load when an htmx request was
 * redirected (e.g. to sign in) or failed.
 * Loaded with `defer`, so the DOM is ready when it runs. No inline handlers (CSP).
 */
(function () {
  "use strict";

  // `selector`'s matches in `root` (a document or an element), `root` itself included.
  function findAll(root, selector) {
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) found.unshift(root);
    return found;
  }

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

  function revealJsOnly(root) {
    var canCopy = Boolean(navigator.clipboard && window.isSecureContext);
    findAll(root, ".js-only").forEach(function (element) {
      // A copy button that cannot copy would only disappoint: keep it hidden.
      if (!canCopy && element.querySelector("[data-copy-url]")) return;
      element.hidden = false;
    });
  }

  function focusErrorSummary(root) {
    var summary = findAll(root, ".error-summary")[0];
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
    return Boolean(summary);
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
  function setUpCounters(root) {
    findAll(root, "[data-counter-for]").forEach(function (counter) {
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

  // A pace limit (community/includes/comment_wait.html): the server says how many seconds;
  // count them down in the notice, keep the form's buttons unusable until then, then
  // say so. Only the end is announced (the notice is a polite status; a change every second
  // would talk over the reader).
  function setUpWaits(root) {
    findAll(root, "[data-wait-seconds]").forEach(function (notice) {
      var form = notice.closest("form");
      var buttons = form ? findAll(form, "button[type=submit]") : [];
      var text = notice.querySelector("[data-wait-text]");
      var ends = Date.now() + Number(notice.getAttribute("data-wait-seconds")) * 1000;
      if (!buttons.length || !text) return;
      notice.setAttribute("aria-live", "off");
      buttons.forEach(function (button) { button.disabled = true; });
      function tick() {
        var left = Math.ceil((ends - Date.now()) / 1000);
        if (left > 0) {
          var template = notice.getAttribute(left === 1 ? "data-template-one" : "data-template-other");
          text.textContent = template.replace("{seconds}", left);
          window.setTimeout(tick, 250);
          return;
        }
        buttons.forEach(function (button) { button.disabled = false; });
        notice.classList.remove("notice--warning");
        text.textContent = notice.getAttribute("data-done");
        announce(notice.getAttribute("data-done"));
      }
      tick();
    });
  }

  function focusWait(root) {
    var notice = findAll(root, ".comment-wait")[0];
    if (notice) notice.focus({ preventScroll: false });
  }

  // htmx (loaded by pages with comments) swaps in server-rendered fragments: enhance them as
  // the page was enhanced, and move the focus to what the reader must see (an error summary,
  // or the notice under a comment just posted) since the focused form may be gone.
  function setUpSwappedContent() {
    document.addEventListener("htmx:load", function (event) {
      var root = event.target;
      if (root === document.body || !root.querySelectorAll) return;
      revealJsOnly(root);
      setUpCounters(root);
      setUpWaits(root);
      if (focusErrorSummary(root)) return;
      var notice = findAll(root, "[data-focus-after-swap]")[0];
      if (notice) notice.focus({ preventScroll: true });
    });
  }

  // A redirected htmx request (the session ended: Django sends the sign-in page) would swap a
  // whole page into a button: load that page instead, with `next` back to this page (the
  // POST-only URL htmx sent would answer 405 after signing in). A failed one (e.g. 403, 500)
  // is sent again as an ordinary form, so the reader sees the server's full answer.
  function setUpHtmxFallbacks() {
    document.addEventListener("htmx:beforeSwap", function (event) {
      var responseUrl = event.detail.xhr && event.detail.xhr.responseURL;
      if (!responseUrl) return;
      var asked = new URL(event.detail.requestConfig.path, window.location.href);
      var answered = new URL(responseUrl);
      if (answered.pathname === asked.pathname) return;
      event.detail.shouldSwap = false;
      if (answered.searchParams.has("next")) {
        answered.searchParams.set("next", window.location.pathname + window.location.search);
      }
      window.location.assign(answered.href);
    });
    // A refused CSRF token (403, e.g. after signing in elsewhere): send the form the ordinary
    // way, which answers with a page. Any other error may come after the write was saved, so
    // the form is not sent again.
    document.addEventListener("htmx:responseError", function (event) {
      var form = event.detail.elt && event.detail.elt.closest("form");
      if (form && event.detail.xhr && event.detail.xhr.status === 403) {
        HTMLFormElement.prototype.submit.call(form);
      }
    });
  }

  // An error summary's link to a radio group or a question shown one at a time: show the
  // question and put the focus in the field itself (a group's <div> cannot take it), so the
  // respondent can answer at once.
  function setUpSurveyErrorLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".survey-form .error-summary a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      var question = target.closest(".survey-question");
      if (question) question.dispatchEvent(new CustomEvent("survey:show", { bubbles: true }));
      var field = target.matches("input, select, textarea")
        ? target
        : target.querySelector("input:checked") || target.querySelector("input, select, textarea");
      if (!field) return;
      event.preventDefault();
      field.focus();
    });
  }

  // One question per screen (SurveyPage.one_question_per_screen) on a narrow screen: the
  // step's questions one at a time, with 次へ / 戻る between them and 「質問 3 / 8」 above.
  // Every question stays in the form (only `hidden`), so nothing typed is lost, and the last
  // question shows the step's own buttons, which send the whole step as before.
  var ONE_QUESTION_MEDIA = "(max-width: 40em)";
  var LAST_QUESTION = "#last-question"; // surveys/views/respondent.py LAST_QUESTION

  // What the server would say of a question shown one at a time, read from its
  // data-check-… attributes (surveys QuestionKind.client_checks, the server's own words):
  // {field, message} for the first problem, or null. The server checks again on sending.
  function isAnswered(fields) {
    return fields.some(function (field) {
      return field.type === "radio" || field.type === "checkbox" ? field.checked : field.value.trim() !== "";
    });
  }

  function groupsByName(fields) {
    var groups = {};
    var order = [];
    fields.forEach(function (field) {
      if (!groups[field.name]) { groups[field.name] = []; order.push(field.name); }
      groups[field.name].push(field);
    });
    return order.map(function (name) { return groups[name]; });
  }

  function rankingProblem(checks, selects) {
    var ranks = selects.map(function (select) { return select.value; }).filter(Boolean);
    if (!ranks.length) return checks.checkRequired ? { field: selects[0], message: checks.checkRequired } : null;
    if (ranks.length !== selects.length) return { field: selects[0], message: checks.checkRankAll };
    var distinct = ranks.filter(function (rank, index) { return ranks.indexOf(rank) === index; });
    return distinct.length === ranks.length ? null : { field: selects[0], message: checks.checkRankDistinct };
  }

  function valueProblem(checks, field) {
    if (field.validity && field.validity.badInput && checks.checkInvalid) return { field: field, message: checks.checkInvalid };
    if (field.type !== "number" || field.value.trim() === "" || !checks.checkRange) return null;
    var number = Number(field.value);
    if (isNaN(number)) return { field: field, message: checks.checkInvalid };
    var outside = (field.min !== "" && number < Number(field.min)) || (field.max !== "" && number > Number(field.max));
    return outside ? { field: field, message: checks.checkRange } : null;
  }

  function choiceProblem(checks, main, other) {
    var chosen = main.filter(function (field) { return field.checked || field.tagName === "SELECT"; });
    var count = main[0].type === "checkbox" ? chosen.length : 0;
    if (checks.checkMin && count && count < Number(checks.checkMin)) return { field: main[0], message: checks.checkMinMessage };
    if (checks.checkMax && count > Number(checks.checkMax)) return { field: main[0], message: checks.checkMaxMessage };
    var choseOther = chosen.some(function (field) { return field.value === "other"; });
    if (checks.checkOther && choseOther && other && !other.value.trim()) return { field: other, message: checks.checkOther };
    return null;
  }

  function questionProblem(question) {
    var checks = question.dataset;
    var fields = Array.prototype.slice.call(question.querySelectorAll("input, select, textarea")).filter(function (field) {
      return field.name && field.type !== "hidden";
    });
    if (!fields.length) return null;
    if (question.classList.contains("survey-question--ranking")) return rankingProblem(checks, fields);
    if (question.classList.contains("survey-question--matrix")) {
      var unanswered = groupsByName(fields).filter(function (group) { return !isAnswered(group); })[0];
      return unanswered && checks.checkRequired ? { field: unanswered[0], message: checks.checkRequired } : null;
    }
    var name = "q-" + question.id.replace(/^question-/, "");
    var main = fields.filter(function (field) { return field.name === name; });
    var other = fields.filter(function (field) { return field.name === name + "-other"; })[0];
    if (!main.length) return null;
    var invalid = valueProblem(checks, main[0]);
    if (invalid) return invalid;
    if (!isAnswered(main)) return checks.checkRequired ? { field: main[0], message: checks.checkRequired } : null;
    return choiceProblem(checks, main, other);
  }

  // One message per question: whatever it showed (the server's or ours) goes first, with the
  // error summary's links to it.
  function questionErrorsClear(question) {
    findAll(question, ".form-field__errors").forEach(function (errors) { errors.remove(); });
    findAll(question, ".form-field--error").forEach(function (wrapper) { wrapper.classList.remove("form-field--error"); });
    findAll(question, "[aria-invalid]").forEach(function (field) { field.removeAttribute("aria-invalid"); });
    question.classList.remove("survey-question--error");
    var summary = question.closest(".survey-form") && question.closest(".survey-form").querySelector(".error-summary");
    if (!summary) return;
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target && question.contains(target)) link.closest("li").remove();
    });
    if (!summary.querySelector("li")) summary.remove();
  }

  // Say `problem.message` on its field, as the server would (form_field.html), move the focus
  // there and announce it.
  function questionErrorShow(question, problem) {
    var wrapper = problem.field.closest(".form-field") || question;
    var errors = document.createElement("div");
    var list = document.createElement("ul");
    var item = document.createElement("li");
    var id = (problem.field.id || problem.field.name) + "-check-error";
    errors.className = "form-field__errors";
    list.className = "errorlist";
    list.id = id;
    item.textContent = problem.message;
    list.appendChild(item);
    errors.appendChild(list);
    var anchor = wrapper.querySelector(".form-field__help") || wrapper.querySelector(".form-field__label");
    if (anchor) anchor.insertAdjacentElement("afterend", errors);
    else wrapper.insertBefore(errors, wrapper.firstChild);
    wrapper.classList.add("form-field--error");
    question.classList.add("survey-question--error");
    var group = problem.field.name ? question.querySelectorAll("[name='" + problem.field.name + "']") : [problem.field];
    Array.prototype.forEach.call(group, function (field) {
      field.setAttribute("aria-invalid", "true");
      var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (ref) {
        return ref && !/-check-error$/.test(ref);
      });
      field.setAttribute("aria-describedby", described.concat(id).join(" "));
    });
    problem.field.focus();
    announce(problem.message);
  }

  // Check question `index` before leaving it: true when it may be left.
  function pagerCheck(pager, index) {
    var question = pager.questions[index];
    var problem = questionProblem(question);
    questionErrorsClear(question);
    if (!problem) return true;
    if (index !== pager.current) pagerShow(pager, index);
    questionErrorShow(question, problem);
    return false;
  }

  function pagerForward(pager) {
    if (pagerCheck(pager, pager.current)) pagerShow(pager, pager.current + 1);
  }

  // Sending the step from its last question checks every question first (one may have been
  // emptied after going back); 戻る sends without checks, as the server takes it.
  function pagerSubmit(pager, event) {
    var submitter = event.submitter || pager.clicked; // older Safari has no event.submitter
    if (!pager.media.matches || (submitter && submitter.value === "back")) return;
    for (var index = 0; index < pager.questions.length; index += 1) {
      if (!pagerCheck(pager, index)) {
        event.preventDefault();
        return;
      }
    }
  }

  function pagerRender(pager) {
    var paged = pager.media.matches;
    var last = pager.questions.length - 1;
    pager.questions.forEach(function (question, index) {
      question.hidden = paged && index !== pager.current;
    });
    pager.progress.hidden = !paged;
    pager.progress.textContent = pager.progress.getAttribute("data-template")
      .replace("{position}", pager.current + 1)
      .replace("{total}", pager.questions.length);
    pager.back.hidden = !paged || pager.current === 0;
    pager.next.hidden = !paged || pager.current === last;
    pager.stepNext.hidden = paged && pager.current !== last;
    if (pager.stepBack) pager.stepBack.hidden = paged && pager.current !== 0;
  }

  // Show question `index` and focus its label, which names the question and, through
  // aria-describedby, tells screen readers where it is (「質問 3 / 8」).
  function pagerShow(pager, index) {
    pager.current = Math.min(Math.max(index, 0), pager.questions.length - 1);
    pagerRender(pager);
    var label = pager.questions[pager.current].querySelector(".form-field__label");
    label.setAttribute("tabindex", "-1");
    label.setAttribute("aria-describedby", pager.progress.id);
    label.focus({ preventScroll: true });
    pager.progress.scrollIntoView({ block: "nearest" });
  }

  // Enter in a field (not a text area) goes on to the next question: the browser would
  // otherwise send the whole step from its middle. Not the Enter that ends a Japanese input
  // method's conversion (isComposing; Safari says keyCode 229 instead).
  function pagerKeydown(pager, event) {
    if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
    if (!pager.media.matches || pager.current === pager.questions.length - 1) return;
    if (!event.target.matches("input, select")) return;
    event.preventDefault();
    pagerForward(pager);
  }

  // A phone turned back upright shows the question that holds the focus (perhaps answered
  // while the whole step showed), not the one shown before.
  function pagerMediaChange(pager) {
    var focused = document.activeElement && document.activeElement.closest(".survey-question");
    var index = pager.questions.indexOf(focused);
    if (pager.media.matches && index >= 0) pager.current = index;
    pagerRender(pager);
  }

  function setUpOneQuestionForm(form, media) {
    var questions = Array.prototype.slice.call(form.querySelectorAll(".survey-question"));
    if (questions.length < 2) return;
    // Open where the respondent must look: the first error, else a question just shown, else
    // the last question when they came back from the next step (its 戻る adds the fragment).
    var first =
      form.querySelector(".survey-question--error") || form.querySelector("[data-new-question]");
    var start = questions.indexOf(first);
    if (start < 0) start = window.location.hash === LAST_QUESTION ? questions.length - 1 : 0;
    var pager = {
      media: media,
      questions: questions,
      current: start,
      progress: form.querySelector("[data-pager-progress]"),
      next: form.querySelector("[data-pager=next]"),
      back: form.querySelector("[data-pager=back]"),
      stepNext: form.querySelector("button[type=submit][value=next]"),
      stepBack: form.querySelector("button[type=submit][value=back]"),
    };
    pager.next.addEventListener("click", function () { pagerForward(pager); });
    form.addEventListener("click", function (event) {
      pager.clicked = event.target.closest && event.target.closest("button[type=submit]");
    });
    form.addEventListener("submit", function (event) { pagerSubmit(pager, event); });
    pager.back.addEventListener("click", function () { pagerShow(pager, pager.current - 1); });
    form.addEventListener("survey:show", function (event) {
      if (media.matches) pagerShow(pager, questions.indexOf(event.target));
    });
    form.addEventListener("keydown", function (event) { pagerKeydown(pager, event); });
    media.addEventListener("change", function () { pagerMediaChange(pager); });
    pagerRender(pager);
  }

  function setUpOneQuestionForms() {
    var media = window.matchMedia(ONE_QUESTION_MEDIA);
    document.querySelectorAll("form[data-one-question]").forEach(function (form) {
      setUpOneQuestionForm(form, media);
    });
  }

  // Furigana (readable.furigana): Chromium copies the readings of <ruby> with the kanji, even
  // with `user-select: none` on them; a copy of a selection with ruby gives the text without
  // its readings (and, for rich text, the markup without them).
  function setUpRubyCopy() {
    document.addEventListener("copy", function (event) {
      var selection = window.getSelection();
      if (!event.clipboardData || !selection || selection.rangeCount === 0) return;
      var holder = document.createElement("div");
      for (var i = 0; i < selection.rangeCount; i++) {
        holder.appendChild(selection.getRangeAt(i).cloneContents());
      }
      var readings = holder.querySelectorAll("rt, rp");
      if (readings.length === 0) return;
      readings.forEach(function (reading) { reading.remove(); });
      event.clipboardData.setData("text/plain", plainText(holder));
      event.clipboardData.setData("text/html", holder.innerHTML);
      event.preventDefault();
    });
  }

  // The text of `holder` (off the page, so without layout): its blocks on lines of their own.
  function plainText(holder) {
    holder.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, tr, div, br").forEach(function (block) {
      block.append("\n");
    });
    return holder.textContent.replace(/\n{3,}/g, "\n\n").trim();
  }

  document.documentElement.classList.add("js");
  revealJsOnly(document);
  setUpRubyCopy();
  setUpCopyButtons();
  setUpRegionFilter();
  setUpCounters(document);
  setUpWaits(document);
  if (!focusErrorSummary(document)) focusWait(document);
  setUpSwappedContent();
  setUpHtmxFallbacks();
  setUpSurveyErrorLinks();
  setUpOneQuestionForms();
})();
