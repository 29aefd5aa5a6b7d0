/*
 * Check-in by QR code on the events' staff screen (templates/events/admin/checkin.html).
 * After a tap on 「カメラで読み取る」 (never before: the browser asks for the camera then), the
 * camera's picture is searched for a QR code with the browser's BarcodeDetector or, where it
 * has none, the vendored jsQR (static/js/vendor/jsQR-1.4.0.js, loaded only then). The code
 * found (the personal page's URL) fills the code form, which is sent: the server checks the
 * person in. Without JavaScript or a camera, staff type the code or search by name.
 * Texts come translated from the template's data-msg-* attributes.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-event-checkin-scanner]");
  var form = document.querySelector("[data-scanner-form]");
  if (!root || !form) {
    return;
  }
  var video = root.querySelector("[data-scanner-video]");
  var startButton = root.querySelector("[data-scanner-start]");
  var stopButton = root.querySelector("[data-scanner-stop]");
  var statusLine = root.querySelector("[data-scanner-status]");
  var stream = null;
  var scanning = false;
  var SCAN_INTERVAL_MS = 200;

  function say(name) {
    statusLine.textContent = root.dataset["msg" + name] || "";
  }

  function handleScan(text) {
    // The code found: send it as if typed into the code form.
    stop();
    say("Found");
    form.querySelector("[name=token]").value = text;
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function nativeDetector() {
    if (!("BarcodeDetector" in window)) {
      return Promise.resolve(null);
    }
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") === -1) {
        return null;
      }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return function () {
        return detector.detect(video).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        });
      };
    });
  }

  function jsQRDetector() {
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    return loadScript(root.dataset.decoderSrc).then(function () {
      return function () {
        var width = video.videoWidth;
        var height = video.videoHeight;
        if (!width || !height) {
          return Promise.resolve(null);
        }
        canvas.width = width;
        canvas.height = height;
        context.drawImage(video, 0, 0, width, height);
        var image = context.getImageData(0, 0, width, height);
        var code = window.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" });
        return Promise.resolve(code ? code.data : null);
      };
    });
  }

  function scanWith(detect) {
    if (!scanning) {
      return;
    }
    detect()
      .then(function (text) {
        if (text) {
          handleScan(text);
        } else {
          window.setTimeout(scanWith, SCAN_INTERVAL_MS, detect);
        }
      })
      .catch(function () {
        window.setTimeout(scanWith, SCAN_INTERVAL_MS, detect);
      });
  }

  function start() {
    say("Starting");
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (mediaStream) {
        stream = mediaStream;
        video.srcObject = stream;
        video.hidden = false;
        startButton.hidden = true;
        stopButton.hidden = false;
        scanning = true;
        return video.play();
      })
      .then(function () {
        say("Looking");
        return nativeDetector().then(function (detect) {
          return detect || jsQRDetector();
        });
      })
      .then(scanWith)
      .catch(function () {
        stop();
        say("NoCamera");
      });
  }

  function stop() {
    scanning = false;
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
      stream = null;
    }
    video.hidden = true;
    startButton.hidden = false;
    stopButton.hidden = true;
  }

  window.eventCheckin = { handleScan: handleScan };
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    root.hidden = false;
    startButton.addEventListener("click", start);
    stopButton.addEventListener("click", stop);
  }
})();
