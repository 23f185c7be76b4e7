"""Emulation registration (đăng ký thi đua): the registration case, suggestions from history."""
