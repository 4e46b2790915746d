"""Stateful emulator of Jet's merchant API, served over HTTP like the real one."""
