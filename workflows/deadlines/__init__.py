"""Time: the working-day calendar, due dates of steps, notifications, mail, and the worker that
fires timers."""
