// The console's small script: htmx settings, live SLA countdowns, copy buttons and charts.
(function () {
  "use strict";

  function csrf() {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    return token && header ? { header: header.content, token: token.content } : null;
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var c = csrf();
    if (c) {
      event.detail.headers[c.header] = c.token;
    }
  });

  if (window.htmx) {
    // refusals (4xx) carry a friendly notice that the server retargets; show it
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "[4]..", swap: true, error: false },
      { code: "[5]..", swap: false, error: true }
    ];
  }

  // SLA countdowns: <span class="countdown" data-due="ISO instant">; amber under an hour, red when breached
  function format(ms) {
    var negative = ms < 0;
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var text = d > 0 ? d + "d " + h + "h" : h > 0 ? h + "h " + (m < 10 ? "0" : "") + m + "m" : m + "m " + (sec < 10 ? "0" : "") + sec + "s";
    return negative ? "overdue " + text : text + " left";
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-due]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) {
        return;
      }
      var left = due - now;
      el.textContent = format(left);
      el.classList.toggle("red", left < 0);
      el.classList.toggle("amber", left >= 0 && left < 3600 * 1000);
      el.classList.toggle("green", left >= 3600 * 1000);
    });
  }

  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", function () { tick(); charts(); });

  // copy buttons: <button data-copy="#id">
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    var source = document.querySelector(button.getAttribute("data-copy"));
    var text = source.value || source.textContent;
    if (navigator.clipboard) {
      navigator.clipboard.writeText(text.trim());
    }
    else if (source.select) {
      source.select();
      document.execCommand("copy");
    }
    button.textContent = "Copied";
  });

  // instants in the reader's time zone: <time data-local datetime="ISO instant">
  function localTimes() {
    document.querySelectorAll("time[data-local]:not([data-done])").forEach(function (el) {
      var at = Date.parse(el.getAttribute("datetime"));
      if (isNaN(at)) {
        return;
      }
      el.setAttribute("data-done", "true");
      el.title = el.getAttribute("datetime");
      el.textContent = new Date(at).toLocaleString(undefined,
        { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    });
  }
  document.addEventListener("DOMContentLoaded", localTimes);
  document.addEventListener("htmx:afterSettle", localTimes);

  // a form that asks before it is sent: <form data-confirm="Delete this?">
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // a file input with a size limit: <input type="file" data-max-bytes="..."> says at once when a file is too large,
  // and the form is not sent (the gateway would refuse it)
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) {
      return;
    }
    var max = Number(input.getAttribute("data-max-bytes"));
    var file = input.files && input.files[0];
    var notice = document.getElementById("file-too-large");
    var message = "";
    if (file && file.size > max) {
      message = "\u201c" + file.name + "\u201d has " + (file.size / 1048576).toFixed(1) + " MB; files of up to 5 MB are " +
        "taken. Split it into several files of fewer rows and import each.";
    }
    input.setCustomValidity(message);
    if (notice) {
      notice.textContent = message;
      notice.hidden = message === "";
    }
  });

  // a select that submits its form when changed: <select data-autosubmit>
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]")) {
      event.target.form.submit();
    }
  });

  // bar charts: <canvas class="chart" data-labels='[..]' data-values='[..]' data-label=".." data-color="#..">
  function charts() {
    if (!window.Chart) {
      return;
    }
    document.querySelectorAll("canvas.chart:not([data-drawn])").forEach(function (canvas) {
      canvas.setAttribute("data-drawn", "true");
      new Chart(canvas, {
        type: canvas.getAttribute("data-type") || "bar",
        data: {
          labels: JSON.parse(canvas.getAttribute("data-labels")),
          datasets: [{
            label: canvas.getAttribute("data-label"),
            data: JSON.parse(canvas.getAttribute("data-values")),
            backgroundColor: JSON.parse(canvas.getAttribute("data-colors") || '["#ff7a59"]'),
            borderRadius: 4,
            maxBarThickness: 48
          }]
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false }, title: { display: true, text: canvas.getAttribute("data-label"), align: "start", color: "#33475b", font: { size: 14, weight: "600" } } },
          scales: { y: { beginAtZero: true, grid: { color: "#eaf0f6" } }, x: { grid: { display: false } } }
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", charts);
})();
