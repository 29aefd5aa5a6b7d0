/*
 * The service worker of browser notifications, served at /push-sw.js (scope: the whole site)
 * by outreach.views.push.push_service_worker and registered by static/js/push.js.
 *
 * A push message is the JSON outreach.channels.push.push_message sends:
 * {title, body, url, tag, icon}. It is shown as a notification (one per tag: a notification
 * sent again replaces itself); a click on it focuses a tab already showing its page, or opens
 * one. Only addresses on this site are opened.
 */
"use strict";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function readMessage(data) {
  try {
    return (data && data.json()) || {};
  } catch (error) {
    return {};
  }
}

function sameSiteUrl(address) {
  try {
    var url = new URL(address || "/", self.location.origin);
    return url.origin === self.location.origin ? url.href : self.location.origin + "/";
  } catch (error) {
    return self.location.origin + "/";
  }
}

self.addEventListener("push", function (event) {
  var message = readMessage(event.data);
  var options = {
    body: message.body || "",
    data: { url: sameSiteUrl(message.url) },
    lang: "ja",
  };
  if (message.tag) {
    options.tag = message.tag;
  }
  if (message.icon) {
    options.icon = message.icon;
  }
  event.waitUntil(self.registration.showNotification(message.title || "寄り合い", options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = sameSiteUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var index = 0; index < windows.length; index += 1) {
        if (windows[index].url === url && "focus" in windows[index]) {
          return windows[index].focus();
        }
      }
      return self.clients.openWindow(url);
    })
  );
});
