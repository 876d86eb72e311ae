// nmosd-flow serve: an enhancement only. The page works the same without JavaScript: every
// answer is a form submission that the server evaluates. This script sends it in the
// background and swaps in the page the server returns, keeping the scroll position, and saves
// a choice from a list as soon as it is made. No flow logic lives here.
(function () {
  "use strict";
  var busy = false, native = false;

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector("main");
    if (!fresh) { return false; }
    document.querySelector("main").replaceWith(fresh);
    var header = doc.querySelector(".site-header");
    if (header) { document.querySelector(".site-header").replaceWith(header); }
    document.title = doc.title;
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target, submitter = event.submitter;
    if (form.id !== "check" || native) { return; }
    if (busy) { event.preventDefault(); return; }
    if (submitter && submitter.hasAttribute("formaction") &&
        submitter.getAttribute("formaction") !== form.getAttribute("action")) { return; }
    event.preventDefault();
    busy = true;
    var y = window.scrollY;
    var body = new URLSearchParams(new FormData(form, submitter));
    fetch(form.action, {method: "POST", body: body, credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (!swap(html)) { throw new Error("no page"); }
        window.scrollTo(0, y);
        busy = false;
      })
      .catch(function () {  // let the browser submit it as it would without this script
        busy = false;
        native = true;
        form.requestSubmit(submitter || undefined);
      });
  });

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.tagName === "SELECT" && field.name.indexOf("set:") === 0 && field.value) {
      var save = field.parentNode.querySelector("button[name='save']");
      if (field.form && save) { field.form.requestSubmit(save); }
    }
  });
})();
