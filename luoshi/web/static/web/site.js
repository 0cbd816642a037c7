// Page behaviour declared with data attributes, so no template needs an inline script or handler
// (the Content-Security-Policy allows scripts from our static files only).
//   data-autosubmit              a select or input that submits its form when changed
//   data-confirm="question"      a form that asks before it is submitted
//   data-select-all="selector"   a checkbox that checks or clears every box matching the selector
//   data-scroll-to="element-id"  a link that scrolls that element to the middle of the screen
//   data-once                    a form whose submit buttons are disabled once it is submitted
//   data-scroll-into-view        an element scrolled to the middle of the screen on load (and a
//                                task's highlighted source passage, #source-highlight)
document.addEventListener("change", (e) => {
  const target = e.target;
  if (target.matches("[data-autosubmit]") && target.form) target.form.submit();
  if (target.matches("[data-select-all]")) {
    document.querySelectorAll(target.dataset.selectAll).forEach((c) => { c.checked = target.checked; });
  }
});
document.addEventListener("submit", (e) => {
  const form = e.target;
  if (form.matches("[data-confirm]") && !window.confirm(form.dataset.confirm)) { e.preventDefault(); return; }
  if (form.matches("[data-once]")) {
    setTimeout(() => form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; }), 0);
  }
});
document.addEventListener("click", (e) => {
  const link = e.target.closest("[data-scroll-to]");
  if (!link) return;
  const element = document.getElementById(link.dataset.scrollTo);
  if (element) { e.preventDefault(); element.scrollIntoView({block: "center"}); }
});
document.addEventListener("DOMContentLoaded", () => {
  const element = document.querySelector("[data-scroll-into-view], #source-highlight");
  if (element) element.scrollIntoView({block: "center"});
});
