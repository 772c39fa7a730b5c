// Submits the answer a link pre-selected, after a short visible countdown. Runs only when the
// page is shown, and stops as soon as the person starts a comment or picks another score, so they
// can add to it. Without this script the page works with one button press.
(function () {
  "use strict";
  var form = document.getElementById("answer");
  if (!form || form.getAttribute("data-autosubmit") !== "true") return;
  var note = document.getElementById("autosubmit-note");
  var comment = document.getElementById("comment");
  var left = 3, timer = null, stopped = false;
  function say(text) { if (note) note.textContent = text; }
  function stop() {
    if (stopped) return;
    stopped = true;
    if (timer) clearInterval(timer);
    say("Press \u201cSend my answer\u201d when you are ready.");
  }
  function begin() {
    if (stopped || timer) return;
    say("Sending your answer in " + left + "\u2026");
    timer = setInterval(function () {
      if (stopped) return;
      left -= 1;
      if (left <= 0) { clearInterval(timer); stopped = true; say("Sending\u2026"); form.submit(); return; }
      say("Sending your answer in " + left + "\u2026");
    }, 1000);
  }
  if (comment) { comment.addEventListener("focus", stop); comment.addEventListener("input", stop); }
  form.addEventListener("change", function (e) { if (e.target && e.target.name === "score") stop(); });
  form.addEventListener("submit", function () { stopped = true; if (timer) clearInterval(timer); });
  if (document.visibilityState === "visible") begin();
  else document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") begin();
  });
})();
