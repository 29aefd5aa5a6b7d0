/*
 * Browser notifications on the notification settings page
 * (templates/outreach/includes/push_settings.html). Nothing happens on page load but showing
 * the button: only a press of 「通知を受け取る」 asks the browser for permission, registers the
 * service worker (/push-sw.js, static/js/push-sw.js), subscribes with the site's VAPID public
 * key and posts the subscription (JSON, with the CSRF token in X-CSRFToken) to the server,
 * which answers with a message; the page then reloads to list the device. Texts come
 * translated from the section's data-msg-* attributes, or from the server's JSON answer.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-push-settings]");
  if (!root) {
    return;
  }
  var form = root.querySelector("[data-push-form]");
  var button = root.querySelector("[data-push-subscribe]");
  var statusLine = root.querySelector("[data-push-status]");

  // The server's refusal, whose text (in the page's language) is shown as it is.
  function Refusal(text) {
    this.text = text;
  }

  function say(text) {
    statusLine.textContent = text || "";
  }

  function sayMessage(name) {
    say(root.dataset["msg" + name]);
  }

  function keyBytes(base64url) {
    var base64 = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    var raw = window.atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var index = 0; index < raw.length; index += 1) {
      bytes[index] = raw.charCodeAt(index);
    }
    return bytes;
  }

  function subscription(registration) {
    return registration.pushManager.getSubscription().then(function (existing) {
      return (
        existing ||
        registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(root.dataset.publicKey),
        })
      );
    });
  }

  function send(subscribed) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    return fetch(root.dataset.subscribeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(subscribed),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (answer) {
          if (!response.ok) {
            throw new Refusal(answer.error || root.dataset.msgFailed);
          }
          say(answer.message);
          window.location.reload();
        });
    });
  }

  function subscribe() {
    button.disabled = true;
    sayMessage("Working");
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") {
          sayMessage("Denied");
          return null;
        }
        return navigator.serviceWorker
          .register(root.dataset.workerUrl, { scope: "/" })
          .then(function () {
            return navigator.serviceWorker.ready;
          })
          .then(subscription)
          .then(send);
      })
      .catch(function (error) {
        if (error instanceof Refusal) {
          say(error.text);
        } else {
          sayMessage("Failed");
        }
      })
      .then(function () {
        button.disabled = false;
      });
  }

  root.querySelector("[data-push-nojs]").hidden = true;
  if (!("serviceWorker" in navigator && "PushManager" in window && "Notification" in window)) {
    sayMessage("Unsupported");
    return;
  }
  if (Notification.permission === "denied") {
    sayMessage("Denied");
  }
  form.hidden = false;
  button.addEventListener("click", subscribe);
})();
