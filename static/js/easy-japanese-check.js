/*
 * The やさしい日本語 check in the page editor (readable.panels.EasyJapaneseCheckPanel,
 * templates/readable/admin/easy_japanese_check_panel.html). 「やさしい日本語をチェック」 sends
 * the current values of the panel's fields — every form control named after the field or
 * inside it (a StreamField's blocks: name-0-value…; a rich text field's editor keeps its
 * content in a hidden input) — to the check endpoint, which answers with each field's list of
 * warnings, rendered by the server, put in place of the old one. With the panel's
 * data-child-prefix (e.g. "easy_"), only the controls of block children so named are sent:
 * Wagtail names a struct block's child <block>-<child name> (questions-0-value-easy_text,
 * questions-0-value-choices-1-value-easy_label), so the name's last part is the child's
 * (readable.field_text reads saved values the same way).
 * Texts come translated from the panel's data-msg-* attributes and the server's answer.
 */
(function () {
  "use strict";

  // A StreamField's bookkeeping inputs, not text.
  var BOOKKEEPING = /-(count|type|deleted|order|id)$/;

  function childName(name) {
    return name.slice(name.lastIndexOf("-") + 1);
  }

  function fieldValues(form, name, childPrefix) {
    var values = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      var own = element.name === name || element.name.indexOf(name + "-") === 0;
      if (!own || BOOKKEEPING.test(element.name) || element.disabled) {
        return;
      }
      if (childPrefix && childName(element.name).indexOf(childPrefix) !== 0) {
        return;
      }
      if (element.type === "checkbox" || element.type === "radio" || element.type === "file") {
        return;
      }
      if (element.value) {
        values.push(element.value);
      }
    });
    return values;
  }

  function check(panel, button) {
    var form = panel.closest("form");
    var status = panel.querySelector("[data-easy-check-status]");
    var data = new FormData();
    data.append("grade", panel.dataset.grade);
    panel.dataset.fields.split(" ").forEach(function (name) {
      // An empty field is sent too, so that its old warnings go.
      var values = fieldValues(form, name, panel.dataset.childPrefix);
      (values.length ? values : [""]).forEach(function (value) {
        data.append("text-" + name, value);
      });
    });
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    status.textContent = panel.dataset.msgChecking;
    button.disabled = true;
    fetch(panel.dataset.checkUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (answer) {
        answer.fields.forEach(function (field) {
          var place = panel.querySelector(
            '[data-easy-check-results="' + CSS.escape(field.name) + '"]'
          );
          if (place) {
            place.innerHTML = field.html; // rendered and escaped by the server
          }
        });
        status.textContent = answer.summary;
      })
      .catch(function () {
        status.textContent = panel.dataset.msgFailed;
      })
      .finally(function () {
        button.disabled = false;
      });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-easy-check-run]");
    if (button) {
      check(button.closest("[data-easy-check]"), button);
    }
  });
})();
