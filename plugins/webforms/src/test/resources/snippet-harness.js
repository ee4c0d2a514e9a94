// Runs the served snippet in Node with a minimal page: one form marked data-revcycle-form,
// localStorage, location and fetch stubs. Submits the form twice at once (a double click)
// and prints what the snippet sent, as JSON.
const fs = require("fs");
const script = fs.readFileSync(process.argv[2], "utf8");

const storage = {};
globalThis.window = globalThis;
globalThis.localStorage = {
  getItem: (k) => (k in storage ? storage[k] : null),
  setItem: (k, v) => { storage[k] = String(v); },
};
globalThis.location = {
  search: "?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
  href: "https://www.acme.com/demo?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
};

let submitHandler = null;
const form = {
  attrs: { "data-revcycle-form": "demo-request" },
  children: [],
  fields: [["email", "ann@acme.com"], ["first_name", "Ann"], ["company", "Acme GmbH"]],
  getAttribute(name) { return name in this.attrs ? this.attrs[name] : null; },
  querySelector() { return null; },
  appendChild(child) { this.children.push(child); },
  addEventListener(type, handler) { if (type === "submit") submitHandler = handler; },
  reset() {},
};
globalThis.FormData = function (f) {
  return f.fields.concat(f.children.filter((c) => c.name).map((c) => [c.name, c.value || ""]));
};
globalThis.document = {
  readyState: "complete",
  querySelectorAll: () => [form],
  createElement: (tag) => ({ tag, style: {}, setAttribute() {} }),
};
const calls = [];
globalThis.fetch = (url, options) => {
  calls.push({ url, method: options.method, headers: options.headers, credentials: options.credentials,
    body: options.body.toString(), bodyType: Object.prototype.toString.call(options.body) });
  return Promise.resolve({ ok: true, status: 200 });
};

eval(script);
const event = { target: form, preventDefault() {} };
submitHandler(event);
submitHandler(event);
setTimeout(() => {
  const trap = form.children.find((c) => c.name);
  console.log(JSON.stringify({ calls, storage, honeypot: trap ? trap.name : null }));
}, 10);
