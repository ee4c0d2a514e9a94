/* Revcycle web forms: <script src=".../snippet.js" async></script>, then mark forms with
   data-revcycle-form="name" (optional: data-success-url, data-thank-you). No dependencies. */
(function () {
  "use strict";
  var endpoint = "__ENDPOINT__";
  var honeypot = "__HONEYPOT__";
  var UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "x" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  function kept(key, make) {
    try {
      var value = localStorage.getItem(key);
      if (!value && (value = make())) localStorage.setItem(key, value);
      return value;
    } catch (e) { return make(); } // storage blocked: this page only
  }
  var anonymousId = kept("revcycle_aid", uuid);
  var firstTouch = JSON.parse(kept("revcycle_utm", function () {
    var params = new URLSearchParams(location.search), utm = {}, found = false;
    UTM.forEach(function (name) { if (params.get(name)) { utm[name] = params.get(name); found = true; } });
    return found ? JSON.stringify(utm) : null;
  }) || "{}");

  function say(form, text, isError) {
    var note = form.querySelector("[data-revcycle-note]") || document.createElement("p");
    note.setAttribute("data-revcycle-note", "");
    note.setAttribute("role", isError ? "alert" : "status");
    note.textContent = text;
    form.appendChild(note);
  }

  function submit(event) {
    var form = event.target;
    event.preventDefault();
    var data = new URLSearchParams(new FormData(form));
    data.set("form", form.getAttribute("data-revcycle-form") || "default");
    UTM.forEach(function (name) { if (!data.get(name) && firstTouch[name]) data.set(name, firstTouch[name]); });
    data.set("_aid", anonymousId);
    form.revcycleSid = form.revcycleSid || uuid(); // kept until success: a double submit is stored once
    data.set("_sid", form.revcycleSid);
    data.set("_page", location.href);
    var button = form.querySelector("[type=submit]");
    if (button) button.disabled = true;
    fetch(endpoint, { method: "POST", body: data, headers: { "Accept": "application/json" }, credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        form.revcycleSid = null;
        var next = form.getAttribute("data-success-url");
        if (next) { location.href = next; return; }
        form.reset();
        say(form, form.getAttribute("data-thank-you") || "Thank you! Your form was sent.", false);
      })
      .catch(function () { say(form, "Sorry, your form could not be sent. Please try again.", true); })
      .then(function () { if (button) button.disabled = false; });
  }

  function attach() {
    document.querySelectorAll("form[data-revcycle-form]").forEach(function (form) {
      if (form.revcycleAttached) return;
      form.revcycleAttached = true;
      if (!form.querySelector("[name='" + honeypot + "']")) {
        var trap = document.createElement("input");
        trap.type = "text"; trap.name = honeypot; trap.tabIndex = -1; trap.autocomplete = "off";
        trap.setAttribute("aria-hidden", "true");
        trap.style.cssText = "position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden";
        form.appendChild(trap);
      }
      form.addEventListener("submit", submit);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
  else attach();
})();
