// The timetable's print button (no inline handlers: the Content-Security-Policy allows scripts from 'self' only).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("timeline-print");
  if (button) button.addEventListener("click", () => window.print());
});
